/* ww_verdicts.h -- the editor's verdicts on pairs of overlapping offers (ww_overlap), kept as data
 * in the catalog folder, <catalog>/dubbelingen.yaml, and reviewed like the rest of the catalog:
 *
 *     - aanbod: [koffie-a, koffie-b]     the two entries, sorted
 *       oordeel: geen-dubbeling          or dubbeling-besproken
 *       toelichting: Andere doelgroep.
 *       versies: ["v1", "v2"]            the versions (ETags) of both files when judged
 *       datum: 2026-11-29
 *
 * A judged pair stays away until one of its entries changes. No Xapian here, so the file's
 * parser can be fuzzed alone. */
#ifndef WW_VERDICTS_H
#define WW_VERDICTS_H

#include "ww_diag.h"

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

/* "<catalog>/dubbelingen.yaml". Caller frees. */
char *ww_verdicts_path(const char *catalog);

/* The verdicts in `text` (the file at `path`, named in messages): [{"aanbod": [id, id],
 * "oordeel", "toelichting", "versies": [version, version], "datum"}]; an empty file is an empty
 * list. NULL, with every problem in `diag`, when it is not such a list. A new array. */
json_t *ww_verdicts_parse(const char *text, size_t len, const char *path, ww_diag *diag);
/* The same from the catalog's file; a missing file is an empty list. */
json_t *ww_verdicts_read(const char *catalog, ww_diag *diag);

/* Whether `verdict` is a known kind: "geen-dubbeling" or "dubbeling-besproken". */
bool ww_verdict_known(const char *verdict);

/* Adds (or replaces) the verdict on the pair (a, b) with the versions judged. */
void ww_verdict_set(json_t *verdicts, const char *a, const char *b, const char *verdict,
                    const char *note, const char *version_a, const char *version_b,
                    const char *today);

/* The verdicts as the file's text, with a header that says what it is. Caller frees. */
char *ww_verdicts_text(const json_t *verdicts);

#endif
