/* ww_entry.c -- completing entries and writing them as Xapian documents. */
#include "ww_entry.h"

#include "ww_ambitions.h"
#include "ww_compound.h"
#include "ww_hsds.h"
#include "ww_json.h"
#include "ww_layout.h"
#include "ww_opening.h"
#include "ww_places.h"
#include "ww_text.h"
#include "ww_util.h"

#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Appends a string field, or every string of a list field, to `buf`, separated by blank lines. */
static void append_text(ww_buf *buf, const json_t *value)
{
    if (json_is_string(value)) {
        ww_buf_puts(buf, json_string_value(value));
        ww_buf_puts(buf, "\n\n");
    } else if (json_is_array(value)) {
        size_t i;
        const json_t *item;
        json_array_foreach(value, i, item) append_text(buf, item);
    }
}

char *ww_entry_folded_text(const json_t *entry)
{
    ww_buf text = {0};
    for (size_t i = 0; i < WW_TEXT_FIELD_COUNT; i++)
        append_text(&text, json_object_get(entry, WW_TEXT_FIELDS[i].field));
    char *folded = ww_fold(text.data ? text.data : "");
    ww_buf_free(&text);
    return folded ? folded : ww_xstrdup("");
}

/* The strings of a list field as a C array (borrowed from the JSON); caller frees the array. */
static const char **string_list(const json_t *list, size_t *count)
{
    *count = 0;
    const char **out = ww_xcalloc(json_array_size(list) + 1, sizeof *out);
    size_t i;
    const json_t *item;
    json_array_foreach(list, i, item)
    {
        if (json_is_string(item))
            out[(*count)++] = json_string_value(item);
    }
    return out;
}

/* Where a location is: its own lat/lon (both), else the centre of its postcode's area, else
 * nowhere (false). *area says which: NULL for its own coordinates. */
static bool location_point(const ww_schema *schema, const json_t *loc, double *lat, double *lon,
                           const ww_postcode_area **area)
{
    const json_t *la = json_object_get(loc, "lat"), *lo = json_object_get(loc, "lon");
    *area = NULL;
    if (json_is_number(la) && json_is_number(lo)) {
        *lat = json_number_value(la);
        *lon = json_number_value(lo);
        return true;
    }
    char code[WW_POSTCODE_AREA_SIZE];
    if (!ww_postcode_read(json_string_value(json_object_get(loc, "postcode")), code, NULL) ||
        !(*area = ww_places_find(schema->places, code)))
        return false;
    *lat = (*area)->lat;
    *lon = (*area)->lon;
    return true;
}

size_t ww_entry_places(const ww_schema *schema, const json_t *entry, double *lat, double *lon,
                       size_t max)
{
    size_t n = 0, i;
    const json_t *loc;
    const ww_postcode_area *area;
    json_array_foreach(json_object_get(entry, "locaties"), i, loc)
    {
        if (n < max && location_point(schema, loc, &lat[n], &lon[n], &area))
            n++;
    }
    return n;
}

void ww_entry_place_warnings(const ww_schema *schema, const json_t *entry, const char *file,
                             ww_diag *diag)
{
    size_t i;
    const json_t *loc;
    json_array_foreach(json_object_get(entry, "locaties"), i, loc)
    {
        double lat, lon;
        const ww_postcode_area *area;
        const char *postcode = json_string_value(json_object_get(loc, "postcode"));
        char *path = ww_xasprintf("locaties[%zu]", i + 1);
        if (location_point(schema, loc, &lat, &lon, &area) && area)
            ww_diag_add(diag, WW_DIAG_WARNING, file, 0, 0, path,
                        "geen lat/lon; de afstand wordt gemeten vanaf het midden van "
                        "postcodegebied %s (tot ongeveer een kilometer ernaast). Vul lat en lon "
                        "in voor een precieze afstand.",
                        area->code);
        else if (!area && postcode && !json_object_get(loc, "lat"))
            ww_diag_add(diag, WW_DIAG_WARNING, file, 0, 0, path,
                        "geen lat/lon, en postcode %s staat niet in postcodes.yaml van de "
                        "gemeente; deze locatie telt niet mee bij zoeken op afstand.",
                        postcode);
        free(path);
    }
}

