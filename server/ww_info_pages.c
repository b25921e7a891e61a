/* ww_info_pages.c -- /privacy and /toegankelijkheid. */
#include "ww_info_pages.h"

#include "ww_page_kit.h"
#include "ww_pages.h"
#include "ww_validate.h"

#include <stdlib.h>
#include <string.h>

json_t *ww_info_page_context(const ww_request *req, const char *title)
{
    ww_param_set list = {0};
    for (size_t i = 0; i < req->param_count; i++) {
        const ww_param *p = &req->params[i];
        if (!strcmp(p->key, "lijst") && ww_valid_id(p->value) && list.count < WW_LIST_MAX)
            ww_param_keep(&list, p->key, p->value);
    }
    json_t *ctx = json_pack("{s:s}", "paginatitel", title);
    if (ctx && list.count) {
        char *query = ww_param_url("", &list, NULL, NULL, NULL, NULL);
        json_object_set_new(ctx, "meenemen", json_string(query + 1)); /* without the "?" */
        free(query);
    }
    return ctx;
}

static void info_page(ww_server *srv, const ww_request *req, ww_response *res, const char *name,
                      const char *title)
{
    ww_page_render(srv, res, 200, name, ww_info_page_context(req, title));
}

void ww_page_privacy(ww_server *srv, const ww_request *req, ww_response *res)
{
    info_page(srv, req, res, "privacy", "Privacy");
}

void ww_page_accessibility(ww_server *srv, const ww_request *req, ww_response *res)
{
    info_page(srv, req, res, "toegankelijkheid", "Toegankelijkheidsverklaring");
}
