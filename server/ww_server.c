/* ww_server.c -- building and freeing the server's context. */
#include "ww_server.h"

#include "ww_build.h"
#include "ww_index_dir.h"
#include "ww_open_data.h"
#include "ww_region_schema.h"
#include "ww_time.h"

#include "ww_fs.h"
#include "ww_util.h"
#include "ww_write.h"

#include <errno.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The website: web_dir, or web/ beside the program; without either, only the API is served.
 * A website needs its configuration (site.yaml): no page goes out without the gemeente's name
 * and the wijkteam's phone. */
static int open_website(ww_server *srv, const char *web_dir, ww_diag *diag, char **errmsg)
{
    srv->web_dir = web_dir ? ww_xstrdup(web_dir) : ww_find_beside_program("web");
    if (!srv->web_dir)
        return 0;
    char *templates = ww_xasprintf("%s/templates", srv->web_dir);
    srv->templates = ww_templates_load(templates, errmsg);
    free(templates);
    if (!srv->templates)
        return -1;
    srv->site = ww_site_load(srv->web_dir, diag);
    if (!srv->site) {
        *errmsg = ww_xasprintf("de instellingen van de website in %s/site.yaml zijn niet bruikbaar",
                               srv->web_dir);
        return -1;
    }
    return 0;
}

static int remove_one(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
    (void)st, (void)flag, (void)ftw;
    return remove(path);
}

/* The region's word database (ww_build_words), made at start-up in a folder of its own under
 * TMPDIR, which ww_server_close removes: remote indexes serve neither spellings nor synonyms.
 * NULL, with a warning, when it cannot be made (a shard on this host serves them then). Caller
 * frees. */
static char *region_words(ww_server *srv, const char *const *locations)
{
    const char *tmp = getenv("TMPDIR");
    char *dir = ww_xasprintf("%s/wegwijzer-regio-XXXXXX", tmp && *tmp ? tmp : "/tmp");
    ww_reader *all = NULL;
    uint64_t missing = 0;
    char *err = NULL, *words = NULL;
    if (!mkdtemp(dir)) {
        err = ww_xasprintf("kan geen map maken: %s", ww_errno_text(errno));
        free(dir);
        dir = NULL;
    } else if (ww_reader_open_shards(locations, srv->region->count, srv->region->timeout_ms, NULL,
                                     &all, &missing, &err) == WW_OK) {
        words = ww_xasprintf("%s/woorden", dir);
        free(err);
        err = NULL;
        if (ww_build_words(srv->schema, all, words, &err) != 0) {
            free(words);
            words = NULL;
        }
    }
    ww_reader_close(all);
    if (err)
        fprintf(stderr,
                "wegwijzer-server: let op: %s; spelling en synoniemen komen uit een index op "
                "deze machine, als die er is\n",
                err);
    free(err);
    srv->region_dir = dir; /* removed at close, whatever is in it */
    return words;
}

/* The schema of each gemeente of the region: its own (`schema:` in the region's file, loaded into
 * own[i], which the caller frees; gemeenten naming one folder share it) or the region's. False
 * with *errmsg when one cannot be loaded. */
static bool load_member_schemas(ww_server *srv, const ww_schema **members, ww_schema **own,
                                ww_diag *diag, char **errmsg)
{
    char *region_dir = realpath(srv->schema_dir, NULL), *dirs[WW_REGION_MAX] = {0};
    bool ok = true;
    for (size_t i = 0; ok && i < srv->region->count; i++) {
        const ww_region_member *m = &srv->region->members[i];
        members[i] = srv->schema;
        if (!m->schema_dir)
            continue;
        dirs[i] = realpath(m->schema_dir, NULL);
        if (!dirs[i]) {
            *errmsg = ww_xasprintf("het schema van %s (%s) is er niet: %s", m->id, m->schema_dir,
                                   ww_errno_text(errno));
            ok = false;
            break;
        }
        if (region_dir && strcmp(dirs[i], region_dir) == 0)
            continue;
        for (size_t k = 0; k < i; k++)
            if (dirs[k] && strcmp(dirs[k], dirs[i]) == 0)
                members[i] = members[k];
        if (members[i] != srv->schema)
            continue;
        members[i] = own[i] = ww_schema_load(m->schema_dir, diag);
        if (!own[i]) {
            *errmsg =
                ww_xasprintf("het schema van %s in %s is niet bruikbaar", m->id, m->schema_dir);
            ok = false;
        }
    }
    for (size_t i = 0; i < srv->region->count; i++)
        free(dirs[i]);
    free(region_dir);
    return ok;
}

