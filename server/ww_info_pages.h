/* ww_info_pages.h -- the pages about the site itself: /privacy (what Wegwijzer keeps and does
 * not keep) and /toegankelijkheid (the toegankelijkheidsverklaring). Their text is in their
 * templates; the gemeente's name and contacts come from the site's configuration (ww_site.h). */
#ifndef WW_INFO_PAGES_H
#define WW_INFO_PAGES_H

#include "ww_routes.h"

ww_handler ww_page_privacy;       /* GET /privacy */
ww_handler ww_page_accessibility; /* GET /toegankelijkheid */

#endif
