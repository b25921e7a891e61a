/* ww_overlap.c -- pairs of offers that do much the same thing, and the editor's verdicts. */
#include "ww_overlap.h"

#include "ww_json.h"
#include "ww_layout.h"
#include "ww_text.h"
#include "ww_util.h"

#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

enum {
    LIKENESS_TERMS = 16, /* the stems an entry is compared by */
    CANDIDATES = 10      /* the most alike entries looked at per entry */
};

/* ---- The sets an entry's filter is made of ------------------------------------------------- */

static ww_query *term(const char *prefix, const char *value)
{
    char *t = ww_xasprintf("%s%s", prefix, value);
    ww_query *q = ww_query_term(t);
    free(t);
    return q;
}

static const char *everywhere_of(const ww_schema *schema, const ww_filter_field *field)
{
    const ww_vocab *vocab = ww_schema_vocab(schema, field->vocab);
    for (size_t i = 0; vocab && i < vocab->count; i++)
        if (vocab->items[i].everywhere)
            return vocab->items[i].id;
    return NULL;
}

/* Entries that share a value of `param` with `values`: any of them or the `overal` value; NULL
 * (no condition) when `values` holds the `overal` value itself or nothing. */
static ww_query *sharing(const ww_schema *schema, const char *param, const json_t *values)
{
    const ww_filter_field *field = ww_filter_by_param(param);
    const char *everywhere = everywhere_of(schema, field);
    if (json_array_size(values) == 0 || ww_json_list_has(values, everywhere))
        return NULL;
    size_t n = 0, i;
    ww_query **parts = ww_xcalloc(json_array_size(values) + 2, sizeof *parts);
    const json_t *v;
    json_array_foreach(values, i, v) parts[n++] = term(field->prefix, json_string_value(v));
    if (everywhere)
        parts[n++] = term(field->prefix, everywhere);
    ww_query *q = ww_query_combine(WW_OP_OR, (const ww_query *const *)parts, n);
    for (size_t k = 0; k < n; k++)
        ww_query_free(parts[k]);
    free(parts);
    return q;
}

/* The entries `entry` may overlap with: current, sharing a wijk, a doelgroep and an ambition. */
static ww_query *overlap_filter(const ww_schema *schema, const json_t *entry, const char *today)
{
    ww_query *parts[4];
    size_t n = 0;
    parts[n++] = ww_query_value_at_least(WW_SLOT_EXPIRES, today);
    static const struct {
        const char *param, *field;
    } SHARED[] = {{"wijk", "wijken"}, {"doelgroep", "doelgroepen"}, {"ambitie", "ambities"}};
    for (size_t i = 0; i < 3; i++) {
        ww_query *q = sharing(schema, SHARED[i].param, json_object_get(entry, SHARED[i].field));
        if (q)
            parts[n++] = q;
    }
    ww_query *all = ww_query_combine(WW_OP_AND, (const ww_query *const *)parts, n);
    for (size_t i = 0; i < n; i++)
        ww_query_free(parts[i]);
    return all;
}

/* The values of `a` and `b` that overlap, as search has it (an `overal` value overlaps all). */
static json_t *shared_values(const ww_schema *schema, const char *param, const json_t *a,
                             const json_t *b)
{
    const char *everywhere = everywhere_of(schema, ww_filter_by_param(param));
    if (ww_json_list_has(a, everywhere))
        return json_deep_copy(b);
    if (ww_json_list_has(b, everywhere))
        return json_deep_copy(a);
    json_t *out = json_array();
    size_t i;
    const json_t *v;
    json_array_foreach(a, i, v)
    {
        if (ww_json_list_has(b, json_string_value(v)))
            json_array_append(out, (json_t *)v);
    }
    return out;
}

/* ---- What says where and who, not what ------------------------------------------------------ */

/* The stems that name where an entry is and who offers it (its organisation's name, its
 * locations, the labels of its wijken): two activities of one buurthuis share them, which says
 * nothing about whether they do the same thing. */
typedef struct {
    ww_reader *reader;
    const ww_schema *schema;
    char **stems;
    size_t count, cap;
} skip_list;

static void skip_word(const char *word, size_t len, void *ctx)
{
    skip_list *s = ctx;
    char *w = ww_xstrndup(word, len), *stem = NULL;
    if (!ww_schema_is_stopword(s->schema, w) && ww_reader_stem(s->reader, w, &stem) == WW_OK &&
        stem) {
        if (s->count == s->cap)
            s->stems =
                ww_xrealloc(s->stems, (s->cap = s->cap ? 2 * s->cap : 16) * sizeof *s->stems);
        s->stems[s->count++] = ww_xasprintf("Z%s", stem);
    }
    free(stem);
    free(w);
}

static void skip_text(skip_list *s, const char *text)
{
    char *folded = text ? ww_fold(text) : NULL;
    if (folded)
        ww_each_word(folded, skip_word, s);
    free(folded);
}

