/* ww_write.c -- storing and archiving entries; see ww_write.h for the order of steps. */
#include "ww_write.h"

#include "ww_build.h"
#include "ww_catalog.h"
#include "ww_entry.h"
#include "ww_fs.h"
#include "ww_indexing.h"
#include "ww_overlap.h"
#include "ww_record.h"
#include "ww_server.h"
#include "ww_time.h"
#include "ww_util.h"
#include "ww_verdicts.h"
#include "ww_validate.h"

#include <assert.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

unsigned ww_write_status(ww_write_outcome outcome)
{
    static const unsigned STATUS[] = {
        [WW_WRITE_CREATED] = 201,   [WW_WRITE_CHANGED] = 200,          [WW_WRITE_UNCHANGED] = 200,
        [WW_WRITE_ARCHIVED] = 200,  [WW_WRITE_INVALID] = 422,          [WW_WRITE_FORBIDDEN] = 403,
        [WW_WRITE_NOT_FOUND] = 404, [WW_WRITE_VERSION_REQUIRED] = 428, [WW_WRITE_STALE] = 412,
        [WW_WRITE_FAILED] = 500,
    };
    return STATUS[outcome];
}

void ww_write_result_free(ww_write_result *r)
{
    free(r->message);
    free(r->etag);
    free(r->archived);
    ww_diag_free(&r->diag);
    memset(r, 0, sizeof *r);
}

/* Sets a failed outcome; returns false for `return refuse(...)`. */
static bool refuse(ww_write_result *r, ww_write_outcome outcome, const char *code, const char *fmt,
                   ...) __attribute__((format(printf, 4, 5)));
static bool refuse(ww_write_result *r, ww_write_outcome outcome, const char *code, const char *fmt,
                   ...)
{
    va_list ap;
    va_start(ap, fmt);
    free(r->message);
    r->message = ww_xvasprintf(fmt, ap);
    va_end(ap);
    r->outcome = outcome;
    r->code = code;
    return false;
}

/* ---- Locks, the audit trail, the index -------------------------------------------------- */

/* One write at a time: the version check and the replacement must not interleave, neither
 * between this server's threads (the mutex) nor with another server on the same catalog (flock
 * on a hidden file in the catalog, which the indexer does not read). Returns what unlock_writes
 * needs. */
static int lock_writes(ww_server *srv)
{
    pthread_mutex_lock(&srv->write_lock);
    char *path = ww_catalog_lock_file(srv->catalog_dir);
    int fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
    free(path);
    /* Without the file (a read-only catalog) the write itself fails and says so. */
    if (fd >= 0 && flock(fd, LOCK_EX) != 0) {
        close(fd);
        fd = -1;
    }
    return fd;
}

static void unlock_writes(ww_server *srv, int fd)
{
    if (fd >= 0)
        close(fd); /* releases the flock */
    pthread_mutex_unlock(&srv->write_lock);
}

static bool is_editor(const char *org)
{
    return strcmp(org, WW_EDITOR_ORGANISATION) == 0;
}

/* One change as the audit trail records it: who, which entry, from which version to which. */
typedef struct {
    const char *organisation, *token_id, *entry;
    const char *etag_before, *etag_after; /* NULL: none (a new entry, an archived one) */
} change;

/* Appends one line to the audit trail and makes it durable; `fields` (the names of the fields
 * that changed) is taken. 0, or -1 with errno. */
static int audit(ww_server *srv, const change *c, const char *action, json_t *fields)
{
    char when[WW_UTC_SIZE];
    ww_utc_now(when);
    json_t *line =
        json_pack("{s:s,s:s,s:s,s:s,s:s,s:o,s:s?,s:s?}", "tijd", when, "organisatie",
                  c->organisation, "token", c->token_id, "aanbod", c->entry, "actie", action,
                  "velden", fields, "etag_voor", c->etag_before, "etag_na", c->etag_after);
    char *text = json_dumps(line, JSON_COMPACT);
    json_decref(line);
    if (!text) {
        errno = EINVAL;
        return -1;
    }
    char *with_newline = ww_xasprintf("%s\n", text);
    free(text);
    int rc = ww_append_durable(srv->audit_file, with_newline, strlen(with_newline), 0600);
    free(with_newline);
    return rc;
}

