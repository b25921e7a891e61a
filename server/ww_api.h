/* ww_api.h -- the handlers of the JSON API (paths and fields fixed in
 * shared/spec/interfaces.md). Each fills a ww_response; none touches a socket. */
#ifndef WW_API_H
#define WW_API_H

#include "ww_http.h"
#include "ww_schema.h"
#include "ww_search.h"

/* The schema is borrowed for the lifetime of the server. */
void ww_api_init(const ww_schema *schema);

void ww_api_search(const ww_request *req, ww_response *res);   /* GET /api/v1/search */
void ww_api_entry(const ww_request *req, ww_response *res);    /* GET /api/v1/entries/<id> */
void ww_api_ambities(const ww_request *req, ww_response *res); /* GET /api/v1/ambities */
void ww_api_healthz(const ww_request *req, ww_response *res);  /* GET /healthz */
void ww_api_metrics(const ww_request *req, ww_response *res);  /* GET /metrics */

/* The search parameters of a request (q, page, per_page, gratis, voorliggend and the filters),
 * checked; `search` is ready to run and points into the struct. */
typedef struct {
    ww_search_request search;
    ww_filter_value filters[16 * 20];
    size_t filter_count;
    const char *q; /* borrowed from the request */
    long page, per_page;
    char today[11];
    char problem[512]; /* why reading failed, in Dutch */
} ww_search_params;

/* Reads the search parameters; `extra` (NULL-terminated, may be NULL) names more parameters to
 * accept and leave alone. False with p->problem set when a parameter is wrong. */
bool ww_search_params_read(const ww_request *req, const char *const *extra, long default_per_page,
                           ww_search_params *p);

/* Runs a search on this thread's reader, once more on a fresh reader when the index changed
 * under it. On failure it replies (400 or 503, JSON) into `res` and returns false. */
bool ww_run_search(const ww_search_request *search, ww_search_result *result, ww_response *res);

/* Today's date in Zwolle, YYYY-MM-DD. */
void ww_today(char out[11]);

#endif
