/* ww_insight.c -- the gemeente's figures, counted in the index. */
#include "ww_insight.h"

#include "ww_fs.h"
#include "ww_index_dir.h"
#include "ww_layout.h"
#include "ww_time.h"
#include "ww_util.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- Queries ---------------------------------------------------------------------------- */

enum { MAX_PARTS = 8 };

/* The parts of a query that must all match; each part is owned by the list. */
typedef struct {
    ww_query *items[MAX_PARTS];
    size_t count;
} parts;

static void add(parts *p, ww_query *q)
{
    if (p->count < MAX_PARTS)
        p->items[p->count++] = q;
    else
        ww_query_free(q);
}

static ww_query *term(const char *prefix, const char *value)
{
    char *t = ww_xasprintf("%s%s", prefix, value);
    ww_query *q = ww_query_term(t);
    free(t);
    return q;
}

/* Entries with `prefix`+`value`, or, when `everywhere` (an `overal` value of the same list) is
 * not NULL and differs, with that value: what a search filter on the value finds. */
static ww_query *value_or_everywhere(const char *prefix, const char *value, const char *everywhere)
{
    ww_query *own = term(prefix, value);
    if (!everywhere || strcmp(everywhere, value) == 0)
        return own;
    ww_query *other = term(prefix, everywhere);
    const ww_query *both[] = {own, other};
    ww_query *q = ww_query_combine(WW_OP_OR, both, 2);
    ww_query_free(own);
    ww_query_free(other);
    return q;
}

/* The id of the vocabulary's `overal` value, or NULL. */
static const char *everywhere_of(const ww_vocab *vocab)
{
    for (size_t i = 0; vocab && i < vocab->count; i++)
        if (vocab->items[i].everywhere)
            return vocab->items[i].id;
    return NULL;
}

/* The filter's conditions: current entries of the chosen soort, ambition and doelgroep,
 * voorliggend, gratis. */
static void add_filter(parts *p, const ww_insight_filter *f, const ww_schema *schema)
{
    add(p, ww_query_value_at_least(WW_SLOT_EXPIRES, f->today));
    if (f->soort)
        add(p, term(ww_filter_by_param("soort")->prefix, f->soort));
    if (f->ambitie)
        add(p, term(ww_filter_by_param("ambitie")->prefix, f->ambitie));
    const ww_filter_field *groups = ww_filter_by_param("doelgroep");
    if (f->doelgroep)
        add(p, value_or_everywhere(groups->prefix, f->doelgroep,
                                   everywhere_of(ww_schema_vocab(schema, groups->vocab))));
    if (f->voorliggend)
        add(p, ww_query_term(WW_TERM_VOORLIGGEND));
    if (f->gratis)
        add(p, term(WW_PREFIX_COSTS, "gratis"));
}

/* All parts as one query (everything when there are none); frees the parts. */
static ww_query *all_of(parts *p)
{
    ww_query *q = p->count
                      ? ww_query_combine(WW_OP_AND, (const ww_query *const *)p->items, p->count)
                      : ww_query_all();
    for (size_t i = 0; i < p->count; i++)
        ww_query_free(p->items[i]);
    p->count = 0;
    return q;
}

static bool count(ww_reader *reader, parts *p, unsigned *out)
{
    ww_query *q = all_of(p);
    bool ok = q && ww_reader_count(reader, q, out) == WW_OK;
    ww_query_free(q);
    return ok;
}

/* ---- Facet counts of matches ------------------------------------------------------------- */

typedef struct {
    unsigned counts[WW_MAX_FILTER_VALUES];
} value_counts;

static void note_count(unsigned value, unsigned n, void *ctx)
{
    if (value < WW_MAX_FILTER_VALUES)
        ((value_counts *)ctx)->counts[value] = n;
}

/* The matches of `p` (freed): their number, and per value of filter field `field` how many have
 * it by the facet masks (an `overal` value counts for every value, as in search). */
