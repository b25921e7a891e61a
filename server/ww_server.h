/* ww_server.h -- the server's context: everything a request may need, built once at start-up
 * and handed to every handler, as libmicrohttpd hands its `cls`. There is no other server
 * state: no module keeps a global.
 *
 * Threads: the fields are set by ww_server_open and read-only afterwards, so any worker thread
 * may read them; the objects behind them that change (readers, cache, metrics, tokens,
 * sessions) each guard themselves, and writes to the catalog take `write_lock`. */
#ifndef WW_SERVER_H
#define WW_SERVER_H

#include "ww_cache.h"
#include "ww_diag.h"
#include "ww_indexing.h"
#include "ww_metrics.h"
#include "ww_readers.h"
#include "ww_schema.h"
#include "ww_sessions.h"
#include "ww_site.h"
#include "ww_template.h"
#include "ww_questions.h"
#include "ww_region.h"
#include "ww_tokens.h"

#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>

typedef struct {
    const char *index_dir;
    const char *catalog_dir;
    const char *schema_dir;    /* NULL: schema/ beside the program */
    const char *words_file;    /* the language's word list for spelling (ww_dictionary); NULL:
                                  WW_DEFAULT_WORDS, and none, with a warning, when it is missing */
    const char *web_dir;       /* NULL: web/ beside the program, if there is one */
    const char *partners_file; /* NULL: no writes (PUT, DELETE and the partners' pages refuse) */
    const char *region_file;   /* a region (ww_region.h): its gemeenten's indexes as one; then
                                  no index_dir, catalog_dir or partners_file */
    size_t cache_bytes;        /* 0: no answer cache */
    bool question_count;       /* count unanswered questions (ww_questions); on by default */
} ww_server_options;

typedef struct ww_server {
    ww_schema *schema;
    char *schema_dir; /* where the schema was read: synonym proposals are written beside it */
    /* <schema_dir>/openapi.json as read at start-up, served as it is (GET /api/v1/openapi.json) */
    char *openapi;
    size_t openapi_len;
    char *index_dir, *catalog_dir;
    char *web_dir;           /* NULL: no website, only the API */
    ww_templates *templates; /* the website's pages; NULL without a website */
    ww_site *site;           /* <web_dir>/site.yaml: `site` on every page; NULL without one */
    ww_readers *readers;
    ww_cache *cache;
    ww_metrics *metrics;
    ww_tokens *tokens;       /* NULL: writes are refused */
    ww_sessions *sessions;   /* the partners' sign-ins; NULL without tokens */
    ww_indexing *indexing;   /* index updates that wait for the index lock; NULL without tokens */
    char *audit_file;        /* "<partners file>.audit.jsonl"; NULL without tokens */
    ww_questions *questions; /* unanswered questions per week; NULL when switched off */
    json_t *open_data;       /* the catalog's open-data terms (ww_open_data.h) */
    ww_region *region;       /* a region's gemeenten; NULL for one gemeente's index */
    char *region_dir;        /* a region's own folder under TMPDIR (its words), removed at close */
    /* One write at a time within this server; ww_write adds a lock across servers. */
    pthread_mutex_t write_lock;
} ww_server;

/* Builds the server's context: loads the schema and the API's description, openapi.json beside
 * it (their problems go to `diag`), the website's templates and configuration (site.yaml; its
 * problems go to `diag` too), and with a partners file the tokens, then brings the index level
 * with the catalog (a write that crashed before its index update is indexed now). Returns the
 * context (free with ww_server_close), or NULL with a Dutch message in *errmsg (caller frees). */
ww_server *ww_server_open(const ww_server_options *options, ww_diag *diag, char **errmsg);

/* Frees the context; every thread that served requests with it must have ended. */
void ww_server_close(ww_server *srv);

/* Whether this server takes partners' changes. */
static inline bool ww_server_writes(const ww_server *srv)
{
    return srv->tokens != NULL;
}

#endif
