/* ww_routes.c -- the route table and dispatch. */
#include "ww_routes.h"

#include "ww_api.h"
#include "ww_hsds_api.h"
#include "ww_info_pages.h"
#include "ww_insight_pages.h"
#include "ww_pages.h"
#include "ww_partner_pages.h"
#include "ww_server.h"
#include "ww_static.h"
#include "ww_write.h"

#include <string.h>

enum {
    PREFIX = 1,   /* path is a prefix: /api/v1/entries/<id> */
    WEBSITE = 2,  /* only on a server with a website (templates) */
    GEMEENTE = 4, /* a gemeente's own figures or open data: not on a region's server, where its
                     shards could not run the insight's spies, and ids of two gemeenten could
                     be one HSDS id; each gemeente's server has them */
};

typedef struct {
    const char *method;
    const char *path;
    unsigned flags;
    ww_route route;
    ww_handler *handler;
    ww_head_check *head; /* NULL: none */
} route_entry;

static const route_entry ROUTES[] = {
    /* method, path, flags, route, handler, check before the body is read */
    {"GET", "/api/v1/search", 0, WW_ROUTE_SEARCH, ww_api_search, NULL},
    {"GET", "/api/v1/entries/", PREFIX, WW_ROUTE_ENTRY, ww_api_entry, NULL},
    {"PUT", "/api/v1/entries/", PREFIX, WW_ROUTE_WRITE, ww_api_put_entry, ww_api_write_head},
    {"DELETE", "/api/v1/entries/", PREFIX, WW_ROUTE_WRITE, ww_api_delete_entry, ww_api_write_head},
    {"GET", "/api/v1/ambities", 0, WW_ROUTE_AMBITIES, ww_api_ambities, NULL},
    {"GET", "/api/v1/openapi.json", 0, WW_ROUTE_OPENAPI, ww_api_openapi, NULL},
    {"GET", "/api/v1/inzicht/dekking", GEMEENTE, WW_ROUTE_INSIGHT, ww_api_insight_coverage, NULL},
    {"GET", "/api/v1/inzicht/ambities", GEMEENTE, WW_ROUTE_INSIGHT, ww_api_insight_ambitions, NULL},
    {"GET", "/api/v1/inzicht/beschermd-thuis", GEMEENTE, WW_ROUTE_INSIGHT, ww_api_insight_housing,
     NULL},
    {"GET", "/api/v1/inzicht/actualiteit", GEMEENTE, WW_ROUTE_INSIGHT, ww_api_insight_currency,
     NULL},
    {"GET", "/api/v1/inzicht/overlap", GEMEENTE, WW_ROUTE_INSIGHT, ww_api_insight_overlap, NULL},
    {"GET", "/api/v1/inzicht/vragen", GEMEENTE, WW_ROUTE_INSIGHT, ww_api_insight_questions, NULL},
    {"GET", "/api/hsds", GEMEENTE, WW_ROUTE_HSDS, ww_api_hsds, NULL},
    {"GET", "/api/hsds/", GEMEENTE, WW_ROUTE_HSDS, ww_api_hsds, NULL},
    {"GET", "/api/hsds/", PREFIX | GEMEENTE, WW_ROUTE_HSDS, ww_api_hsds, NULL},
    {"GET", "/open-data/", PREFIX | GEMEENTE, WW_ROUTE_HSDS, ww_open_data_download, NULL},
    {"GET", "/healthz", 0, WW_ROUTE_HEALTHZ, ww_api_healthz, NULL},
    {"GET", "/metrics", 0, WW_ROUTE_METRICS, ww_api_metrics, NULL},
    {"GET", "/", WEBSITE, WW_ROUTE_PAGE, ww_page_home, NULL},
    {"GET", "/zoeken", WEBSITE, WW_ROUTE_PAGE, ww_page_search, NULL},
    {"GET", "/aanbod/", PREFIX | WEBSITE, WW_ROUTE_PAGE, ww_page_entry, NULL},
    {"GET", "/ambitie/", PREFIX | WEBSITE, WW_ROUTE_PAGE, ww_page_ambition, NULL},
    {"GET", "/lijst", WEBSITE, WW_ROUTE_PAGE, ww_page_list, NULL},
    {"GET", "/privacy", WEBSITE, WW_ROUTE_PAGE, ww_page_privacy, NULL},
    {"GET", "/open-data", WEBSITE | GEMEENTE, WW_ROUTE_PAGE, ww_page_open_data, NULL},
    {"GET", "/toegankelijkheid", WEBSITE, WW_ROUTE_PAGE, ww_page_accessibility, NULL},
    {"GET", "/inzicht", WEBSITE | GEMEENTE, WW_ROUTE_INSIGHT, ww_page_insight, NULL},
    {"GET", "/inzicht/dekking", WEBSITE | GEMEENTE, WW_ROUTE_INSIGHT, ww_page_insight_coverage,
     NULL},
    {"GET", "/inzicht/ambities", WEBSITE | GEMEENTE, WW_ROUTE_INSIGHT, ww_page_insight_ambitions,
     NULL},
    {"GET", "/inzicht/beschermd-thuis", WEBSITE | GEMEENTE, WW_ROUTE_INSIGHT,
     ww_page_insight_housing, NULL},
    {"GET", "/inzicht/actualiteit", WEBSITE | GEMEENTE, WW_ROUTE_INSIGHT,
     ww_page_insight_currency_link, NULL},
    {"GET", "/partner/actualiteit", WEBSITE | GEMEENTE, WW_ROUTE_INSIGHT, ww_page_insight_currency,
     NULL},
    {"GET", "/inzicht/overlap", WEBSITE | GEMEENTE, WW_ROUTE_INSIGHT, ww_page_insight_overlap_link,
     NULL},
    {"GET", "/partner/overlap", WEBSITE | GEMEENTE, WW_ROUTE_INSIGHT, ww_page_insight_overlap,
     NULL},
    {"GET", "/inzicht/vragen", WEBSITE | GEMEENTE, WW_ROUTE_INSIGHT, ww_page_insight_questions_link,
     NULL},
    {"GET", "/partner/vragen", WEBSITE | GEMEENTE, WW_ROUTE_INSIGHT, ww_page_insight_questions,
     NULL},
    {"POST", "/partner/vragen", WEBSITE, WW_ROUTE_PARTNER, ww_partner_synonym_proposal,
     ww_partner_post_head},
    {"POST", "/partner/overlap", WEBSITE, WW_ROUTE_PARTNER, ww_partner_overlap_verdict,
     ww_partner_post_head},
    {"GET", "/static/", PREFIX | WEBSITE, WW_ROUTE_ASSET, ww_static_serve, NULL},
    {"GET", "/partner", WEBSITE, WW_ROUTE_PARTNER, ww_partner_home, NULL},
    {"POST", "/partner/inloggen", WEBSITE, WW_ROUTE_PARTNER, ww_partner_sign_in, NULL},
    {"POST", "/partner/uitloggen", WEBSITE, WW_ROUTE_PARTNER, ww_partner_sign_out,
     ww_partner_post_head},
    {"GET", "/partner/nieuw", WEBSITE, WW_ROUTE_PARTNER, ww_partner_new, NULL},
    {"POST", "/partner/nieuw", WEBSITE, WW_ROUTE_PARTNER, ww_partner_create, ww_partner_post_head},
    {"GET", "/partner/aanbod/", PREFIX | WEBSITE, WW_ROUTE_PARTNER, ww_partner_edit, NULL},
    {"POST", "/partner/aanbod/", PREFIX | WEBSITE, WW_ROUTE_PARTNER, ww_partner_save,
     ww_partner_post_head},
};

