/* ww_xapian.h -- the project's C interface to Xapian.
 *
 * Everything Wegwijzer does with Xapian goes through this header; only ww_xapian.cc includes
 * <xapian.h>. Handles are opaque, every function returns a ww_status (WW_OK is 0), and no C++
 * exception ever crosses into C: each exported function catches everything and turns it into a
 * status with a message kept on the handle (ww_*_last_error) or handed back through `errmsg`.
 * Out of memory aborts, as in the C code (ww_util.h). Strings handed out are the caller's to free
 * unless a function says otherwise.
 *
 * Text given to this module must already be folded (ww_fold): lower case, accents removed.
 * Term prefixes and value slots come from ww_layout.h; this module does not know field names.
 *
 * Threads: a handle is used by one thread at a time. Readers are cheap; give every thread its own.
 */
#ifndef WW_XAPIAN_H
#define WW_XAPIAN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef enum {
    WW_OK = 0,
    WW_ERR_NOT_FOUND, /* no such database, document or key */
    WW_ERR_LOCKED,    /* another writer holds the database */
    WW_ERR_MODIFIED,  /* the database changed under a reader: reopen and retry */
    WW_ERR_CORRUPT,   /* the database files are damaged */
    WW_ERR_IO,        /* reading or writing the database failed */
    WW_ERR_INVALID,   /* a bad argument, e.g. a NULL or an oversized term */
    WW_ERR_NO_MEMORY, /* a std::bad_alloc thrown by name (operator new aborts instead) */
    WW_ERR_XAPIAN,    /* any other Xapian error */
    WW_ERR_INTERNAL   /* an exception that is not a Xapian one */
} ww_status;

/* A short English description of a status; a static string. */
const char *ww_status_to_string(ww_status status);

typedef struct ww_writer ww_writer; /* a database open for writing */
typedef struct ww_doc ww_doc;       /* a document being built for a writer */
typedef struct ww_reader ww_reader; /* a database open for reading */
typedef struct ww_query ww_query;   /* a query tree */
typedef struct ww_mset ww_mset;     /* one page of results with facet counts */

/* ---- Text analysis shared by both sides ---------------------------------------------- */

/* How text is analysed, the same on the writing and the reading side: Dutch stemming, words
 * that carry no meaning, and stem exceptions for words the Dutch stemmer joins although they
 * mean different things ("ouders" and "ouderen" both become "ouder"). All folded; the lists
 * are copied by the setters. */
typedef struct {
    const char *const *stopwords;
    size_t stopword_count;
    const char *const *stem_words; /* stem_words[i] stems to stem_targets[i] */
    const char *const *stem_targets;
    size_t stem_count;
} ww_language;

/* ---- Writing ------------------------------------------------------------------------- */

/* Opens (create=true: creates or overwrites) the database at `path`. On failure *errmsg gets
 * a malloc'd message (caller frees) and *out stays NULL. */
ww_status ww_writer_open(const char *path, bool create, ww_writer **out, char **errmsg);

/* Commits nothing: pending changes since the last commit are dropped. NULL is allowed. */
void ww_writer_close(ww_writer *writer);

/* The message of the last failed call on this handle; owned by the handle, valid until the next
 * call on it. */
const char *ww_writer_last_error(const ww_writer *writer);

ww_status ww_writer_set_language(ww_writer *writer, const ww_language *language);
/* The stem of one folded word as this writer indexes it, or of each word of a phrase, one space
 * apart (*out: new string, caller frees). */
ww_status ww_writer_stem(ww_writer *writer, const char *word, char **out);

/* Begins a new, empty document; the writer owns it until ww_writer_replace or ww_doc_free. */
ww_status ww_writer_new_doc(ww_writer *writer, ww_doc **out);
void ww_doc_free(ww_doc *doc);

/* Indexes free text: words and their Dutch stems, and positions for phrases; with `spelling`
 * its words also feed the spelling corrections ("bedoelde u"). `weight` repeats every word
 * that many times (titles weigh more than descriptions); `prefix` is "" for the general text
 * or a field prefix from ww_layout.h. */
