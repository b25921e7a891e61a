/* ww_write.c -- PUT and DELETE of entries by partners; see ww_write.h for the order of steps. */
#include "ww_write.h"

#include "ww_build.h"
#include "ww_catalog.h"
#include "ww_partners.h"
#include "ww_util.h"
#include "ww_yaml.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

static const ww_schema *schema;
static const char *catalog_dir, *index_dir, *partners_file;
static char *audit_file;
/* One write at a time: the ETag check and the replacement must not interleave, neither between
 * this server's threads (the mutex) nor with another server on the same catalog (flock on a
 * hidden file in the catalog, which the indexer does not read). */
static pthread_mutex_t write_lock = PTHREAD_MUTEX_INITIALIZER;

/* Takes both locks; returns what unlock_writes needs. */
static int lock_writes(void)
{
    pthread_mutex_lock(&write_lock);
    char *path = ww_xasprintf("%s/.wegwijzer-schrijfslot", catalog_dir);
    int fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
    free(path);
    /* Without the file (a read-only catalog) the write itself fails and says so. */
    if (fd >= 0 && flock(fd, LOCK_EX) != 0) {
        close(fd);
        fd = -1;
    }
    return fd;
}

static void unlock_writes(int fd)
{
    if (fd >= 0)
        close(fd); /* releases the flock */
    pthread_mutex_unlock(&write_lock);
}

static const char ENTRIES_PATH[] = "/api/v1/entries/";

int ww_write_init(const ww_schema *s, const char *catalog, const char *index, const char *partners,
                  char **errmsg)
{
    schema = s;
    catalog_dir = catalog;
    index_dir = index;
    partners_file = partners;
    free(audit_file);
    audit_file = NULL;
    if (!partners)
        return 0;
    ww_partners_init(partners);
    audit_file = ww_xasprintf("%s.audit.jsonl", partners);
    /* After a crash between a file's replacement and its index update, catch up now. */
    ww_build_options opt = {.catalog_dir = catalog, .index_dir = index, .schema = s};
    ww_diag diag = {0};
    ww_build_stats stats;
    int rc = ww_build(&opt, &diag, &stats, errmsg);
    ww_diag_free(&diag);
    return rc;
}

/* ---- Files ------------------------------------------------------------------------------ */

static char *entry_path(const char *id)
{
    return ww_xasprintf("%s/aanbod/%s.yaml", catalog_dir, id);
}

static char *etag_of(const char *bytes, size_t len)
{
    unsigned char hash[16];
    char hex[33];
    crypto_generichash(hash, sizeof hash, (const unsigned char *)bytes, len, NULL, 0);
    sodium_bin2hex(hex, sizeof hex, hash, sizeof hash);
    return ww_xasprintf("\"%s\"", hex);
}

char *ww_entry_read(const char *id, size_t *len, char **etag)
{
    if (!catalog_dir || !ww_valid_id(id)) {
        errno = ENOENT;
        return NULL;
    }
    char *path = entry_path(id), *bytes = NULL;
    if (ww_read_file(path, WW_MAX_CATALOG_FILE, &bytes, len) != 0)
        bytes = NULL;
    else if (etag)
        *etag = etag_of(bytes, *len);
    free(path);
    return bytes;
}

char *ww_entry_etag(const char *id)
{
    size_t len;
    char *etag = NULL, *bytes = ww_entry_read(id, &len, &etag);
    free(bytes);
    return etag;
}

static bool organisation_exists(const char *folder, const char *id, void *ctx)
{
    (void)ctx;
    if (strcmp(folder, "organisaties") != 0 || !ww_valid_id(id))
        return false;
    char *path = ww_xasprintf("%s/organisaties/%s.yaml", catalog_dir, id);
    struct stat st;
    bool found = stat(path, &st) == 0 && S_ISREG(st.st_mode);
    free(path);
    return found;
}