static bool facet_counts(ww_reader *reader, parts *p, const ww_filter_field *field, unsigned *total,
                         value_counts *out)
{
    ww_query *q = all_of(p);
    unsigned docs = 0;
    ww_search_options options = {.limit = 0,
                                 .sort_slot = -1,
                                 .result_slot = -1,
                                 .facet_slot = WW_SLOT_FACETS,
                                 .facet_fields = WW_FILTER_COUNT,
                                 .mask_slot = -1};
    ww_mset *mset = NULL;
    bool ok = q && ww_reader_doc_count(reader, &docs) == WW_OK;
    options.exact_up_to = docs ? docs : 1;
    ok = ok && ww_reader_search(reader, q, &options, &mset) == WW_OK;
    memset(out, 0, sizeof *out);
    if (ok) {
        *total = ww_mset_total(mset);
        ww_mset_each_facet(mset, (size_t)(field - WW_FILTERS), note_count, out);
    }
    ww_mset_free(mset);
    ww_query_free(q);
    return ok;
}

static json_t *vocab_columns(const ww_vocab *vocab)
{
    json_t *cols = json_array();
    for (size_t i = 0; i < vocab->count; i++)
        json_array_append_new(
            cols, json_pack("{s:s,s:s}", "id", vocab->items[i].id, "label", vocab->items[i].label));
    return cols;
}

static json_t *counts_array(const value_counts *c, size_t n)
{
    json_t *a = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append_new(a, json_integer(c->counts[i]));
    return a;
}

/* ---- Coverage --------------------------------------------------------------------------- */

/* One wijk's row: offered (entries naming it) and available (found by a search for it). */
static json_t *coverage_row(ww_reader *reader, const ww_schema *schema,
                            const ww_filter_field *wijk_field, const ww_vocab_item *wijk,
                            const char *everywhere, const ww_filter_field *dim, size_t columns,
                            const ww_insight_filter *filter)
{
    parts offered = {.count = 0}, available = {.count = 0};
    add(&offered, term(wijk_field->prefix, wijk->id));
    add_filter(&offered, filter, schema);
    add(&available, value_or_everywhere(wijk_field->prefix, wijk->id, everywhere));
    add_filter(&available, filter, schema);
    unsigned offered_total = 0, available_total = 0;
    value_counts o, a;
    if (!facet_counts(reader, &offered, dim, &offered_total, &o) ||
        !facet_counts(reader, &available, dim, &available_total, &a))
        return NULL;
    return json_pack("{s:s,s:s,s:b,s:o,s:i,s:o,s:i}", "id", wijk->id, "label", wijk->label,
                     "overal", wijk->everywhere, "aangeboden", counts_array(&o, columns),
                     "aangeboden_totaal", (json_int_t)offered_total, "beschikbaar",
                     counts_array(&a, columns), "beschikbaar_totaal", (json_int_t)available_total);
}

json_t *ww_insight_coverage(ww_reader *reader, const ww_schema *schema, const char *dimension,
                            const ww_insight_filter *filter)
{
    const ww_filter_field *dim = ww_filter_by_param(dimension);
    const ww_filter_field *wijk_field = ww_filter_by_param("wijk");
    const ww_vocab *values = dim ? ww_schema_vocab(schema, dim->vocab) : NULL;
    const ww_vocab *wijken = ww_schema_vocab(schema, wijk_field->vocab);
    if (!values)
        return NULL;
    const char *everywhere = everywhere_of(wijken);
    json_t *rows = json_array();
    for (size_t r = 0; r < wijken->count; r++) {
        json_t *row = coverage_row(reader, schema, wijk_field, &wijken->items[r], everywhere, dim,
                                   values->count, filter);
        if (!row) {
            json_decref(rows);
            return NULL;
        }
        json_array_append_new(rows, row);
    }
    return json_pack("{s:s,s:o,s:o}", "dimensie", dimension, "kolommen", vocab_columns(values),
                     "rijen", rows);
}

/* ---- Ambitions -------------------------------------------------------------------------- */

static void count_distinct(const char *value, size_t len, unsigned n, void *ctx)
{
    (void)value;
    (void)len;
    (void)n;
    (*(unsigned *)ctx)++;
}

/* The number of `p`'s matches (freed) with `extra` as well (taken). */
static bool count_with(ww_reader *reader, const ww_schema *schema, const char *ambition_prefix,
                       const char *ambition, const ww_insight_filter *filter, ww_query *extra,
                       unsigned *out)
{
    parts p = {.count = 0};
    add(&p, term(ambition_prefix, ambition));
    add_filter(&p, filter, schema);
    if (extra)
        add(&p, extra);
    return count(reader, &p, out);
}

