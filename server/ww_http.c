/* ww_http.c -- building responses. */
#include "ww_http.h"

#include "ww_text.h"
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

/* What a handler that could not build its answer replies: never an empty 200. */
static const char NO_ANSWER[] =
    "{\"error\":{\"code\":\"internal\",\"message\":\"het antwoord kon niet worden gemaakt\"}}";

void ww_reply_json(ww_response *res, unsigned status, json_t *json)
{
    char *body = json ? json_dumps(json, JSON_COMPACT) : NULL;
    json_decref(json);
    if (body) {
        ww_reply_body(res, status, WW_JSON_TYPE, body, strlen(body));
        return;
    }
    fprintf(stderr, "wegwijzer-server: een antwoord (%u) kon niet worden gemaakt\n", status);
    ww_reply_body(res, 500, WW_JSON_TYPE, ww_xstrdup(NO_ANSWER), sizeof NO_ANSWER - 1);
}

void ww_reply_error(ww_response *res, unsigned status, const char *code, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *message = ww_xvasprintf(fmt, ap);
    va_end(ap);
    /* A message may quote what a client sent, cut short ("%.60s") inside a character. */
    ww_utf8_repair(message);
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

static size_t values_of(const ww_param *items, size_t count, const char *key, const char **values,
                        size_t max)
{
    size_t n = 0;
    for (size_t i = 0; i < count; i++)
        if (strcmp(items[i].key, key) == 0) {
            if (n < max)
                values[n] = items[i].value;
            n++;
        }
    return n;
}

size_t ww_request_params(const ww_request *req, const char *key, const char **values, size_t max)
{
    return values_of(req->params, req->param_count, key, values, max);
}

size_t ww_request_form(const ww_request *req, const char *key, const char **values, size_t max)
{
    return values_of(req->form, req->form_count, key, values, max);
}

const char *ww_form_value(const ww_request *req, const char *key)
{
    const char *value = NULL;
    return ww_request_form(req, key, &value, 1) ? value : NULL;
}

static int hex_digit(char c)
{
    return c >= '0' && c <= '9'   ? c - '0'
           : c >= 'a' && c <= 'f' ? c - 'a' + 10
           : c >= 'A' && c <= 'F' ? c - 'A' + 10
                                  : -1;
}

/* Decodes one name or value in place ('+' is a space); false on a bad escape or a NUL. */
static bool form_unescape(char *s)
{
    char *out = s;
    for (const char *p = s; *p; p++) {
        if (*p == '+') {
            *out++ = ' ';
        } else if (*p == '%') {
            int hi = hex_digit(p[1]), lo = hi < 0 ? -1 : hex_digit(p[2]);
            if (lo < 0 || (hi == 0 && lo == 0))
                return false;
            *out++ = (char)(hi * 16 + lo);
            p += 2;
        } else {
            *out++ = *p;
        }
    }
    *out = '\0';
    return ww_utf8_valid(s, (size_t)(out - s), NULL);
}

long ww_form_parse(char *body, ww_param *items, size_t max)
{
    size_t count = 0;
    for (char *field = body; field && *field;) {
        char *next = strchr(field, '&');
        if (next)
            *next++ = '\0';
        if (*field) { /* "a=1&&b=2" has an empty field: skip it */
            if (count == max)
                return -1;
            char *value = strchr(field, '=');
            if (value)
                *value++ = '\0';
            else
                value = field + strlen(field); /* "flag" alone: an empty value */
            if (!form_unescape(field) || !form_unescape(value))
                return -1;
            items[count++] = (ww_param){field, value};
        }
        field = next;
    }
    return (long)count;
}
