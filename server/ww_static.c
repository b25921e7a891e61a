/* ww_static.c -- serving the website's assets. */
#include "ww_static.h"

#include "ww_schema.h"
#include "ww_util.h"

#include <stdlib.h>
#include <string.h>

enum { MAX_ASSET = 4 * 1024 * 1024 };

static const char *web;

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

void ww_static_init(const char *web_dir)
{
    web = web_dir;
}

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

void ww_static_serve(const ww_request *req, ww_response *res)
{
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
    free(res->body);
    res->status = 200;
    res->content_type = type;
    res->body = body;
    res->body_len = len;
    ww_reply_header(res, "Cache-Control", "public, max-age=86400");
}
