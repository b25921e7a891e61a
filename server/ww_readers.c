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
/* How often a region's reader tries again the gemeenten it had to leave out: a shard that is
 * back is searched again without a restart, and one that is down costs a connection attempt
 * only this often. */
static const long RETRY_INTERVAL_NS = 5L * 1000 * 1000 * 1000;

struct ww_readers {
    /* A region (ww_readers_new_region): the shards' locations, the fingerprints they must have
     * (NULL: `fingerprint`) and how their wijken are numbered; else NULL */
    char **locations, **fingerprints;
    ww_region_wijken *wijken;
    size_t location_count;
    unsigned timeout_ms;
    char *words; /* the region's word database (ww_build_words), or NULL */
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
    uint64_t missing;           /* a region: the shards left out when it was opened */
    struct timespec opened;
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

ww_readers *ww_readers_new_region(const ww_readers_shard *shards, size_t count, unsigned timeout_ms,
                                  const char *words, const ww_schema *schema)
{
    ww_readers *r = ww_readers_new("", schema);
    r->words = words ? ww_xstrdup(words) : NULL;
    r->locations = ww_xcalloc(count, sizeof *r->locations);
    r->fingerprints = ww_xcalloc(count, sizeof *r->fingerprints);
    r->wijken = ww_xcalloc(count, sizeof *r->wijken);
    for (size_t i = 0; i < count; i++) {
        r->locations[i] = ww_xstrdup(shards[i].location);
        r->fingerprints[i] = shards[i].fingerprint ? ww_xstrdup(shards[i].fingerprint) : NULL;
        if (shards[i].wijken)
            r->wijken[i] = *shards[i].wijken;
    }
    r->location_count = count;
    r->timeout_ms = timeout_ms;
    return r;
}

void ww_readers_free(ww_readers *r)
{
    if (!r)
        return;
    for (size_t i = 0; i < r->location_count; i++) {
        free(r->locations[i]);
        free(r->fingerprints[i]);
    }
    free(r->locations);
    free(r->fingerprints);
    free(r->wijken);
    free(r->words);
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

uint64_t ww_readers_missing(ww_readers *r)
{
    return mine(r)->missing;
}

uint64_t ww_readers_probe(ww_readers *r)
{
    thread_reader *t = mine(r);
    for (size_t i = 0; r->locations && t->reader && i < ww_reader_shard_count(t->reader); i++) {
        char *built = NULL;
        ww_status st = ww_reader_shard_metadata(t->reader, i, WW_META_BUILT, &built);
        free(built);
        if (st != WW_OK) { /* opened again, without the shard that did not answer */
            const char *why;
            reset(t);
            ww_readers_get(r, &why);
            break;
        }
    }
    return t->missing;
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

/* A region's shards for this thread: those that open and were built with this schema; a shard
 * that is down, too slow or built otherwise is left out (t->missing). False with t->error set
 * when none is left. */
static bool open_region(ww_readers *r, thread_reader *t)
{
    ww_reader *reader = NULL;
    char *err = NULL;
    uint64_t missing = 0;
    ww_status st = ww_reader_open_shards((const char *const *)r->locations, r->location_count,
                                         r->timeout_ms, r->words, &reader, &missing, &err);
    for (size_t i = 0; st == WW_OK && i < ww_reader_shard_count(reader); i++) {
        char *built_with = NULL;
        const char *expected = r->fingerprints[ww_reader_shard_place(reader, i)];
        if (ww_reader_shard_metadata(reader, i, WW_META_FINGERPRINT, &built_with) != WW_OK ||
            strcmp(built_with, expected ? expected : r->fingerprint) != 0) {
            /* opened again without it: its terms and facets mean something else */
            missing |= UINT64_C(1) << ww_reader_shard_place(reader, i);
        }
        free(built_with);
    }
    if (st == WW_OK) {
        size_t usable = 0;
        const char *some[64] = {0}; /* a reader has at most 64 shards */
        for (size_t i = 0; i < r->location_count && i < 64; i++)
            if (!((missing >> i) & 1)) {
                some[i] = r->locations[i];
                usable++;
            }
        if (usable < ww_reader_shard_count(reader)) { /* a fingerprint did not match */
            ww_reader_close(reader);
            reader = NULL;
            uint64_t again = 0;
            st = usable ? ww_reader_open_shards(some, r->location_count, r->timeout_ms, r->words,
                                                &reader, &again, &err)
                        : WW_ERR_INVALID;
            missing |= again;
        }
    }
    if (st == WW_OK)
        st = ww_search_prepare(reader, r->schema);
    /* a gemeente with wijken of its own: its masks read as the region's */
    const size_t wijk_field = (size_t)(ww_filter_by_param("wijk") - WW_FILTERS);
    for (size_t i = 0; st == WW_OK && i < ww_reader_shard_count(reader); i++) {
        unsigned place = ww_reader_shard_place(reader, i);
        if (r->wijken[place].own)
            st = ww_reader_set_shard_bits(reader, place, wijk_field, r->wijken[place].to);
    }
    if (st != WW_OK) {
        free(t->error);
        t->error = ww_xasprintf("geen gemeente van de regio bereikbaar: %s",
                                err ? err : ww_status_to_string(st));
        free(err);
        ww_reader_close(reader);
        return false;
    }
    free(err);
    t->reader = reader;
    t->missing = missing;
    clock_gettime(CLOCK_MONOTONIC, &t->opened);
    snprintf(t->generation, sizeof t->generation, "regio");
    t->version[0] = '\0'; /* several revisions: answers are not cached */
    return true;
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

    if (r->locations) {
        bool changed;
        if (t->reader && !(t->missing && elapsed_ns(&t->opened, &now) >= RETRY_INTERVAL_NS) &&
            ww_reader_reopen(t->reader, &changed) == WW_OK)
            return t->reader;
        reset(t); /* first use, a shard to try again, or a shard that failed */
        if (!open_region(r, t)) {
            *why = t->error;
            return NULL;
        }
        return t->reader;
    }

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