ww_status ww_doc_index_text(ww_doc *doc, const char *folded_text, unsigned weight,
                            const char *prefix, bool spelling);
/* Adds a term that ranks like a word of the text (no position), `wdf` times. */
ww_status ww_doc_add_term(ww_doc *doc, const char *term, unsigned wdf);
/* Adds a filter term that does not affect ranking. */
ww_status ww_doc_add_boolean_term(ww_doc *doc, const char *term);
/* Sets a value slot (facets, sorting, expiry). The bytes are copied. */
ww_status ww_doc_set_value(ww_doc *doc, unsigned slot, const char *bytes, size_t len);
/* Sets the places of a document (WGS84 degrees, `count` of them) in `slot` for the geospatial
 * queries and sorting below; nothing when `count` is 0. WW_ERR_INVALID for a coordinate out of
 * range (lat beyond +-90). */
ww_status ww_doc_set_places(ww_doc *doc, unsigned slot, const double *lat, const double *lon,
                            size_t count);
/* Sets the stored data handed back with each result. The bytes are copied. */
ww_status ww_doc_set_data(ww_doc *doc, const char *bytes, size_t len);

/* Adds or replaces the document whose unique term is `id_term`, then frees `doc`
 * (also on failure). */
ww_status ww_writer_replace(ww_writer *writer, const char *id_term, ww_doc *doc);
/* Adds `doc` with its unique term `id_term` without looking for a document to replace, then
 * frees `doc` (also on failure). Only for an id not in the database yet, such as every entry of
 * a full build into a new database: the look-up ww_writer_replace does per document is a B-tree
 * search once Xapian has flushed to disk. */
ww_status ww_writer_add(ww_writer *writer, const char *id_term, ww_doc *doc);
/* Removes the document whose unique term is `id_term`; absent is not an error. */
ww_status ww_writer_delete(ww_writer *writer, const char *id_term);
/* Lists the unique terms that start with `prefix`, calling `each` for every one. */
ww_status ww_writer_each_term(ww_writer *writer, const char *prefix,
                              void (*each)(const char *term, void *ctx), void *ctx);
/* The ids (unique terms with prefix `id_prefix`) of documents that hold `term`. */
ww_status ww_writer_each_doc_with_term(ww_writer *writer, const char *term, const char *id_prefix,
                                       void (*each)(const char *id_term, void *ctx), void *ctx);

/* Number of documents, counting changes not yet committed. */
ww_status ww_writer_doc_count(ww_writer *writer, unsigned *out);
/* A metadata value; *out is "" when absent. Caller frees *out. */
ww_status ww_writer_metadata(ww_writer *writer, const char *key, char **out);

/* Synonyms: `key` is a term as the query side looks it up (see ww_search.c). */
ww_status ww_writer_clear_synonyms(ww_writer *writer);
ww_status ww_writer_add_synonym(ww_writer *writer, const char *key, const char *synonym);
/* Adds a folded word to the spelling dictionary that suggestions come from (as if it occurred
 * once in the catalog). */
ww_status ww_writer_add_spelling(ww_writer *writer, const char *word);
/* The same, as if `word` had been seen `freq` times. */
ww_status ww_writer_add_spelling_freq(ww_writer *writer, const char *word, unsigned freq);

/* Database-wide key/value metadata; an empty value removes the key. */
ww_status ww_writer_set_metadata(ww_writer *writer, const char *key, const char *value);

/* Makes every change since the last commit visible to readers at once. */
ww_status ww_writer_commit(ww_writer *writer);

/* ---- Reading ------------------------------------------------------------------------- */

