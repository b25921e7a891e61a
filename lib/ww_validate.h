/* ww_validate.h -- checks a parsed catalog file against its record schema and, when it is valid,
 * turns it into JSON with typed values (numbers, booleans, lists) and defaults filled in.
 *
 * Used by the indexer and by the server's write path alike, so a partner gets the same
 * messages from both. */
#ifndef WW_VALIDATE_H
#define WW_VALIDATE_H

#include "ww_diag.h"
#include "ww_schema.h"
#include "ww_yaml.h"

#include <jansson.h>
#include <stdbool.h>

/* Answers whether `id` names a record in `folder` (from the schema's verwijst_naar). */
typedef bool (*ww_ref_exists)(const char *folder, const char *id, void *ctx);

/* Every problem goes to `diag`, tagged with `file`. Returns a new JSON object (caller owns it,
 * json_decref) when the record has no error, else NULL. `exists` may be NULL to skip
 * reference checks. */
json_t *ww_validate(const ww_record_schema *record, const ww_node *root, const char *file,
                    ww_ref_exists exists, void *ctx, ww_diag *diag);

/* True for a valid catalog id: 3 to 80 of a-z, 0-9 and '-', starting with a letter. */
bool ww_valid_id(const char *id);

/* True for a real calendar date written YYYY-MM-DD. */
bool ww_valid_date(const char *s);

#endif
