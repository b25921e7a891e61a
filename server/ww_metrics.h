/* ww_metrics.h -- request counters and latencies, rendered in the Prometheus text format for
 * GET /metrics. Counters are atomics: any thread may record. Nothing about who asked or what
 * was asked is kept. */
#ifndef WW_METRICS_H
#define WW_METRICS_H

/* Routes are counted by name: one of the names a route in ww_routes.c uses. */
void ww_metrics_record(const char *route, unsigned status, double seconds);

/* The exposition text; caller frees. */
char *ww_metrics_render(long entries, double index_age_seconds);

#endif
