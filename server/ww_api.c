/* ww_api.c -- the JSON API: search, entries, ambitions, health and metrics. */
#include "ww_api.h"

#include "ww_json.h"
#include "ww_layout.h"
#include "ww_lookup.h"
#include "ww_opening.h"
#include "ww_server.h"
#include "ww_site.h"
#include "ww_time.h"
#include "ww_util.h"

#include <stdlib.h>
#include <string.h>

/* ---- Search ----------------------------------------------------------------------------- */

/* Appends the members of `object` to `buf` as compact JSON, without its braces. */
static void append_members(ww_buf *buf, const json_t *object)
{
    ww_buf whole = {0};
    if (ww_json_append(&whole, object) && whole.len > 2)
        ww_buf_append(buf, whole.data + 1, whole.len - 2);
    ww_buf_free(&whole);
}

/* Appends the results: the summaries the indexer stored (ww_entry_summary), already compact
 * JSON, as they are -- parsing and writing them again cost more than the rest of the answer.
 * With a place, each gets `afstand_m` (whole metres to its nearest location), or null and
 * `overal: true` when it has no location but serves the whole gemeente. */
static void append_results(ww_buf *buf, const ww_schema *schema, const ww_region *region,
                           const ww_search_params *params, const ww_search_result *result)
{
    const ww_mset *mset = result->mset;
    ww_buf_puts(buf, "\"results\":[");
    for (unsigned i = 0; i < ww_mset_size(mset); i++) {
        size_t len;
        const char *data = ww_mset_data(mset, i, &len);
        if (i)
            ww_buf_putc(buf, ',');
        if (!data || len < 2 || data[0] != '{' || data[len - 1] != '}') {
            ww_buf_puts(buf, "null"); /* not what the indexer writes */
            continue;
        }
        if (!params->search.near && !region) {
            ww_buf_append(buf, data, len);
            continue;
        }
        ww_buf_append(buf, data, len - 1);
        double metres = params->search.near ? ww_search_distance_m(result, i) : -1;
        if (metres >= 0)
            ww_buf_printf(buf, ",\"afstand_m\":%.0f", metres);
        else if (params->search.near)
            ww_buf_printf(buf, ",\"afstand_m\":null,\"overal\":%s",
                          ww_search_everywhere(result, schema, i) ? "true" : "false");
        unsigned place = ww_search_shard(result, i);
        if (region && place < region->count) { /* which gemeente offers it */
            ww_buf_puts(buf, ",\"gemeente\":{\"id\":");
            ww_json_append_string(buf, region->members[place].id,
                                  strlen(region->members[place].id));
            ww_buf_puts(buf, ",\"naam\":");
            ww_json_append_string(buf, region->members[place].name,
                                  strlen(region->members[place].name));
            ww_buf_putc(buf, '}');
        }
        ww_buf_putc(buf, '}');
    }
    ww_buf_putc(buf, ']');
}

/* A region's `gemeente` facet (matches per gemeente, as choosing it would give) and `onvolledig`
 * (the gemeenten whose results are missing: down or too slow), into `tail`. */
static void add_region(json_t *tail, const ww_region *region, const ww_search_result *result,
                       uint64_t missing)
{
    json_t *counts = json_object(), *absent = json_array();
    for (size_t i = 0; i < region->count; i++) {
        if ((missing >> i) & 1)
            json_array_append_new(absent, json_string(region->members[i].id));
        else if (result->shard_counts[i])
            json_object_set_new(counts, region->members[i].id,
                                json_integer(result->shard_counts[i]));
    }
    json_object_set_new(json_object_get(tail, "facets"), "gemeente", counts);
    json_object_set_new(tail, "onvolledig", absent);
}

/* `plaats`: where the search was made from, and the wijk(en) there, for a client to offer as a
 * filter; null without a place. A new value. */
static json_t *place_json(const ww_search_params *params)
{
    const ww_search_place *place = &params->place;
    if (!place->found)
        return json_null();
    json_t *wijken = json_array();
    for (size_t i = 0; i < place->found->wijk_count; i++)
        json_array_append_new(wijken, json_string(place->found->wijken[i]));
    return json_pack("{s:o,s:s,s:o,s:f,s:f,s:o}", "postcode",
                     place->postcode[0] ? json_string(place->postcode) : json_null(),
                     "postcodegebied", place->found->code, "wijken", wijken, "lat", place->lat,
                     "lon", place->lon, "straal_km",
                     place->radius_km > 0 ? json_real(place->radius_km) : json_null());
}

