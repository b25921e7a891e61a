/* ww_metrics.c -- lock-free counters and a latency histogram per route. */
#include "ww_metrics.h"

#include "ww_cache.h"
#include "ww_util.h"

#include <stdatomic.h>
#include <string.h>

static const char *const ROUTES[] = {"search",  "entry", "write", "ambities", "healthz",
                                     "metrics", "page",  "asset", "other"};
enum { ROUTE_COUNT = sizeof ROUTES / sizeof *ROUTES };
static const double BUCKETS[] = {0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0};
enum { BUCKET_COUNT = sizeof BUCKETS / sizeof *BUCKETS };

static struct {
    atomic_ulong by_class[6]; /* 1xx..5xx by status / 100 */
    atomic_ulong buckets[BUCKET_COUNT];
    atomic_ulong count;
    atomic_ulong micros_sum;
} stats[ROUTE_COUNT];

static size_t route_index(const char *route)
{
    for (size_t i = 0; i < ROUTE_COUNT; i++)
        if (strcmp(ROUTES[i], route) == 0)
            return i;
    return ROUTE_COUNT - 1;
}

void ww_metrics_record(const char *route, unsigned status, double seconds)
{
    size_t r = route_index(route);
    unsigned cls = status / 100;
    atomic_fetch_add(&stats[r].by_class[cls < 6 ? cls : 5], 1);
    for (size_t b = 0; b < BUCKET_COUNT; b++)
        if (seconds <= BUCKETS[b])
            atomic_fetch_add(&stats[r].buckets[b], 1);
    atomic_fetch_add(&stats[r].count, 1);
    atomic_fetch_add(&stats[r].micros_sum, (unsigned long)(seconds * 1e6));
}

char *ww_metrics_render(long entries, double index_age_seconds)
{
    ww_buf out = {0};
    ww_buf_puts(&out, "# HELP wegwijzer_requests_total HTTP requests by route and status class.\n"
                      "# TYPE wegwijzer_requests_total counter\n");
    for (size_t r = 0; r < ROUTE_COUNT; r++)
        for (unsigned c = 1; c < 6; c++) {
            unsigned long n = atomic_load(&stats[r].by_class[c]);
            if (n)
                ww_buf_printf(&out, "wegwijzer_requests_total{route=\"%s\",status=\"%uxx\"} %lu\n",
                              ROUTES[r], c, n);
        }
    ww_buf_puts(&out, "# HELP wegwijzer_request_duration_seconds Time to answer a request.\n"
                      "# TYPE wegwijzer_request_duration_seconds histogram\n");
    for (size_t r = 0; r < ROUTE_COUNT; r++) {
        unsigned long count = atomic_load(&stats[r].count);
        if (!count)
            continue;
        for (size_t b = 0; b < BUCKET_COUNT; b++)
            ww_buf_printf(&out,
                          "wegwijzer_request_duration_seconds_bucket{route=\"%s\",le=\"%g\"} %lu\n",
                          ROUTES[r], BUCKETS[b], atomic_load(&stats[r].buckets[b]));
        ww_buf_printf(&out,
                      "wegwijzer_request_duration_seconds_bucket{route=\"%s\",le=\"+Inf\"} %lu\n",
                      ROUTES[r], count);
        ww_buf_printf(&out, "wegwijzer_request_duration_seconds_sum{route=\"%s\"} %.6f\n",
                      ROUTES[r], atomic_load(&stats[r].micros_sum) / 1e6);
        ww_buf_printf(&out, "wegwijzer_request_duration_seconds_count{route=\"%s\"} %lu\n",
                      ROUTES[r], count);
    }
    unsigned long cache_hits, cache_misses;
    ww_cache_counts(&cache_hits, &cache_misses);
    ww_buf_printf(&out,
                  "# HELP wegwijzer_search_cache_total Searches answered from the cache (hit) "
                  "or not (miss).\n"
                  "# TYPE wegwijzer_search_cache_total counter\n"
                  "wegwijzer_search_cache_total{result=\"hit\"} %lu\n"
                  "wegwijzer_search_cache_total{result=\"miss\"} %lu\n",
                  cache_hits, cache_misses);
    ww_buf_printf(&out,
                  "# HELP wegwijzer_index_entries Entries in the published index.\n"
                  "# TYPE wegwijzer_index_entries gauge\nwegwijzer_index_entries %ld\n"
                  "# HELP wegwijzer_index_age_seconds Seconds since the index was last written.\n"
                  "# TYPE wegwijzer_index_age_seconds gauge\nwegwijzer_index_age_seconds %.0f\n",
                  entries, index_age_seconds);
    return ww_buf_release(&out);
}
