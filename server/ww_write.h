/* ww_write.h -- the partners' write path: PUT and DELETE /api/v1/entries/<id>.
 *
 * The catalog file is the truth; the index follows it. A write is, under one lock:
 * authenticate (ww_partners), check ownership and If-Match against the file's ETag, validate
 * with the indexer's own validator (ww_catalog), append a line to the audit trail, replace the
 * file atomically (or move it to archief/ for DELETE), then update the index for that one entry
 * (ww_build's targeted update), which readers pick up within their freshness interval. A crash
 * at any moment leaves the file old or new; ww_write_init's catch-up scan at the next start
 * brings the index level with the catalog. */
#ifndef WW_WRITE_H
#define WW_WRITE_H

#include "ww_http.h"
#include "ww_schema.h"

/* All borrowed for the lifetime of the server. `partners_file` NULL: writes are refused. The
 * audit trail is `<partners_file>.audit.jsonl`. With a partners file, first brings the index
 * level with the catalog (an incremental update): 0, or -1 with *errmsg (caller frees). */
int ww_write_init(const ww_schema *schema, const char *catalog_dir, const char *index_dir,
                  const char *partners_file, char **errmsg);

void ww_api_put_entry(const ww_request *req, ww_response *res);    /* PUT /api/v1/entries/<id> */
void ww_api_delete_entry(const ww_request *req, ww_response *res); /* DELETE, archives it */

/* Stores `bytes` (YAML) as entry `id` for organisation `org`, signed in with token `token_id`:
 * what PUT does after reading the request, and what the partners' web form calls. `if_match`
 * is the ETag of the version being replaced (NULL: none). Fills `res` with the API's answer:
 * the status, the JSON body (for 422 the field errors) and the ETag header. */
void ww_write_entry(const char *org, const char *token_id, const char *id, const char *bytes,
                    size_t len, const char *if_match, ww_response *res);

/* Archives entry `id` for `org` as DELETE does: the file moves to catalog/archief/, the index
 * drops it. `if_match` (NULL: none) must name the current version when given. */
void ww_write_archive(const char *org, const char *token_id, const char *id, const char *if_match,
                      ww_response *res);

/* Whether organisation `org` may change or archive the catalog file that holds `bytes`: the
 * editor always, a partner when the file names it as organisatie (read as written, so that a
 * partner can also repair an entry that no longer passes validation). */
bool ww_may_change(const char *org, const char *bytes, size_t len);

/* The ETag of catalog file aanbod/<id>.yaml ("\"<hash>\""), or NULL when there is none.
 * Caller frees. */
char *ww_entry_etag(const char *id);

/* The bytes of catalog file aanbod/<id>.yaml and, when `etag` is not NULL, its ETag in *etag
 * (both the caller's); NULL with errno (ENOENT: no such entry) when it cannot be read. */
char *ww_entry_read(const char *id, size_t *len, char **etag);

#endif