static double share(unsigned part, unsigned whole)
{
    return whole ? (double)part / whole : 0;
}

static json_t *ambition_figures(ww_reader *reader, const ww_schema *schema,
                                const ww_vocab_item *ambition, const ww_insight_filter *filter)
{
    const ww_filter_field *field = ww_filter_by_param("ambitie"),
                          *wijk = ww_filter_by_param("wijk");
    const ww_vocab *wijken = ww_schema_vocab(schema, wijk->vocab);
    parts p = {.count = 0};
    add(&p, term(field->prefix, ambition->id));
    add_filter(&p, filter, schema);
    unsigned entries = 0, organisations = 0, voorliggend = 0, gratis = 0, inferred = 0;
    value_counts per_wijk;
    bool ok = facet_counts(reader, &p, wijk, &entries, &per_wijk);
    add(&p, term(field->prefix, ambition->id));
    add_filter(&p, filter, schema);
    ww_query *q = all_of(&p);
    ok = ok && q &&
         ww_reader_count_values(reader, q, WW_SLOT_ORGANISATION, count_distinct, &organisations) ==
             WW_OK;
    ww_query_free(q);
    ok = ok && count_with(reader, schema, field->prefix, ambition->id, filter,
                          ww_query_term(WW_TERM_VOORLIGGEND), &voorliggend);
    ok = ok && count_with(reader, schema, field->prefix, ambition->id, filter,
                          term(WW_PREFIX_COSTS, "gratis"), &gratis);
    ok = ok && count_with(reader, schema, field->prefix, ambition->id, filter,
                          ww_query_term(WW_TERM_INFERRED), &inferred);
    if (!ok)
        return NULL;
    unsigned covered = 0, geographic = 0;
    for (size_t w = 0; w < wijken->count; w++) {
        if (wijken->items[w].everywhere)
            continue;
        geographic++;
        covered += per_wijk.counts[w] > 0;
    }
    return json_pack("{s:s,s:s,s:i,s:i,s:i,s:i,s:i,s:i,s:i,s:i,s:f,s:f,s:f}", "id", ambition->id,
                     "label", ambition->label, "aanbod", (json_int_t)entries, "organisaties",
                     (json_int_t)organisations, "wijken", (json_int_t)covered, "wijken_van",
                     (json_int_t)geographic, "voorliggend", (json_int_t)voorliggend, "gratis",
                     (json_int_t)gratis, "expliciet", (json_int_t)(entries - inferred), "afgeleid",
                     (json_int_t)inferred, "aandeel_voorliggend", share(voorliggend, entries),
                     "aandeel_gratis", share(gratis, entries), "aandeel_afgeleid",
                     share(inferred, entries));
}

json_t *ww_insight_ambitions(ww_reader *reader, const ww_schema *schema,
                             const ww_insight_filter *filter)
{
    const ww_vocab *ambities = ww_schema_vocab(schema, "ambities");
    json_t *list = json_array();
    for (size_t i = 0; i < ambities->count; i++) {
        json_t *figures = ambition_figures(reader, schema, &ambities->items[i], filter);
        if (!figures) {
            json_decref(list);
            return NULL;
        }
        json_array_append_new(list, figures);
    }
    return json_pack("{s:o}", "ambities", list);
}

/* ---- Entries themselves ----------------------------------------------------------------- */

/* The stored JSON of `q`'s matches (q is freed): the whole entries (`slot` -1) or the
 * summaries in a slot, `sort_slot` ascending (-1: index order), all of them (limit UINT_MAX) or
 * the first `limit`. A new array, or NULL on an error. */
