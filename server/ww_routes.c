/* ww_routes.c -- the route table and dispatch. */
#include "ww_routes.h"

#include "ww_api.h"
#include "ww_pages.h"
#include "ww_partner.h"
#include "ww_static.h"
#include "ww_write.h"

#include <string.h>

typedef void (*handler_fn)(const ww_request *, ww_response *);

typedef struct {
    const char *method;
    const char *path;
    bool prefix; /* path is a prefix: /api/v1/entries/<id> */
    const char *name;
    handler_fn handler;
} route;

static const route ROUTES[] = {
    {"GET", "/api/v1/search", false, "search", ww_api_search},
    {"GET", "/api/v1/entries/", true, "entry", ww_api_entry},
    {"PUT", "/api/v1/entries/", true, "write", ww_api_put_entry},
    {"DELETE", "/api/v1/entries/", true, "write", ww_api_delete_entry},
    {"GET", "/api/v1/ambities", false, "ambities", ww_api_ambities},
    {"GET", "/healthz", false, "healthz", ww_api_healthz},
    {"GET", "/metrics", false, "metrics", ww_api_metrics},
    {"GET", "/", false, "page", ww_page_home},
    {"GET", "/zoeken", false, "page", ww_page_search},
    {"GET", "/aanbod/", true, "page", ww_page_entry},
    {"GET", "/ambitie/", true, "page", ww_page_ambition},
    {"GET", "/lijst", false, "page", ww_page_list},
    {"GET", "/static/", true, "asset", ww_static_serve},
    {"GET", "/partner", false, "partner", ww_partner_home},
    {"POST", "/partner/inloggen", false, "partner", ww_partner_sign_in},
    {"POST", "/partner/uitloggen", false, "partner", ww_partner_sign_out},
    {"GET", "/partner/nieuw", false, "partner", ww_partner_new},
    {"POST", "/partner/nieuw", false, "partner", ww_partner_create},
    {"GET", "/partner/aanbod/", true, "partner", ww_partner_edit},
    {"POST", "/partner/aanbod/", true, "partner", ww_partner_save},
};

static bool pages_enabled;

void ww_routes_enable_pages(bool enabled)
{
    pages_enabled = enabled;
}

static bool path_matches(const route *r, const char *path)
{
    return r->prefix ? strncmp(path, r->path, strlen(r->path)) == 0 && path[strlen(r->path)]
                     : strcmp(path, r->path) == 0;
}

const char *ww_dispatch(const ww_request *req, ww_response *res)
{
    char allow[64] = "";
    const char *name = "other";
    for (size_t i = 0; i < sizeof ROUTES / sizeof *ROUTES; i++) {
        const route *r = &ROUTES[i];
        if (!path_matches(r, req->path) ||
            (!pages_enabled && (!strcmp(r->name, "page") || !strcmp(r->name, "asset") ||
                                !strcmp(r->name, "partner"))))
            continue;
        /* HEAD is answered as GET; libmicrohttpd leaves the body out. */
        if (strcmp(r->method, req->method) == 0 ||
            (strcmp(r->method, "GET") == 0 && strcmp(req->method, "HEAD") == 0)) {
            r->handler(req, res);
            return r->name;
        }
        name = r->name;
        if (!strstr(allow, r->method)) {
            if (allow[0])
                strcat(allow, ", ");
            strcat(allow, r->method);
        }
    }
    if (allow[0]) {
        if (strstr(allow, "GET"))
            strcat(allow, ", HEAD");
        ww_reply_error(res, 405, "method_not_allowed", "methode %s is hier niet toegestaan",
                       req->method);
        ww_reply_header(res, "Allow", allow);
        return name;
    }
    /* A person who mistypes an address gets a page that helps on; a program gets JSON. */
    if (strncmp(req->path, "/api/", 5) != 0 && pages_enabled &&
        (!strcmp(req->method, "GET") || !strcmp(req->method, "HEAD"))) {
        ww_page_not_found(req, res);
        return "page";
    }
    ww_reply_error(res, 404, "not_found", "deze pagina bestaat niet");
    return name;
}