/* A region: its gemeenten's indexes as one reader. Its own files (the count of unanswered
 * questions, open-data.yaml) live beside the region's file, which stands in for the index and
 * catalog folders of a single gemeente. */
static bool open_region(ww_server *srv, const char *file, ww_diag *diag, char **errmsg)
{
    srv->region = ww_region_read(file, diag);
    if (!srv->region) {
        *errmsg = ww_xasprintf("de regio in %s is niet bruikbaar", file);
        return false;
    }
    const char *slash = strrchr(file, '/');
    srv->index_dir = slash ? ww_xstrndup(file, (size_t)(slash - file)) : ww_xstrdup(".");
    srv->catalog_dir = ww_xstrdup(srv->index_dir);
    const ww_schema *members[WW_REGION_MAX];
    ww_schema *own[WW_REGION_MAX] = {0};
    ww_region_wijken wijken[WW_REGION_MAX];
    char *fingerprints[WW_REGION_MAX] = {0};
    bool ok = load_member_schemas(srv, members, own, diag, errmsg) &&
              ww_region_schema_merge(srv->schema, srv->region, members, wijken, errmsg);
    if (ok) {
        const char *locations[WW_REGION_MAX];
        ww_readers_shard shards[WW_REGION_MAX];
        for (size_t i = 0; i < srv->region->count; i++) {
            locations[i] = srv->region->members[i].location;
            if (members[i] != srv->schema)
                fingerprints[i] = ww_index_fingerprint(members[i]);
            shards[i] = (ww_readers_shard){locations[i], fingerprints[i], &wijken[i]};
        }
        char *words = region_words(srv, locations);
        srv->readers = ww_readers_new_region(shards, srv->region->count, srv->region->timeout_ms,
                                             words, srv->schema);
        free(words);
    }
    for (size_t i = 0; i < srv->region->count; i++) {
        ww_schema_free(own[i]);
        free(fingerprints[i]);
    }
    return ok;
}

/* The terms on which the catalog is open data (<catalog>/open-data.yaml, or the defaults). */
static int open_open_data(ww_server *srv, ww_diag *diag, char **errmsg)
{
    srv->open_data = ww_open_data_read(srv->catalog_dir, diag);
    if (srv->open_data)
        return 0;
    *errmsg = ww_xasprintf("de open-data-instellingen in %s/open-data.yaml zijn niet bruikbaar",
                           srv->catalog_dir);
    return -1;
}

/* With a partners file: its tokens, the sessions signed in with them, the audit trail beside
 * it, and an index brought level with the catalog. */
static int open_writes(ww_server *srv, const char *partners_file, char **errmsg)
{
    if (!partners_file)
        return 0;
    srv->tokens = ww_tokens_open(partners_file, errmsg);
    if (!srv->tokens)
        return -1;
    srv->sessions = ww_sessions_new(srv->tokens);
    srv->audit_file = ww_xasprintf("%s.audit.jsonl", partners_file);
    srv->indexing = ww_indexing_start(srv->catalog_dir, srv->index_dir, srv->schema, srv->readers);
    return ww_write_catch_up(srv, errmsg);
}

/* The API's description, <schema_dir>/openapi.json, kept as its bytes: a client gets exactly the
 * document the contract suite (tests/contract) holds the server to. A server without it, or with
 * a document that is no JSON object, does not start: its problem goes to `diag` with the file,
 * like the schema's own. */