/* The audit line of a change goes first, so that no change is ever made without one; when the
 * change then fails, a line "mislukt" with the same versions says that the catalog kept the
 * version before. */
static void audit_failure(ww_server *srv, const change *c)
{
    if (audit(srv, c, "mislukt", json_array()) != 0)
        fprintf(stderr, "wegwijzer-server: het logboek mist dat de wijziging van %s mislukte: %s\n",
                c->entry, ww_errno_text(errno));
}

int ww_write_catch_up(ww_server *srv, char **errmsg)
{
    ww_build_options opt = {
        .catalog_dir = srv->catalog_dir, .index_dir = srv->index_dir, .schema = srv->schema};
    ww_diag diag = {0};
    ww_build_stats stats;
    char *err = NULL;
    int rc = ww_build(&opt, &diag, &stats, &err);
    ww_diag_free(&diag);
    if (rc != 0 && stats.busy) {
        /* An indexer run holds the index: serve the index as it is, and catch up after it. */
        fprintf(stderr, "wegwijzer-server: %s; de index wordt bijgewerkt zodra die klaar is\n",
                err);
        ww_indexing_catch_up(srv->indexing);
        rc = 0;
    } else if (rc != 0) {
        *errmsg = ww_xasprintf("de index is niet bij te werken: %s", err);
    }
    free(err);
    return rc;
}

/* ---- Ownership and versions -------------------------------------------------------------- */

/* The organisatie a catalog file names, read as written, so that a file that does not pass
 * validation still belongs to someone (caller frees; NULL when it names none). */
