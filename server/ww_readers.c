/* ww_readers.c -- per-thread readers with a freshness check. */
#include "ww_readers.h"

#include "ww_build.h"
#include "ww_index_dir.h"
#include "ww_layout.h"
#include "ww_search.h"
#include "ww_util.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* How often a thread looks for a newer index; a search costs far more than this check. */
static const long CHECK_INTERVAL_NS = 50L * 1000 * 1000;

struct ww_readers {
    char *index_dir;
    const ww_schema *schema;
    char *fingerprint;    /* what an index must have been built with to be served */
    pthread_key_t key;    /* -> thread_reader */
    atomic_ulong changes; /* ww_readers_note_change calls so far */
};

typedef struct {
    ww_reader *reader;
    char generation[64]; /* target of `current` when opened */
    char version[96];    /* generation@revision, see ww_readers_version */
    struct timespec checked;
    unsigned long changes_seen; /* readers->changes at the last check */
    char *error;
} thread_reader;

static void destroy(void *p)
{
    thread_reader *t = p;
    ww_reader_close(t->reader);
    free(t->error);
    free(t);
}

ww_readers *ww_readers_new(const char *index_dir, const ww_schema *schema)
{
    ww_readers *r = ww_xcalloc(1, sizeof *r);
    r->index_dir = ww_xstrdup(index_dir);
    r->schema = schema;
    r->fingerprint = ww_index_fingerprint(schema);
    if (pthread_key_create(&r->key, destroy) != 0)
        abort(); /* only when the process is out of keys: nothing to serve with */
    return r;
}

void ww_readers_free(ww_readers *r)
{
    if (!r)
        return;
    thread_reader *t = pthread_getspecific(r->key);
    if (t)
        destroy(t);
    pthread_key_delete(r->key);
    free(r->fingerprint);
    free(r->index_dir);
    free(r);
}

static thread_reader *mine(ww_readers *r)
{
    thread_reader *t = pthread_getspecific(r->key);
    if (!t) {
        t = ww_xcalloc(1, sizeof *t);
        pthread_setspecific(r->key, t);
    }
    return t;
}

static void reset(thread_reader *t)
{
    ww_reader_close(t->reader);
    t->reader = NULL;
    t->generation[0] = '\0';
    t->version[0] = '\0';
}

void ww_readers_reset(ww_readers *r)
{
    reset(mine(r));
}

const char *ww_readers_version(ww_readers *r)
{
    return mine(r)->version;
}

/* Records generation@revision; an unreadable revision leaves the version empty (uncacheable). */
static void note_version(thread_reader *t)
{
    unsigned long revision;
    if (ww_reader_revision(t->reader, &revision) == WW_OK)
        snprintf(t->version, sizeof t->version, "%s@%lu", t->generation, revision);
    else
        t->version[0] = '\0';
}

static long elapsed_ns(const struct timespec *since, const struct timespec *now)
{
    return (now->tv_sec - since->tv_sec) * 1000000000L + (now->tv_nsec - since->tv_nsec);
}

/* Opens the published index for this thread; false with t->error set. */
static bool open_published(ww_readers *r, thread_reader *t, const char *generation)
{
    char *link = ww_index_current_path(r->index_dir), *err = NULL, *built_with = NULL;
    ww_reader *reader = NULL;
    ww_status st = ww_reader_open(link, &reader, &err);
    free(link);
    if (st == WW_OK)
        st = ww_search_prepare(reader, r->schema);
    if (st == WW_OK && ww_reader_metadata(reader, WW_META_FINGERPRINT, &built_with) == WW_OK &&
        strcmp(built_with, r->fingerprint) != 0) {
        free(err);
        err = ww_xstrdup("gebouwd met een ander schema of een andere versie; bouw hem opnieuw "
                         "met wegwijzer-indexer --full");
        st = WW_ERR_INVALID;
    }
    free(built_with);
    if (st != WW_OK) {
        free(t->error);
        t->error =
            ww_xasprintf("geen index in %s: %s", r->index_dir, err ? err : ww_status_to_string(st));
        free(err);
        ww_reader_close(reader);
        return false;
    }
    t->reader = reader;
    snprintf(t->generation, sizeof t->generation, "%s", generation);
    note_version(t);
    return true;
}

void ww_readers_note_change(ww_readers *r)
{
    atomic_fetch_add(&r->changes, 1);
}

ww_reader *ww_readers_get(ww_readers *r, const char **why)
{
    thread_reader *t = mine(r);
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    unsigned long changes = atomic_load(&r->changes);
    if (t->reader && elapsed_ns(&t->checked, &now) < CHECK_INTERVAL_NS &&
        changes == t->changes_seen)
        return t->reader;
    t->checked = now;
    t->changes_seen = changes;

    char generation[64];
    ww_index_published(r->index_dir, generation);
    if (t->reader && strcmp(generation, t->generation) == 0) {
        bool changed;
        if (ww_reader_reopen(t->reader, &changed) == WW_OK) {
            if (changed)
                note_version(t);
            return t->reader;
        }
    }
    reset(t); /* a new generation was published, or the old one failed */
    if (!open_published(r, t, generation)) {
        *why = t->error;
        return NULL;
    }
    return t->reader;
}
