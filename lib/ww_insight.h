/* ww_insight.h -- the gemeente's view of the catalog (issue 15): how the offer covers the wijken,
 * how it serves the three ambitions, the beschermd-thuis options, and how current each
 * organisation's entries are; and the monthly history of the counts per ambition.
 *
 * Every figure is counted in the index (boolean terms and value slots through ww_xapian.h),
 * never by re-reading the catalog. Only current entries count (geldig_tot not past `today`),
 * except where a figure says otherwise (actualiteit counts expired entries still in the
 * catalog). Each function returns a new JSON object (the caller owns it) whose shape is written
 * above it, or NULL with the reader's last error when the index fails. */
#ifndef WW_INSIGHT_H
#define WW_INSIGHT_H

#include "ww_schema.h"
#include "ww_xapian.h"

#include <jansson.h>
#include <stdbool.h>

/* What every view may be narrowed to. */
typedef struct {
    const char *soort;     /* one soort id, or NULL for all */
    const char *ambitie;   /* one ambition id, or NULL for all */
    const char *doelgroep; /* one doelgroep id (entries for iedereen included), or NULL */
    bool voorliggend;      /* toegang is a voorliggende voorziening */
    bool gratis;           /* kosten.soort is gratis */
    const char *today;     /* YYYY-MM-DD */
} ww_insight_filter;

/* Coverage of the wijken by one dimension ("ambitie", "doelgroep" or "leefgebied"):
 *   {"dimensie", "kolommen": [{"id", "label"}],
 *    "rijen": [{"id", "label", "overal": bool,
 *               "aangeboden": [n per kolom], "aangeboden_totaal": n,
 *               "beschikbaar": [n per kolom], "beschikbaar_totaal": n}]}
 * One row per wijk in vocabulary order (heel-zwolle, `overal`, among them). `aangeboden`
 * counts the entries that name the wijk and the value; `beschikbaar` what a search for the wijk
 * and the value finds: offers for heel-zwolle count in every wijk, and an `overal` value
 * (iedereen) in every column, so each cell equals the total of /zoeken?wijk=..&<dim>=.. */
json_t *ww_insight_coverage(ww_reader *reader, const ww_schema *schema, const char *dimension,
                            const ww_insight_filter *filter);

/* Per ambition:
 *   {"ambities": [{"id", "label", "aanbod", "organisaties", "wijken", "wijken_van",
 *                  "voorliggend", "gratis", "expliciet", "afgeleid",
 *                  "aandeel_voorliggend", "aandeel_gratis", "aandeel_afgeleid"}]}
 * `wijken`: how many of the `wijken_van` wijken (heel-zwolle not counted) have the ambition
 * available; shares are fractions of `aanbod`, 0 when it is 0. */
json_t *ww_insight_ambitions(ww_reader *reader, const ww_schema *schema,
                             const ww_insight_filter *filter);

/* The beschermd-thuis options per woonvorm and wijk (an option in two wijken counts in both):
 *   {"groepen": [{"woonvorm", "woonvorm_label", "wijk", "wijk_label", "opties", "plaatsen",
 *                 "plaatsen_onbekend", "wachttijd_mediaan", "wachttijd_langst",
 *                 "aanbod": [{"id", "titel", "organisatie", "begeleiding", "plaatsen",
 *                             "wachttijd_weken"}]}],
 *    "woonvormen": [{"id", "label", "opties", "plaatsen", "plaatsen_onbekend",
 *                    "wachttijd_mediaan", "wachttijd_langst"}],
 *    "wijken": [the same per wijk, all woonvormen together, every wijk of the vocabulary]}
 * Groups in vocabulary order of woonvorm, then wijk; waiting times in weeks, null when no
 * option of the group says; a median of an even count is the mean of the middle two. */
json_t *ww_insight_housing(ww_reader *reader, const ww_schema *schema,
                           const ww_insight_filter *filter);

/* How current each organisation's entries are, all entries in the index (expired ones too):
 *   {"organisaties": [{"id", "naam", "email", "aanbod", "binnen_6_maanden",
 *                      "binnen_12_maanden", "aandeel_6", "aandeel_12", "oudste_controle",
 *                      "verlopen", "afgekeurd",
 *                      "achterstallig": [{"id", "titel", "laatst_gecontroleerd", "dagen"}]}]}
 * sorted by name; `achterstallig` lists the entries not checked within 12 months, oldest
 * first; `afgekeurd` counts the catalog files of the organisation the last build rejected.
 * `organisation` (NULL: all) keeps one organisation's row. */
json_t *ww_insight_currency(ww_reader *reader, const ww_schema *schema, const char *today,
                            const char *organisation);

/* ---- History --------------------------------------------------------------------------- */

/* The history of the counts per ambition lives beside the index generations, in
 * INDEX_DIR/inzicht-historie.csv (ww_index_history_path), so that full rebuilds (new
 * generations) keep it. It holds counts only: "maand;ambitie;aantal", one line per month and
 * ambition. */

/* Records this month's counts of current entries per ambition from `reader` (replacing the
 * month's earlier lines: a month keeps its last figures). 0, or -1 with errno set or the
 * reader's error (*errmsg, caller frees). */
int ww_insight_record_month(const char *index_dir, ww_reader *reader, const ww_schema *schema,
                            const char *today, char **errmsg);

/* The history as {"maanden": ["2026-11", ...], "reeksen": [{"id", "label", "aantallen":
 * [n per maand, null where a month lacks it]}]} in month order, one series per ambition of the
 * schema; empty lists when there is no history yet. */
json_t *ww_insight_history(const char *index_dir, const ww_schema *schema);

/* The metadata key under which a build lists the files it rejected, as JSON
 * [{"bestand", "organisatie"}] ("organisatie" null when the file did not say). */
#define WW_META_REJECTED "wegwijzer:rejected"

#endif
