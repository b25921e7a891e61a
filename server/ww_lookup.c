/* ww_lookup.c -- searches, entries and ambition counts for the handlers; search parameters. */
#include "ww_lookup.h"

#include "ww_catalog.h"
#include "ww_layout.h"
#include "ww_server.h"
#include "ww_text.h"
#include "ww_util.h"
#include "ww_validate.h"

#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { MAX_QUERY_BYTES = 500, MAX_VALUES = 20, MAX_PAGE = 500, MAX_PER_PAGE = 100 };

/* ---- Parameters ------------------------------------------------------------------------- */

static bool known_param(const char *key, const char *const *extra)
{
    static const char *const SCALARS[] = {"q",           "page",      "per_page", "gratis",
                                          "voorliggend", "sort",      "postcode", "lat",
                                          "lon",         "straal_km", "nu_open"};
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

/* sort: relevantie (the default: by relevance; without a question by title, or nearest first
 * when there is a place), wachttijd or afstand. */
static bool sort_order(ww_search_params *p, const char *text, ww_sort *out)
{
    *out = WW_SORT_RELEVANCE;
    if (!text || strcmp(text, "relevantie") == 0)
        return true;
    if (strcmp(text, "wachttijd") == 0) {
        *out = WW_SORT_WAITING;
        return true;
    }
    if (strcmp(text, "afstand") == 0) {
        *out = WW_SORT_DISTANCE;
        return true;
    }
    return problem(
        p, "onbekende waarde '%.60s' voor sort; kies uit: relevantie, wachttijd, afstand", text);
}

/* A decimal number as people write it ("52.51" or "52,51") within [min, max]. */
static bool decimal(ww_search_params *p, const char *key, const char *text, double min, double max,
                    const char *meaning, double *out)
{
    char copy[32];
    if (strlen(text) >= sizeof copy)
        return problem(p, "'%s' moet %s zijn", key, meaning);
    snprintf(copy, sizeof copy, "%s", text);
    char *comma = strchr(copy, ',');
    if (comma)
        *comma = '.';
    char *end;
    errno = 0;
    double v = strtod(copy, &end);
    if (errno || end == copy || *end || !(v >= min && v <= max))
        return problem(p, "'%s' moet %s zijn", key, meaning);
    *out = v;
    return true;
}

/* The postcode area whose centre is nearest to a point (for a location: which wijk is that). */
static const ww_postcode_area *nearest_area(const ww_places *places, double lat, double lon)
{
    const ww_postcode_area *best = NULL;
    double best_m = 0;
    for (size_t i = 0; i < ww_places_count(places); i++) {
        const ww_postcode_area *area = ww_places_area(places, i);
        double m = ww_geo_distance_m(lat, lon, area->lat, area->lon);
        if (!best || m < best_m) {
            best = area;
            best_m = m;
        }
    }
    return best;
}

/* A postcode of the gemeente, as its area's centre. */
static bool read_postcode(const ww_schema *schema, const char *postcode, const char *gemeente,
                          ww_search_params *p)
{
    ww_search_place *place = &p->place;
    char letters[3];
    if (!ww_postcode_read(postcode, place->area, letters))
        return problem(p,
                       "'%.20s' is geen postcode; schrijf vier cijfers en eventueel twee letters, "
                       "zoals 8017 JZ",
                       postcode);
    const ww_postcode_area *area = ww_places_find(schema->places, place->area);
    if (!area)
        return problem(p,
                       "postcode %s ligt niet in de gemeente %s; hier staat alleen aanbod in %s. "
                       "Kies een wijk, of zoek zonder postcode.",
                       place->area, gemeente, gemeente);
    snprintf(place->postcode, sizeof place->postcode, "%s%s%s", place->area, letters[0] ? " " : "",
             letters);
    place->found = area;
    place->lat = area->lat;
    place->lon = area->lon;
    return true;
}

/* Where the resident is: `postcode` (its area's centre) or `lat` and `lon` (inside the gemeente),
 * and the radius; fills p->place and the request's near fields. */
static bool read_place(const ww_schema *schema, const ww_request *req, ww_search_params *p)
{
    const char *postcode, *lat_s, *lon_s, *radius_s;
    if (!single(req, p, "postcode", &postcode) || !single(req, p, "lat", &lat_s) ||
        !single(req, p, "lon", &lon_s) || !single(req, p, "straal_km", &radius_s))
        return false;
    if (postcode && !*postcode)
        postcode = NULL; /* an empty field of a form */
    if (lat_s && !*lat_s && lon_s && !*lon_s)
        lat_s = lon_s = NULL;
    if (radius_s && !*radius_s)
        radius_s = NULL;
    const char *gemeente = schema->places ? ww_places_gemeente(schema->places) : "de gemeente";
    ww_search_place *place = &p->place;
    if (postcode && (lat_s || lon_s))
        return problem(p, "geef een postcode óf lat en lon, niet allebei");
    if (postcode) {
        if (!read_postcode(schema, postcode, gemeente, p))
            return false;
    } else if (lat_s || lon_s) {
        if (!lat_s || !lon_s)
            return problem(p, "geef lat en lon allebei (de plek in graden, zoals lat=52.51 "
                              "en lon=6.09)");
        if (!decimal(p, "lat", lat_s, -90, 90, "een breedtegraad van -90 tot 90", &place->lat) ||
            !decimal(p, "lon", lon_s, -180, 180, "een lengtegraad van -180 tot 180", &place->lon))
            return false;
        if (!ww_places_inside(schema->places, place->lat, place->lon))
            return problem(p,
                           "deze plek ligt buiten de gemeente %s; hier staat alleen aanbod in "
                           "%s. Kies een wijk, of zoek zonder plek.",
                           gemeente, gemeente);
        place->found = nearest_area(schema->places, place->lat, place->lon);
    }
    if (radius_s && !decimal(p, "straal_km", radius_s, 0.1, 100,
                             "een afstand in kilometers van 0,1 tot 100", &place->radius_km))
        return false;
    ww_search_request *s = &p->search;
    s->near = place->found != NULL;
    if (s->near) {
        s->lat = place->lat;
        s->lon = place->lon;
        s->radius_m = place->radius_km * 1000;
        s->near_wijken = place->found->wijken;
        s->near_wijk_count = place->found->wijk_count;
    } else if (radius_s) {
        s->radius_m = place->radius_km * 1000; /* ww_search_check says it needs a place */
    }
    return true;
}

static bool flag(ww_search_params *p, const char *key, const char *text, bool *out)
{
    *out = text && strcmp(text, "1") == 0;
    return !text || strcmp(text, "0") == 0 || *out || problem(p, "'%s' is 1 (aan) of 0 (uit)", key);
}

bool ww_search_params_read(const ww_schema *schema, const ww_request *req, const char *const *extra,
                           long default_per_page, ww_search_params *p)
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
                    "voorliggend, sort, postcode, lat, lon, straal_km, nu_open%s",
                    param->key, names.data);
            ww_buf_free(&names);
            return false;
        }
    }
    const char *page_s, *per_page_s, *gratis_s, *voorliggend_s, *sort_s, *open_s;
    ww_search_request *s = &p->search;
    if (!single(req, p, "q", &p->q) || !single(req, p, "page", &page_s) ||
        !single(req, p, "per_page", &per_page_s) || !single(req, p, "gratis", &gratis_s) ||
        !single(req, p, "voorliggend", &voorliggend_s) || !single(req, p, "sort", &sort_s) ||
        !number(p, "page", page_s, 1, MAX_PAGE, 1, &p->page) ||
        !number(p, "per_page", per_page_s, 1, MAX_PER_PAGE, default_per_page, &p->per_page) ||
        !flag(p, "gratis", gratis_s, &s->gratis) ||
        !flag(p, "voorliggend", voorliggend_s, &s->voorliggend) ||
        !sort_order(p, sort_s, &s->sort) || !single(req, p, "nu_open", &open_s) ||
        !flag(p, "nu_open", open_s, &s->open_now) || !read_place(schema, req, p))
        return false;
    s->now = ww_now();
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
    ww_search_error err;
    return ww_search_check(schema, s, &err) || problem(p, "%s", err.message);
}