static const char *const NAMES[WW_ROUTE_COUNT] = {
    [WW_ROUTE_SEARCH] = "search",   [WW_ROUTE_ENTRY] = "entry",
    [WW_ROUTE_WRITE] = "write",     [WW_ROUTE_AMBITIES] = "ambities",
    [WW_ROUTE_HEALTHZ] = "healthz", [WW_ROUTE_METRICS] = "metrics",
    [WW_ROUTE_PAGE] = "page",       [WW_ROUTE_ASSET] = "asset",
    [WW_ROUTE_PARTNER] = "partner", [WW_ROUTE_INSIGHT] = "insight",
    [WW_ROUTE_HSDS] = "hsds",       [WW_ROUTE_OPENAPI] = "openapi",
    [WW_ROUTE_OTHER] = "other",
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

/* The route that answers `req`: the one whose path and method match; NULL when none does, with
 * the methods the path does take in `allow` (empty when the path is unknown) and the route of
 * that path in *known. */
static const route_entry *find_route(ww_server *srv, const ww_request *req, char allow[64],
                                     ww_route *known)
{
    bool website = srv->templates != NULL;
    allow[0] = '\0';
    *known = WW_ROUTE_OTHER;
    for (size_t i = 0; i < sizeof ROUTES / sizeof *ROUTES; i++) {
        const route_entry *r = &ROUTES[i];
        if (!path_matches(r, req->path) || ((r->flags & WEBSITE) && !website))
            continue;
        if (srv->region && (r->flags & GEMEENTE))
            continue;
        if (method_matches(r, req->method))
            return r;
        *known = r->route;
        if (!strstr(allow, r->method))
            snprintf(allow + strlen(allow), 64 - strlen(allow), "%s%s", allow[0] ? ", " : "",
                     r->method);
    }
    return NULL;
}

ww_route ww_dispatch(ww_server *srv, const ww_request *req, ww_response *res)
{
    char allow[64];
    ww_route known;
    const route_entry *r = find_route(srv, req, allow, &known);
    if (r) {
        r->handler(srv, req, res);
        return r->route;
    }
    if (allow[0]) {
        if (strstr(allow, "GET"))
            strcat(allow, ", HEAD");
        not_allowed(req, res, allow);
        return known;
    }
    /* A person who mistypes an address gets a page that helps on; a program gets JSON. */
    if (strncmp(req->path, "/api/", 5) != 0 && srv->templates &&
        (!strcmp(req->method, "GET") || !strcmp(req->method, "HEAD"))) {
        ww_page_not_found(srv, req, res);
        return WW_ROUTE_PAGE;
    }
    ww_reply_error(res, 404, "not_found", "deze pagina bestaat niet");
    return WW_ROUTE_OTHER;
}

bool ww_dispatch_head(ww_server *srv, const ww_request *req, ww_response *res, ww_route *route)
{
    char allow[64];
    const route_entry *r = find_route(srv, req, allow, route);
    if (r)
        *route = r->route;
    return !r || !r->head || r->head(srv, req, res);
}
