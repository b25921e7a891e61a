/* ww_routes.c -- the route table and dispatch. */
#include "ww_routes.h"

#include "ww_api.h"
#include "ww_pages.h"
#include "ww_partner_pages.h"
#include "ww_server.h"
#include "ww_static.h"
#include "ww_write.h"

#include <string.h>

enum {
    PREFIX = 1,  /* path is a prefix: /api/v1/entries/<id> */
    WEBSITE = 2, /* only on a server with a website (templates) */
};

typedef struct {
    const char *method;
    const char *path;
    unsigned flags;
    ww_route route;
    ww_handler *handler;
} route_entry;

static const route_entry ROUTES[] = {
    {"GET", "/api/v1/search", 0, WW_ROUTE_SEARCH, ww_api_search},
    {"GET", "/api/v1/entries/", PREFIX, WW_ROUTE_ENTRY, ww_api_entry},
    {"PUT", "/api/v1/entries/", PREFIX, WW_ROUTE_WRITE, ww_api_put_entry},
    {"DELETE", "/api/v1/entries/", PREFIX, WW_ROUTE_WRITE, ww_api_delete_entry},
    {"GET", "/api/v1/ambities", 0, WW_ROUTE_AMBITIES, ww_api_ambities},
    {"GET", "/healthz", 0, WW_ROUTE_HEALTHZ, ww_api_healthz},
    {"GET", "/metrics", 0, WW_ROUTE_METRICS, ww_api_metrics},
    {"GET", "/", WEBSITE, WW_ROUTE_PAGE, ww_page_home},
    {"GET", "/zoeken", WEBSITE, WW_ROUTE_PAGE, ww_page_search},
    {"GET", "/aanbod/", PREFIX | WEBSITE, WW_ROUTE_PAGE, ww_page_entry},
    {"GET", "/ambitie/", PREFIX | WEBSITE, WW_ROUTE_PAGE, ww_page_ambition},
    {"GET", "/lijst", WEBSITE, WW_ROUTE_PAGE, ww_page_list},
    {"GET", "/static/", PREFIX | WEBSITE, WW_ROUTE_ASSET, ww_static_serve},
    {"GET", "/partner", WEBSITE, WW_ROUTE_PARTNER, ww_partner_home},
    {"POST", "/partner/inloggen", WEBSITE, WW_ROUTE_PARTNER, ww_partner_sign_in},
    {"POST", "/partner/uitloggen", WEBSITE, WW_ROUTE_PARTNER, ww_partner_sign_out},
    {"GET", "/partner/nieuw", WEBSITE, WW_ROUTE_PARTNER, ww_partner_new},
    {"POST", "/partner/nieuw", WEBSITE, WW_ROUTE_PARTNER, ww_partner_create},
    {"GET", "/partner/aanbod/", PREFIX | WEBSITE, WW_ROUTE_PARTNER, ww_partner_edit},
    {"POST", "/partner/aanbod/", PREFIX | WEBSITE, WW_ROUTE_PARTNER, ww_partner_save},
};

static const char *const NAMES[WW_ROUTE_COUNT] = {
    [WW_ROUTE_SEARCH] = "search",   [WW_ROUTE_ENTRY] = "entry",
    [WW_ROUTE_WRITE] = "write",     [WW_ROUTE_AMBITIES] = "ambities",
    [WW_ROUTE_HEALTHZ] = "healthz", [WW_ROUTE_METRICS] = "metrics",
    [WW_ROUTE_PAGE] = "page",       [WW_ROUTE_ASSET] = "asset",
    [WW_ROUTE_PARTNER] = "partner", [WW_ROUTE_OTHER] = "other",
};

const char *ww_route_name(ww_route route)
{
    return route < WW_ROUTE_COUNT ? NAMES[route] : NAMES[WW_ROUTE_OTHER];
}

static bool path_matches(const route_entry *r, const char *path)
{
    size_t n = strlen(r->path);
    return r->flags & PREFIX ? strncmp(path, r->path, n) == 0 && path[n]
                             : strcmp(path, r->path) == 0;
}

/* HEAD is answered as GET; libmicrohttpd leaves the body out. */
static bool method_matches(const route_entry *r, const char *method)
{
    return strcmp(r->method, method) == 0 ||
           (strcmp(r->method, "GET") == 0 && strcmp(method, "HEAD") == 0);
}

/* 405 with the methods the path does take. */
static void not_allowed(const ww_request *req, ww_response *res, const char *allow)
{
    ww_reply_error(res, 405, "method_not_allowed", "methode %s is hier niet toegestaan",
                   req->method);
    ww_reply_header(res, "Allow", allow);
}

ww_route ww_dispatch(ww_server *srv, const ww_request *req, ww_response *res)
{
    bool website = srv->templates != NULL;
    char allow[64] = "";
    ww_route known = WW_ROUTE_OTHER;
    for (size_t i = 0; i < sizeof ROUTES / sizeof *ROUTES; i++) {
        const route_entry *r = &ROUTES[i];
        if (!path_matches(r, req->path) || ((r->flags & WEBSITE) && !website))
            continue;
        if (method_matches(r, req->method)) {
            r->handler(srv, req, res);
            return r->route;
        }
        known = r->route;
        if (!strstr(allow, r->method))
            snprintf(allow + strlen(allow), sizeof allow - strlen(allow), "%s%s",
                     allow[0] ? ", " : "", r->method);
    }
    if (allow[0]) {
        if (strstr(allow, "GET"))
            strcat(allow, ", HEAD");
        not_allowed(req, res, allow);
        return known;
    }
    /* A person who mistypes an address gets a page that helps on; a program gets JSON. */
    if (strncmp(req->path, "/api/", 5) != 0 && website &&
        (!strcmp(req->method, "GET") || !strcmp(req->method, "HEAD"))) {
        ww_page_not_found(srv, req, res);
        return WW_ROUTE_PAGE;
    }
    ww_reply_error(res, 404, "not_found", "deze pagina bestaat niet");
    return WW_ROUTE_OTHER;
}