/* ---- The index ---------------------------------------------------------------------------- */

/* This thread's reader; NULL after replying 503. */
static ww_reader *reader_or_reply(ww_server *srv, ww_response *res)
{
    const char *why = NULL;
    ww_reader *reader = ww_readers_get(srv->readers, &why);
    if (!reader)
        ww_reply_error(res, 503, "no_index", "de index is niet beschikbaar: %s", why);
    return reader;
}

static void reply_index_error(ww_response *res)
{
    ww_reply_error(res, 503, "index_error", "de index gaf een fout; probeer het opnieuw");
}

bool ww_lookup_search(ww_server *srv, const ww_search_request *search, ww_search_result *result,
                      ww_response *res)
{
    for (int attempt = 0; attempt < 2; attempt++) {
        ww_reader *reader = reader_or_reply(srv, res);
        if (!reader)
            return false;
        if (ww_search(reader, srv->schema, search, result) == WW_OK)
            return true;
        ww_readers_reset(srv->readers);
    }
    reply_index_error(res);
    return false;
}

void ww_lookup_note_question(ww_server *srv, const char *q, const ww_search_result *result)
{
    if (!srv->questions || !q)
        return;
    const char *why;
    ww_reader *reader = ww_readers_get(srv->readers, &why);
    char *key = reader ? ww_search_question_key(reader, srv->schema, q) : NULL;
    if (key)
        ww_questions_note(
            srv->questions, key, result && result->ambition_count ? result->ambitions[0].id : NULL,
            result && result->leefgebied_count ? result->leefgebieden[0].id : NULL, ww_now());
    free(key);
}