static json_t *matching_entries(ww_reader *reader, ww_query *q, int sort_slot, unsigned limit,
                                int slot)
{
    unsigned n = limit;
    bool ok = q && (limit != UINT_MAX || ww_reader_count(reader, q, &n) == WW_OK);
    ww_search_options options = {.limit = n,
                                 .sort_slot = sort_slot,
                                 .result_slot = slot,
                                 .facet_slot = -1,
                                 .mask_slot = -1,
                                 .exact_up_to = 1};
    ww_mset *mset = NULL;
    ok = ok && ww_reader_search(reader, q, &options, &mset) == WW_OK;
    ww_query_free(q);
    if (!ok) {
        ww_mset_free(mset);
        return NULL;
    }
    json_t *entries = json_array();
    for (unsigned i = 0; i < ww_mset_size(mset); i++) {
        size_t len;
        const char *data = ww_mset_data(mset, i, &len);
        json_t *entry = data ? json_loadb(data, len, 0, NULL) : NULL;
        if (entry)
            json_array_append_new(entries, entry);
    }
    ww_mset_free(mset);
    return entries;
}

/* ---- Beschermd thuis -------------------------------------------------------------------- */

/* The figures of one group of options. */
typedef struct {
    unsigned options, places, places_unknown;
    int *waits; /* weeks, of the options that say */
    size_t wait_count;
    json_t *list; /* the options, or NULL when the group is not listed */
} housing_group;

static void group_add(housing_group *g, const json_t *entry, json_t *item)
{
    const json_t *wonen = json_object_get(entry, "wonen");
    const json_t *places = json_object_get(wonen, "plaatsen"),
                 *weeks = json_object_get(wonen, "wachttijd_weken");
    g->options++;
    if (json_is_integer(places))
        g->places += (unsigned)json_integer_value(places);
    else
        g->places_unknown++;
    if (json_is_integer(weeks)) {
        g->waits = ww_xrealloc(g->waits, (g->wait_count + 1) * sizeof *g->waits);
        g->waits[g->wait_count++] = (int)json_integer_value(weeks);
    }
    if (item) {
        if (!g->list)
            g->list = json_array();
        json_array_append(g->list, item);
    }
}

static int by_int(const void *a, const void *b)
{
    int x = *(const int *)a, y = *(const int *)b;
    return (x > y) - (x < y);
}

/* Sets "opties", "plaatsen", "plaatsen_onbekend", the median and longest wait on `out`. */
static void group_figures(housing_group *g, json_t *out)
{
    json_t *median = json_null(), *longest = json_null();
    if (g->wait_count) {
        qsort(g->waits, g->wait_count, sizeof *g->waits, by_int);
        size_t mid = g->wait_count / 2;
        double m = g->wait_count % 2 ? g->waits[mid] : (g->waits[mid - 1] + g->waits[mid]) / 2.0;
        median = m == (long)m ? json_integer((json_int_t)m) : json_real(m);
        longest = json_integer(g->waits[g->wait_count - 1]);
    }
    json_object_set_new(out, "opties", json_integer(g->options));
    json_object_set_new(out, "plaatsen", json_integer(g->places));
    json_object_set_new(out, "plaatsen_onbekend", json_integer(g->places_unknown));
    json_object_set_new(out, "wachttijd_mediaan", median);
    json_object_set_new(out, "wachttijd_langst", longest);
    free(g->waits);
}

/* What the overview lists of an option; a new object. */
static json_t *housing_item(const json_t *entry)
{
    const json_t *wonen = json_object_get(entry, "wonen");
    return json_pack("{s:O?,s:O?,s:O?,s:O?,s:O?,s:O?}", "id", json_object_get(entry, "id"), "titel",
                     json_object_get(entry, "titel"), "organisatie",
                     json_object_get(json_object_get(entry, "organisatie"), "naam"), "begeleiding",
                     json_object_get(wonen, "begeleiding"), "plaatsen",
                     json_object_get(wonen, "plaatsen"), "wachttijd_weken",
                     json_object_get(wonen, "wachttijd_weken"));
}