ww_status ww_reader_open(const char *path, ww_reader **out, char **errmsg);
/* A reader over several indexes as one, such as a region's, one per gemeente (issue 18): each
 * of the `count` (at most 64) `locations` is a database's folder, or "tcp://host:port" for one
 * that xapian-tcpsrv serves, waited for at most timeout_ms to connect and to answer (a NULL
 * location is left out, as a shard that does not open). Xapian
 * combines the shards' statistics, so ranking is as if they were one index. A shard that does
 * not open (down, or too slow) is left out, with bit i of *missing set; WW_ERR_IO, with the
 * reason in *errmsg (caller frees), when none opens. Facets are then counted by Xapian's own
 * ValueCountMatchSpy, the only kind of spy a remote shard runs. Spellings and synonyms, which
 * the remote backend does not have, come from the database at `words` (a folder; NULL: the first
 * shard on this host, else none). */
ww_status ww_reader_open_shards(const char *const *locations, size_t count, unsigned timeout_ms,
                                const char *words, ww_reader **out, uint64_t *missing,
                                char **errmsg);
/* Calls `each` with every word of the reader's index (its terms without a prefix) and in how
 * many documents it is: for a region's own word database (ww_build_words). */
ww_status ww_reader_each_word(ww_reader *reader,
                              void (*each)(const char *word, unsigned freq, void *ctx), void *ctx);
/* A region's gemeente with a schema of its own numbers its wijken otherwise: in the facet masks
 * of the shard at `place`, bit b of facet field `field` stands for bit to[b] (< 64) of the
 * reader's. Every count and result mask of that shard is read so (one field per shard). */
ww_status ww_reader_set_shard_bits(ww_reader *reader, unsigned place, size_t field,
                                   const uint8_t to[64]);
/* The shards a reader opened (0 for a plain reader), shard i's place among the locations it was
 * opened with, and a metadata value of shard i (caller frees). */
size_t ww_reader_shard_count(const ww_reader *reader);
unsigned ww_reader_shard_place(const ww_reader *reader, size_t i);
ww_status ww_reader_shard_metadata(ww_reader *reader, size_t i, const char *key, char **out);
void ww_reader_close(ww_reader *reader);
/* Like ww_writer_last_error: owned by the handle, valid until the next call on it. */
const char *ww_reader_last_error(const ww_reader *reader);

/* Moves the reader to the newest committed revision; *changed says whether there was one. */
ww_status ww_reader_reopen(ww_reader *reader, bool *changed);
/* The committed revision the reader sees: changes with every commit of the index. */
ww_status ww_reader_revision(ww_reader *reader, unsigned long *out);

/* The language for the query side; must equal the writer's. */
ww_status ww_reader_set_language(ww_reader *reader, const ww_language *language);
/* The stem of one folded word as queries see it (*out: new string, caller frees). */
ww_status ww_reader_stem(ww_reader *reader, const char *word, char **out);

ww_status ww_reader_doc_count(ww_reader *reader, unsigned *out);
/* In how many documents `term` occurs (0 when it does not). */
ww_status ww_reader_term_freq(ww_reader *reader, const char *term, unsigned *out);
/* The most frequent term that starts with `prefix` and is longer than it, and its frequency;
 * *out_term is NULL (and *out_freq 0) when there is none. Caller frees *out_term. */
ww_status ww_reader_best_completion(ww_reader *reader, const char *prefix, unsigned max_scan,
                                    char **out_term, unsigned *out_freq);
/* Metadata value for `key`; *out is "" when absent. Caller frees *out. */
ww_status ww_reader_metadata(ww_reader *reader, const char *key, char **out);
/* Stored data of the document with unique term `id_term` (a copy; caller frees *out) and, with
 * `value` not NULL, its value in `value_slot` (a copy the caller frees; NULL when it has none),
 * both of the same revision. */
ww_status ww_reader_get_data(ww_reader *reader, const char *id_term, char **out, size_t *len,
                             int value_slot, char **value);
/* The same among a sharded reader's shards at the places in `shards` only (0: all): an entry
 * of one gemeente of a region, where two gemeenten may use one id. */
ww_status ww_reader_get_data_in(ww_reader *reader, uint64_t shards, const char *id_term, char **out,
                                size_t *len, int value_slot, char **value);
/* The spelling correction Xapian suggests for one folded word; *out is NULL when none. */
ww_status ww_reader_spelling(ww_reader *reader, const char *word, char **out);