json_t *ww_lookup_json(ww_server *srv, json_t *(*ask)(ww_reader *reader, void *ctx), void *ctx,
                       ww_response *res)
{
    for (int attempt = 0; attempt < 2; attempt++) {
        ww_reader *reader = reader_or_reply(srv, res);
        if (!reader)
            return NULL;
        json_t *answer = ask(reader, ctx);
        if (answer)
            return answer;
        ww_readers_reset(srv->readers);
    }
    reply_index_error(res);
    return NULL;
}

bool ww_lookup_entry(ww_server *srv, const char *id, json_t **entry, char **version,
                     ww_response *res)
{
    return ww_lookup_entry_in(srv, 0, id, entry, version, res);
}

bool ww_lookup_read_gemeenten(const ww_server *srv, const ww_request *req, ww_search_params *p)
{
    const ww_region *region = srv->region;
    if (!region)
        return true;
    /* Xapian's distance key and radius source run on this host only, not on remote shards. */
    if (p->search.sort == WW_SORT_DISTANCE || p->search.radius_m > 0) {
        snprintf(p->problem, sizeof p->problem,
                 "in een regio kan nog niet op afstand gesorteerd of binnen een straal gezocht "
                 "worden; laat sort=afstand en straal_km weg (de afstand staat wel bij elk "
                 "resultaat)");
        return false;
    }
    p->search.no_distance_order = true;
    const char *values[WW_REGION_MAX + 1];
    size_t n = ww_request_params(req, "gemeente", values, WW_REGION_MAX + 1);
    for (size_t i = 0; i < n; i++) {
        int at = ww_region_find(region, values[i]);
        if (at < 0) {
            ww_buf known = {0};
            for (size_t k = 0; k < region->count; k++)
                ww_buf_printf(&known, "%s%s", k ? ", " : "", region->members[k].id);
            snprintf(p->problem, sizeof p->problem,
                     "'gemeente' kent '%.60s' niet; de regio heeft: %s", values[i], known.data);
            ww_buf_free(&known);
            return false;
        }
        p->search.shards |= UINT64_C(1) << at;
    }
    p->search.count_shards = true;
    return true;
}

bool ww_lookup_gemeente(const ww_server *srv, const ww_request *req, uint64_t *shards)
{
    *shards = 0;
    const char *gemeente = NULL;
    if (!srv->region || !ww_request_params(req, "gemeente", &gemeente, 1))
        return true;
    int at = ww_region_find(srv->region, gemeente);
    if (at < 0)
        return false;
    *shards = UINT64_C(1) << at;
    return true;
}

bool ww_lookup_entry_in(ww_server *srv, uint64_t shards, const char *id, json_t **entry,
                        char **version, ww_response *res)
{
    *entry = NULL;
    ww_status st = WW_ERR_NOT_FOUND;
    char *term = ww_valid_id(id) ? ww_xasprintf("%s%s", WW_PREFIX_ID, id) : NULL;
    for (int attempt = 0; term && attempt < 2; attempt++) {
        ww_reader *reader = reader_or_reply(srv, res);
        if (!reader) {
            free(term);
            return false;
        }
        char *data = NULL;
        size_t len;
        st = ww_reader_get_data_in(reader, shards, term, &data, &len, WW_SLOT_VERSION, version);
        *entry = st == WW_OK ? json_loadb(data, len, 0, NULL) : NULL;
        free(data);
        if (!*entry && version) {
            free(*version);
            *version = NULL;
        }
        /* Not found although the catalog has the file: glass reads without a lock, and while
         * another process commits, a look-up on a revision it is replacing can miss a document
         * that is there (about one in 40,000 reads with a second server committing 200 times a
         * second), without the DatabaseModifiedError that says so. Once more on a fresh
         * reader; an entry whose index update is still on its way is a 404 then. */
        bool miss =
            st == WW_ERR_NOT_FOUND && !(attempt == 0 && !srv->region &&
                                        ww_catalog_has(srv->catalog_dir, WW_RECORD_ENTRY, id));
        if (*entry || miss)
            break;
        ww_readers_reset(srv->readers); /* unreadable or missed: once more on a fresh reader */
    }
    free(term);
    if (st == WW_ERR_NOT_FOUND)
        ww_reply_error(res, 404, "not_found", "dit aanbod bestaat niet");
    else if (!*entry)
        reply_index_error(res);
    return *entry != NULL;
}

static void count_into(const char *value, unsigned count, void *ctx)
{
    json_object_set_new(ctx, value, json_integer(count));
}

json_t *ww_lookup_ambition_counts(ww_server *srv, ww_response *res)
{
    char today[WW_DATE_SIZE];
    ww_today(today);
    ww_search_request browse = {.today = today, .limit = 0, .exact_up_to = UINT_MAX};
    ww_search_result result;
    if (!ww_lookup_search(srv, &browse, &result, res))
        return NULL;
    json_t *counts = json_object();
    ww_search_each_facet(&result, srv->schema, ww_filter_by_param("ambitie"), count_into, counts);
    ww_search_result_free(&result);
    return counts;
}
