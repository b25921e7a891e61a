/* ww_http.h -- a request and a response as plain data, so that handlers can be called and
 * tested without a socket. The libmicrohttpd glue (ww_daemon.c) fills a ww_request and sends
 * the ww_response a handler made. */
#ifndef WW_HTTP_H
#define WW_HTTP_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

typedef struct {
    const char *key;
    const char *value; /* percent-decoded */
} ww_param;

typedef struct {
    const char *method;
    const char *path; /* decoded, without the query string */
    const ww_param *params;
    size_t param_count;
    bool bad_encoding; /* a parameter or the path had malformed percent-encoding */
    const char *body;
    size_t body_len;
    const char *content_type;
    const char *authorization;
    const char *if_match;
    const char *cookie;     /* the Cookie header */
    const char *origin;     /* Origin, sent by browsers with every POST */
    const char *fetch_site; /* Sec-Fetch-Site: same-origin, same-site, cross-site, none */
    const char *host;
    bool over_tls;        /* X-Forwarded-Proto: https, from the proxy in front */
    const ww_param *form; /* fields of an application/x-www-form-urlencoded body */
    size_t form_count;
} ww_request;

enum { WW_MAX_HEADERS = 8 };

typedef struct {
    unsigned status;
    const char *content_type; /* static string */
    char *body;               /* owned by the response (malloc'd) */
    size_t body_len;
    struct {
        const char *name; /* static */
        char *value;      /* owned */
    } headers[WW_MAX_HEADERS];
    size_t header_count;
} ww_response;

#define WW_JSON_TYPE "application/json; charset=utf-8"

/* Sets `body` (malloc'd, taken over) as the response with the given status and type (static). */
void ww_reply_body(ww_response *res, unsigned status, const char *content_type, char *body,
                   size_t len);
/* Sets `json` (the reference is stolen) as the body with the given status. When `json` is NULL
 * or cannot be written (a failed json_pack), the reply is a 500 with a JSON error instead. */
void ww_reply_json(ww_response *res, unsigned status, json_t *json);
/* A JSON error: {"error": {"code": code, "message": message}}. Bytes of the message that are
 * not valid UTF-8 (a quoted parameter cut short) become '?'. */
void ww_reply_error(ww_response *res, unsigned status, const char *code, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
/* Adds a header; the value is copied. */
void ww_reply_header(ww_response *res, const char *name, const char *value);
void ww_response_free(ww_response *res);

/* The values of parameter `key` in order; returns how many (at most max). */
size_t ww_request_params(const ww_request *req, const char *key, const char **values, size_t max);
/* The same for a field of a posted form. */
size_t ww_request_form(const ww_request *req, const char *key, const char **values, size_t max);
/* The first value of form field `key`, or NULL. */
const char *ww_form_value(const ww_request *req, const char *key);

#define WW_FORM_TYPE "application/x-www-form-urlencoded"
/* Splits a form body (`body`, NUL-terminated, decoded in place) into at most `max` fields of
 * `items`, which point into `body`. Returns the number of fields, or -1 when there are more
 * than `max`, an escape is malformed, or a name or value is not valid UTF-8 (or holds NUL). */
long ww_form_parse(char *body, ww_param *items, size_t max);

#endif