/* The groups woonvorm x wijk (and per woonvorm) of `entries`, as ww_insight_housing says. */
static json_t *housing_groups(const ww_schema *schema, const json_t *entries)
{
    const ww_vocab *forms = ww_schema_vocab(schema, "woonvormen"),
                   *wijken = ww_schema_vocab(schema, "wijken");
    size_t nf = forms->count, nw = wijken->count;
    housing_group *groups = ww_xcalloc(nf * nw + 1, sizeof *groups),
                  *totals = ww_xcalloc(nf + 1, sizeof *totals),
                  *per_wijk = ww_xcalloc(nw + 1, sizeof *per_wijk);
    size_t i;
    const json_t *entry;
    json_array_foreach(entries, i, entry)
    {
        int f = ww_vocab_index(
            forms, json_string_value(json_object_get(json_object_get(entry, "wonen"), "woonvorm")));
        if (f < 0)
            continue;
        json_t *item = housing_item(entry);
        group_add(&totals[f], entry, NULL);
        size_t k;
        const json_t *wijk;
        json_array_foreach(json_object_get(entry, "wijken"), k, wijk)
        {
            int w = ww_vocab_index(wijken, json_string_value(wijk));
            if (w >= 0) {
                group_add(&groups[(size_t)f * nw + (size_t)w], entry, item);
                group_add(&per_wijk[w], entry, NULL);
            }
        }
        json_decref(item);
    }
    json_t *out = json_array(), *per_form = json_array();
    for (size_t f = 0; f < nf; f++) {
        for (size_t w = 0; w < nw; w++) {
            housing_group *g = &groups[f * nw + w];
            if (!g->options)
                continue;
            json_t *o =
                json_pack("{s:s,s:s,s:s,s:s,s:o}", "woonvorm", forms->items[f].id, "woonvorm_label",
                          forms->items[f].label, "wijk", wijken->items[w].id, "wijk_label",
                          wijken->items[w].label, "aanbod", g->list);
            group_figures(g, o);
            json_array_append_new(out, o);
        }
        json_t *t =
            json_pack("{s:s,s:s}", "id", forms->items[f].id, "label", forms->items[f].label);
        group_figures(&totals[f], t);
        json_array_append_new(per_form, t);
    }
    json_t *wijk_totals = json_array();
    for (size_t w = 0; w < nw; w++) {
        json_t *t =
            json_pack("{s:s,s:s}", "id", wijken->items[w].id, "label", wijken->items[w].label);
        group_figures(&per_wijk[w], t);
        json_array_append_new(wijk_totals, t);
    }
    free(groups);
    free(totals);
    free(per_wijk);
    return json_pack("{s:o,s:o,s:o}", "groepen", out, "woonvormen", per_form, "wijken",
                     wijk_totals);
}

json_t *ww_insight_housing(ww_reader *reader, const ww_schema *schema,
                           const ww_insight_filter *filter)
{
    ww_insight_filter houses = *filter;
    houses.soort = "beschermd-thuis";
    parts p = {.count = 0};
    add_filter(&p, &houses, schema);
    json_t *entries = matching_entries(reader, all_of(&p), -1, UINT_MAX, WW_SLOT_SUMMARY);
    if (!entries)
        return NULL;
    json_t *out = housing_groups(schema, entries);
    json_decref(entries);
    return out;
}

/* ---- Actualiteit ------------------------------------------------------------------------ */

/* `today` moved back `months` months, as YYYY-MM-DD (a day that month lacks rolls over). */
static void months_before(const char *today, int months, char out[WW_DATE_SIZE])
{
    struct tm tm = {0};
    if (!strptime(today, "%Y-%m-%d", &tm)) {
        snprintf(out, WW_DATE_SIZE, "%s", today);
        return;
    }
    tm.tm_mon -= months;
    tm.tm_hour = 12;
    tm.tm_isdst = -1;
    mktime(&tm);
    strftime(out, WW_DATE_SIZE, "%Y-%m-%d", &tm);
}

/* Sets row[key] to a copy of `value`'s reference, or null. */
static void set_or_null(json_t *row, const char *key, const json_t *value)
{
    json_object_set_new(row, key, value ? json_incref((json_t *)value) : json_null());
}

/* Per organisation id, one count. */
typedef struct {
    json_t *rows; /* {org id: row object} */
    const char *key;
} org_counts;

static void note_org(const char *value, size_t len, unsigned n, void *ctx)
{
    org_counts *c = ctx;
    char *id = ww_xstrndup(value, len);
    json_t *row = json_object_get(c->rows, id);
    if (!row) {
        row = json_pack("{s:s,s:i,s:i,s:i,s:i,s:i}", "id", id, "aanbod", 0, "binnen_6_maanden", 0,
                        "binnen_12_maanden", 0, "verlopen", 0, "afgekeurd", 0);
        json_object_set_new(c->rows, id, row);
    }
    json_object_set_new(row, c->key, json_integer(n));
    free(id);
}

