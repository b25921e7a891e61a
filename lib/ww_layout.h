/* ww_layout.h -- the layout of the Xapian index: which entry field becomes which term prefix
 * and value slot. The indexer writes by this table and the search side reads by it, so the two
 * can never disagree. Changing it means a full rebuild (the indexer notices: WW_LAYOUT_VERSION
 * is part of the index's fingerprint). */
#ifndef WW_LAYOUT_H
#define WW_LAYOUT_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

#define WW_LAYOUT_VERSION "9" /* 9: a plural with an apostrophe folded to its singular */

/* Unique id term of an entry: "Q" + id. */
#define WW_PREFIX_ID "Q"
/* Organisation of an entry: "XO" + organisation id. */
#define WW_PREFIX_ORGANISATION "XO"
/* The entry's HSDS service id and its organisation's HSDS organization id (ww_hsds.h): "XU" and
 * "XR" + UUID, so that /api/hsds finds a service or an organisation by the id it gave out. */
#define WW_PREFIX_HSDS_SERVICE "XU"
#define WW_PREFIX_HSDS_ORGANIZATION "XR"
/* kosten.soort: "XK" + value ("XKgratis"). */
#define WW_PREFIX_COSTS "XK"
/* Present on entries whose toegang is voorliggend (vocabulaires.yaml). */
#define WW_TERM_VOORLIGGEND "XVja"
/* Present on entries whose ambitions were inferred. */
#define WW_TERM_INFERRED "XIja"
/* Present on entries with at least one place (WW_SLOT_PLACES). */
#define WW_TERM_HAS_PLACE "XGja"
/* Quarters of the week an entry is on: "XN" + day code + quarter of the day, 0-95 ("XNdi38":
 * Tuesday 9.30-9.45 uur), see ww_opening_week_of. */
#define WW_PREFIX_OPEN "XN"

/* A filter of the search API: a list or choice field of an entry, indexed as boolean terms
 * (prefix + value). For facets, WW_SLOT_FACETS holds one 64-bit little-endian mask per filter,
 * in table order: bit i is set when the entry has value i of the filter's vocabulary. A value
 * marked `overal` in its vocabulary (heel-zwolle, iedereen) sets every bit: such an entry is
 * found by every value of the filter, so it is counted for every value too, and the count
 * beside a filter is what choosing it gives. */
typedef struct {
    const char *field; /* field of the entry ("wijken"), or block.field ("wonen.woonvorm"), or
                          "@name" for values worked out from the entry: "@dagen" and
                          "@dagdelen" from its `tijden` (ww_entry.c) */
    const char *param; /* API parameter and facet name ("wijk") */
    const char *vocab; /* vocabulary of its values ("wijken"), at most WW_MAX_FILTER_VALUES */
    const char *prefix;
    bool label_words; /* the labels' words are searchable ("ouderen"); not for long phrases such
                         as a begeleiding's, whose "dag" and "thuis" would match anything */
} ww_filter_field;

extern const ww_filter_field WW_FILTERS[];
extern const size_t WW_FILTER_COUNT;
#define WW_FILTER_COUNT_MAX 16  /* room for the facet masks; WW_FILTER_COUNT stays below it */
#define WW_MAX_FILTER_VALUES 64 /* the bits of one facet mask; the schema loader holds to it */

/* Whether the filter's values are worked out from the entry rather than read from a field. */
static inline bool ww_filter_is_derived(const ww_filter_field *filter)
{
    return filter->field[0] == '@';
}

/* The filter's value in an entry (borrowed), or NULL (always for a derived filter). */
const json_t *ww_filter_value_of(const ww_filter_field *filter, const json_t *entry);

/* The filter for an API parameter name, or NULL. */
const ww_filter_field *ww_filter_by_param(const char *param);

enum {
    WW_SLOT_EXPIRES = 20,      /* geldig_tot as YYYY-MM-DD; "9999-12-31" when it never expires */
    WW_SLOT_TITLE = 21,        /* folded title, for sorting when there is no text to rank by */
    WW_SLOT_CHECKED = 22,      /* laatst_gecontroleerd */
    WW_SLOT_FACETS = 23,       /* the facet masks, see ww_filter_field */
    WW_SLOT_SUMMARY = 24,      /* what a search result shows, as JSON: see ww_entry_summary */
    WW_SLOT_VERSION = 25,      /* the ETag of the catalog file's bytes the document was made from */
    WW_SLOT_WAITING = 26,      /* wonen.wachttijd_weken as four digits, "9999" when unknown */
    WW_SLOT_PLACES = 27,       /* the locations' coordinates (ww_doc_set_places), when any */
    WW_SLOT_ORGANISATION = 28, /* the organisation's id, for counts per organisation (insight) */
    WW_SLOT_MODIFIED = 29,     /* when the catalog file was last written, ISO 8601 UTC */
    WW_SLOT_PLACE_COUNT = 30   /* the number of locaties, in decimal: paging HSDS's
                                  service_at_locations without reading every entry */
};
#define WW_NEVER_EXPIRES "9999-12-31"

/* Free text of an entry and how much each field weighs in ranking. */
typedef struct {
    const char *field;
    unsigned weight;
} ww_text_field;

extern const ww_text_field WW_TEXT_FIELDS[];
extern const size_t WW_TEXT_FIELD_COUNT;

/* Metadata keys of the index. */
#define WW_META_FINGERPRINT "wegwijzer:fingerprint" /* schema and layout it was built with */
#define WW_META_BUILT "wegwijzer:built"             /* UTC time of the last commit */

#endif