static bool load_openapi(ww_server *srv, ww_diag *diag, char **errmsg)
{
    enum { MAX_OPENAPI = 4 * 1024 * 1024 };
    char *path = ww_xasprintf("%s/openapi.json", srv->schema_dir);
    json_error_t err;
    json_t *doc = NULL;
    if (ww_read_file(path, MAX_OPENAPI, &srv->openapi, &srv->openapi_len) != 0) {
        ww_diag_add(diag, WW_DIAG_ERROR, path, 0, 0, "", "kan de API-beschrijving niet lezen: %s",
                    ww_errno_text(errno));
    } else if (!(doc = json_loadb(srv->openapi, srv->openapi_len, JSON_REJECT_DUPLICATES, &err))) {
        ww_diag_add(diag, WW_DIAG_ERROR, path, (unsigned)err.line, (unsigned)err.column, "",
                    "de API-beschrijving is geen geldige JSON: %s", err.text);
    } else if (!json_is_object(doc)) {
        ww_diag_add(diag, WW_DIAG_ERROR, path, 1, 1, "", "de API-beschrijving is geen JSON-object");
    }
    bool ok = json_is_object(doc);
    json_decref(doc);
    if (!ok)
        *errmsg = ww_xasprintf("de API-beschrijving %s is niet bruikbaar", path);
    free(path);
    return ok;
}

/* The word list that spelling leaves alone: a list named on the command line must be there; the
 * default one may be missing (search then corrects as before, and the server says so). */
static bool load_words(ww_schema *schema, const char *file, char **errmsg)
{
    char *warning = NULL;
    bool ok = ww_schema_load_words(schema, file, errmsg, &warning);
    if (warning)
        fprintf(stderr,
                "wegwijzer-server: let op: %s; de spelling verbetert ook gewone Nederlandse "
                "woorden\n",
                warning);
    free(warning);
    return ok;
}

ww_server *ww_server_open(const ww_server_options *o, ww_diag *diag, char **errmsg)
{
    char *schema_dir = o->schema_dir ? ww_xstrdup(o->schema_dir) : ww_schema_default_dir();
    ww_schema *schema = ww_schema_load(schema_dir, diag);
    if (!schema) {
        *errmsg = ww_xasprintf("het schema in %s is niet bruikbaar", schema_dir);
        free(schema_dir);
        return NULL;
    }
    if (!load_words(schema, o->words_file, errmsg)) {
        ww_schema_free(schema);
        free(schema_dir);
        return NULL;
    }
    ww_server *srv = ww_xcalloc(1, sizeof *srv);
    srv->schema = schema;
    srv->schema_dir = schema_dir;
    pthread_mutex_init(&srv->write_lock, NULL);
    if (o->region_file && !open_region(srv, o->region_file, diag, errmsg)) {
        ww_server_close(srv);
        return NULL;
    }
    if (!o->region_file) {
        srv->index_dir = ww_xstrdup(o->index_dir);
        srv->catalog_dir = ww_xstrdup(o->catalog_dir);
        srv->readers = ww_readers_new(srv->index_dir, schema);
    }
    srv->cache = ww_cache_new(o->cache_bytes);
    srv->metrics = ww_metrics_new();
    if (o->question_count) {
        char *file = ww_index_questions_path(srv->index_dir);
        srv->questions = ww_questions_open(file, ww_now());
        free(file);
    }
    if (!load_openapi(srv, diag, errmsg) || open_open_data(srv, diag, errmsg) != 0 ||
        open_writes(srv, o->partners_file, errmsg) != 0 ||
        open_website(srv, o->web_dir, diag, errmsg) != 0) {
        ww_server_close(srv);
        return NULL;
    }
    return srv;
}

void ww_server_close(ww_server *srv)
{
    if (!srv)
        return;
    ww_indexing_stop(srv->indexing);
    ww_questions_close(srv->questions);
    ww_sessions_free(srv->sessions);
    ww_tokens_close(srv->tokens);
    free(srv->audit_file);
    ww_site_free(srv->site);
    ww_templates_free(srv->templates);
    free(srv->web_dir);
    ww_metrics_free(srv->metrics);
    ww_cache_free(srv->cache);
    ww_readers_free(srv->readers);
    pthread_mutex_destroy(&srv->write_lock);
    json_decref(srv->open_data);
    ww_region_free(srv->region);
    if (srv->region_dir) {
        nftw(srv->region_dir, remove_one, 8, FTW_DEPTH | FTW_PHYS);
        free(srv->region_dir);
    }
    free(srv->catalog_dir);
    free(srv->index_dir);
    free(srv->schema_dir);
    free(srv->openapi);
    ww_schema_free(srv->schema);
    free(srv);
}