void ww_entry_complete(const ww_schema *schema, json_t *entry, const json_t *organisation,
                       const char *file, ww_diag *diag)
{
    ww_entry_place_warnings(schema, entry, file, diag);
    /* The organisation object itself, shared by reference count rather than deep-copied for
     * each of its entries: neither the entry nor the organisation is changed afterwards. */
    if (organisation)
        json_object_set(entry, "organisatie", (json_t *)organisation);
    if (json_object_get(entry, "ambities")) {
        json_object_set_new(entry, "ambities_afgeleid", json_false());
        return;
    }
    const ww_ambition_rules *rules = &schema->ambitions;
    char *text = ww_entry_folded_text(entry);
    size_t nl, nd;
    const char **leefgebieden = string_list(json_object_get(entry, "leefgebieden"), &nl);
    const char **doelgroepen = string_list(json_object_get(entry, "doelgroepen"), &nd);
    double *scores = ww_xcalloc(rules->count + 1, sizeof *scores);
    size_t *picked = ww_xcalloc(rules->count + 1, sizeof *picked);
    ww_ambitions_score(rules, text, leefgebieden, nl, doelgroepen, nd, scores);
    size_t n = ww_ambitions_pick(rules, scores, picked);
    json_t *ambities = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append_new(ambities, json_string(rules->rules[picked[i]].ambition));
    if (n > 0 && scores[picked[0]] <= 0)
        ww_diag_add(diag, WW_DIAG_WARNING, file, 0, 0, "ambities",
                    "niets in de tekst wijst op een ambitie; aangenomen: %s. Vul 'ambities' in.",
                    rules->rules[picked[0]].ambition);
    json_object_set_new(entry, "ambities", ambities);
    json_object_set_new(entry, "ambities_afgeleid", json_true());
    free(scores);
    free(picked);
    free(leefgebieden);
    free(doelgroepen);
    free(text);
}

/* ---- Indexing -------------------------------------------------------------------------- */

/* The terms of one vocabulary label: its words and their stems ("Z" + stem), stopwords out. */
typedef struct {
    char **terms;
    size_t count;
} label_terms;

struct ww_entry_indexer {
    const ww_schema *schema;
    ww_writer *writer;
    bool new_ids; /* see ww_entry_indexer_assume_new_ids */
    ww_buf json;  /* the stored JSON of the entry being indexed; reused for every entry */
    label_terms labels[WW_FILTER_COUNT_MAX][WW_MAX_FILTER_VALUES]; /* [filter][value] */
};

typedef struct {
    ww_entry_indexer *indexer;
    label_terms *out;
    ww_status status;
} label_ctx;

static void add_label_word(const char *word, size_t len, void *ctx)
{
    label_ctx *c = ctx;
    char *w = ww_xstrndup(word, len), *stem = NULL;
    if (c->status == WW_OK && !ww_schema_is_stopword(c->indexer->schema, w) &&
        (c->status = ww_writer_stem(c->indexer->writer, w, &stem)) == WW_OK) {
        c->out->terms = ww_xrealloc(c->out->terms, (c->out->count + 2) * sizeof *c->out->terms);
        c->out->terms[c->out->count++] = ww_xasprintf("Z%s", stem);
        c->out->terms[c->out->count++] = w;
        w = NULL;
    }
    free(stem);
    free(w);
}

ww_status ww_entry_indexer_new(const ww_schema *schema, ww_writer *writer, ww_entry_indexer **out)
{
    ww_entry_indexer *ix = ww_xcalloc(1, sizeof *ix);
    ix->schema = schema;
    ix->writer = writer;
    ww_status st = WW_OK;
    for (size_t f = 0; f < WW_FILTER_COUNT && st == WW_OK; f++) {
        const ww_vocab *vocab = ww_schema_vocab(schema, WW_FILTERS[f].vocab);
        for (size_t i = 0; vocab && i < vocab->count && st == WW_OK; i++) {
            char *folded = ww_fold(vocab->items[i].label);
            label_ctx c = {ix, &ix->labels[f][i], WW_OK};
            if (folded)
                ww_each_word(folded, add_label_word, &c);
            free(folded);
            st = c.status;
        }
    }
    if (st != WW_OK) {
        ww_entry_indexer_free(ix);
        ix = NULL;
    }
    *out = ix;
    return st;
}

void ww_entry_indexer_assume_new_ids(ww_entry_indexer *ix)
{
    ix->new_ids = true;
}

