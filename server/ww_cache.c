/* ww_cache.c -- a byte-bounded LRU of response bodies: a chained hash table for lookup and a
 * doubly linked list for recency, both under one mutex (a lookup is a hash and a memcpy, far
 * shorter than the search it saves). */
#include "ww_cache.h"

#include "ww_util.h"

#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

typedef struct item {
    struct item *next_in_bucket;
    struct item *newer, *older; /* recency list */
    uint64_t hash;
    char *key;
    char *body;
    size_t len;
    size_t cost; /* bytes charged against the budget */
} item;

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static item **buckets;
static size_t bucket_mask;
static item *newest, *oldest;
static size_t used_bytes, max_bytes;
static unsigned long hits, misses;

static uint64_t fnv1a(const char *s)
{
    uint64_t h = 1469598103934665603ULL;
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 1099511628211ULL;
    return h;
}

static void unlink_recency(item *it)
{
    if (it->newer)
        it->newer->older = it->older;
    else
        newest = it->older;
    if (it->older)
        it->older->newer = it->newer;
    else
        oldest = it->newer;
    it->newer = it->older = NULL;
}

static void push_newest(item *it)
{
    it->older = newest;
    it->newer = NULL;
    if (newest)
        newest->newer = it;
    newest = it;
    if (!oldest)
        oldest = it;
}

static item **slot_of(const char *key, uint64_t hash)
{
    item **p = &buckets[hash & bucket_mask];
    while (*p && ((*p)->hash != hash || strcmp((*p)->key, key) != 0))
        p = &(*p)->next_in_bucket;
    return p;
}

static void drop(item *it)
{
    item **p = slot_of(it->key, it->hash);
    *p = it->next_in_bucket;
    unlink_recency(it);
    used_bytes -= it->cost;
    free(it->key);
    free(it->body);
    free(it);
}

static void drop_all(void)
{
    while (oldest)
        drop(oldest);
}

void ww_cache_init(size_t budget)
{
    pthread_mutex_lock(&lock);
    if (buckets)
        drop_all();
    free(buckets);
    buckets = NULL;
    max_bytes = budget;
    hits = misses = 0;
    if (budget > 0) {
        /* About one bucket per 2 KB of budget (a typical answer), a power of two. */
        size_t n = 256;
        while (n < budget / 2048 && n < ((size_t)1 << 20))
            n <<= 1;
        buckets = ww_xcalloc(n, sizeof *buckets);
        bucket_mask = n - 1;
    }
    pthread_mutex_unlock(&lock);
}

void ww_cache_free(void)
{
    ww_cache_init(0);
}

bool ww_cache_get(const char *key, char **body, size_t *len)
{
    if (!max_bytes)
        return false;
    uint64_t hash = fnv1a(key);
    pthread_mutex_lock(&lock);
    item *it = *slot_of(key, hash);
    if (it) {
        hits++;
        unlink_recency(it);
        push_newest(it);
        *body = ww_xmalloc(it->len + 1);
        memcpy(*body, it->body, it->len + 1);
        *len = it->len;
    } else {
        misses++;
    }
    pthread_mutex_unlock(&lock);
    return it != NULL;
}

void ww_cache_put(const char *key, const char *body, size_t len)
{
    size_t cost = sizeof(item) + strlen(key) + 1 + len + 1;
    if (!max_bytes || cost > max_bytes / 8)
        return;
    uint64_t hash = fnv1a(key);
    item *it = ww_xcalloc(1, sizeof *it);
    it->hash = hash;
    it->key = ww_xstrdup(key);
    it->body = ww_xmalloc(len + 1);
    memcpy(it->body, body, len);
    it->body[len] = '\0';
    it->len = len;
    it->cost = cost;
    pthread_mutex_lock(&lock);
    item **slot = slot_of(key, hash);
    if (*slot) /* another thread answered the same meanwhile: keep one */
        drop(*slot);
    while (used_bytes + cost > max_bytes && oldest)
        drop(oldest);
    slot = slot_of(key, hash); /* dropping may have changed the chain */
    it->next_in_bucket = *slot;
    *slot = it;
    push_newest(it);
    used_bytes += cost;
    pthread_mutex_unlock(&lock);
}

void ww_cache_counts(unsigned long *h, unsigned long *m)
{
    pthread_mutex_lock(&lock);
    *h = hits;
    *m = misses;
    pthread_mutex_unlock(&lock);
}
