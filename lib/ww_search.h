/* ww_search.h -- a resident's search, from request to results: free text with Dutch stemming,
 * synonyms, compound splitting and spelling suggestions; the filters of the API (values of one
 * parameter OR-ed, parameters AND-ed); expiry; facet counts; and which ambitions the question
 * belongs to. The server's API and the tests use it; it knows the index only through
 * ww_layout.h and ww_xapian.h. */
#ifndef WW_SEARCH_H
#define WW_SEARCH_H

#include "ww_layout.h"
#include "ww_schema.h"
#include "ww_xapian.h"

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <time.h>

typedef struct {
    const char *param; /* a ww_filter_field param: "wijk" */
    const char *value; /* a vocabulary id: "zuid" */
} ww_filter_value;

typedef enum {
    WW_SORT_RELEVANCE, /* by relevance; by title when there is no text (nearest first when
                          there is no text but a place) */
    WW_SORT_WAITING,   /* shortest waiting time (wonen.wachttijd_weken) first, then relevance */
    WW_SORT_DISTANCE   /* nearest first (needs a place), then relevance; entries without a
                          place last */
} ww_sort;

typedef struct {
    const char *text;               /* as typed (UTF-8); NULL or "" browses */
    const ww_filter_value *filters; /* borrowed */
    size_t filter_count;
    bool gratis;      /* kosten.soort is gratis */
    bool voorliggend; /* toegang is a voorliggende voorziening */
    ww_sort sort;
    const char *today;    /* YYYY-MM-DD: entries whose geldig_tot lies before it are hidden */
    bool without_facets;  /* skip counting facets (for measuring what they cost) */
    unsigned exact_up_to; /* count exactly up to this many matches; 0: WW_SEARCH_EXACT_UP_TO */
    unsigned offset, limit;
    /* Where the resident is (a postcode's centre or lat/lon): each result gets its distance
     * (ww_search_distance_m). */
    bool near;
    double lat, lon;
    /* With `near`, > 0: only entries with a place within this many metres, and entries without
     * any place that serve the whole gemeente or one of `near_wijken` (the wijken of the place;
     * borrowed): what is found by wijk today is not dropped for lack of coordinates. */
    double radius_m;
    const char *const *near_wijken;
    size_t near_wijk_count;
    /* Only entries on at `now` (a quarter of an hour of their `tijden` holds it entirely);
     * entries without times never are. */
    bool open_now;
    time_t now;
    /* A sharded reader (a region, a shard per gemeente: ww_reader_open_shards): only the shards at
     * these places (bit i: location i; 0: all), and with `count_shards` the matches per shard
     * of the question without that restriction (the gemeente facet). */
    uint64_t shards;
    bool count_shards;
    /* No nearest-first order (a region: Xapian's distance key does not run on remote shards);
     * results still get their distance. */
    bool no_distance_order;
} ww_search_request;

typedef struct {
    const char *id; /* ambition id, owned by the schema */
    double score;   /* 0..1; the scores of one question add up to 1 */
} ww_ambition_score;

/* Up to this many matches the total and the facets are exact; a broader question (most of the
 * catalog) gets an estimate, which keeps it fast. */
#define WW_SEARCH_EXACT_UP_TO 2000

/* At most this many leefgebieden (and doelgroepen) are named for one question. */
#define WW_MAX_QUESTION_CODES 3

typedef struct {
    ww_mset *mset; /* this page's results (each ww_entry_summary JSON) and facet counts */
    unsigned total;
    bool total_exact;     /* false: total and facet counts are estimates */
    char *suggestion;     /* "bedoelde u": the query with misspelled words corrected, or NULL */
    bool suggestion_used; /* the results are those of the suggestion: its corrected words were
                             searched for (the misspelled ones find nothing) */
    bool weak;            /* even the best result matches little of what the question means */
    ww_ambition_score ambitions[WW_MAX_AMBITIONS];
    size_t ambition_count; /* strongest first; 0 when the question says nothing */
    /* The leefgebieden and doelgroepen the question is about (schema/vraag-regels.yaml),
     * strongest first, scores adding up to 1; ids owned by the schema. */
    ww_ambition_score leefgebieden[WW_MAX_QUESTION_CODES], doelgroepen[WW_MAX_QUESTION_CODES];
    size_t leefgebied_count, doelgroep_count;
    /* The wijken the question names ("koffie stadshagen"), as named, equal scores adding up to
     * 1; ids owned by the schema. Their offers are found and weigh more, never filtered. */
    ww_ambition_score wijken[WW_MAX_QUESTION_CODES];
    size_t wijk_count;
    /* The counts of a filter that has chosen values: what choosing one more would give. */
    unsigned choice_counts[WW_FILTER_COUNT_MAX][64];
    bool choices_counted[WW_FILTER_COUNT_MAX];
    unsigned shard_counts[64]; /* with count_shards: the matches per shard's place */
} ww_search_result;

/* Why a request could not be run (status 400 material). */
typedef struct {
    char param[32];
    char message[512]; /* Dutch, names the allowed values */
} ww_search_error;

/* Whether a request can be run: every filter a known parameter with a value of its vocabulary,
 * the text valid UTF-8. False with *err (what a 400 says) otherwise. */
bool ww_search_check(const ww_schema *schema, const ww_search_request *request,
                     ww_search_error *err);

/* Runs a request that passed ww_search_check. WW_OK and *result (free with
 * ww_search_result_free), or the status of an index problem (message on the reader). */
ww_status ww_search(ww_reader *reader, const ww_schema *schema, const ww_search_request *request,
                    ww_search_result *result);
void ww_search_result_free(ww_search_result *result);

/* Result i's distance in metres from the request's place to its nearest location; -1 when it has
 * no location or the request no place. */
double ww_search_distance_m(const ww_search_result *result, unsigned i);
/* Result i's shard's place among the locations of a sharded reader (its gemeente in a region). */
unsigned ww_search_shard(const ww_search_result *result, unsigned i);
/* Whether result i serves the whole gemeente (a wijk marked `overal`, heel-zwolle). */
bool ww_search_everywhere(const ww_search_result *result, const ww_schema *schema, unsigned i);

/* Facet counts of `filter` (one of WW_FILTERS; NULL counts nothing) by vocabulary id, in
 * vocabulary order; values with no match are left out. Each count is the total that adding the
 * value to the request's filters gives: an `overal` value (heel-zwolle) counts for every value,
 * and a filter with chosen values is counted as if its own filter were not there, for the
 * union of the chosen values and the one counted. */
void ww_search_each_facet(const ww_search_result *result, const ww_schema *schema,
                          const ww_filter_field *filter,
                          void (*each)(const char *value, unsigned count, void *ctx), void *ctx);

/* A question as the gemeente's count of unanswered questions keeps it: folded, stopwords out,
 * each word's stem once, sorted ("eenzaam wijk" for "Ik ben eenzaam in mijn wijk"); NULL when it
 * has no words left, or when it may say who asked (an e-mail address, a number of more than
 * three digits, a name after "ik heet"): such a question is never kept. Caller frees. */
char *ww_search_question_key(ww_reader *reader, const ww_schema *schema, const char *text);

/* Sets the reader's language from the schema; call once after opening. */
ww_status ww_search_prepare(ww_reader *reader, const ww_schema *schema);

#endif
