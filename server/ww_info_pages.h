/* ww_info_pages.h -- the pages about the site itself: /privacy (what Wegwijzer keeps and does
 * not keep) and /toegankelijkheid (the toegankelijkheidsverklaring). Their text is in their
 * templates; the gemeente's name and contacts come from the site's configuration (ww_site.h). */
#ifndef WW_INFO_PAGES_H
#define WW_INFO_PAGES_H

#include "ww_routes.h"

ww_handler ww_page_privacy;       /* GET /privacy */
ww_handler ww_page_accessibility; /* GET /toegankelijkheid */

/* The context of an information page titled `title` (new, the caller's): the shortlist
 * (lijst=...) that a visitor brings along goes on in the header's and footer's links
 * (`meenemen`), so reading such a page does not empty it; other parameters are ignored, as a
 * static page has no use for them. */
json_t *ww_info_page_context(const ww_request *req, const char *title);

#endif
