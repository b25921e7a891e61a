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

struct ww_cache {
    pthread_mutex_t lock;
    item **buckets;
    size_t bucket_mask;
    item *newest, *oldest;
    size_t used_bytes, max_bytes;
    unsigned long hits, misses;
};

static uint64_t fnv1a(const char *s)
{
    uint64_t h = 1469598103934665603ULL;
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 1099511628211ULL;
    return h;
}

static void unlink_recency(ww_cache *c, item *it)
{
    if (it->newer)
        it->newer->older = it->older;
    else
        c->newest = it->older;
    if (it->older)
        it->older->newer = it->newer;
    else
        c->oldest = it->newer;
    it->newer = it->older = NULL;
}

static void push_newest(ww_cache *c, item *it)
{
    it->older = c->newest;
    it->newer = NULL;
    if (c->newest)
        c->newest->newer = it;
    c->newest = it;
    if (!c->oldest)
        c->oldest = it;
}

static item **slot_of(ww_cache *c, const char *key, uint64_t hash)
{
    item **p = &c->buckets[hash & c->bucket_mask];
    while (*p && ((*p)->hash != hash || strcmp((*p)->key, key) != 0))
        p = &(*p)->next_in_bucket;
    return p;
}

static void drop(ww_cache *c, item *it)
{
    item **p = slot_of(c, it->key, it->hash);
    *p = it->next_in_bucket;
    unlink_recency(c, it);
    c->used_bytes -= it->cost;
    free(it->key);
    free(it->body);
    free(it);
}

ww_cache *ww_cache_new(size_t max_bytes)
{
    ww_cache *c = ww_xcalloc(1, sizeof *c);
    pthread_mutex_init(&c->lock, NULL);
    c->max_bytes = max_bytes;
    if (max_bytes > 0) {
        /* About one bucket per 2 KB of budget (a typical answer), a power of two. */
        size_t n = 256;
        while (n < max_bytes / 2048 && n < ((size_t)1 << 20))
            n <<= 1;
        c->buckets = ww_xcalloc(n, sizeof *c->buckets);
        c->bucket_mask = n - 1;
    }
    return c;
}

void ww_cache_free(ww_cache *c)
{
    if (!c)
        return;
    while (c->oldest)
        drop(c, c->oldest);
    free(c->buckets);
    pthread_mutex_destroy(&c->lock);
    free(c);
}

bool ww_cache_get(ww_cache *c, const char *key, char **body, size_t *len)
{
    if (!c->max_bytes)
        return false;
    uint64_t hash = fnv1a(key);
    pthread_mutex_lock(&c->lock);
    item *it = *slot_of(c, key, hash);
    if (it) {
        c->hits++;
        unlink_recency(c, it);
        push_newest(c, it);
        *body = ww_xmalloc(it->len + 1);
        memcpy(*body, it->body, it->len + 1);
        *len = it->len;
    } else {
        c->misses++;
    }
    pthread_mutex_unlock(&c->lock);
    return it != NULL;
}

void ww_cache_put(ww_cache *c, const char *key, const char *body, size_t len)
{
    size_t cost = sizeof(item) + strlen(key) + 1 + len + 1;
    if (!c->max_bytes || cost > c->max_bytes / 8)
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
    pthread_mutex_lock(&c->lock);
    item **slot = slot_of(c, key, hash);
    if (*slot) /* another thread answered the same meanwhile: keep one */
        drop(c, *slot);
    while (c->used_bytes + cost > c->max_bytes && c->oldest)
        drop(c, c->oldest);
    slot = slot_of(c, key, hash); /* dropping may have changed the chain */
    it->next_in_bucket = *slot;
    *slot = it;
    push_newest(c, it);
    c->used_bytes += cost;
    pthread_mutex_unlock(&c->lock);
}

void ww_cache_counts(ww_cache *c, unsigned long *hits, unsigned long *misses)
{
    pthread_mutex_lock(&c->lock);
    *hits = c->hits;
    *misses = c->misses;
    pthread_mutex_unlock(&c->lock);
}
