/* ww_indexing.c -- the write path's index updates, and a thread for those that had to wait. */
#include "ww_indexing.h"

#include "ww_catalog.h"
#include "ww_index_dir.h"
#include "ww_util.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* How often the thread looks whether the index lock is free again, and how long it waits after
 * an update that failed for another reason (doubling, up to the longest). */
enum { BUSY_PAUSE_MS = 250, FIRST_ERROR_PAUSE_MS = 1000, LONGEST_PAUSE_MS = 30000 };

struct ww_indexing {
    const char *catalog_dir, *index_dir;
    const ww_schema *schema;
    ww_readers *readers;
    pthread_t thread;
    pthread_mutex_t lock; /* guards what follows */
    pthread_cond_t wake;
    char **waiting; /* entry ids, each once */
    size_t count, cap;
    bool catch_up; /* the whole catalog waits */
    bool stop;
};

/* One run of ww_build: the named entries, or (count 0) the whole catalog. True when the index
 * has them; *busy says that it failed only because another run held the index lock. */
static bool update(ww_indexing *ix, char *const *ids, size_t count, bool *busy)
{
    char **names = ww_xcalloc(count + 1, sizeof *names);
    for (size_t i = 0; i < count; i++)
        names[i] = ww_catalog_label(WW_RECORD_ENTRY, ids[i]);
    ww_build_options opt = {.catalog_dir = ix->catalog_dir,
                            .index_dir = ix->index_dir,
                            .schema = ix->schema,
                            .only = (const char *const *)names,
                            .only_count = count};
    ww_diag diag = {0};
    ww_build_stats stats;
    char *err = NULL;
    bool done = ww_build(&opt, &diag, &stats, &err) == 0;
    *busy = stats.busy;
    if (done)
        ww_readers_note_change(ix->readers);
    else if (!stats.busy)
        fprintf(stderr, "wegwijzer-server: de index is niet bijgewerkt: %s\n", err);
    free(err);
    ww_diag_free(&diag);
    for (size_t i = 0; i < count; i++)
        free(names[i]);
    free(names);
    return done;
}

/* Adds `id` to what waits, once (caller holds the lock). */
static void add_waiting(ww_indexing *ix, const char *id)
{
    for (size_t i = 0; i < ix->count; i++)
        if (strcmp(ix->waiting[i], id) == 0)
            return;
    if (ix->count == ix->cap) {
        ix->cap = ix->cap ? ix->cap * 2 : 16;
        ix->waiting = ww_xrealloc(ix->waiting, ix->cap * sizeof *ix->waiting);
    }
    ix->waiting[ix->count++] = ww_xstrdup(id);
}

/* Whether the index lock is free now (taken and given back at once): cheaper than a run that
 * lists the whole catalog only to find the lock taken. */
static bool lock_free(const ww_indexing *ix)
{
    int fd = -1;
    char *err = NULL;
    bool free_now = ww_index_lock(ix->index_dir, 0, &fd, &err) == 0;
    ww_index_unlock(fd);
    free(err);
    return free_now;
}

/* Waits `ms` or until woken (caller holds the lock). */
static void pause_for(ww_indexing *ix, unsigned ms)
{
    struct timespec until;
    clock_gettime(CLOCK_REALTIME, &until);
    until.tv_sec += ms / 1000;
    until.tv_nsec += (long)(ms % 1000) * 1000000L;
    if (until.tv_nsec >= 1000000000L) {
        until.tv_sec++;
        until.tv_nsec -= 1000000000L;
    }
    pthread_cond_timedwait(&ix->wake, &ix->lock, &until);
}

/* Does what waits: a catch-up when one is asked for (it covers every entry), else the waiting
 * entries. Called with the lock held, which it lets go during the update. Returns the pause
 * before the next try: 0 when everything is done. */
