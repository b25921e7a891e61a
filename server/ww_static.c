/* ww_static.c -- serving the website's assets. */
#include "ww_static.h"

#include "ww_fs.h"
#include "ww_server.h"
#include "ww_util.h"

#include <stdlib.h>
#include <string.h>

enum { MAX_ASSET = 4 * 1024 * 1024 };

/* Assets that live outside static/: the design system comes from its npm package. */
static const struct {
    const char *name, *path;
} MAPPED[] = {
    {"nl-design-system.css", "node_modules/@utrecht/component-library-css/dist/index.css"},
    {"design-tokens.css", "node_modules/@utrecht/design-tokens/dist/index.css"},
};

static const struct {
    const char *ext, *type;
} TYPES[] = {
    {".css", "text/css; charset=utf-8"},
    {".js", "text/javascript; charset=utf-8"},
    {".svg", "image/svg+xml"},
    {".png", "image/png"},
    {".ico", "image/x-icon"},
    {".woff2", "font/woff2"},
    {".txt", "text/plain; charset=utf-8"},
};

static bool plain_name(const char *name)
{
    if (!*name || *name == '/' || strlen(name) > 200 || strstr(name, "..") || strstr(name, "//"))
        return false;
    for (const char *p = name; *p; p++)
        if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
              *p == '-' || *p == '_' || *p == '.' || *p == '/'))
            return false;
    return true;
}

void ww_static_serve(ww_server *srv, const ww_request *req, ww_response *res)
{
    const char *web = srv->web_dir;
    const char *name = req->path + strlen("/static/");
    const char *type = NULL;
    for (size_t i = 0; i < sizeof TYPES / sizeof *TYPES; i++) {
        size_t n = strlen(name), e = strlen(TYPES[i].ext);
        if (n > e && strcmp(name + n - e, TYPES[i].ext) == 0)
            type = TYPES[i].type;
    }
    if (req->bad_encoding || !plain_name(name) || !type || !web) {
        ww_reply_error(res, 404, "not_found", "dit bestand bestaat niet");
        return;
    }
    char *path = NULL;
    for (size_t i = 0; i < sizeof MAPPED / sizeof *MAPPED && !path; i++)
        if (strcmp(name, MAPPED[i].name) == 0)
            path = ww_xasprintf("%s/%s", web, MAPPED[i].path);
    if (!path)
        path = ww_xasprintf("%s/static/%s", web, name);
    char *body;
    size_t len;
    int rc = ww_read_file(path, MAX_ASSET, &body, &len);
    free(path);
    if (rc != 0) {
        ww_reply_error(res, 404, "not_found", "dit bestand bestaat niet");
        return;
    }
    ww_reply_body(res, 200, type, body, len);
    ww_reply_header(res, "Cache-Control", "public, max-age=86400");
}