/* Appends one line to the audit trail and makes it durable. 0, or -1 with errno. */
static int audit(const char *organisation, const char *token_id, const char *entry,
                 const char *action, json_t *fields, const char *etag_before,
                 const char *etag_after)
{
    char when[32];
    time_t now = time(NULL);
    struct tm tm;
    gmtime_r(&now, &tm);
    strftime(when, sizeof when, "%Y-%m-%dT%H:%M:%SZ", &tm);
    json_t *line = json_pack("{s:s,s:s,s:s,s:s,s:s,s:o,s:s?,s:s?}", "tijd", when, "organisatie",
                             organisation, "token", token_id, "aanbod", entry, "actie", action,
                             "velden", fields, "etag_voor", etag_before, "etag_na", etag_after);
    char *text = json_dumps(line, JSON_COMPACT);
    json_decref(line);
    char *with_newline = ww_xasprintf("%s\n", text);
    free(text);
    int fd = open(audit_file, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0600), rc = -1;
    if (fd >= 0) {
        ssize_t n = write(fd, with_newline, strlen(with_newline));
        rc = n == (ssize_t)strlen(with_newline) && fsync(fd) == 0 ? 0 : -1;
        close(fd);
    }
    free(with_newline);
    return rc;
}

/* Brings the index level with one entry file. Another indexer run may hold the index lock for
 * a moment, so this waits up to two seconds for it. Returns true when the index has it. */
static bool update_index(const char *id)
{
    char *name = ww_xasprintf("aanbod/%s.yaml", id);
    const char *only[] = {name};
    ww_build_options opt = {.catalog_dir = catalog_dir,
                            .index_dir = index_dir,
                            .schema = schema,
                            .only = only,
                            .only_count = 1};
    bool done = false;
    for (int attempt = 0; attempt < 20 && !done; attempt++) {
        ww_diag diag = {0};
        ww_build_stats stats;
        char *err = NULL;
        done = ww_build(&opt, &diag, &stats, &err) == 0;
        ww_diag_free(&diag);
        if (!done) {
            if (attempt == 19)
                fprintf(stderr, "wegwijzer-server: index niet bijgewerkt voor %s: %s\n", id, err);
            free(err);
            struct timespec pause = {0, 100 * 1000 * 1000};
            nanosleep(&pause, NULL);
        }
    }
    free(name);
    return done;
}

/* Top-level fields whose value differs between two records (either may be NULL). */
static json_t *changed_fields(const json_t *before, const json_t *after)
{
    json_t *fields = json_array();
    const char *key;
    json_t *value;
    json_object_foreach((json_t *)after, key, value)
    {
        if (!before || !json_equal(value, json_object_get(before, key)))
            json_array_append_new(fields, json_string(key));
    }
    json_object_foreach((json_t *)before, key, value)
    {
        if (!after || !json_object_get(after, key))
            json_array_append_new(fields, json_string(key));
    }
    return fields;
}

/* ---- Requests --------------------------------------------------------------------------- */

/* The authenticated organisation of a request; false after replying 401 or 429. */
static bool authenticate(const ww_request *req, ww_response *res, char org[96], char token_id[17])
{
    if (!partners_file) {
        ww_reply_error(res, 401, "writes_disabled",
                       "deze server neemt geen wijzigingen aan (gestart zonder --partners)");
        return false;
    }
    switch (ww_partners_check(req->authorization, org, token_id)) {
    case WW_AUTH_OK:
        return true;
    case WW_AUTH_MISSING:
        ww_reply_error(res, 401, "unauthorized",
                       "log in met uw token: Authorization: Bearer <token>");
        break;
    case WW_AUTH_INVALID:
        ww_reply_error(res, 401, "unauthorized",
                       "dit token is onbekend of ingetrokken; vraag de gemeente om een nieuw");
        break;
    case WW_AUTH_THROTTLED:
        ww_reply_error(
            res, 429, "too_many_attempts",
            "te veel mislukte pogingen met dit token; probeer het over een minuut opnieuw");
        ww_reply_header(res, "Retry-After", "60");
        return false;
    }
    ww_reply_header(res, "WWW-Authenticate", "Bearer realm=\"wegwijzer\"");
    return false;
}

static bool is_editor(const char *org)
{
    return strcmp(org, WW_EDITOR_ORGANISATION) == 0;
}