/* ---- Queries -------------------------------------------------------------------------
 * A ww_query is a value: combining functions copy what they are given, so every query the
 * caller made is still the caller's to free with ww_query_free. Constructors return NULL only
 * when given NULL (or a query Xapian refuses to build). */

typedef enum {
    WW_OP_AND,       /* all must match */
    WW_OP_OR,        /* any may match; more matches rank higher */
    WW_OP_AND_MAYBE, /* the first must match, the others only add weight */
    WW_OP_AND_NOT,   /* the first must match, and none of the others */
    WW_OP_FILTER,    /* the first must match and ranks; the others must match, unweighted */
    WW_OP_SYNONYM,   /* like OR, but weighted as if one term */
    WW_OP_PHRASE     /* terms (ww_query_term) that follow each other in this order */
} ww_query_op;

/* Parses folded free text the way the resident typed it: Dutch stems, stopwords, phrases in
 * quotes; any word may match. Synonyms are ww_query_synonyms's. The reader must stay open while
 * the query is used. */
ww_query *ww_query_parse(ww_reader *reader, const char *folded_text);
/* The synonyms of one folded word in the index's synonym list (not the word itself), weighed
 * as one term. NULL when the word has none, or on an error (reader's last error). */
ww_query *ww_query_synonyms(ww_reader *reader, const char *folded_word);
/* Whether the index's spelling dictionary has a folded word as written: a word of the catalog,
 * of the synonym list or of a vocabulary label. False on an error too (reader's last error). */
bool ww_reader_has_spelling(ww_reader *reader, const char *folded_word);
/* Whether the index's synonym list knows a folded word (by its stem): a word residents use that
 * the catalog may lack ("geldnood"). False on an error too (reader's last error). */
bool ww_reader_has_synonyms(ww_reader *reader, const char *folded_word);
ww_query *ww_query_term(const char *term);
/* Documents with `term` (a boolean term too), each weighing `weight` (> 0): a fixed boost. */
ww_query *ww_query_term_weight(const char *term, double weight);
/* Every term that starts with `prefix`, at most `max_expansion` (> 0) of the most frequent ones.
 * (Xapian 1.4 expands to no term at all when asked for at most 0 of the most frequent.) */
ww_query *ww_query_prefix(const char *prefix, unsigned max_expansion);
/* Documents whose value in `slot` is at least `lower` (byte-wise). */
ww_query *ww_query_value_at_least(unsigned slot, const char *lower);
/* Documents with a place (ww_doc_set_places) within `max_m` metres (> 0) of a point. */
ww_query *ww_query_near(unsigned slot, double lat, double lon, double max_m);
/* Metres between two points along the earth's surface, as the queries and sorting above measure
 * it (Xapian's great-circle metric); NaN for a coordinate out of range. */
double ww_geo_distance_m(double lat1, double lon1, double lat2, double lon2);
/* Multiplies the weight of `sub` by `factor` (> 0). */
ww_query *ww_query_scale(const ww_query *sub, double factor);
/* Another handle on the same query (free both). */
ww_query *ww_query_copy(const ww_query *query);
ww_query *ww_query_combine(ww_query_op op, const ww_query *const *subs, size_t count);
/* Everything (an empty search that only filters). */
ww_query *ww_query_all(void);
bool ww_query_is_empty(const ww_query *query);
/* A readable description for logs and tests; caller frees. */
char *ww_query_describe(const ww_query *query);
void ww_query_free(ww_query *query);

/* A filter on a facet field that a search applies from the facet table instead of from its query
 * (ww_search_options.choices): a document passes when its mask of `field` has a bit of `pass`.
 * The same pass counts what choosing one more value of the field would give, as
 * ww_reader_count_choices counts it with `chosen`. */
typedef struct {
    size_t field;
    uint64_t pass, chosen;
} ww_choice_filter;

#define WW_MAX_FACET_FIELDS 16

