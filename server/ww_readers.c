/* ww_readers.c -- per-thread readers with a freshness check. */
#include "ww_readers.h"

#include "ww_build.h"
#include "ww_layout.h"
#include "ww_search.h"
#include "ww_util.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

/* How often a thread looks for a newer index; a search costs far more than this check. */
static const long CHECK_INTERVAL_NS = 50L * 1000 * 1000;

typedef struct {
    ww_reader *reader;
    char generation[64]; /* target of `current` when opened */
    char version[96];    /* generation@revision, see ww_thread_reader_version */
    struct timespec checked;
    char *error;
} thread_reader;

static const char *index_dir;
static const ww_schema *schema;
static pthread_key_t key;
static pthread_once_t once = PTHREAD_ONCE_INIT;

static void destroy(void *p)
{
    thread_reader *t = p;
    ww_reader_close(t->reader);
    free(t->error);
    free(t);
}

static void make_key(void)
{
    pthread_key_create(&key, destroy);
}

void ww_readers_init(const char *dir, const ww_schema *s)
{
    index_dir = dir;
    schema = s;
    pthread_once(&once, make_key);
}

static thread_reader *mine(void)
{
    thread_reader *t = pthread_getspecific(key);
    if (!t) {
        t = ww_xcalloc(1, sizeof *t);
        pthread_setspecific(key, t);
    }
    return t;
}

void ww_thread_reader_reset(void)
{
    thread_reader *t = mine();
    ww_reader_close(t->reader);
    t->reader = NULL;
    t->generation[0] = '\0';
    t->version[0] = '\0';
}

const char *ww_thread_reader_version(void)
{
    return mine()->version;
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

ww_reader *ww_thread_reader(const char **why)
{
    thread_reader *t = mine();
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    if (t->reader && elapsed_ns(&t->checked, &now) < CHECK_INTERVAL_NS)
        return t->reader;
    t->checked = now;

    char *link = ww_index_current_path(index_dir);
    char target[64];
    ssize_t n = readlink(link, target, sizeof target - 1);
    target[n > 0 ? n : 0] = '\0';
    if (t->reader && strcmp(target, t->generation) == 0) {
        bool changed;
        if (ww_reader_reopen(t->reader, &changed) == WW_OK) {
            free(link);
            if (changed)
                note_version(t);
            return t->reader;
        }
        ww_thread_reader_reset();
    } else if (t->reader) {
        ww_thread_reader_reset(); /* a new generation was published */
    }
    char *err = NULL;
    ww_reader *r = NULL;
    ww_status st = ww_reader_open(link, &r, &err);
    free(link);
    if (st == WW_OK)
        st = ww_search_prepare(r, schema);
    char *built_with = NULL, *expected = ww_index_fingerprint(schema);
    if (st == WW_OK && ww_reader_metadata(r, WW_META_FINGERPRINT, &built_with) == WW_OK &&
        strcmp(built_with, expected) != 0) {
        free(err);
        err = ww_xstrdup("gebouwd met een ander schema of een andere versie; bouw hem opnieuw "
                         "met wegwijzer-indexer --full");
        st = WW_ERR_INVALID;
    }
    free(built_with);
    free(expected);
    if (st != WW_OK) {
        free(t->error);
        t->error =
            ww_xasprintf("geen index in %s: %s", index_dir, err ? err : ww_status_to_string(st));
        free(err);
        ww_reader_close(r);
        *why = t->error;
        return NULL;
    }
    t->reader = r;
    snprintf(t->generation, sizeof t->generation, "%s", target);
    note_version(t);
    return r;
}