void ww_entry_indexer_free(ww_entry_indexer *ix)
{
    if (!ix)
        return;
    ww_buf_free(&ix->json);
    for (size_t f = 0; f < WW_FILTER_COUNT_MAX; f++)
        for (size_t i = 0; i < WW_MAX_FILTER_VALUES; i++) {
            for (size_t t = 0; t < ix->labels[f][i].count; t++)
                free(ix->labels[f][i].terms[t]);
            free(ix->labels[f][i].terms);
        }
    free(ix);
}

/* Spelling data comes from what partners wrote, not from labels, names and addresses. */
static ww_status index_folded(ww_doc *doc, const char *text, unsigned weight, bool spelling)
{
    char *folded = ww_fold(text);
    ww_status st = folded ? ww_doc_index_text(doc, folded, weight, "", spelling) : WW_ERR_INVALID;
    free(folded);
    return st;
}

typedef struct {
    ww_entry_indexer *indexer;
    ww_doc *doc;
    ww_status status;
} parts_ctx;

static void add_compound_parts(const char *word, void *ctx)
{
    parts_ctx *p = ctx;
    ww_compound parts;
    if (p->status != WW_OK)
        return;
    for (size_t i = 0; i < ww_compound_parts(p->indexer->schema->dictionary, word, &parts); i++) {
        char *stem = NULL;
        p->status = ww_writer_stem(p->indexer->writer, parts.parts[i], &stem);
        char *term = stem ? ww_xasprintf("Z%s", stem) : NULL;
        if (p->status == WW_OK)
            p->status = ww_doc_add_term(p->doc, term, 1);
        free(term);
        free(stem);
    }
}

/* A text field: its words by weight, and the parts of its compounds (ww_compound_parts: a
 * search for "cooperatie" finds the energiecoöperatie) once each, as stems. */
static ww_status index_json_text(ww_entry_indexer *ix, ww_doc *doc, const json_t *value,
                                 unsigned weight)
{
    ww_buf text = {0};
    append_text(&text, value);
    size_t len = text.len;
    char *folded = len ? ww_fold(text.data) : NULL;
    ww_buf_free(&text);
    if (!folded)
        return len ? WW_ERR_INVALID : WW_OK;
    parts_ctx parts = {ix, doc, ww_doc_index_text(doc, folded, weight, "", true)};
    if (ix->schema->dictionary)
        ww_each_word_string(folded, add_compound_parts, &parts);
    free(folded);
    return parts.status;
}

/* One filter field: its terms, its bits in the facet masks, and its labels as searchable words
 * (a search for "ouderen" finds entries for the doelgroep ouderen). */
static ww_status index_filter(ww_entry_indexer *ix, ww_doc *doc, size_t filter, const json_t *value,
                              unsigned char mask[8])
{
    const ww_filter_field *f = &WW_FILTERS[filter];
    const ww_vocab *vocab = ww_schema_vocab(ix->schema, f->vocab);
    ww_status st = WW_OK;
    json_t *single = json_is_string(value) ? json_pack("[O]", value) : NULL;
    const json_t *list = single ? single : value;
    size_t i;
    const json_t *item;
    json_array_foreach(list, i, item)
    {
        const char *id = json_string_value(item);
        if (!id)
            continue;
        char *term = ww_xasprintf("%s%s", f->prefix, id);
        if (st == WW_OK)
            st = ww_doc_add_boolean_term(doc, term);
        free(term);
        int bit = ww_vocab_index(vocab, id);
        if (bit >= 0) {
            assert(bit < WW_MAX_FILTER_VALUES); /* ww_schema_load refuses longer lists */
            if (vocab->items[bit].everywhere)   /* counted wherever it is found: ww_layout.h */
                for (size_t b = 0; b < vocab->count; b++)
                    mask[b / 8] |= (unsigned char)(1u << (b % 8));
            mask[bit / 8] |= (unsigned char)(1u << (bit % 8)); /* little-endian */
            const label_terms *label = &ix->labels[filter][bit];
            for (size_t t = 0; f->label_words && t < label->count && st == WW_OK; t++)
                st = ww_doc_add_term(doc, label->terms[t], 1);
        }
    }
    json_decref(single);
    return st;
}

/* Names and places (organisation, locations) in one pass: they rank like the description. */
static ww_status index_names(ww_doc *doc, const json_t *entry)
{
    ww_buf text = {0};
    append_text(&text, json_object_get(json_object_get(entry, "organisatie"), "naam"));
    size_t i;
    const json_t *loc;
    json_array_foreach(json_object_get(entry, "locaties"), i, loc)
    {
        static const char *const FIELDS[] = {"naam", "adres", "plaats"};
        for (size_t k = 0; k < 3; k++)
            append_text(&text, json_object_get(loc, FIELDS[k]));
    }
    ww_status st = text.len ? index_folded(doc, text.data, 1, false) : WW_OK;
    ww_buf_free(&text);
    return st;
}

