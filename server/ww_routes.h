/* ww_routes.h -- the route table: which handler answers which method and path, and under which
 * name a request is counted. A known path with another method is 405 (with Allow), an unknown
 * path 404. */
#ifndef WW_ROUTES_H
#define WW_ROUTES_H

#include "ww_http.h"

#include <stdbool.h>

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
    WW_ROUTE_INSIGHT,
    WW_ROUTE_HSDS,    /* /api/hsds/ and the open-data downloads */
    WW_ROUTE_OPENAPI, /* the API's description */
    WW_ROUTE_OTHER,
    WW_ROUTE_COUNT
} ww_route;

/* "search", "entry", ...: the label of a route in /metrics; static. */
const char *ww_route_name(ww_route route);

/* A handler fills `res` for `req`; it never touches a socket, so it can be called in a test. */
typedef void ww_handler(ww_server *srv, const ww_request *req, ww_response *res);

/* What a route may check as soon as the request head is in, before the body is read (the
 * request has no body or form yet): false after replying, and the body is never read. */
typedef bool ww_head_check(ww_server *srv, const ww_request *req, ww_response *res);

/* Answers `req` into `res` and returns the route that answered (WW_ROUTE_OTHER for 404s and
 * 405s of unknown paths). The website's routes answer only when the server has a website. */
ww_route ww_dispatch(ww_server *srv, const ww_request *req, ww_response *res);

/* The head check of the route `req` goes to, if it has one: true when the request may go on
 * (its body is then read and ww_dispatch called), false after replying. *route is the route. */
bool ww_dispatch_head(ww_server *srv, const ww_request *req, ww_response *res, ww_route *route);

#endif