/* Counts per organisation of the entries that match `extra` (taken; NULL: all) into `key`. */
static bool count_per_org(ww_reader *reader, const char *organisation, ww_query *extra, bool negate,
                          json_t *rows, const char *key)
{
    parts p = {.count = 0};
    add(&p, organisation ? term(WW_PREFIX_ORGANISATION, organisation) : ww_query_all());
    ww_query *base = all_of(&p), *q = base;
    if (extra) {
        const ww_query *both[] = {base, extra};
        q = ww_query_combine(negate ? WW_OP_AND_NOT : WW_OP_AND, both, 2);
        ww_query_free(base);
        ww_query_free(extra);
    }
    org_counts c = {rows, key};
    bool ok = q && ww_reader_count_values(reader, q, WW_SLOT_ORGANISATION, note_org, &c) == WW_OK;
    ww_query_free(q);
    return ok;
}

/* The organisation's name and e-mail, from one of its entries. */
static bool describe_org(ww_reader *reader, json_t *row)
{
    const char *id = json_string_value(json_object_get(row, "id"));
    json_t *some = matching_entries(reader, term(WW_PREFIX_ORGANISATION, id), -1, 1, -1);
    if (!some)
        return false;
    const json_t *org = json_object_get(json_array_get(some, 0), "organisatie");
    const json_t *name = json_object_get(org, "naam");
    json_object_set_new(row, "naam", name ? json_incref((json_t *)name) : json_string(id));
    set_or_null(row, "email", json_object_get(org, "email"));
    json_decref(some);
    return true;
}

static void note_oldest(const char *org, size_t org_len, const char *least, size_t least_len,
                        void *ctx)
{
    char *id = ww_xstrndup(org, org_len);
    json_t *row = json_object_get(ctx, id);
    if (row)
        json_object_set_new(row, "oudste_controle", json_stringn(least, least_len));
    free(id);
}

/* Each organisation's oldest check, in one pass over its entries. */
static bool oldest_checks(ww_reader *reader, const char *organisation, json_t *rows)
{
    ww_query *q = organisation ? term(WW_PREFIX_ORGANISATION, organisation) : ww_query_all();
    bool ok = q && ww_reader_least_values(reader, q, WW_SLOT_ORGANISATION, WW_SLOT_CHECKED,
                                          note_oldest, rows) == WW_OK;
    ww_query_free(q);
    return ok;
}

/* Each rejected file of the last build counted with its organisation (metadata, see
 * WW_META_REJECTED); an organisation with nothing in the index gets a row of its own. */
static bool count_rejected(ww_reader *reader, const char *organisation, json_t *rows)
{
    char *text = NULL;
    if (ww_reader_metadata(reader, WW_META_REJECTED, &text) != WW_OK)
        return false;
    json_t *list = json_loads(text, 0, NULL);
    free(text);
    size_t i;
    const json_t *file;
    json_array_foreach(list, i, file)
    {
        const char *org = json_string_value(json_object_get(file, "organisatie"));
        if (!org || (organisation && strcmp(org, organisation) != 0))
            continue;
        json_t *row = json_object_get(rows, org);
        if (!row) {
            row = json_pack("{s:s,s:s,s:n,s:n,s:i,s:i,s:i,s:i,s:i,s:[]}", "id", org, "naam", org,
                            "email", "oudste_controle", "aanbod", 0, "binnen_6_maanden", 0,
                            "binnen_12_maanden", 0, "verlopen", 0, "afgekeurd", 0, "achterstallig");
            json_object_set_new(rows, org, row);
        }
        json_object_set_new(
            row, "afgekeurd",
            json_integer(json_integer_value(json_object_get(row, "afgekeurd")) + 1));
    }
    json_decref(list);
    return true;
}

/* The entries not checked within 12 months (checked before `since`, or never), oldest first,
 * as lines of their organisation's row. */
