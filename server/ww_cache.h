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

/* Sets the budget (0: caching off) and empties the cache. Call before the threads start. */
void ww_cache_init(size_t max_bytes);
void ww_cache_free(void);

/* Copies the body stored under key into *body (caller frees) and its length into *len. */
bool ww_cache_get(const char *key, char **body, size_t *len);
/* Stores a copy of body under key, pushing out the least recently used answers as needed. An
 * answer larger than an eighth of the budget is not kept. */
void ww_cache_put(const char *key, const char *body, size_t len);

/* Since the start: lookups answered from the cache and those that were not. */
void ww_cache_counts(unsigned long *hits, unsigned long *misses);

#endif
