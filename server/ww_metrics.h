/* ww_metrics.h -- request counters and latencies per route, rendered in the Prometheus text
 * format for GET /metrics. Counters are atomics: any thread may record. Nothing about who asked
 * or what was asked is kept. */
#ifndef WW_METRICS_H
#define WW_METRICS_H

#include "ww_routes.h"

typedef struct ww_metrics ww_metrics;

/* Empty counters; free with ww_metrics_free. */
ww_metrics *ww_metrics_new(void);
void ww_metrics_free(ww_metrics *metrics);

void ww_metrics_record(ww_metrics *metrics, ww_route route, unsigned status, double seconds);
/* A connection was cut because its request did not arrive in time (ww_guard). */
void ww_metrics_count_late_request(ww_metrics *metrics);

/* What /metrics shows besides the requests. */
typedef struct {
    unsigned long cache_hits, cache_misses;
    long entries;             /* in the published index */
    double index_age_seconds; /* since it was last written; -1 when unknown */
    long index_waiting;       /* partners' changes waiting for the index lock */
} ww_metrics_facts;

/* The exposition text; caller frees. */
char *ww_metrics_render(ww_metrics *metrics, const ww_metrics_facts *facts);

#endif
