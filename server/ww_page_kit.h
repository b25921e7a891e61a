/* ww_page_kit.h -- what every page of the website is built with: rendering a template, the
 * Dutch labels of vocabulary codes, dates as people write them, and links that carry a page's
 * parameters. The public pages (ww_pages, ww_entry_page) and the partners' pages share it. */
#ifndef WW_PAGE_KIT_H
#define WW_PAGE_KIT_H

#include "ww_http.h"
#include "ww_schema.h"

#include <jansson.h>

typedef struct ww_server ww_server;

/* Renders template `name` of the server's website with `ctx` (the reference is taken) as the
 * response, with the site's configuration added to `ctx` as `site` (ww_site.h); a page that
 * cannot be rendered is a 500 with a short HTML error. */
void ww_page_render(ww_server *srv, ww_response *res, unsigned status, const char *name,
                    json_t *ctx);

/* The item `id` of vocabulary `vocab` ("toegang"), or NULL (also for a NULL id). */
const ww_vocab_item *ww_page_vocab_item(const ww_schema *schema, const char *vocab, const char *id);
/* The Dutch label of a code; the code itself when the vocabulary lacks it, "" for NULL. The
 * text is the schema's or the caller's. */
const char *ww_page_label(const ww_schema *schema, const char *vocab, const char *id);
/* "a, b en c" of the labels of a list of codes. Caller frees. */
char *ww_page_joined_labels(const ww_schema *schema, const char *vocab, const json_t *ids);
/* [{id, label}] of a list of codes; a new array (caller owns). */
json_t *ww_page_labels(const ww_schema *schema, const char *vocab, const json_t *ids);

/* "2026-10-02" -> "2 oktober 2026"; NULL for anything else. Caller frees. */
char *ww_dutch_date(const char *iso);
/* 2.5 -> "€ 2,50", as Dutch writes an amount. Caller frees. */
char *ww_euro(double amount);
/* `path` as a whole address of this site, for a link that leaves the page (a QR code, a mail):
 * from the request's Host header when it is a plain host name, else http://localhost:8080.
 * Caller frees. */
char *ww_page_absolute_url(const ww_request *req, const char *path);
/* A distance as a page shows it: "350 m" (to ten metres), "1,2 km", "12 km". Caller frees. */
char *ww_page_distance_text(double metres);
/* How far that is in time, roughly: "ongeveer 15 minuten lopen" (4,8 km an hour, up to 2,5 km),
 * farther "ongeveer 10 minuten fietsen" (15 km an hour); in whole 5 minutes, at least 5. As the
 * crow flies: a route is longer, hence "ongeveer". Caller frees. */
char *ww_page_travel_text(double metres);
/* "038 012 34 56" -> "tel:0380123456". Caller frees. */
char *ww_tel_url(const char *phone);

/* Sets obj[key] to the string `owned` and frees it; leaves obj alone when `owned` is NULL. */
void ww_set_owned_string(json_t *obj, const char *key, char *owned);

/* The parameters a page carries in its links and forms (q, the filters, lijst, id). The strings
 * are borrowed from the request. */
typedef struct {
    ww_param items[400];
    size_t count;
} ww_param_set;

/* Adds key=value; beyond the set's room a parameter is dropped. */
void ww_param_keep(ww_param_set *set, const char *key, const char *value);
/* path + the kept parameters, without (skip_key[=skip_value]) and with (add_key=add_value);
 * percent-encoded. NULL skip_key or add_key: none. Caller frees. */
char *ww_param_url(const char *path, const ww_param_set *set, const char *skip_key,
                   const char *skip_value, const char *add_key, const char *add_value);

#endif
