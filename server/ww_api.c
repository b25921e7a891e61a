/* ww_api.c -- the JSON API: search, entries, ambitions, health and metrics. */
#include "ww_api.h"

#include "ww_cache.h"

#include "ww_layout.h"
#include "ww_metrics.h"
#include "ww_readers.h"
#include "ww_search.h"
#include "ww_text.h"
#include "ww_util.h"
#include "ww_validate.h"
#include "ww_write.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static const ww_schema *schema;

void ww_api_init(const ww_schema *s)
{
    schema = s;
}

enum { MAX_QUERY_BYTES = 500, MAX_VALUES = 20, MAX_PAGE = 500, MAX_PER_PAGE = 100 };

void ww_today(char out[11])
{
    /* The server runs with TZ=Europe/Amsterdam (main.c): an offer ends at midnight in Zwolle. */
    time_t now = time(NULL);
    struct tm tm;
    localtime_r(&now, &tm);
    strftime(out, 11, "%Y-%m-%d", &tm);
}

/* ---- Parameters ------------------------------------------------------------------------- */

static bool known_param(const char *key, const char *const *extra)
{
    static const char *const SCALARS[] = {"q", "page", "per_page", "gratis", "voorliggend"};
    for (size_t i = 0; i < sizeof SCALARS / sizeof *SCALARS; i++)
        if (strcmp(key, SCALARS[i]) == 0)
            return true;
    for (size_t i = 0; extra && extra[i]; i++)
        if (strcmp(key, extra[i]) == 0)
            return true;
    return ww_filter_by_param(key) != NULL;
}