static ww_status set_string_value(ww_doc *doc, unsigned slot, const char *s)
{
    return ww_doc_set_value(doc, slot, s, strlen(s));
}

/* A member of the summary: `value`, or null when the entry lacks it (json_pack's "O?"). */
static bool append_member(ww_buf *buf, const char *name, const json_t *value)
{
    ww_json_append_string(buf, name, strlen(name));
    ww_buf_putc(buf, ':');
    if (value)
        return ww_json_append(buf, value);
    ww_buf_append(buf, "null", 4);
    return true;
}

/* What a search result shows (see ww_entry_summary) as compact JSON text, written straight from
 * the entry: the indexer stores one per entry. Members missing from the entry are null. */
static bool append_summary(ww_buf *buf, const json_t *entry, const char *id)
{
    static const char *const BEFORE_ORG[] = {"id", "titel", "samenvatting", "soort"},
                             *const AFTER_ORG[] = {
                                 "ambities", "wijken", "doelgroepen", "toegang",
                                 "kosten",   "tijden", "wonen",       "laatst_gecontroleerd"};
    const json_t *org = json_object_get(entry, "organisatie");
    bool ok = true;
    ww_buf_putc(buf, '{');
    for (size_t i = 0; i < sizeof BEFORE_ORG / sizeof *BEFORE_ORG; i++) {
        ok = ok && append_member(buf, BEFORE_ORG[i], json_object_get(entry, BEFORE_ORG[i]));
        ww_buf_putc(buf, ',');
    }
    ww_buf_append(buf, "\"organisatie\":{", 15);
    ok = ok && append_member(buf, "id", json_object_get(org, "id"));
    ww_buf_putc(buf, ',');
    ok = ok && append_member(buf, "naam", json_object_get(org, "naam"));
    ww_buf_putc(buf, '}');
    for (size_t i = 0; i < sizeof AFTER_ORG / sizeof *AFTER_ORG; i++) {
        ww_buf_putc(buf, ',');
        ok = ok && append_member(buf, AFTER_ORG[i], json_object_get(entry, AFTER_ORG[i]));
    }
    ww_buf_append(buf, ",\"url\":", 7);
    char *url = ww_xasprintf("/aanbod/%s", id);
    ww_json_append_string(buf, url, strlen(url));
    free(url);
    ww_buf_putc(buf, '}');
    return ok;
}

/* The object is read back from the text the indexer stores, so the two cannot disagree. */
json_t *ww_entry_summary(const json_t *entry)
{
    const char *id = json_string_value(json_object_get(entry, "id"));
    ww_buf text = {0};
    json_t *summary = append_summary(&text, entry, id ? id : "")
                          ? json_loadb(text.data, text.len, 0, NULL)
                          : NULL;
    ww_buf_free(&text);
    return summary;
}

/* Adds prefix + value as a filter term. */
static ww_status add_prefixed(ww_doc *doc, const char *prefix, const char *value)
{
    char *term = ww_xasprintf("%s%s", prefix, value);
    ww_status st = ww_doc_add_boolean_term(doc, term);
    free(term);
    return st;
}

/* The values of a derived filter (ww_layout.h) from when the entry is on; a new list. */
static json_t *derived_values(const ww_filter_field *filter, const ww_opening_week *week)
{
    static const char *const PARTS[WW_DAY_PARTS] = {"ochtend", "middag", "avond"};
    json_t *list = json_array();
    if (strcmp(filter->field, "@dagen") == 0) {
        for (int k = 1; k <= 7; k++) /* Monday first, as the vocabulary */
            if (week->days[k % 7])
                json_array_append_new(list, json_string(ww_opening_day_code(k % 7)));
    } else if (strcmp(filter->field, "@dagdelen") == 0) {
        for (int p = 0; p < WW_DAY_PARTS; p++)
            if (week->parts[p])
                json_array_append_new(list, json_string(PARTS[p]));
    }
    return list;
}

static void open_term(int wday, int quarter, char out[WW_OPEN_TERM_SIZE])
{
    snprintf(out, WW_OPEN_TERM_SIZE, "%s%s%d", WW_PREFIX_OPEN, ww_opening_day_code(wday), quarter);
}

