/* ww_routes.h -- the route table: which handler answers which method and path, and under which
 * name a request is counted. A known path with another method is 405 (with Allow), an unknown
 * path 404. */
#ifndef WW_ROUTES_H
#define WW_ROUTES_H

#include "ww_http.h"

typedef struct ww_server ww_server;

/* What /metrics and the access log count requests by. */
typedef enum {
    WW_ROUTE_SEARCH,
    WW_ROUTE_ENTRY,
    WW_ROUTE_WRITE,
    WW_ROUTE_AMBITIES,
    WW_ROUTE_HEALTHZ,
    WW_ROUTE_METRICS,
    WW_ROUTE_PAGE,
    WW_ROUTE_ASSET,
    WW_ROUTE_PARTNER,
    WW_ROUTE_OTHER,
    WW_ROUTE_COUNT
} ww_route;

/* "search", "entry", ...: the label of a route in /metrics; static. */
const char *ww_route_name(ww_route route);

/* A handler fills `res` for `req`; it never touches a socket, so it can be called in a test. */
typedef void ww_handler(ww_server *srv, const ww_request *req, ww_response *res);

/* Answers `req` into `res` and returns the route that answered (WW_ROUTE_OTHER for 404s and
 * 405s of unknown paths). The website's routes answer only when the server has a website. */
ww_route ww_dispatch(ww_server *srv, const ww_request *req, ww_response *res);

#endif
