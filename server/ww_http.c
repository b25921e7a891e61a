/* ww_http.c -- building responses. */
#include "ww_http.h"

#include "ww_util.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void ww_reply_body(ww_response *res, unsigned status, const char *content_type, char *body,
                   size_t len)
{
    free(res->body);
    res->status = status;
    res->content_type = content_type;
    res->body = body;
    res->body_len = len;
}

void ww_reply_json(ww_response *res, unsigned status, json_t *json)
{
    char *body = json_dumps(json, JSON_COMPACT);
    if (!body)
        body = ww_xstrdup("{}");
    ww_reply_body(res, status, WW_JSON_TYPE, body, strlen(body));
    json_decref(json);
}

void ww_reply_error(ww_response *res, unsigned status, const char *code, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *message = ww_xvasprintf(fmt, ap);
    va_end(ap);
    ww_reply_json(res, status,
                  json_pack("{s:{s:s,s:s}}", "error", "code", code, "message", message));
    free(message);
}

void ww_reply_header(ww_response *res, const char *name, const char *value)
{
    if (res->header_count < WW_MAX_HEADERS) {
        res->headers[res->header_count].name = name;
        res->headers[res->header_count++].value = ww_xstrdup(value);
    }
}

void ww_response_free(ww_response *res)
{
    free(res->body);
    for (size_t i = 0; i < res->header_count; i++)
        free(res->headers[i].value);
    memset(res, 0, sizeof *res);
}

size_t ww_request_params(const ww_request *req, const char *key, const char **values, size_t max)
{
    size_t n = 0;
    for (size_t i = 0; i < req->param_count; i++)
        if (strcmp(req->params[i].key, key) == 0) {
            if (n < max)
                values[n] = req->params[i].value;
            n++;
        }
    return n;
}