static void skip_where_and_who(skip_list *s, const json_t *entry)
{
    skip_text(s, json_string_value(json_object_get(json_object_get(entry, "organisatie"), "naam")));
    size_t i;
    const json_t *v;
    json_array_foreach(json_object_get(entry, "locaties"), i, v)
    {
        static const char *const FIELDS[] = {"naam", "adres", "plaats"};
        for (size_t k = 0; k < 3; k++)
            skip_text(s, json_string_value(json_object_get(v, FIELDS[k])));
    }
    const ww_vocab *wijken = ww_schema_vocab(s->schema, "wijken");
    json_array_foreach(json_object_get(entry, "wijken"), i, v)
    {
        const ww_vocab_item *w = ww_vocab_find(wijken, json_string_value(v));
        if (w)
            skip_text(s, w->label);
    }
}

static void skip_free(skip_list *s)
{
    for (size_t i = 0; i < s->count; i++)
        free(s->stems[i]);
    free(s->stems);
}

/* ---- Pairs ------------------------------------------------------------------------------- */

typedef struct {
    const ww_schema *schema;
    const json_t *source; /* the entry being compared: its summary */
    double threshold;
    json_t *pairs; /* {"a\tb": pair} */
} collecting;

/* What a pair shows of an entry. */
static json_t *side(const json_t *summary)
{
    return json_pack("{s:O?,s:O?,s:O?,s:O?}", "id", json_object_get(summary, "id"), "titel",
                     json_object_get(summary, "titel"), "organisatie",
                     json_object_get(summary, "organisatie"), "wijken",
                     json_object_get(summary, "wijken"));
}

static json_t *new_pair(const collecting *c, const json_t *a, const json_t *b, double score,
                        const char *const *shared, size_t n)
{
    json_t *words = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append_new(words, json_string(shared[i]));
    const char *org_a = json_string_value(json_object_get(json_object_get(a, "organisatie"), "id")),
               *org_b = json_string_value(json_object_get(json_object_get(b, "organisatie"), "id"));
    return json_pack("{s:f,s:o,s:o,s:b,s:o,s:o,s:o,s:o}", "score", score, "a", side(a), "b",
                     side(b), "zelfde_organisatie", org_a && org_b && !strcmp(org_a, org_b),
                     "woorden", words, "wijken",
                     shared_values(c->schema, "wijk", json_object_get(a, "wijken"),
                                   json_object_get(b, "wijken")),
                     "doelgroepen",
                     shared_values(c->schema, "doelgroep", json_object_get(a, "doelgroepen"),
                                   json_object_get(b, "doelgroepen")),
                     "ambities",
                     shared_values(c->schema, "ambitie", json_object_get(a, "ambities"),
                                   json_object_get(b, "ambities")));
}

static void note_alike(const char *data, size_t len, double score, const char *const *shared,
                       size_t n, void *ctx)
{
    collecting *c = ctx;
    json_t *other = score >= c->threshold ? json_loadb(data, len, 0, NULL) : NULL;
    const char *mine = json_string_value(json_object_get(c->source, "id")),
               *theirs = json_string_value(json_object_get(other, "id"));
    if (!mine || !theirs) {
        json_decref(other);
        return;
    }
    bool first = strcmp(mine, theirs) < 0;
    char *key = ww_xasprintf("%s\t%s", first ? mine : theirs, first ? theirs : mine);
    json_t *known = json_object_get(c->pairs, key);
    if (!known)
        json_object_set_new(
            c->pairs, key,
            new_pair(c, first ? c->source : other, first ? other : c->source, score, shared, n));
    else if (!json_object_get(known, "wederzijds")) {
        /* Both ways now: the pair's score is the lesser of the two looks. */
        double first_look = json_real_value(json_object_get(known, "score"));
        json_object_set_new(known, "score", json_real(score < first_look ? score : first_look));
        json_object_set_new(known, "wederzijds", json_true());
    }
    free(key);
    json_decref(other);
}

/* Every current entry, whole (its locations are needed). */
static json_t *current_entries(ww_reader *reader, const char *today)
{
    ww_query *q = ww_query_value_at_least(WW_SLOT_EXPIRES, today);
    unsigned n = 0;
    ww_mset *mset = NULL;
    bool ok = q && ww_reader_count(reader, q, &n) == WW_OK;
    ww_search_options options = {.limit = n,
                                 .sort_slot = -1,
                                 .result_slot = -1,
                                 .facet_slot = -1,
                                 .mask_slot = -1,
                                 .exact_up_to = 1};
    ok = ok && ww_reader_search(reader, q, &options, &mset) == WW_OK;
    ww_query_free(q);
    json_t *entries = ok ? json_array() : NULL;
    for (unsigned i = 0; ok && i < ww_mset_size(mset); i++) {
        size_t len;
        const char *data = ww_mset_data(mset, i, &len);
        json_t *e = data ? json_loadb(data, len, 0, NULL) : NULL;
        if (e)
            json_array_append_new(entries, e);
    }
    ww_mset_free(mset);
    return entries;
}

