/* ww_page_kit.c -- rendering, labels, dates and links for the website's pages. */
#include "ww_page_kit.h"

#include "ww_server.h"
#include "ww_template.h"
#include "ww_util.h"
#include "ww_validate.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define HTML_TYPE "text/html; charset=utf-8"
static const char RENDER_FAILED[] = "<!doctype html><title>Fout</title><p>Er ging iets mis.";

void ww_page_render(ww_server *srv, ww_response *res, unsigned status, const char *name,
                    json_t *ctx)
{
    /* Every page, public or partner, names the gemeente and the wijkteam (ww_site.h). Each page
     * gets its own copy: taking a reference to the one shared value from many threads at once
     * is a data race inside jansson (json_incref reads the count before its atomic add). */
    if (ctx && srv->site)
        json_object_set_new(ctx, "site", json_deep_copy(ww_site_value(srv->site)));
    if (ctx && srv->region) /* the footer leaves out what each gemeente has on its own */
        json_object_set_new(ctx, "is_regio", json_true());
    char *html = ctx ? ww_template_render(srv->templates, name, ctx) : NULL;
    json_decref(ctx);
    if (html)
        ww_reply_body(res, status, HTML_TYPE, html, strlen(html));
    else
        ww_reply_body(res, 500, HTML_TYPE, ww_xstrdup(RENDER_FAILED), sizeof RENDER_FAILED - 1);
}

const ww_vocab_item *ww_page_vocab_item(const ww_schema *schema, const char *vocab, const char *id)
{
    return id ? ww_vocab_find(ww_schema_vocab(schema, vocab), id) : NULL;
}

const char *ww_page_label(const ww_schema *schema, const char *vocab, const char *id)
{
    const ww_vocab_item *item = ww_page_vocab_item(schema, vocab, id);
    return item ? item->label : id ? id : "";
}

char *ww_page_joined_labels(const ww_schema *schema, const char *vocab, const json_t *ids)
{
    ww_buf out = {0};
    size_t n = json_array_size(ids);
    for (size_t i = 0; i < n; i++)
        ww_buf_printf(&out, "%s%s",
                      i == 0       ? ""
                      : i + 1 == n ? " en "
                                   : ", ",
                      ww_page_label(schema, vocab, json_string_value(json_array_get(ids, i))));
    return ww_buf_release(&out);
}

json_t *ww_page_labels(const ww_schema *schema, const char *vocab, const json_t *ids)
{
    json_t *out = json_array();
    size_t i;
    const json_t *id;
    json_array_foreach(ids, i, id)
    {
        const char *s = json_string_value(id);
        if (s)
            json_array_append_new(
                out, json_pack("{s:s,s:s}", "id", s, "label", ww_page_label(schema, vocab, s)));
    }
    return out;
}

static const char *const MONTHS[] = {"januari",   "februari", "maart",    "april",
                                     "mei",       "juni",     "juli",     "augustus",
                                     "september", "oktober",  "november", "december"};

char *ww_dutch_date(const char *iso)
{
    if (!iso || !ww_valid_date(iso))
        return NULL;
    return ww_xasprintf("%d %s %.4s", atoi(iso + 8), MONTHS[atoi(iso + 5) - 1], iso);
}

char *ww_euro(double amount)
{
    char *text = ww_xasprintf("€ %.2f", amount);
    char *point = strrchr(text, '.');
    if (point)
        *point = ',';
    return text;
}

/* Whether a Host header is a plain host name or address with an optional port: only then may it
 * go into a link someone scans or mails. */
static bool sane_host(const char *host)
{
    if (!host)
        return false;
    size_t n = strlen(host), name = strspn(host, "abcdefghijklmnopqrstuvwxyz"
                                                 "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-");
    if (n == 0 || n > 255 || name == 0 || host[0] == '.' || host[0] == '-')
        return false;
    if (name == n)
        return true;
    const char *port = host + name;
    size_t digits = strspn(port + 1, "0123456789");
    return port[0] == ':' && digits >= 1 && digits <= 5 && port[1 + digits] == '\0';
}

/* The address links fall back to when the request's Host header is no plain host name (a proxy
 * in front always sends the public one): what `make run` serves. */
#define DEFAULT_BASE "http://localhost:8080"

char *ww_page_absolute_url(const ww_request *req, const char *path)
{
    return sane_host(req->host)
               ? ww_xasprintf("%s://%s%s", req->over_tls ? "https" : "http", req->host, path)
               : ww_xasprintf("%s%s", DEFAULT_BASE, path);
}

char *ww_page_distance_text(double metres)
{
    if (metres < 995)
        return ww_xasprintf("%.0f m", metres < 10 ? 10 : 10 * floor(metres / 10 + 0.5));
    if (metres >= 9950)
        return ww_xasprintf("%.0f km", metres / 1000);
    char *text = ww_xasprintf("%.1f km", metres / 1000);
    char *point = strchr(text, '.');
    if (point)
        *point = ',';
    return text;
}

char *ww_page_travel_text(double metres)
{
    bool walk = metres <= 2500;
    double minutes = metres / (walk ? 80.0 : 250.0);
    long rounded = 5 * (long)ceil(minutes / 5);
    if (rounded < 5)
        rounded = 5;
    if (rounded >= 90)
        return ww_xasprintf("ongeveer %.0f uur %s", (double)rounded / 60,
                            walk ? "lopen" : "fietsen");
    return ww_xasprintf("ongeveer %ld minuten %s", rounded, walk ? "lopen" : "fietsen");
}

char *ww_tel_url(const char *phone)
{
    ww_buf url = {0};
    ww_buf_puts(&url, "tel:");
    for (const char *p = phone; *p; p++)
        if ((*p >= '0' && *p <= '9') || *p == '+')
            ww_buf_putc(&url, *p);
    return ww_buf_release(&url);
}

void ww_set_owned_string(json_t *obj, const char *key, char *owned)
{
    if (owned)
        json_object_set_new(obj, key, json_string(owned));
    free(owned);
}

void ww_param_keep(ww_param_set *set, const char *key, const char *value)
{
    if (set->count < sizeof set->items / sizeof *set->items)
        set->items[set->count++] = (ww_param){key, value};
}

static void percent_encode(ww_buf *out, const char *s)
{
    static const char HEX[] = "0123456789ABCDEF";
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
            (*p && strchr("-_.~", *p))) {
            ww_buf_putc(out, (char)*p);
        } else if (*p == ' ') {
            ww_buf_putc(out, '+');
        } else {
            ww_buf_putc(out, '%');
            ww_buf_putc(out, HEX[*p >> 4]);
            ww_buf_putc(out, HEX[*p & 15]);
        }
    }
}

static void append_param(ww_buf *url, char *sep, const char *key, const char *value)
{
    ww_buf_putc(url, *sep);
    *sep = '&';
    percent_encode(url, key);
    ww_buf_putc(url, '=');
    percent_encode(url, value);
}

char *ww_param_url(const char *path, const ww_param_set *set, const char *skip_key,
                   const char *skip_value, const char *add_key, const char *add_value)
{
    ww_buf url = {0};
    ww_buf_puts(&url, path);
    char sep = '?';
    for (size_t i = 0; i < set->count; i++) {
        const ww_param *p = &set->items[i];
        if (!skip_key || strcmp(p->key, skip_key) != 0 ||
            (skip_value && strcmp(p->value, skip_value) != 0))
            append_param(&url, &sep, p->key, p->value);
    }
    if (add_key)
        append_param(&url, &sep, add_key, add_value);
    return ww_buf_release(&url);
}