/* How a search runs and what it hands back. */
typedef struct {
    unsigned offset, limit; /* results [offset, offset+limit) */
    int sort_slot;          /* >= 0: ascending by this value, then by relevance (browsing by
                               title, the shortest waiting time), the order read from a copy
                               of the slot's order in memory, made as the facets' are (4 bytes
                               a document); -1: best first */
    int result_slot;        /* >= 0: each result is this value; -1: the stored data */
    int facet_slot;         /* >= 0: a slot of facet_fields 64-bit little-endian masks, bit i
                               set when the document has value i of that field; -1: no facets.
                               Counted from a copy of the slot in memory, made on the first
                               search of a revision and shared by all readers of it (some 8
                               bytes per field and document) */
    size_t facet_fields;    /* at most WW_MAX_FACET_FIELDS */
    int mask_slot;          /* >= 0: each result also carries this slot's masks (ww_mset_mask);
                               -1: none */
    unsigned exact_up_to;   /* the total and the facets are exact up to this many matches;
                               beyond, they are estimated from the matches counted (at least
                               offset + limit are always counted) */
    bool geo;               /* each result gets its distance from (geo_lat, geo_lon) to the
                               places in geo_slot (ww_doc_set_places): ww_mset_distance_m */
    unsigned geo_slot;
    double geo_lat, geo_lon;
    bool geo_sort; /* with geo: nearest first (then by relevance), documents without a
                      place last, the places read from a copy of geo_slot in memory, made as
                      the facets' are (16 bytes a place); sort_slot is then not used */
    bool extra;    /* each result also carries its value in extra_slot: ww_mset_extra */
    unsigned extra_slot;
    uint64_t shards; /* a sharded reader: only the shards at these places (bit i: location i);
                        0: all */
    /* With a reader that is not sharded, `open_query`, when given, is searched instead of the
     * query: the query without its filter on valid_slot (when valid_on is given) and without
     * the filters of `choices` (when there are any), which are applied from copies of those
     * slots in memory (made as the facets' are) instead of a value read per match. With valid_on
     * (YYYY-MM-DD) the documents whose date in valid_slot is before it are left out, as a
     * filter ww_query_value_at_least(valid_slot, valid_on) would. With facets, the documents
     * that fail only one of `choices` are counted for its field's choices in the same pass
     * (ww_mset_choice_counts): one match where ww_reader_count_choices needs one more per
     * field. */
    const ww_query *open_query;
    const char *valid_on;
    unsigned valid_slot;
    const ww_choice_filter *choices;
    size_t choice_count; /* at most WW_MAX_FACET_FIELDS */
} ww_search_options;

ww_status ww_reader_search(ww_reader *reader, const ww_query *query,
                           const ww_search_options *options, ww_mset **out);
/* Facet counts of one field for choosing more values of it: `query` must not filter on that
 * field; counts[v] becomes the number of its matches that have value v or one of the values
 * in the mask `chosen` (bit i: value i) -- what adding v to a filter on `chosen` would give.
 * Exact up to exact_up_to matches, scaled estimates beyond. `shards` as in ww_search_options. */
ww_status ww_reader_count_choices(ww_reader *reader, const ww_query *query, int facet_slot,
                                  size_t field, uint64_t chosen, unsigned exact_up_to,
                                  uint64_t shards, unsigned counts[64]);
/* A sharded reader: counts[place] = the exact number of matches of `query` in the shard at each
 * place (0 for places without an open shard). */
ww_status ww_reader_count_shards(ww_reader *reader, const ww_query *query, unsigned counts[64]);
/* The exact number of documents that match `query` (counted, not estimated). */
ww_status ww_reader_count(ww_reader *reader, const ww_query *query, unsigned *out);
/* Of the documents that match `query`: each distinct value in `slot` (documents without one are
 * left out) with how many matches have it, in byte order of the values; exact (Xapian's
 * ValueCountMatchSpy). `value` is not NUL-terminated and valid during the call only. */
