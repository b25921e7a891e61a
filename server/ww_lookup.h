/* ww_lookup.h -- what handlers ask of the index, each with one policy for a reader that fails
 * (one more try on a fresh reader, then 503): a search, one entry, and the number of entries
 * per ambition; and the parameters of a search as a request gives them.
 *
 * Errors: a function that cannot answer replies the API's JSON error into `res` and returns
 * false; a page that wants its own error page looks at res->status. */
#ifndef WW_LOOKUP_H
#define WW_LOOKUP_H

#include "ww_http.h"
#include "ww_search.h"
#include "ww_time.h"

#include <jansson.h>
#include <stdbool.h>

typedef struct ww_server ww_server;

/* The search parameters of a request (q, page, per_page, gratis, voorliggend, sort, nu_open,
 * postcode or lat and lon, straal_km, and the filters), checked; `search` is ready to run and
 * points into the struct. */
/* Where a search is made from, as its parameters say. */
typedef struct {
    const ww_postcode_area *found; /* the postcode's area, or the one nearest to lat/lon; NULL
                                      when the search has no place (owned by the schema) */
    char postcode[8];              /* as given, tidied ("8017 JZ", "8017"); "" for lat/lon */
    char area[WW_POSTCODE_AREA_SIZE];
    double lat, lon;
    double radius_km; /* 0: none */
} ww_search_place;

typedef struct {
    ww_search_request search;
    ww_search_place place;
    ww_filter_value filters[WW_FILTER_COUNT_MAX * 20];
    size_t filter_count;
    const char *q; /* borrowed from the request */
    long page, per_page;
    char today[WW_DATE_SIZE];
    char problem[512]; /* why reading failed, in Dutch */
} ww_search_params;

/* Reads the search parameters and checks them against the schema (every filter value one of its
 * vocabulary); `extra` (NULL-terminated, may be NULL) names more parameters to accept and leave
 * alone. False with p->problem set when a parameter is wrong: a 400, for the API and the pages
 * alike. */
bool ww_search_params_read(const ww_schema *schema, const ww_request *req, const char *const *extra,
                           long default_per_page, ww_search_params *p);

/* Runs a search on this thread's reader: one that ww_search_params_read checked, or one the
 * code built. False after replying 503. On true, *result is the caller's to free
 * (ww_search_result_free). */
bool ww_lookup_search(ww_server *srv, const ww_search_request *search, ww_search_result *result,
                      ww_response *res);

/* Counts question `q` (may be NULL) as unanswered for the gemeente (ww_questions), with what
 * `result` (NULL: not known, an answer from the cache) mapped it to; nothing when the count is
 * switched off or the question may say who asked. */
void ww_lookup_note_question(ww_server *srv, const char *q, const ww_search_result *result);

/* Asks this thread's reader for a JSON answer (`ask` returns NULL when the index fails), once
 * more on a fresh reader; NULL after replying 503. The answer is the caller's. */
json_t *ww_lookup_json(ww_server *srv, json_t *(*ask)(ww_reader *reader, void *ctx), void *ctx,
                       ww_response *res);

/* Entry `id` as the index stores it (completed, with its organisation): new JSON in *entry,
 * the caller's; with `version` not NULL, the ETag of the catalog file the entry was made from
 * (the caller's; NULL when the index does not know it), which always describes that very
 * entry. False after replying 404 (no such entry) or 503. */
bool ww_lookup_entry(ww_server *srv, const char *id, json_t **entry, char **version,
                     ww_response *res);
/* The same in a region among the gemeenten at the places in `shards` only (0: any; two
 * gemeenten may use one id). */
bool ww_lookup_entry_in(ww_server *srv, uint64_t shards, const char *id, json_t **entry,
                        char **version, ww_response *res);
/* A region's `gemeente` parameter of a search (repeatable): only those gemeenten, and the count
 * per gemeente in every search (the gemeente facet). False with p->problem set for a gemeente
 * the region does not have, or for sort=afstand or straal_km (not on remote shards); true and
 * nothing done on a single gemeente's server. */
bool ww_lookup_read_gemeenten(const ww_server *srv, const ww_request *req, ww_search_params *p);
/* A region's request for one gemeente's entry (`gemeente=kampen`): its place as a mask in
 * *shards (0 without the parameter, or on a single gemeente's server); false for a gemeente
 * the region does not have. */
bool ww_lookup_gemeente(const ww_server *srv, const ww_request *req, uint64_t *shards);

/* The number of current entries per ambition, exact whatever the size of the catalog: a new
 * object {ambition id: count} (the caller's), or NULL after replying 503. */
json_t *ww_lookup_ambition_counts(ww_server *srv, ww_response *res);

#endif
