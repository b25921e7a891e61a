/* ww_metrics.c -- lock-free counters and a latency histogram per route. */
#include "ww_metrics.h"

#include "ww_util.h"

#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

static const double BUCKETS[] = {0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0};
enum { BUCKET_COUNT = sizeof BUCKETS / sizeof *BUCKETS };

struct ww_metrics {
    struct {
        atomic_ulong by_class[6]; /* 1xx..5xx by status / 100 */
        atomic_ulong buckets[BUCKET_COUNT];
        atomic_ulong count;
        atomic_ulong micros_sum;
    } routes[WW_ROUTE_COUNT];
    atomic_ulong late_requests;
};

ww_metrics *ww_metrics_new(void)
{
    return ww_xcalloc(1, sizeof(ww_metrics));
}

void ww_metrics_free(ww_metrics *m)
{
    free(m);
}

void ww_metrics_record(ww_metrics *m, ww_route route, unsigned status, double seconds)
{
    size_t r = route < WW_ROUTE_COUNT ? route : WW_ROUTE_OTHER;
    unsigned cls = status / 100;
    atomic_fetch_add(&m->routes[r].by_class[cls < 6 ? cls : 5], 1);
    for (size_t b = 0; b < BUCKET_COUNT; b++)
        if (seconds <= BUCKETS[b])
            atomic_fetch_add(&m->routes[r].buckets[b], 1);
    atomic_fetch_add(&m->routes[r].count, 1);
    atomic_fetch_add(&m->routes[r].micros_sum, (unsigned long)(seconds * 1e6));
}

void ww_metrics_count_late_request(ww_metrics *m)
{
    atomic_fetch_add(&m->late_requests, 1);
}

char *ww_metrics_render(ww_metrics *m, const ww_metrics_facts *facts)
{
    ww_buf out = {0};
    ww_buf_puts(&out, "# HELP wegwijzer_requests_total HTTP requests by route and status class.\n"
                      "# TYPE wegwijzer_requests_total counter\n");
    for (size_t r = 0; r < WW_ROUTE_COUNT; r++)
        for (unsigned c = 1; c < 6; c++) {
            unsigned long n = atomic_load(&m->routes[r].by_class[c]);
            if (n)
                ww_buf_printf(&out, "wegwijzer_requests_total{route=\"%s\",status=\"%uxx\"} %lu\n",
                              ww_route_name((ww_route)r), c, n);
        }
    ww_buf_puts(&out, "# HELP wegwijzer_request_duration_seconds Time to answer a request.\n"
                      "# TYPE wegwijzer_request_duration_seconds histogram\n");
    for (size_t r = 0; r < WW_ROUTE_COUNT; r++) {
        unsigned long count = atomic_load(&m->routes[r].count);
        if (!count)
            continue;
        for (size_t b = 0; b < BUCKET_COUNT; b++)
            ww_buf_printf(
                &out, "wegwijzer_request_duration_seconds_bucket{route=\"%s\",le=\"%g\"} %lu\n",
                ww_route_name((ww_route)r), BUCKETS[b], atomic_load(&m->routes[r].buckets[b]));
        ww_buf_printf(&out,
                      "wegwijzer_request_duration_seconds_bucket{route=\"%s\",le=\"+Inf\"} %lu\n",
                      ww_route_name((ww_route)r), count);
        ww_buf_printf(&out, "wegwijzer_request_duration_seconds_sum{route=\"%s\"} %.6f\n",
                      ww_route_name((ww_route)r), atomic_load(&m->routes[r].micros_sum) / 1e6);
        ww_buf_printf(&out, "wegwijzer_request_duration_seconds_count{route=\"%s\"} %lu\n",
                      ww_route_name((ww_route)r), count);
    }
    ww_buf_printf(&out,
                  "# HELP wegwijzer_search_cache_total Searches answered from the cache (hit) "
                  "or not (miss).\n"
                  "# TYPE wegwijzer_search_cache_total counter\n"
                  "wegwijzer_search_cache_total{result=\"hit\"} %lu\n"
                  "wegwijzer_search_cache_total{result=\"miss\"} %lu\n",
                  facts->cache_hits, facts->cache_misses);
    ww_buf_printf(
        &out,
        "# HELP wegwijzer_index_entries Entries in the published index.\n"
        "# TYPE wegwijzer_index_entries gauge\nwegwijzer_index_entries %ld\n"
        "# HELP wegwijzer_index_age_seconds Seconds since the index was last written.\n"
        "# TYPE wegwijzer_index_age_seconds gauge\nwegwijzer_index_age_seconds %.0f\n"
        "# HELP wegwijzer_index_waiting Saved changes waiting for the index.\n"
        "# TYPE wegwijzer_index_waiting gauge\nwegwijzer_index_waiting %ld\n"
        "# HELP wegwijzer_late_requests_total Connections cut because their request "
        "did not arrive within the request timeout.\n"
        "# TYPE wegwijzer_late_requests_total counter\nwegwijzer_late_requests_total %lu\n",
        facts->entries, facts->index_age_seconds, facts->index_waiting,
        atomic_load(&m->late_requests));
    return ww_buf_release(&out);
}