static char *owner_of(const char *bytes, size_t len)
{
    json_t *values = ww_record_values(bytes, len);
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

/* Checks If-Match (`given`) against the current ETag (NULL: no file). A replacement of an
 * existing file must say which version it replaces, so that no one overwrites a change unseen.
 * False with the outcome set. */
static bool precondition(ww_write_result *r, const char *given, const char *current, bool required)
{
    if (!given)
        return !required ||
               refuse(r, WW_WRITE_VERSION_REQUIRED, "if_match_required",
                      "dit aanbod bestaat al: stuur de ETag van de versie die u wijzigt mee in "
                      "If-Match (haal hem op met GET)");
    if (current && (strcmp(given, "*") == 0 || strcmp(given, current) == 0))
        return true;
    free(r->etag);
    r->etag = current ? ww_xstrdup(current) : NULL;
    return refuse(r, WW_WRITE_STALE, "precondition_failed", "%s",
                  current ? "iemand anders heeft dit aanbod intussen gewijzigd; haal de nieuwe "
                            "versie op en breng uw wijziging daarin aan"
                          : "dit aanbod bestaat niet (meer)");
}

/* Reads the entry file being replaced into *old (NULL when there is none) and checks that `org`
 * may replace it with the version it names. False with the outcome set. */
static bool check_replacement(ww_server *srv, const char *org, const char *id, const char *if_match,
                              ww_write_result *r, char **old, size_t *old_len, char **old_etag)
{
    *old = ww_catalog_read(srv->catalog_dir, WW_RECORD_ENTRY, id, old_len, old_etag);
    if (!*old && errno != ENOENT) /* unreadable is not absent: never write over it unseen */
        return refuse(r, WW_WRITE_FAILED, "read_failed", "het bestaande aanbod is niet te lezen");
    /* A partner changes only its own entries, and cannot give one away; a new owner differs
     * from `org` only for the editor, which the caller checked. */
    if (*old && !ww_may_change(org, *old, *old_len))
        return refuse(r, WW_WRITE_FORBIDDEN, "forbidden",
                      "dit aanbod is van een andere organisatie; u kunt het niet wijzigen");
    return precondition(r, if_match, *old_etag, *old != NULL);
}

/* ---- Storing ------------------------------------------------------------------------------ */

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

/* Writes the audit line, then the file. False with the outcome set. */
static bool store(ww_server *srv, const change *c, const char *bytes, size_t len, const char *old,
                  size_t old_len, const json_t *record, ww_write_result *r)
{
    json_t *before = NULL;
    if (old) {
        ww_diag old_diag = {0};
        before = ww_record_parse_as(srv->schema, WW_RECORD_ENTRY, c->entry, old, old_len, NULL,
                                    NULL, &old_diag);
        ww_diag_free(&old_diag);
    }
    int rc = audit(srv, c, old ? "gewijzigd" : "aangemaakt", changed_fields(before, record));
    json_decref(before);
    if (rc != 0)
        return refuse(r, WW_WRITE_FAILED, "audit_failed",
                      "de wijziging is niet opgeslagen: het logboek is niet te schrijven");
    char *path = ww_catalog_file(srv->catalog_dir, WW_RECORD_ENTRY, c->entry);
    rc = ww_write_file_atomic(path, bytes, len, 0644);
    if (rc != 0) {
        fprintf(stderr, "wegwijzer-server: kan %s niet opslaan: %s\n", path, ww_errno_text(errno));
        audit_failure(srv, c);
    }
    free(path);
    return rc == 0 || refuse(r, WW_WRITE_FAILED, "write_failed",
                             "de wijziging is niet opgeslagen; probeer het later opnieuw");
}

static bool organisation_exists(const char *folder, const char *id, void *ctx)
{
    const ww_server *srv = ctx;
    return strcmp(folder, ww_catalog_folder_name(WW_RECORD_ORGANISATION)) == 0 &&
           ww_catalog_has(srv->catalog_dir, WW_RECORD_ORGANISATION, id);
}

/* The record that `bytes` hold, valid and `org`'s to store; NULL with the outcome set. */
static json_t *valid_record(ww_server *srv, const char *org, const char *id, const char *bytes,
                            size_t len, ww_write_result *r)
{
    json_t *record = ww_record_parse_as(srv->schema, WW_RECORD_ENTRY, id, bytes, len,
                                        organisation_exists, srv, &r->diag);
    if (!record) {
        refuse(r, WW_WRITE_INVALID, "invalid_entry",
               "het aanbod is niet opgeslagen: verbeter de velden hieronder");
        return NULL;
    }
    /* what the index will make of its locations, as the indexer would tell it */
    ww_entry_place_warnings(srv->schema, record, "", &r->diag);
    const char *new_owner = json_string_value(json_object_get(record, "organisatie"));
    assert(new_owner); /* a required field of every valid entry (ww_schema_load) */
    if (!is_editor(org) && strcmp(new_owner, org) != 0) {
        refuse(r, WW_WRITE_FORBIDDEN, "forbidden",
               "u kunt alleen aanbod van uw eigen organisatie (%s) opslaan", org);
        json_decref(record);
        return NULL;
    }
    return record;
}

void ww_write_entry(ww_server *srv, const char *org, const char *token_id, const char *id,
                    const char *bytes, size_t len, const char *if_match, ww_write_result *r)
{
    memset(r, 0, sizeof *r);
    if (!ww_valid_id(id)) { /* the id names the file: nothing else may reach a path */
        refuse(r, WW_WRITE_NOT_FOUND, "not_found", "geen aanbod met deze id");
        return;
    }
    json_t *record = valid_record(srv, org, id, bytes, len, r);
    if (!record)
        return;
    char *old = NULL, *old_etag = NULL;
    size_t old_len = 0;
    int lock = lock_writes(srv);
    if (check_replacement(srv, org, id, if_match, r, &old, &old_len, &old_etag)) {
        r->etag = ww_catalog_etag(bytes, len);
        if (old && old_len == len && memcmp(old, bytes, len) == 0)
            r->outcome = WW_WRITE_UNCHANGED;
        else if (store(srv, &(change){org, token_id, id, old_etag, r->etag}, bytes, len, old,
                       old_len, record, r))
            r->outcome = old ? WW_WRITE_CHANGED : WW_WRITE_CREATED;
    }
    unlock_writes(srv, lock);
    if (r->outcome == WW_WRITE_CHANGED || r->outcome == WW_WRITE_CREATED)
        r->indexed = ww_indexing_update(srv->indexing, id);
    json_decref(record);
    free(old);
    free(old_etag);
}

/* ---- Archiving ------------------------------------------------------------------------------ */

/* Moves the entry file to the archive, after its audit line. False with the outcome set. */
static bool move_to_archive(ww_server *srv, const change *c, ww_write_result *r)
{
    char stamp[WW_UTC_SIZE];
    ww_utc_format(time(NULL), stamp, true);
    if (audit(srv, c, "gearchiveerd", json_array()) != 0)
        return refuse(r, WW_WRITE_FAILED, "audit_failed",
                      "het aanbod is niet gearchiveerd: het logboek is niet te schrijven");
    if (ww_catalog_archive(srv->catalog_dir, c->entry, stamp, &r->archived) == 0)
        return true;
    fprintf(stderr, "wegwijzer-server: kan %s niet archiveren: %s\n", c->entry,
            ww_errno_text(errno));
    audit_failure(srv, c);
    return refuse(r, WW_WRITE_FAILED, "write_failed",
                  "het aanbod is niet gearchiveerd; probeer het later opnieuw");
}

void ww_write_archive(ww_server *srv, const char *org, const char *token_id, const char *id,
                      const char *if_match, ww_write_result *r)
{
    memset(r, 0, sizeof *r);
    if (!ww_valid_id(id)) {
        refuse(r, WW_WRITE_NOT_FOUND, "not_found", "geen aanbod met deze id");
        return;
    }
    int lock = lock_writes(srv);
    size_t len;
    char *etag = NULL, *bytes = ww_catalog_read(srv->catalog_dir, WW_RECORD_ENTRY, id, &len, &etag);
    if (!bytes && errno == ENOENT)
        refuse(r, WW_WRITE_NOT_FOUND, "not_found", "geen aanbod met deze id");
    else if (!bytes)
        refuse(r, WW_WRITE_FAILED, "read_failed", "het bestaande aanbod is niet te lezen");
    else if (!ww_may_change(org, bytes, len))
        refuse(r, WW_WRITE_FORBIDDEN, "forbidden",
               "dit aanbod is van een andere organisatie; u kunt het niet archiveren");
    else if (precondition(r, if_match, etag, false) &&
             move_to_archive(srv, &(change){org, token_id, id, etag, NULL}, r))
        r->outcome = WW_WRITE_ARCHIVED;
    unlock_writes(srv, lock);
    if (r->outcome == WW_WRITE_ARCHIVED)
        r->indexed = ww_indexing_update(srv->indexing, id);
    free(bytes);
    free(etag);
}

/* ---- The editor's verdicts on overlapping offers ----------------------------------------------
 */

int ww_write_overlap_verdict(ww_server *srv, const char *a, const char *b, const char *verdict,
                             const char *note, const char *version_a, const char *version_b,
                             char **errmsg)
{
    *errmsg = NULL;
    char today[WW_DATE_SIZE];
    ww_today(today);
    int fd = lock_writes(srv);
    ww_diag diag = {0};
    json_t *verdicts = ww_verdicts_read(srv->catalog_dir, &diag);
    int rc = -1;
    if (!verdicts) {
        *errmsg = ww_xasprintf("het bestand met oordelen is niet te lezen: %s",
                               diag.count ? diag.items[0].message : "onbekende fout");
    } else {
        ww_verdict_set(verdicts, a, b, verdict, note, version_a, version_b, today);
        char *text = ww_verdicts_text(verdicts), *path = ww_verdicts_path(srv->catalog_dir);
        rc = ww_write_file_atomic(path, text, strlen(text), 0644);
        if (rc != 0)
            *errmsg = ww_xasprintf("%s: %s", path, ww_errno_text(errno));
        free(path);
        free(text);
    }
    json_decref(verdicts);
    ww_diag_free(&diag);
    unlock_writes(srv, fd);
    return rc;
}
