/* ww_pages.h -- the HTML pages of the website (paths in shared/spec/interfaces.md), rendered
 * on the server from web/templates. Each handler fills a ww_response; none touches a socket. */
#ifndef WW_PAGES_H
#define WW_PAGES_H

#include "ww_routes.h"

/* The most entries a shortlist (lijst) holds: it travels in every link of the site. */
enum { WW_LIST_MAX = 50 };

ww_handler ww_page_home;      /* GET / */
ww_handler ww_page_search;    /* GET /zoeken */
ww_handler ww_page_entry;     /* GET /aanbod/<id> */
ww_handler ww_page_ambition;  /* GET /ambitie/<id> */
ww_handler ww_page_list;      /* GET /lijst?id=...&id=... */
ww_handler ww_page_not_found; /* any unknown page: 404 */

#endif