/* Records why the parameters are wrong; returns false for `return problem(...)`. */
static bool problem(ww_search_params *p, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
static bool problem(ww_search_params *p, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(p->problem, sizeof p->problem, fmt, ap);
    va_end(ap);
    return false;
}

/* The single value of a parameter that may appear once. */
static bool single(const ww_request *req, ww_search_params *p, const char *key, const char **out)
{
    const char *values[2];
    size_t n = ww_request_params(req, key, values, 2);
    *out = n ? values[0] : NULL;
    return n <= 1 || problem(p, "'%s' mag maar één keer voorkomen", key);
}

static bool number(ww_search_params *p, const char *key, const char *text, long min, long max,
                   long fallback, long *out)
{
    *out = fallback;
    if (!text)
        return true;
    char *end;
    errno = 0;
    long v = strtol(text, &end, 10);
    if (errno || end == text || *end || v < min || v > max)
        return problem(p, "'%s' moet een geheel getal van %ld tot %ld zijn", key, min, max);
    *out = v;
    return true;
}

static bool flag(ww_search_params *p, const char *key, const char *text, bool *out)
{
    *out = text && strcmp(text, "1") == 0;
    return !text || strcmp(text, "0") == 0 || *out || problem(p, "'%s' is 1 (aan) of 0 (uit)", key);
}

bool ww_search_params_read(const ww_request *req, const char *const *extra, long default_per_page,
                           ww_search_params *p)
{
    memset(p, 0, sizeof *p);
    if (req->bad_encoding)
        return problem(p, "de zoekopdracht bevat een ongeldige %%-codering");
    for (size_t i = 0; i < req->param_count; i++) {
        const ww_param *param = &req->params[i];
        if (!ww_utf8_valid(param->key, strlen(param->key), NULL) ||
            !ww_utf8_valid(param->value, strlen(param->value), NULL))
            return problem(p, "een parameter is geen geldige UTF-8-tekst");
        if (!known_param(param->key, extra)) {
            ww_buf names = {0};
            for (size_t f = 0; f < WW_FILTER_COUNT; f++)
                ww_buf_printf(&names, ", %s", WW_FILTERS[f].param);
            problem(p,
                    "onbekende parameter '%.60s'; bekend zijn: q, page, per_page, gratis, "
                    "voorliggend%s",
                    param->key, names.data);
            ww_buf_free(&names);
            return false;
        }
    }
    const char *page_s, *per_page_s, *gratis_s, *voorliggend_s;
    ww_search_request *s = &p->search;
    if (!single(req, p, "q", &p->q) || !single(req, p, "page", &page_s) ||
        !single(req, p, "per_page", &per_page_s) || !single(req, p, "gratis", &gratis_s) ||
        !single(req, p, "voorliggend", &voorliggend_s) ||
        !number(p, "page", page_s, 1, MAX_PAGE, 1, &p->page) ||
        !number(p, "per_page", per_page_s, 1, MAX_PER_PAGE, default_per_page, &p->per_page) ||
        !flag(p, "gratis", gratis_s, &s->gratis) ||
        !flag(p, "voorliggend", voorliggend_s, &s->voorliggend))
        return false;
    if (p->q && strlen(p->q) > MAX_QUERY_BYTES)
        return problem(p, "de zoekvraag is te lang (ten hoogste %d tekens)", MAX_QUERY_BYTES);
    for (size_t f = 0; f < WW_FILTER_COUNT; f++) {
        const char *values[MAX_VALUES];
        size_t n = ww_request_params(req, WW_FILTERS[f].param, values, MAX_VALUES);
        if (n > MAX_VALUES)
            return problem(p, "te veel waarden voor '%s' (ten hoogste %d)", WW_FILTERS[f].param,
                           MAX_VALUES);
        for (size_t i = 0; i < n; i++)
            p->filters[p->filter_count++] = (ww_filter_value){WW_FILTERS[f].param, values[i]};
    }
    ww_today(p->today);
    s->text = p->q;
    s->filters = p->filters;
    s->filter_count = p->filter_count;
    s->today = p->today;
    s->offset = (unsigned)((p->page - 1) * p->per_page);
    s->limit = (unsigned)p->per_page;
    return true;
}

/* ---- Search ----------------------------------------------------------------------------- */

/* A result is the summary the indexer stored (ww_entry_summary). */
static json_t *result_json(const char *data, size_t len)
{
    json_t *summary = json_loadb(data, len, 0, NULL);
    return summary ? summary : json_null();
}

static void add_facet(const char *value, unsigned count, void *ctx)
{
    json_object_set_new(ctx, value, json_integer(count));
}

/* Facet counts in vocabulary order (the order a page shows them in). */
static json_t *facets_json(const ww_search_result *result)
{
    json_t *facets = json_object();
    for (size_t i = 0; i < WW_FILTER_COUNT; i++) {
        json_t *counts = json_object();
        ww_search_each_facet(result, schema, i, add_facet, counts);
        json_object_set_new(facets, WW_FILTERS[i].param, counts);
    }
    return facets;
}

/* See ww_api.h. */
bool ww_run_search(const ww_search_request *sreq, ww_search_result *result, ww_response *res)
{
    for (int attempt = 0; attempt < 2; attempt++) {
        const char *why = NULL;
        ww_reader *reader = ww_thread_reader(&why);
        if (!reader) {
            ww_reply_error(res, 503, "no_index", "de index is niet beschikbaar: %s", why);
            return false;
        }
        ww_search_error err;
        ww_status st = ww_search(reader, schema, sreq, result, &err);
        if (st == WW_OK)
            return true;
        if (st == WW_ERR_INVALID) {
            ww_reply_error(res, 400, "bad_parameter", "%s", err.message);
            return false;
        }
        ww_thread_reader_reset();
    }
    ww_reply_error(res, 503, "index_error", "de index gaf een fout; probeer het opnieuw");
    return false;
}

/* Names everything a search answer depends on: the index version the thread reads, today
 * (expiry) and the parsed parameters, each length-prefixed so no two requests share a key.
 * NULL (do not cache) when the version is unknown. Caller frees. */
static char *cache_key(const ww_search_params *p)
{
    const char *why;
    if (!ww_thread_reader(&why) || !*ww_thread_reader_version())
        return NULL;
    ww_buf key = {0};
    ww_buf_printf(&key, "%s|%s|%zu:%s|%ld|%ld|%d%d", ww_thread_reader_version(), p->today,
                  p->q ? strlen(p->q) : 0, p->q ? p->q : "", p->page, p->per_page, p->search.gratis,
                  p->search.voorliggend);
    for (size_t i = 0; i < p->filter_count; i++)
        ww_buf_printf(&key, "|%s=%zu:%s", p->filters[i].param, strlen(p->filters[i].value),
                      p->filters[i].value);
    return key.data;
}

void ww_api_search(const ww_request *req, ww_response *res)
{
    ww_search_params params;
    if (!ww_search_params_read(req, NULL, 20, &params)) {
        ww_reply_error(res, 400, "bad_parameter", "%s", params.problem);
        return;
    }
    char *key = cache_key(&params), *cached;
    size_t cached_len;
    if (key && ww_cache_get(key, &cached, &cached_len)) {
        ww_reply_body(res, 200, WW_JSON_TYPE, cached, cached_len);
        free(key);
        return;
    }
    const char *q = params.q;
    long page = params.page, per_page = params.per_page;
    ww_search_result result;
    if (!ww_run_search(&params.search, &result, res)) {
        free(key);
        return;
    }
    json_t *results = json_array();
    for (unsigned i = 0; i < ww_mset_size(result.mset); i++) {
        size_t len;
        const char *data = ww_mset_data(result.mset, i, &len);
        json_array_append_new(results, result_json(data, len));
    }
    json_t *ambitions = json_array();
    for (size_t i = 0; i < result.ambition_count; i++)
        json_array_append_new(
            ambitions, json_pack("{s:s,s:f}", "id", result.ambitions[i].id, "score",
                                 (double)(long)(result.ambitions[i].score * 100 + 0.5) / 100));
    json_t *body =
        json_pack("{s:s,s:i,s:b,s:i,s:i,s:o,s:o,s:o,s:o,s:b}", "query", q ? q : "", "total",
                  (json_int_t)result.total, "total_exact", result.total_exact, "page",
                  (json_int_t)page, "per_page", (json_int_t)per_page, "results", results, "facets",
                  facets_json(&result), "query_ambities", ambitions, "suggestion",
                  result.suggestion ? json_string(result.suggestion) : json_null(),
                  "suggestion_used", result.suggestion_used);
    ww_search_result_free(&result);
    ww_reply_json(res, 200, body);
    if (key)
        ww_cache_put(key, res->body, res->body_len);
    free(key);
}

/* ---- Entries, ambitions ----------------------------------------------------------------- */

void ww_api_entry(const ww_request *req, ww_response *res)
{
    const char *id = req->path + strlen("/api/v1/entries/");
    if (req->bad_encoding || !ww_valid_id(id)) {
        ww_reply_error(res, 404, "not_found", "dit aanbod bestaat niet");
        return;
    }
    for (int attempt = 0; attempt < 2; attempt++) {
        const char *why = NULL;
        ww_reader *reader = ww_thread_reader(&why);
        if (!reader) {
            ww_reply_error(res, 503, "no_index", "de index is niet beschikbaar: %s", why);
            return;
        }
        char *term = ww_xasprintf("%s%s", WW_PREFIX_ID, id), *data = NULL;
        size_t len;
        ww_status st = ww_reader_get_data(reader, term, &data, &len);
        free(term);
        if (st == WW_ERR_NOT_FOUND) {
            ww_reply_error(res, 404, "not_found", "dit aanbod bestaat niet");
            return;
        }
        if (st == WW_OK) {
            json_t *entry = json_loadb(data, len, 0, NULL);
            free(data);
            if (entry) {
                ww_reply_json(res, 200, entry);
                /* What a partner sends back in If-Match to change this entry. */
                char *etag = ww_entry_etag(id);
                if (etag)
                    ww_reply_header(res, "ETag", etag);
                free(etag);
                return;
            }
        }
        ww_thread_reader_reset();
    }
    ww_reply_error(res, 503, "index_error", "de index gaf een fout; probeer het opnieuw");
}

void ww_api_ambities(const ww_request *req, ww_response *res)
{
    (void)req;
    char today[11];
    ww_today(today);
    /* Entry counts, so exact whatever the size of the catalog. */
    ww_search_request sreq = {.today = today, .limit = 0, .exact_up_to = UINT_MAX};
    ww_search_result result;
    if (!ww_run_search(&sreq, &result, res))
        return;
    json_t *counts = json_object();
    for (size_t i = 0; i < WW_FILTER_COUNT; i++)
        if (strcmp(WW_FILTERS[i].param, "ambitie") == 0)
            ww_search_each_facet(&result, schema, i, add_facet, counts);
    const ww_vocab *vocab = ww_schema_vocab(schema, "ambities");
    json_t *list = json_array();
    for (size_t k = 0; k < vocab->count; k++) {
        json_int_t n = json_integer_value(json_object_get(counts, vocab->items[k].id));
        json_array_append_new(list, json_pack("{s:s,s:s,s:I}", "id", vocab->items[k].id, "label",
                                              vocab->items[k].label, "count", n));
    }
    json_decref(counts);
    ww_search_result_free(&result);
    ww_reply_json(res, 200, json_pack("{s:o}", "ambities", list));
}

/* ---- Operations ------------------------------------------------------------------------- */

/* Entries and age of the published index; false when there is none, with the reason in *why. */
static bool index_facts(long *entries, double *age, const char **why)
{
    *why = "de index gaf een fout";
    ww_reader *reader = ww_thread_reader(why);
    unsigned count = 0;
    if (!reader || ww_reader_doc_count(reader, &count) != WW_OK)
        return false;
    *entries = count;
    *age = -1;
    char *built = NULL;
    struct tm tm = {0};
    if (ww_reader_metadata(reader, WW_META_BUILT, &built) == WW_OK && built &&
        strptime(built, "%Y-%m-%dT%H:%M:%SZ", &tm))
        *age = difftime(time(NULL), timegm(&tm));
    free(built);
    return true;
}

void ww_api_healthz(const ww_request *req, ww_response *res)
{
    (void)req;
    long entries;
    double age;
    const char *why;
    if (!index_facts(&entries, &age, &why)) {
        ww_reply_error(res, 503, "no_index", "er is geen index geladen: %s", why);
        return;
    }
    ww_reply_json(res, 200,
                  json_pack("{s:s,s:I,s:f}", "status", "ok", "entries", (json_int_t)entries,
                            "index_age_seconds", age));
}

void ww_api_metrics(const ww_request *req, ww_response *res)
{
    (void)req;
    long entries = 0;
    double age = -1;
    const char *why;
    index_facts(&entries, &age, &why);
    free(res->body);
    res->status = 200;
    res->content_type = "text/plain; version=0.0.4; charset=utf-8";
    res->body = ww_metrics_render(entries, age);
    res->body_len = strlen(res->body);
}
