/* ww_cache.h -- answers to searches, kept for the next one who asks the same.
 *
 * Residents ask the same few questions (koffie, eenzaam, schulden) and wijkteam staff browse the
 * same filters, so most searches have been answered before. The cache maps a key that names
 * everything an answer depends on (the index version, today's date and the parsed request) to
 * the finished response body. A new index version makes new keys, so nothing is ever stale;
 * old entries simply age out. One cache for all threads, bounded in bytes, least recently used
 * out first. It holds what the server would answer anyway: no client, no personal data. */
#ifndef WW_CACHE_H
#define WW_CACHE_H

#include <stdbool.h>
#include <stddef.h>

typedef struct ww_cache ww_cache;

/* A cache of at most `max_bytes` (0: caching off, every lookup misses). Free with
 * ww_cache_free, which drops every answer. */
ww_cache *ww_cache_new(size_t max_bytes);
void ww_cache_free(ww_cache *cache);

/* Copies the body stored under key into *body (caller frees) and its length into *len. */
bool ww_cache_get(ww_cache *cache, const char *key, char **body, size_t *len);
/* Stores a copy of body under key, pushing out the least recently used answers as needed. An
 * answer larger than an eighth of the budget is not kept. */
void ww_cache_put(ww_cache *cache, const char *key, const char *body, size_t len);

/* Since the cache was made: lookups answered from it and those that were not. */
void ww_cache_counts(ww_cache *cache, unsigned long *hits, unsigned long *misses);

#endif