/* The organisatie a catalog file names, read as written, so that a file that does not pass
 * validation still belongs to someone (caller frees; NULL when it names none). */
static char *owner_of(const char *bytes, size_t len)
{
    json_t *values = ww_catalog_values(bytes, len);
    const char *owner = json_string_value(json_object_get(values, "organisatie"));
    char *copy = owner ? ww_xstrdup(owner) : NULL;
    json_decref(values);
    return copy;
}

bool ww_may_change(const char *org, const char *bytes, size_t len)
{
    if (is_editor(org))
        return true;
    char *owner = owner_of(bytes, len);
    bool mine = owner && strcmp(owner, org) == 0;
    free(owner);
    return mine;
}

/* The id in the path; false after replying 404. */
static bool path_id(const ww_request *req, ww_response *res, const char **id)
{
    *id = req->path + strlen(ENTRIES_PATH);
    if (req->bad_encoding || !ww_valid_id(*id)) {
        ww_reply_error(res, 404, "not_found", "geen aanbod met deze id");
        return false;
    }
    return true;
}

/* The body's kind from Content-Type: 'j' JSON, 'y' YAML, 0 other. */
static char body_kind(const char *content_type)
{
    if (!content_type)
        return 0;
    size_t len = strcspn(content_type, "; ");
    static const struct {
        const char *type;
        char kind;
    } TYPES[] = {{"application/json", 'j'},
                 {"application/yaml", 'y'},
                 {"application/x-yaml", 'y'},
                 {"text/yaml", 'y'},
                 {"text/x-yaml", 'y'}};
    for (size_t i = 0; i < sizeof TYPES / sizeof *TYPES; i++)
        if (strlen(TYPES[i].type) == len && strncasecmp(content_type, TYPES[i].type, len) == 0)
            return TYPES[i].kind;
    return 0;
}

/* Checks If-Match against the current ETag (NULL: no file). A replacement of an existing
 * file must say which version it replaces, so that no one overwrites a change unseen. False
 * after replying 412 or 428. */
static bool precondition(const char *given, ww_response *res, const char *current, bool required)
{
    if (!given) {
        if (!required)
            return true;
        ww_reply_error(res, 428, "if_match_required",
                       "dit aanbod bestaat al: stuur de ETag van de versie die u wijzigt mee in "
                       "If-Match (haal hem op met GET)");
        return false;
    }
    if (current && (strcmp(given, "*") == 0 || strcmp(given, current) == 0))
        return true;
    if (current)
        ww_reply_header(res, "ETag", current);
    ww_reply_error(res, 412, "precondition_failed",
                   current ? "iemand anders heeft dit aanbod intussen gewijzigd; haal de nieuwe "
                             "versie op en breng uw wijziging daarin aan"
                           : "dit aanbod bestaat niet (meer)");
    return false;
}

static void reply_invalid(ww_response *res, const ww_diag *diag)
{
    json_t *fields = json_array();
    for (size_t i = 0; i < diag->count; i++) {
        const ww_diag_item *d = &diag->items[i];
        if (d->severity == WW_DIAG_ERROR)
            json_array_append_new(fields, json_pack("{s:s,s:i,s:i,s:s}", "path", d->path, "line",
                                                    (json_int_t)d->line, "column",
                                                    (json_int_t)d->column, "message", d->message));
    }
    ww_reply_json(res, 422,
                  json_pack("{s:{s:s,s:s,s:o}}", "error", "code", "invalid_entry", "message",
                            "het aanbod is niet opgeslagen: verbeter de velden hieronder", "fields",
                            fields));
}

