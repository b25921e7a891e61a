/* ww_routes.h -- the route table: which handler answers which method and path. A known path
 * with another method is 405 (with Allow), an unknown path 404. */
#ifndef WW_ROUTES_H
#define WW_ROUTES_H

#include "ww_http.h"

#include <stdbool.h>

/* The website's pages and assets are served only when its templates were loaded. */
void ww_routes_enable_pages(bool enabled);

/* Answers `req` into `res` and returns the route's name for metrics and the access log. */
const char *ww_dispatch(const ww_request *req, ww_response *res);

#endif
