/* ww_entry.h -- what a valid entry becomes in the index.
 *
 * An entry arrives as the JSON that ww_validate made of its file. Completing it adds what the
 * file leaves implicit (its organisation, inferred ambitions); indexing writes it as a Xapian
 * document by the table in ww_layout.h, with the completed JSON as the stored data that the
 * server hands out. */
#ifndef WW_ENTRY_H
#define WW_ENTRY_H

#include "ww_diag.h"
#include "ww_schema.h"
#include "ww_xapian.h"

#include <jansson.h>
#include <time.h>

/* The places of an entry's locations, at most `max`, into lat[] and lon[]: a location's own
 * lat/lon, or the centre of its postcode's area (schema->places) when it has none; a location
 * with neither counts not. Returns how many. */
/* A location without coordinates is placed at its postcode area's centre, coarsely; one whose
 * postcode the table lacks has no place at all. Either way the partner hears it: a warning for
 * each such location of `entry` goes to `diag` (the indexer's report, a write's answer). */
void ww_entry_place_warnings(const ww_schema *schema, const json_t *entry, const char *file,
                             ww_diag *diag);
size_t ww_entry_places(const ww_schema *schema, const json_t *entry, double *lat, double *lon,
                       size_t max);

/* Replaces `organisatie` (an id) by the organisation object (shared: a new reference, so
 * neither may be changed afterwards), and when `ambities` is
 * absent infers them (schema rules) and sets `ambities_afgeleid: true`; otherwise
 * `ambities_afgeleid: false`. A warning goes to `diag` when nothing pointed to an ambition, and
 * for each location that only a postcode places (coarsely), or nothing. */
void ww_entry_complete(const ww_schema *schema, json_t *entry, const json_t *organisation,
                       const char *file, ww_diag *diag);

/* What indexing entries needs besides the writer, worked out once: the search terms of every
 * vocabulary label (so that "ouderen" finds entries for the doelgroep ouderen without each
 * entry tokenising the same labels again). Borrows the schema and the writer. */
typedef struct ww_entry_indexer ww_entry_indexer;

ww_status ww_entry_indexer_new(const ww_schema *schema, ww_writer *writer, ww_entry_indexer **out);
void ww_entry_indexer_free(ww_entry_indexer *indexer);
/* Promises that every entry indexed from now on has an id the index does not hold yet (a full
 * build into a new, empty database: each file is read once and its name is its id). Entries
 * are then added without a look-up for a document to replace. */
void ww_entry_indexer_assume_new_ids(ww_entry_indexer *indexer);

/* Adds or replaces the completed entry in the index; `version` (may be NULL) is the ETag of the
 * catalog file's bytes it was read from, kept with it (WW_SLOT_VERSION) so that the entry and
 * its version are always handed out together; `modified` (may be NULL) when that file was last
 * written, as ww_utc_format writes it (WW_SLOT_MODIFIED). */
ww_status ww_entry_index(ww_entry_indexer *indexer, const json_t *entry, const char *version,
                         const char *modified);

/* Room for a term of WW_PREFIX_OPEN ("XNdi38") and its NUL. */
#define WW_OPEN_TERM_SIZE 16
/* The filter term of the entries that are on at `now`: those whose `tijden` cover that quarter
 * of an hour of the week entirely (Zwolle's local time). */
void ww_entry_open_term(time_t now, char out[WW_OPEN_TERM_SIZE]);

/* What a search result shows of a completed entry: id, titel, samenvatting, soort, organisatie
 * (id and naam), ambities, wijken, doelgroepen, toegang, kosten, tijden, wonen,
 * laatst_gecontroleerd and url, as a new
 * JSON object (caller owns). */
json_t *ww_entry_summary(const json_t *entry);

/* The search text of an entry (title, summary, description, keywords), folded; caller frees. */
char *ww_entry_folded_text(const json_t *entry);

#endif