ww_status ww_reader_count_values(ww_reader *reader, const ww_query *query, unsigned slot,
                                 void (*each)(const char *value, size_t len, unsigned count,
                                              void *ctx),
                                 void *ctx);
/* Of the documents that match `query`: per distinct value in `group_slot`, the least value (in
 * byte order) in `value_slot`, documents lacking either left out; `each` in byte order of the
 * groups, the bytes valid during the call only. */
ww_status ww_reader_least_values(ww_reader *reader, const ww_query *query, unsigned group_slot,
                                 unsigned value_slot,
                                 void (*each)(const char *group, size_t group_len,
                                              const char *least, size_t least_len, void *ctx),
                                 void *ctx);
/* Documents like the one with unique term `id_term`, by Xapian's own relevance feedback: its
 * `terms` most distinctive stems (an expand set with the document as the relevance set) as a
 * query (never the `skip_count` terms in `skip`: "Z" + stem, such as the stems of its
 * organisation's name, which make two activities of one buurthuis look alike), the best `limit`
 * other documents that also match `filter` (NULL: any). `each` gets,
 * best first, a match's value in `result_slot`, its score (its weight for those stems over the
 * document's own weight for them: 1 for a copy, near 0 for a stranger) and the stems they share;
 * all valid during the call only. WW_ERR_NOT_FOUND when there is no such document. */
ww_status ww_reader_similar(ww_reader *reader, const char *id_term, unsigned terms,
                            const char *const *skip, size_t skip_count, const ww_query *filter,
                            unsigned limit, unsigned result_slot,
                            void (*each)(const char *data, size_t len, double score,
                                         const char *const *shared, size_t shared_count, void *ctx),
                            void *ctx);
void ww_mset_free(ww_mset *mset);
/* Number of matching documents: exact, or an estimate when ww_mset_total_exact is false. */
unsigned ww_mset_total(const ww_mset *mset);
bool ww_mset_total_exact(const ww_mset *mset);
/* Number of results on this page. */
unsigned ww_mset_size(const ww_mset *mset);
/* Result i (the stored data or the result slot's value); owned by the mset. */
const char *ww_mset_data(const ww_mset *mset, unsigned i, size_t *len);
double ww_mset_weight(const ww_mset *mset, unsigned i);
/* Result i's shard's place (a sharded reader; 0 otherwise). */
unsigned ww_mset_shard(const ww_mset *mset, unsigned i);
/* A sharded reader's search with facets counts them shard by shard, and so learns each shard's
 * matches on the way (exact up to exact_up_to, estimated beyond, as the facets): counts[place]
 * for the shards searched. False, and nothing written, when the search did not count them. */
bool ww_mset_shard_counts(const ww_mset *mset, unsigned counts[64]);
/* The counts of options.choices[i] (as ww_reader_count_choices gives them) when the search
 * counted them exactly: every document that passes the other choice filters was seen. False,
 * and nothing written, when it did not (a sharded reader, or more matches than exact_up_to):
 * ask ww_reader_count_choices. */
bool ww_mset_choice_counts(const ww_mset *mset, size_t i, unsigned counts[64]);
/* Result i's value in options.extra_slot (empty when the search had no extra); owned by the
 * mset. */
const char *ww_mset_extra(const ww_mset *mset, unsigned i, size_t *len);
/* Metres from the search's point (options.geo_slot) to result i's nearest place; -1 when it has
 * none or the search had no point. */
double ww_mset_distance_m(const ww_mset *mset, unsigned i);
/* Result i's values of facet field `field` as a mask (bit n: the vocabulary's value n), from
 * options.mask_slot; 0 when that was -1. */
uint64_t ww_mset_mask(const ww_mset *mset, unsigned i, size_t field);
/* Facet counts of field f: `each` is called for every value (bit) with a count above 0, in
 * bit order. Estimated counts are scaled so that a field with one value per document still
 * adds up to the total. */
void ww_mset_each_facet(const ww_mset *mset, size_t f,
                        void (*each)(unsigned value, unsigned count, void *ctx), void *ctx);

#ifdef __cplusplus
}
#endif

#endif
