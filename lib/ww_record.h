/* ww_record.h -- reading one catalog record, from a file or from bytes (a PUT body):
 * size limit, encoding (ww_encoding), YAML (ww_yaml), schema (ww_validate), and the rule that
 * the id equals the file name. Problems go to a ww_diag; nothing here touches the index. */
#ifndef WW_RECORD_H
#define WW_RECORD_H

#include "ww_catalog.h"
#include "ww_diag.h"
#include "ww_schema.h"
#include "ww_validate.h"

#include <jansson.h>

/* Parses and checks `len` bytes. `label` names the source in messages; `expected_id` (or NULL)
 * is the id the file name promises. Returns the record as new JSON (caller owns), or NULL when
 * it was rejected; the reasons are in `diag`. */
json_t *ww_record_parse(const ww_schema *schema, ww_record_kind kind, const char *bytes, size_t len,
                        const char *label, const char *expected_id, ww_ref_exists exists, void *ctx,
                        ww_diag *diag);

/* ww_record_parse for the bytes of catalog record `id` (a PUT body, a file being replaced):
 * messages name it as the catalog does ("aanbod/<id>.yaml"), and its id must be `id`. The
 * record is the caller's. */
json_t *ww_record_parse_as(const ww_schema *schema, ww_record_kind kind, const char *id,
                           const char *bytes, size_t len, ww_ref_exists exists, void *ctx,
                           ww_diag *diag);

/* The same for the file at `path`, whose name (without .yaml) is the expected id (caller owns
 * the record). With `version` not NULL, the ETag of the bytes that were read goes there
 * (ww_catalog_etag; caller frees; NULL when the file could not be read). */
json_t *ww_record_read(const ww_schema *schema, ww_record_kind kind, const char *path,
                       ww_ref_exists exists, void *ctx, ww_diag *diag, char **version);

/* The values of a catalog file as it stands, valid or not (scalars as text, sequences as
 * arrays, mappings as objects): what the partners' form shows, and whose `organisatie` says who
 * may change a file that does not pass validation. NULL when the bytes are not readable as a
 * YAML mapping at all. Caller owns. */
json_t *ww_record_values(const char *bytes, size_t len);

#endif