static bool list_overdue(ww_reader *reader, const char *organisation, const char *since,
                         const char *today, json_t *rows)
{
    parts p = {.count = 0};
    add(&p, organisation ? term(WW_PREFIX_ORGANISATION, organisation) : ww_query_all());
    ww_query *base = all_of(&p), *recent = ww_query_value_at_least(WW_SLOT_CHECKED, since);
    const ww_query *both[] = {base, recent};
    ww_query *q = ww_query_combine(WW_OP_AND_NOT, both, 2);
    ww_query_free(base);
    ww_query_free(recent);
    json_t *entries = matching_entries(reader, q, WW_SLOT_CHECKED, UINT_MAX, WW_SLOT_SUMMARY);
    if (!entries)
        return false;
    size_t i;
    const json_t *entry;
    json_array_foreach(entries, i, entry)
    {
        const char *org =
            json_string_value(json_object_get(json_object_get(entry, "organisatie"), "id"));
        json_t *row = org ? json_object_get(rows, org) : NULL;
        if (!row)
            continue;
        json_t *late = json_object_get(row, "achterstallig");
        const char *checked = json_string_value(json_object_get(entry, "laatst_gecontroleerd"));
        long days = checked ? ww_days_between(checked, today) : -1;
        json_array_append_new(
            late, json_pack("{s:O?,s:O?,s:s?,s:o}", "id", json_object_get(entry, "id"), "titel",
                            json_object_get(entry, "titel"), "laatst_gecontroleerd", checked,
                            "dagen", days >= 0 ? json_integer(days) : json_null()));
    }
    json_decref(entries);
    return true;
}

static int by_name(const void *a, const void *b)
{
    const char *x = json_string_value(json_object_get(*(json_t *const *)a, "naam")),
               *y = json_string_value(json_object_get(*(json_t *const *)b, "naam"));
    return strcoll(x ? x : "", y ? y : "");
}

/* The rows as a list sorted by name, with their shares. */
static json_t *currency_rows(json_t *rows)
{
    size_t n = json_object_size(rows), k = 0;
    json_t **sorted = ww_xcalloc(n + 1, sizeof *sorted);
    const char *key;
    json_t *row;
    json_object_foreach(rows, key, row)
    {
        json_int_t all = json_integer_value(json_object_get(row, "aanbod"));
        json_object_set_new(
            row, "aandeel_6",
            json_real(share((unsigned)json_integer_value(json_object_get(row, "binnen_6_maanden")),
                            (unsigned)all)));
        json_object_set_new(
            row, "aandeel_12",
            json_real(share((unsigned)json_integer_value(json_object_get(row, "binnen_12_maanden")),
                            (unsigned)all)));
        sorted[k++] = row;
    }
    qsort(sorted, k, sizeof *sorted, by_name);
    json_t *list = json_array();
    for (size_t i = 0; i < k; i++)
        json_array_append(list, sorted[i]);
    free(sorted);
    return list;
}

json_t *ww_insight_currency(ww_reader *reader, const ww_schema *schema, const char *today,
                            const char *organisation)
{
    (void)schema;
    char six[WW_DATE_SIZE], twelve[WW_DATE_SIZE];
    months_before(today, 6, six);
    months_before(today, 12, twelve);
    json_t *rows = json_object();
    bool ok = count_per_org(reader, organisation, NULL, false, rows, "aanbod") &&
              count_per_org(reader, organisation, ww_query_value_at_least(WW_SLOT_CHECKED, six),
                            false, rows, "binnen_6_maanden") &&
              count_per_org(reader, organisation, ww_query_value_at_least(WW_SLOT_CHECKED, twelve),
                            false, rows, "binnen_12_maanden") &&
              count_per_org(reader, organisation, ww_query_value_at_least(WW_SLOT_EXPIRES, today),
                            true, rows, "verlopen");
    const char *key;
    json_t *row;
    json_object_foreach(rows, key, row)
    {
        json_object_set_new(row, "achterstallig", json_array());
        json_object_set_new(row, "oudste_controle", json_null());
        ok = ok && describe_org(reader, row);
    }
    ok = ok && oldest_checks(reader, organisation, rows) &&
         count_rejected(reader, organisation, rows) &&
         list_overdue(reader, organisation, twelve, today, rows);
    json_t *out = ok ? json_pack("{s:o}", "organisaties", currency_rows(rows)) : NULL;
    json_decref(rows);
    return out;
}

/* ---- History ---------------------------------------------------------------------------- */

enum { MAX_HISTORY = 4 * 1024 * 1024 };