void ww_entry_open_term(time_t now, char out[WW_OPEN_TERM_SIZE])
{
    int wday, quarter;
    ww_opening_quarter_of(now, &wday, &quarter);
    open_term(wday, quarter, out);
}

/* The quarters of the week the entry is on, for "nu open". */
static ww_status index_open_quarters(ww_doc *doc, const ww_opening_week *week)
{
    ww_status st = WW_OK;
    for (int w = 0; w < 7 && st == WW_OK; w++)
        for (int q = 0; q < WW_QUARTERS_A_DAY && st == WW_OK; q++)
            if (week->quarters[w][q]) {
                char term[WW_OPEN_TERM_SIZE];
                open_term(w, q, term);
                st = ww_doc_add_boolean_term(doc, term);
            }
    return st;
}

/* What ranks and what filters: the text fields by weight, names and places, and each filter's
 * terms with its bits in the facet masks. */
static ww_status index_terms(ww_entry_indexer *ix, ww_doc *doc, const json_t *entry)
{
    ww_status st = WW_OK;
    for (size_t i = 0; i < WW_TEXT_FIELD_COUNT && st == WW_OK; i++)
        st = index_json_text(ix, doc, json_object_get(entry, WW_TEXT_FIELDS[i].field),
                             WW_TEXT_FIELDS[i].weight);
    if (st == WW_OK)
        st = index_names(doc, entry);
    ww_opening_week week;
    ww_opening_week_of(json_object_get(entry, "tijden"), &week);
    unsigned char masks[WW_FILTER_COUNT_MAX * 8] = {0};
    for (size_t i = 0; i < WW_FILTER_COUNT && st == WW_OK; i++) {
        const ww_filter_field *f = &WW_FILTERS[i];
        json_t *derived = ww_filter_is_derived(f) ? derived_values(f, &week) : NULL;
        st = index_filter(ix, doc, i, derived ? derived : ww_filter_value_of(f, entry),
                          masks + 8 * i);
        json_decref(derived);
    }
    if (st == WW_OK)
        st = ww_doc_set_value(doc, WW_SLOT_FACETS, (const char *)masks, 8 * WW_FILTER_COUNT);
    if (st == WW_OK)
        st = index_open_quarters(doc, &week);
    return st;
}

/* Where the entry is: its places for distances, and a term saying it has any. */
static ww_status index_places(ww_entry_indexer *ix, ww_doc *doc, const json_t *entry)
{
    enum { MAX_PLACES = 64 };
    double lat[MAX_PLACES], lon[MAX_PLACES];
    size_t n = ww_entry_places(ix->schema, entry, lat, lon, MAX_PLACES);
    ww_status st = n ? ww_doc_set_places(doc, WW_SLOT_PLACES, lat, lon, n) : WW_OK;
    return st == WW_OK && n ? ww_doc_add_boolean_term(doc, WW_TERM_HAS_PLACE) : st;
}

/* The filters that are no facet: organisation, costs, voorliggend, inferred ambitions. */
static ww_status index_flags(ww_entry_indexer *ix, ww_doc *doc, const json_t *entry)
{
    ww_status st = WW_OK;
    const char *org_id =
        json_string_value(json_object_get(json_object_get(entry, "organisatie"), "id"));
    if (org_id)
        st = add_prefixed(doc, WW_PREFIX_ORGANISATION, org_id);
    if (st == WW_OK && org_id)
        st = set_string_value(doc, WW_SLOT_ORGANISATION, org_id);
    const char *costs =
        json_string_value(json_object_get(json_object_get(entry, "kosten"), "soort"));
    if (st == WW_OK && costs)
        st = add_prefixed(doc, WW_PREFIX_COSTS, costs);
    const ww_vocab_item *access =
        ww_vocab_find(ww_schema_vocab(ix->schema, "toegang"),
                      json_string_value(json_object_get(entry, "toegang")));
    if (st == WW_OK && access && access->voorliggend)
        st = ww_doc_add_boolean_term(doc, WW_TERM_VOORLIGGEND);
    if (st == WW_OK && json_is_true(json_object_get(entry, "ambities_afgeleid")))
        st = ww_doc_add_boolean_term(doc, WW_TERM_INFERRED);
    return st;
}

