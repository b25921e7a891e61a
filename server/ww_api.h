/* ww_api.h -- the handlers of the JSON API (paths and fields fixed in
 * shared/spec/interfaces.md). Each fills a ww_response; none touches a socket. */
#ifndef WW_API_H
#define WW_API_H

#include "ww_http.h"
#include "ww_schema.h"

/* The schema is borrowed for the lifetime of the server. */
void ww_api_init(const ww_schema *schema);

void ww_api_search(const ww_request *req, ww_response *res);   /* GET /api/v1/search */
void ww_api_entry(const ww_request *req, ww_response *res);    /* GET /api/v1/entries/<id> */
void ww_api_ambities(const ww_request *req, ww_response *res); /* GET /api/v1/ambities */
void ww_api_healthz(const ww_request *req, ww_response *res);  /* GET /healthz */
void ww_api_metrics(const ww_request *req, ww_response *res);  /* GET /metrics */

/* Today's date in Zwolle, YYYY-MM-DD. */
void ww_today(char out[11]);

#endif