int ww_insight_record_month(const char *index_dir, ww_reader *reader, const ww_schema *schema,
                            const char *today, char **errmsg)
{
    *errmsg = NULL;
    const ww_vocab *ambities = ww_schema_vocab(schema, "ambities");
    const ww_filter_field *field = ww_filter_by_param("ambitie");
    ww_insight_filter current = {.today = today};
    char month[8];
    snprintf(month, sizeof month, "%.7s", today);
    ww_buf text = {0};
    ww_buf_puts(&text, "maand;ambitie;aantal\n");
    /* Earlier months as they were; this month's lines are written anew. */
    char *path = ww_index_history_path(index_dir), *old = NULL;
    size_t len = 0;
    if (ww_read_file(path, MAX_HISTORY, &old, &len) == 0) {
        char *save = NULL;
        for (char *line = strtok_r(old, "\n", &save); line; line = strtok_r(NULL, "\n", &save))
            if (strncmp(line, "maand;", 6) != 0 && strncmp(line, month, 7) != 0)
                ww_buf_printf(&text, "%s\n", line);
    }
    free(old);
    for (size_t i = 0; i < ambities->count; i++) {
        parts p = {.count = 0};
        add(&p, term(field->prefix, ambities->items[i].id));
        add_filter(&p, &current, schema);
        unsigned n = 0;
        if (!count(reader, &p, &n)) {
            *errmsg = ww_xstrdup(ww_reader_last_error(reader));
            ww_buf_free(&text);
            free(path);
            return -1;
        }
        ww_buf_printf(&text, "%s;%s;%u\n", month, ambities->items[i].id, n);
    }
    int rc = ww_write_file_atomic(path, text.data, text.len, 0644);
    if (rc != 0)
        *errmsg = ww_xasprintf("%s: %s", path, ww_errno_text(errno));
    ww_buf_free(&text);
    free(path);
    return rc;
}

/* The months of the history lines, sorted and each once; a new array. */
static json_t *history_months(char **lines, size_t n)
{
    json_t *months = json_array();
    for (size_t i = 0; i < n; i++) {
        char month[8];
        snprintf(month, sizeof month, "%.7s", lines[i]);
        size_t at = 0;
        while (at < json_array_size(months) &&
               strcmp(json_string_value(json_array_get(months, at)), month) < 0)
            at++;
        if (at == json_array_size(months) ||
            strcmp(json_string_value(json_array_get(months, at)), month) != 0)
            json_array_insert_new(months, at, json_string(month));
    }
    return months;
}

json_t *ww_insight_history(const char *index_dir, const ww_schema *schema)
{
    char *path = ww_index_history_path(index_dir), *text = NULL;
    size_t len = 0;
    char **lines = NULL;
    size_t n = 0;
    if (ww_read_file(path, MAX_HISTORY, &text, &len) == 0) {
        char *save = NULL;
        for (char *line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save))
            if (strncmp(line, "maand;", 6) != 0 && strlen(line) > 8 && line[7] == ';') {
                lines = ww_xrealloc(lines, (n + 1) * sizeof *lines);
                lines[n++] = line;
            }
    }
    free(path);
    json_t *months = history_months(lines, n), *series = json_array();
    const ww_vocab *ambities = ww_schema_vocab(schema, "ambities");
    for (size_t a = 0; a < ambities->count; a++) {
        json_t *counts = json_array();
        for (size_t m = 0; m < json_array_size(months); m++)
            json_array_append_new(counts, json_null());
        size_t idlen = strlen(ambities->items[a].id);
        for (size_t i = 0; i < n; i++) {
            const char *rest = lines[i] + 8;
            if (strncmp(rest, ambities->items[a].id, idlen) != 0 || rest[idlen] != ';')
                continue;
            for (size_t m = 0; m < json_array_size(months); m++)
                if (strncmp(json_string_value(json_array_get(months, m)), lines[i], 7) == 0)
                    json_array_set_new(counts, m, json_integer(atol(rest + idlen + 1)));
        }
        json_array_append_new(series,
                              json_pack("{s:s,s:s,s:o}", "id", ambities->items[a].id, "label",
                                        ambities->items[a].label, "aantallen", counts));
    }
    free(lines);
    free(text);
    return json_pack("{s:o,s:o}", "maanden", months, "reeksen", series);
}