static void add_facet(const char *value, unsigned count, void *ctx)
{
    json_object_set_new(ctx, value, json_integer(count));
}

/* Facet counts in vocabulary order (the order a page shows them in). */
static json_t *facets_json(const ww_schema *schema, const ww_search_result *result)
{
    json_t *facets = json_object();
    for (size_t i = 0; i < WW_FILTER_COUNT; i++) {
        json_t *counts = json_object();
        ww_search_each_facet(result, schema, &WW_FILTERS[i], add_facet, counts);
        json_object_set_new(facets, WW_FILTERS[i].param, counts);
    }
    return facets;
}

/* Names everything a search answer depends on: the index version the thread reads, today
 * (expiry) and the parsed parameters, each length-prefixed so no two requests share a key.
 * NULL (do not cache) when the version is unknown. Caller frees. */
static char *cache_key(ww_server *srv, const ww_search_params *p)
{
    const char *why;
    if (!ww_readers_get(srv->readers, &why) || !*ww_readers_version(srv->readers))
        return NULL;
    ww_buf key = {0};
    ww_buf_printf(&key, "%s|%s|%zu:%s|%ld|%ld|%d%d|%d", ww_readers_version(srv->readers), p->today,
                  p->q ? strlen(p->q) : 0, p->q ? p->q : "", p->page, p->per_page, p->search.gratis,
                  p->search.voorliggend, (int)p->search.sort);
    if (p->search.near)
        ww_buf_printf(&key, "|@%s|%.7f,%.7f|%g", p->place.postcode, p->search.lat, p->search.lon,
                      p->search.radius_m);
    if (p->search.open_now) { /* the answer holds for this quarter of an hour only */
        int wday, quarter;
        ww_opening_quarter_of(p->search.now, &wday, &quarter);
        ww_buf_printf(&key, "|open %d.%d", wday, quarter);
    }
    for (size_t i = 0; i < p->filter_count; i++)
        ww_buf_printf(&key, "|%s=%zu:%s", p->filters[i].param, strlen(p->filters[i].value),
                      p->filters[i].value);
    return key.data;
}

/* [{id, score}] with scores rounded to two decimals; a new array. */
static json_t *scores_json(const ww_ambition_score *scores, size_t count)
{
    json_t *out = json_array();
    for (size_t i = 0; i < count; i++)
        json_array_append_new(out, json_pack("{s:s,s:f}", "id", scores[i].id, "score",
                                             (double)(long)(scores[i].score * 100 + 0.5) / 100));
    return out;
}

/* The answer to a search, as interfaces.md spells it, with `hulp_nu` (taken) last: compact JSON
 * in *body (caller frees), or false when it cannot be made. */
static bool search_answer(const ww_server *srv, const ww_search_params *params,
                          const ww_search_result *result, json_t *hulp_nu, ww_buf *body)
{
    const ww_schema *schema = srv->schema;
    json_t *head = json_pack("{s:s,s:i,s:b,s:i,s:i}", "query", params->q ? params->q : "", "total",
                             (json_int_t)result->total, "total_exact", result->total_exact, "page",
                             (json_int_t)params->page, "per_page", (json_int_t)params->per_page);
    /* match: whether the best result fits the question ("goed"), only weakly ("zwak": a client
     * should say so and offer the wijkteam rather than show confident noise), or nothing was
     * found ("geen"). */
    const char *match = result->total == 0 ? "geen" : result->weak ? "zwak" : "goed";
    /* query_leefgebieden, query_doelgroepen: what the question is about besides its ambitions
     * (schema/vraag-regels.yaml); query_wijken: the wijken it names. For clients to offer as
     * one-click filters. */
    json_t *tail =
        json_pack("{s:o,s:o,s:o,s:o,s:o,s:o,s:o,s:b,s:s,s:o}", "plaats", place_json(params),
                  "facets", facets_json(schema, result), "query_ambities",
                  scores_json(result->ambitions, result->ambition_count), "query_leefgebieden",
                  scores_json(result->leefgebieden, result->leefgebied_count), "query_doelgroepen",
                  scores_json(result->doelgroepen, result->doelgroep_count), "query_wijken",
                  scores_json(result->wijken, result->wijk_count), "suggestion",
                  result->suggestion ? json_string(result->suggestion) : json_null(),
                  "suggestion_used", result->suggestion_used, "match", match, "hulp_nu", hulp_nu);
    bool made = head && tail;
    if (made && srv->region)
        add_region(tail, srv->region, result, ww_readers_missing(srv->readers));
    if (made) {
        ww_buf_putc(body, '{');
        append_members(body, head);
        ww_buf_putc(body, ',');
        append_results(body, schema, srv->region, params, result);
        ww_buf_putc(body, ',');
        append_members(body, tail);
        ww_buf_putc(body, '}');
    }
    json_decref(head);
    json_decref(tail);
    return made;
}