/* The version (ETag) of entry `id` in the index; NULL when unknown. Caller frees. */
static char *version_of(ww_reader *reader, const char *id)
{
    char *term_text = ww_xasprintf("%s%s", WW_PREFIX_ID, id), *data = NULL, *version = NULL;
    size_t len;
    if (ww_reader_get_data(reader, term_text, &data, &len, WW_SLOT_VERSION, &version) != WW_OK)
        version = NULL;
    free(data);
    free(term_text);
    return version;
}

/* Whether a verdict on the pair still holds: both entries as they were judged. */
static bool judged(ww_reader *reader, const json_t *verdicts, const char *a, const char *b)
{
    size_t i;
    const json_t *v;
    json_array_foreach(verdicts, i, v)
    {
        const json_t *ids = json_object_get(v, "aanbod"), *versions = json_object_get(v, "versies");
        if (!ww_json_list_has(ids, a) || !ww_json_list_has(ids, b))
            continue;
        char *va = version_of(reader, a), *vb = version_of(reader, b);
        const char *ja = json_string_value(json_array_get(versions, 0)),
                   *jb = json_string_value(json_array_get(versions, 1));
        bool same = va && vb && ja && jb && !strcmp(va, ja) && !strcmp(vb, jb);
        free(va);
        free(vb);
        return same;
    }
    return false;
}

static int by_score(const void *x, const void *y)
{
    const json_t *a = *(json_t *const *)x, *b = *(json_t *const *)y;
    double sa = json_real_value(json_object_get(a, "score")),
           sb = json_real_value(json_object_get(b, "score"));
    if (sa != sb)
        return sa < sb ? 1 : -1;
    return strcmp(json_string_value(json_object_get(json_object_get(a, "a"), "id")),
                  json_string_value(json_object_get(json_object_get(b, "a"), "id")));
}

/* The pairs, best first. */
static json_t *sorted_pairs(const json_t *pairs)
{
    size_t n = 0;
    json_t **list = ww_xcalloc(json_object_size(pairs) + 1, sizeof *list);
    const char *key;
    json_t *pair;
    json_object_foreach((json_t *)pairs, key, pair)
    {
        /* Only pairs that each find the other among the most alike: a pair one entry finds and
         * the other does not is two activities with some words in common. */
        if (json_is_true(json_object_get(pair, "wederzijds"))) {
            json_object_del(pair, "wederzijds");
            list[n++] = pair;
        }
    }
    qsort(list, n, sizeof *list, by_score);
    json_t *out = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append(out, list[i]);
    free(list);
    return out;
}

json_t *ww_overlap_pairs(ww_reader *reader, const ww_schema *schema, const ww_overlap_request *req)
{
    json_t *entries = current_entries(reader, req->today);
    if (!entries)
        return NULL;
    collecting c = {.schema = schema, .threshold = req->threshold, .pairs = json_object()};
    bool ok = true;
    size_t i;
    const json_t *entry;
    json_array_foreach(entries, i, entry)
    {
        const char *id = json_string_value(json_object_get(entry, "id"));
        if (!ok || !id)
            continue;
        char *id_term = ww_xasprintf("%s%s", WW_PREFIX_ID, id);
        ww_query *filter = overlap_filter(schema, entry, req->today);
        c.source = entry;
        skip_list skip = {.reader = reader, .schema = schema};
        skip_where_and_who(&skip, entry);
        ww_status st =
            ww_reader_similar(reader, id_term, LIKENESS_TERMS, (const char *const *)skip.stems,
                              skip.count, filter, CANDIDATES, WW_SLOT_SUMMARY, note_alike, &c);
        skip_free(&skip);
        ok = st == WW_OK || st == WW_ERR_NOT_FOUND;
        ww_query_free(filter);
        free(id_term);
    }
    json_t *out =
        ok ? json_pack("{s:f,s:o}", "drempel", req->threshold, "paren", sorted_pairs(c.pairs))
           : NULL;
    if (out && req->verdicts)
        ww_overlap_drop_judged(reader, out, req->verdicts);
    json_decref(c.pairs);
    json_decref(entries);
    return out;
}

void ww_overlap_drop_judged(ww_reader *reader, json_t *answer, const json_t *verdicts)
{
    json_t *pairs = json_object_get(answer, "paren");
    for (size_t i = json_array_size(pairs); i-- > 0;) {
        const json_t *pair = json_array_get(pairs, i);
        const char *a = json_string_value(json_object_get(json_object_get(pair, "a"), "id")),
                   *b = json_string_value(json_object_get(json_object_get(pair, "b"), "id"));
        if (a && b && judged(reader, verdicts, a, b))
            json_array_remove(pairs, i);
    }
}