/* The value slots for expiry, the last check and sorting by title. */
static ww_status index_values(ww_doc *doc, const json_t *entry)
{
    const char *expires = json_string_value(json_object_get(entry, "geldig_tot"));
    ww_status st = set_string_value(doc, WW_SLOT_EXPIRES, expires ? expires : WW_NEVER_EXPIRES);
    const char *checked = json_string_value(json_object_get(entry, "laatst_gecontroleerd"));
    if (st == WW_OK && checked)
        st = set_string_value(doc, WW_SLOT_CHECKED, checked);
    char *title = ww_fold(json_string_value(json_object_get(entry, "titel")));
    if (st == WW_OK && title)
        st = set_string_value(doc, WW_SLOT_TITLE, title);
    free(title);
    /* Sorting on the waiting time puts houses without one last. */
    const json_t *weeks = json_object_get(json_object_get(entry, "wonen"), "wachttijd_weken");
    char waiting[8] = "9999";
    if (json_is_integer(weeks) && json_integer_value(weeks) >= 0 &&
        json_integer_value(weeks) < 9999)
        snprintf(waiting, sizeof waiting, "%04d", (int)json_integer_value(weeks));
    if (st == WW_OK)
        st = set_string_value(doc, WW_SLOT_WAITING, waiting);
    return st;
}

/* The ids /api/hsds gives the entry and its organisation (ww_hsds.h), as terms to find them by,
 * and the number of its locations (each a service_at_location there). */
static ww_status index_hsds_ids(ww_doc *doc, const json_t *entry, const char *id)
{
    char places[24];
    snprintf(places, sizeof places, "%zu", json_array_size(json_object_get(entry, "locaties")));
    if (set_string_value(doc, WW_SLOT_PLACE_COUNT, places) != WW_OK)
        return WW_ERR_INVALID;
    const char *org =
        json_string_value(json_object_get(json_object_get(entry, "organisatie"), "id"));
    char uuid[37], term[64];
    ww_hsds_uuidf(uuid, "aanbod/%s", id);
    snprintf(term, sizeof term, "%s%s", WW_PREFIX_HSDS_SERVICE, uuid);
    ww_status st = ww_doc_add_boolean_term(doc, term);
    if (st == WW_OK && org) {
        ww_hsds_uuidf(uuid, "organisatie/%s", org);
        snprintf(term, sizeof term, "%s%s", WW_PREFIX_HSDS_ORGANIZATION, uuid);
        st = ww_doc_add_boolean_term(doc, term);
    }
    return st;
}

/* What the server hands out: the whole entry as the data, its summary in a slot. */
static ww_status store_json(ww_entry_indexer *ix, ww_doc *doc, const json_t *entry, const char *id)
{
    ww_buf *json = &ix->json;
    ww_buf_reset(json);
    ww_status st =
        ww_json_append(json, entry) ? ww_doc_set_data(doc, json->data, json->len) : WW_ERR_INVALID;
    ww_buf_reset(json);
    if (st == WW_OK)
        st = append_summary(json, entry, id)
                 ? ww_doc_set_value(doc, WW_SLOT_SUMMARY, json->data, json->len)
                 : WW_ERR_INVALID;
    return st;
}

ww_status ww_entry_index(ww_entry_indexer *ix, const json_t *entry, const char *version,
                         const char *modified)
{
    const char *id = json_string_value(json_object_get(entry, "id"));
    if (!id)
        return WW_ERR_INVALID;
    ww_doc *doc;
    ww_status st = ww_writer_new_doc(ix->writer, &doc);
    if (st != WW_OK)
        return st;
    st = index_terms(ix, doc, entry);
    if (st == WW_OK)
        st = index_flags(ix, doc, entry);
    if (st == WW_OK)
        st = index_values(doc, entry);
    if (st == WW_OK)
        st = index_places(ix, doc, entry);
    if (st == WW_OK)
        st = index_hsds_ids(doc, entry, id);
    if (st == WW_OK)
        st = store_json(ix, doc, entry, id);
    if (st == WW_OK && version)
        st = set_string_value(doc, WW_SLOT_VERSION, version);
    if (st == WW_OK && modified)
        st = set_string_value(doc, WW_SLOT_MODIFIED, modified);
    if (st != WW_OK) {
        ww_doc_free(doc);
        return st;
    }
    char *id_term = ww_xasprintf("%s%s", WW_PREFIX_ID, id);
    st = ix->new_ids ? ww_writer_add(ix->writer, id_term, doc)
                     : ww_writer_replace(ix->writer, id_term, doc);
    free(id_term);
    return st;
}