/* `hulp_nu`: the help lines when the question signals danger (schema/hulp-nu.yaml), else null;
 * the sociaal wijkteam of the site's configuration (web/site.yaml) comes last, as on the page. */
static json_t *help_now(const ww_server *srv, const char *q)
{
    /* Most questions signal nothing: match first, and only then look up the wijkteam's line. */
    ww_help_kinds kinds = ww_help_now_match(srv->schema->help_now, q);
    if (!kinds)
        return json_null();
    const char *name = ww_site_text(srv->site, "wijkteam.naam");
    ww_help_line wijkteam = {
        .id = "wijkteam",
        .name = name,
        .phone = ww_site_text(srv->site, "wijkteam.telefoon"),
        .tel = ww_site_text(srv->site, "wijkteam.tel"),
        .url = ww_site_text(srv->site, "wijkteam.website"),
        .url_text = ww_site_text(srv->site, "wijkteam.website"),
        .explanation = "Voor hulp die niet meteen hoeft: het wijkteam denkt met u mee.",
    };
    json_t *help = ww_help_now_json(srv->schema->help_now, kinds, name ? &wijkteam : NULL);
    return help ? help : json_null();
}

void ww_api_search(ww_server *srv, const ww_request *req, ww_response *res)
{
    ww_search_params params;
    static const char *const REGION_PARAMS[] = {"gemeente", NULL};
    if (!ww_search_params_read(srv->schema, req, srv->region ? REGION_PARAMS : NULL, 20, &params) ||
        !ww_lookup_read_gemeenten(srv, req, &params)) {
        ww_reply_error(res, 400, "bad_parameter", "%s", params.problem);
        return;
    }
    char *key = cache_key(srv, &params), *cached;
    size_t cached_len;
    if (key && ww_cache_get(srv->cache, key, &cached, &cached_len)) {
        /* An answer from the cache counts as a search too; its "match" says how it went. */
        if (strstr(cached, "\"match\":\"geen\"") || strstr(cached, "\"match\":\"zwak\""))
            ww_lookup_note_question(srv, params.q, NULL);
        ww_reply_body(res, 200, WW_JSON_TYPE, cached, cached_len);
        free(key);
        return;
    }
    ww_search_result result;
    if (ww_lookup_search(srv, &params.search, &result, res)) {
        ww_buf body = {0};
        if (result.total == 0 || result.weak)
            ww_lookup_note_question(srv, params.q, &result);
        if (search_answer(srv, &params, &result, help_now(srv, params.q), &body)) {
            size_t len = body.len;
            ww_reply_body(res, 200, WW_JSON_TYPE, ww_buf_release(&body), len);
        } else {
            ww_reply_json(res, 200, NULL); /* a 500 that says so */
        }
        ww_search_result_free(&result);
        if (key && res->status == 200)
            ww_cache_put(srv->cache, key, res->body, res->body_len);
    }
    free(key);
}

/* ---- Entries, ambitions ----------------------------------------------------------------- */