void ww_api_put_entry(const ww_request *req, ww_response *res)
{
    const char *id;
    char org[96], token_id[17];
    if (!path_id(req, res, &id) || !authenticate(req, res, org, token_id))
        return;
    char kind = body_kind(req->content_type);
    if (!kind) {
        ww_reply_error(res, 415, "unsupported_media_type",
                       "stuur het aanbod als application/yaml of application/json");
        return;
    }
    /* The bytes to store: YAML as the partner wrote it (comments and all), JSON as YAML. */
    if (kind == 'y') {
        ww_write_entry(org, token_id, id, req->body, req->body_len, req->if_match, res);
        return;
    }
    json_error_t jerr;
    json_t *json = json_loadb(req->body, req->body_len, JSON_REJECT_DUPLICATES, &jerr);
    if (!json_is_object(json)) {
        ww_reply_error(res, 400, "bad_body", "dit is geen JSON-object (regel %d, kolom %d: %s)",
                       jerr.line, jerr.column, json ? "verwacht { ... }" : jerr.text);
        json_decref(json);
        return;
    }
    char *bytes = ww_yaml_emit(json);
    json_decref(json);
    if (!bytes) {
        ww_reply_error(res, 400, "bad_body", "dit JSON-object is niet als YAML op te slaan");
        return;
    }
    ww_write_entry(org, token_id, id, bytes, strlen(bytes), req->if_match, res);
    free(bytes);
}

void ww_write_entry(const char *org, const char *token_id, const char *id, const char *bytes,
                    size_t len, const char *if_match, ww_response *res)
{
    if (!ww_valid_id(id)) { /* the id names the file: nothing else may reach a path */
        ww_reply_error(res, 404, "not_found", "geen aanbod met deze id");
        return;
    }
    char *path = entry_path(id), *label = ww_xasprintf("aanbod/%s.yaml", id);
    ww_diag diag = {0};
    json_t *record = ww_catalog_parse(schema, WW_RECORD_ENTRY, bytes, len, label, id,
                                      organisation_exists, NULL, &diag);
    json_t *before = NULL;
    char *old_bytes = NULL, *old_etag = NULL, *new_etag = NULL;
    int lock = lock_writes();
    if (!record) {
        reply_invalid(res, &diag);
        goto done;
    }
    const char *new_owner = json_string_value(json_object_get(record, "organisatie"));
    if (!is_editor(org) && strcmp(new_owner, org) != 0) {
        ww_reply_error(res, 403, "forbidden",
                       "u kunt alleen aanbod van uw eigen organisatie (%s) opslaan", org);
        goto done;
    }
    size_t old_len = 0;
    if (ww_read_file(path, WW_MAX_CATALOG_FILE, &old_bytes, &old_len) != 0) {
        if (errno != ENOENT) { /* unreadable is not absent: never write over it unseen */
            ww_reply_error(res, 500, "read_failed", "het bestaande aanbod is niet te lezen");
            goto done;
        }
    }
    if (old_bytes) {
        old_etag = etag_of(old_bytes, old_len);
        ww_diag old_diag = {0};
        before = ww_catalog_parse(schema, WW_RECORD_ENTRY, old_bytes, old_len, label, id, NULL,
                                  NULL, &old_diag);
        ww_diag_free(&old_diag);
        /* A partner changes only its own entries, and cannot give one away; a new owner
         * differs from `org` only for the editor, so the first check covers both. */
        if (!ww_may_change(org, old_bytes, old_len)) {
            ww_reply_error(res, 403, "forbidden",
                           "dit aanbod is van een andere organisatie; u kunt het niet wijzigen");
            goto done;
        }
    }
    if (!precondition(if_match, res, old_etag, old_bytes != NULL))
        goto done;
    new_etag = etag_of(bytes, len);
    if (old_bytes && old_len == len && memcmp(old_bytes, bytes, len) == 0) {
        ww_reply_json(
            res, 200,
            json_pack("{s:s,s:s,s:s}", "id", id, "etag", new_etag, "status", "ongewijzigd"));
        ww_reply_header(res, "ETag", new_etag);
        goto done;
    }
    char *err = NULL;
    if (audit(org, token_id, id, old_bytes ? "gewijzigd" : "aangemaakt",
              changed_fields(before, record), old_etag, new_etag) != 0) {
        ww_reply_error(res, 500, "audit_failed",
                       "de wijziging is niet opgeslagen: het logboek is niet te schrijven");
        goto done;
    }
    if (ww_write_file_atomic(path, bytes, len, 0644, &err) != 0) {
        fprintf(stderr, "wegwijzer-server: %s\n", err);
        free(err);
        ww_reply_error(res, 500, "write_failed",
                       "de wijziging is niet opgeslagen; probeer het "
                       "later opnieuw");
        goto done;
    }
    bool indexed = update_index(id);
    json_t *answer = json_pack("{s:s,s:s,s:s,s:b}", "id", id, "etag", new_etag, "status",
                               old_bytes ? "gewijzigd" : "aangemaakt", "index_bijgewerkt", indexed);
    json_t *warnings = json_array();
    for (size_t i = 0; i < diag.count; i++)
        if (diag.items[i].severity == WW_DIAG_WARNING)
            json_array_append_new(warnings, json_pack("{s:s,s:s}", "path", diag.items[i].path,
                                                      "message", diag.items[i].message));
    json_object_set_new(answer, "warnings", warnings);
    ww_reply_json(res, old_bytes ? 200 : 201, answer);
    ww_reply_header(res, "ETag", new_etag);
done:
    unlock_writes(lock);
    json_decref(record);
    json_decref(before);
    ww_diag_free(&diag);
    free(old_bytes);
    free(old_etag);
    free(new_etag);
    free(label);
    free(path);
}

