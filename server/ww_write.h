/* ww_write.h -- the partners' write path: storing and archiving an entry. PUT and DELETE
 * /api/v1/entries/<id> (ww_api_write.c) and the partners' web pages call the same two
 * functions, so one set of rules covers ownership, validation, versions, the audit trail and
 * the index.
 *
 * The catalog file is the truth; the index follows it. A write is, under the server's write
 * lock and the catalog's (so that two servers on one catalog take turns): check ownership and
 * the version the writer saw (If-Match) against the file, validate with the indexer's own
 * validator, append a line to the audit trail, replace the file atomically (or move it to the
 * archive). Then, with the locks released, the index is updated for that one entry
 * (ww_indexing: at once when the index lock is free, else by its thread as soon as it is), and
 * every worker thread's reader sees it at its next request. A crash at any moment leaves the
 * file old or new; ww_write_catch_up at the next start brings the index level with the
 * catalog. */
#ifndef WW_WRITE_H
#define WW_WRITE_H

#include "ww_diag.h"

#include <stdbool.h>
#include <stddef.h>

typedef struct ww_server ww_server;

typedef enum {
    WW_WRITE_CREATED,          /* a new entry */
    WW_WRITE_CHANGED,          /* the entry replaced */
    WW_WRITE_UNCHANGED,        /* the very bytes already stored: nothing written */
    WW_WRITE_ARCHIVED,         /* the file moved to the archive */
    WW_WRITE_INVALID,          /* the validator's errors are in `diag` */
    WW_WRITE_FORBIDDEN,        /* another organisation's entry */
    WW_WRITE_NOT_FOUND,        /* no such entry (or no valid id) */
    WW_WRITE_VERSION_REQUIRED, /* replacing an entry without naming the version it replaces */
    WW_WRITE_STALE,            /* someone changed or removed it since that version */
    WW_WRITE_FAILED,           /* reading, the audit trail or the file failed: nothing changed */
} ww_write_outcome;

typedef struct {
    ww_write_outcome outcome;
    const char *code; /* the API's error code ("forbidden"), NULL on success; static */
    char *message;    /* why it did not happen, in Dutch; NULL on success */
    char *etag;       /* the version stored now; with WW_WRITE_STALE the current one, if any */
    char *archived;   /* WW_WRITE_ARCHIVED: where the file went, relative to the catalog */
    bool indexed;     /* the index has the change already (else it follows shortly) */
    ww_diag diag;     /* the validator's errors (WW_WRITE_INVALID) or warnings */
} ww_write_result;

/* The HTTP status of an outcome: 201, 200, 422, 403, 404, 428, 412 or 500. */
unsigned ww_write_status(ww_write_outcome outcome);
void ww_write_result_free(ww_write_result *result);

/* Stores `bytes` (YAML) as entry `id` for organisation `org`, signed in with token `token_id`.
 * `if_match` is the ETag of the version being replaced (NULL: none, which only a new entry may
 * do). Fills *result (free with ww_write_result_free). */
void ww_write_entry(ww_server *srv, const char *org, const char *token_id, const char *id,
                    const char *bytes, size_t len, const char *if_match, ww_write_result *result);

/* Archives entry `id` for `org`: the file moves to the catalog's archive and the index drops
 * it. `if_match` (NULL: none) must name the current version when given. */
void ww_write_archive(ww_server *srv, const char *org, const char *token_id, const char *id,
                      const char *if_match, ww_write_result *result);

/* Whether organisation `org` may change or archive the catalog file that holds `bytes`: the
 * editor always, a partner when the file names it as organisatie (read as written, so that a
 * partner can also repair an entry that no longer passes validation). */
bool ww_may_change(const char *org, const char *bytes, size_t len);

/* Records the editor's verdict on the pair (a, b) of entries (ww_overlap: "geen-dubbeling" or
 * "dubbeling-besproken", with a note and the versions judged) in the catalog's dubbelingen.yaml,
 * under the same locks as a write. 0, or -1 with a Dutch message in *errmsg (caller frees). */
int ww_write_overlap_verdict(ww_server *srv, const char *a, const char *b, const char *verdict,
                             const char *note, const char *version_a, const char *version_b,
                             char **errmsg);

/* Brings the index level with the catalog (an incremental update): after a crash between a
 * file's replacement and its index update. When an indexer run holds the index, the catch-up
 * is left to ww_indexing's thread and the server starts on the index as it is. 0, or -1 with a
 * Dutch message in *errmsg. */
int ww_write_catch_up(ww_server *srv, char **errmsg);

#endif