void ww_api_entry(ww_server *srv, const ww_request *req, ww_response *res)
{
    const char *id = req->path + strlen("/api/v1/entries/");
    json_t *entry;
    char *etag = NULL;
    uint64_t shards;
    if (req->bad_encoding || !ww_lookup_gemeente(srv, req, &shards)) {
        ww_reply_error(res, 404, "not_found", "dit aanbod bestaat niet");
    } else if (ww_lookup_entry_in(srv, shards, id, &entry, &etag, res)) {
        ww_reply_json(res, 200, entry);
        /* What a partner sends back in If-Match to change this entry: the version of this very
         * body, from the index with it. Were the file newer than the index, that If-Match gets
         * a 412 rather than overwriting a change the partner never saw. */
        if (etag)
            ww_reply_header(res, "ETag", etag);
        free(etag);
    }
}

void ww_api_ambities(ww_server *srv, const ww_request *req, ww_response *res)
{
    (void)req;
    json_t *counts = ww_lookup_ambition_counts(srv, res);
    if (!counts)
        return;
    const ww_vocab *vocab = ww_schema_vocab(srv->schema, "ambities");
    json_t *list = json_array();
    for (size_t k = 0; k < vocab->count; k++) {
        json_int_t n = json_integer_value(json_object_get(counts, vocab->items[k].id));
        json_array_append_new(list, json_pack("{s:s,s:s,s:I}", "id", vocab->items[k].id, "label",
                                              vocab->items[k].label, "count", n));
    }
    json_decref(counts);
    ww_reply_json(res, 200, json_pack("{s:o}", "ambities", list));
}

/* The bytes of schema/openapi.json as the server read them at start-up (ww_server_open). */
void ww_api_openapi(ww_server *srv, const ww_request *req, ww_response *res)
{
    (void)req;
    char *copy = ww_xmalloc(srv->openapi_len + 1);
    memcpy(copy, srv->openapi, srv->openapi_len + 1);
    ww_reply_body(res, 200, WW_JSON_TYPE, copy, srv->openapi_len);
}

/* ---- Operations ------------------------------------------------------------------------- */

/* Entries and age of the published index; false when there is none, with the reason in *why. */
static bool index_facts(ww_server *srv, long *entries, double *age, const char **why)
{
    *why = "de index gaf een fout";
    ww_reader *reader = ww_readers_get(srv->readers, why);
    unsigned count = 0;
    if (!reader || ww_reader_doc_count(reader, &count) != WW_OK)
        return false;
    *entries = count;
    *age = -1;
    char *built = NULL;
    if (ww_reader_metadata(reader, WW_META_BUILT, &built) == WW_OK)
        *age = ww_utc_age(built);
    free(built);
    return true;
}

void ww_api_healthz(ww_server *srv, const ww_request *req, ww_response *res)
{
    (void)req;
    long entries;
    double age;
    const char *why;
    if (!index_facts(srv, &entries, &age, &why)) {
        ww_reply_error(res, 503, "no_index", "er is geen index geladen: %s", why);
        return;
    }
    json_t *health = json_pack("{s:s,s:I,s:f}", "status", "ok", "entries", (json_int_t)entries,
                               "index_age_seconds", age);
    if (srv->region) {
        /* A region is degraded, not down, while a gemeente's index is away: it still answers. */
        uint64_t missing = ww_readers_probe(srv->readers);
        json_t *members = json_array();
        for (size_t i = 0; i < srv->region->count; i++)
            json_array_append_new(members,
                                  json_pack("{s:s,s:s}", "id", srv->region->members[i].id, "status",
                                            (missing >> i) & 1 ? "onbereikbaar" : "ok"));
        json_object_set_new(health, "gemeenten", members);
        if (missing)
            json_object_set_new(health, "status", json_string("onvolledig"));
    }
    ww_reply_json(res, 200, health);
}

void ww_api_metrics(ww_server *srv, const ww_request *req, ww_response *res)
{
    (void)req;
    ww_metrics_facts facts = {.entries = 0, .index_age_seconds = -1};
    const char *why;
    index_facts(srv, &facts.entries, &facts.index_age_seconds, &why);
    ww_cache_counts(srv->cache, &facts.cache_hits, &facts.cache_misses);
    facts.index_waiting = srv->indexing ? (long)ww_indexing_waiting(srv->indexing) : 0;
    char *text = ww_metrics_render(srv->metrics, &facts);
    ww_reply_body(res, 200, "text/plain; version=0.0.4; charset=utf-8", text, strlen(text));
}