void ww_api_delete_entry(const ww_request *req, ww_response *res)
{
    const char *id;
    char org[96], token_id[17];
    if (path_id(req, res, &id) && authenticate(req, res, org, token_id))
        ww_write_archive(org, token_id, id, req->if_match, res);
}

void ww_write_archive(const char *org, const char *token_id, const char *id, const char *if_match,
                      ww_response *res)
{
    if (!ww_valid_id(id)) {
        ww_reply_error(res, 404, "not_found", "geen aanbod met deze id");
        return;
    }
    char *path = entry_path(id);
    char *archive_dir = ww_xasprintf("%s/archief", catalog_dir), *archived = NULL;
    char *etag = NULL, *err = NULL;
    int lock = lock_writes();
    size_t len;
    char *bytes = NULL;
    if (ww_read_file(path, WW_MAX_CATALOG_FILE, &bytes, &len) != 0) {
        if (errno == ENOENT)
            ww_reply_error(res, 404, "not_found", "geen aanbod met deze id");
        else
            ww_reply_error(res, 500, "read_failed", "het bestaande aanbod is niet te lezen");
        goto done;
    }
    etag = etag_of(bytes, len);
    if (!ww_may_change(org, bytes, len)) {
        ww_reply_error(res, 403, "forbidden",
                       "dit aanbod is van een andere organisatie; u kunt het niet archiveren");
        goto done;
    }
    if (!precondition(if_match, res, etag, false))
        goto done;
    char stamp[32];
    time_t now = time(NULL);
    struct tm tm;
    gmtime_r(&now, &tm);
    strftime(stamp, sizeof stamp, "%Y%m%dT%H%M%SZ", &tm);
    archived = ww_xasprintf("%s/%s.%s.yaml", archive_dir, id, stamp);
    if ((mkdir(archive_dir, 0755) != 0 && errno != EEXIST) ||
        audit(org, token_id, id, "gearchiveerd", json_array(), etag, NULL) != 0 ||
        rename(path, archived) != 0 || ww_fsync_dir(archive_dir) != 0) {
        fprintf(stderr, "wegwijzer-server: kan %s niet archiveren: %s\n", path, strerror(errno));
        ww_reply_error(res, 500, "write_failed",
                       "het aanbod is niet gearchiveerd; probeer het "
                       "later opnieuw");
        goto done;
    }
    char *entries_dir = ww_xasprintf("%s/aanbod", catalog_dir);
    ww_fsync_dir(entries_dir);
    free(entries_dir);
    bool indexed = update_index(id);
    ww_reply_json(res, 200,
                  json_pack("{s:s,s:s,s:s,s:b}", "id", id, "status", "gearchiveerd", "archief",
                            archived + strlen(catalog_dir) + 1, "index_bijgewerkt", indexed));
done:
    unlock_writes(lock);
    free(bytes);
    free(etag);
    free(err);
    free(archived);
    free(archive_dir);
    free(path);
}