static unsigned work(ww_indexing *ix, unsigned last_pause)
{
    char **ids = ix->waiting;
    size_t count = ix->count;
    bool catch_up = ix->catch_up;
    ix->waiting = NULL;
    ix->count = ix->cap = 0;
    ix->catch_up = false;
    pthread_mutex_unlock(&ix->lock);
    bool busy = !lock_free(ix);
    bool done = !busy && update(ix, catch_up ? NULL : ids, catch_up ? 0 : count, &busy);
    pthread_mutex_lock(&ix->lock);
    if (!done) {
        /* A targeted update that failed for another reason than the lock (an index of another
         * schema, say) becomes a catch-up, which knows how to rebuild. */
        ix->catch_up |= catch_up || !busy;
        for (size_t i = 0; i < count; i++)
            add_waiting(ix, ids[i]);
    }
    for (size_t i = 0; i < count; i++)
        free(ids[i]);
    free(ids);
    if (done)
        return 0;
    if (busy)
        return BUSY_PAUSE_MS;
    unsigned pause = last_pause < FIRST_ERROR_PAUSE_MS ? FIRST_ERROR_PAUSE_MS : last_pause * 2;
    return pause > LONGEST_PAUSE_MS ? LONGEST_PAUSE_MS : pause;
}

static void *indexing_main(void *arg)
{
    ww_indexing *ix = arg;
    unsigned pause = 0;
    pthread_mutex_lock(&ix->lock);
    while (!ix->stop) {
        if (ix->count == 0 && !ix->catch_up) {
            pthread_cond_wait(&ix->wake, &ix->lock);
            continue;
        }
        if (pause)
            pause_for(ix, pause);
        if (!ix->stop)
            pause = work(ix, pause);
    }
    pthread_mutex_unlock(&ix->lock);
    return NULL;
}

ww_indexing *ww_indexing_start(const char *catalog_dir, const char *index_dir,
                               const ww_schema *schema, ww_readers *readers)
{
    ww_indexing *ix = ww_xcalloc(1, sizeof *ix);
    ix->catalog_dir = catalog_dir;
    ix->index_dir = index_dir;
    ix->schema = schema;
    ix->readers = readers;
    pthread_mutex_init(&ix->lock, NULL);
    pthread_cond_init(&ix->wake, NULL);
    if (pthread_create(&ix->thread, NULL, indexing_main, ix) != 0)
        abort(); /* no thread for it: the process has no resources to serve writes with */
    return ix;
}

void ww_indexing_stop(ww_indexing *ix)
{
    if (!ix)
        return;
    pthread_mutex_lock(&ix->lock);
    ix->stop = true;
    pthread_cond_signal(&ix->wake);
    pthread_mutex_unlock(&ix->lock);
    pthread_join(ix->thread, NULL);
    for (size_t i = 0; i < ix->count; i++)
        free(ix->waiting[i]);
    free(ix->waiting);
    pthread_cond_destroy(&ix->wake);
    pthread_mutex_destroy(&ix->lock);
    free(ix);
}

bool ww_indexing_update(ww_indexing *ix, const char *id)
{
    pthread_mutex_lock(&ix->lock);
    bool others_wait = ix->count > 0 || ix->catch_up;
    pthread_mutex_unlock(&ix->lock);
    bool busy;
    char *ids[] = {(char *)id};
    if (!others_wait && update(ix, ids, 1, &busy))
        return true;
    pthread_mutex_lock(&ix->lock);
    add_waiting(ix, id);
    pthread_cond_signal(&ix->wake);
    pthread_mutex_unlock(&ix->lock);
    return false;
}

void ww_indexing_catch_up(ww_indexing *ix)
{
    pthread_mutex_lock(&ix->lock);
    ix->catch_up = true;
    pthread_cond_signal(&ix->wake);
    pthread_mutex_unlock(&ix->lock);
}

size_t ww_indexing_waiting(ww_indexing *ix)
{
    pthread_mutex_lock(&ix->lock);
    size_t n = ix->count + ix->catch_up;
    pthread_mutex_unlock(&ix->lock);
    return n;
}
