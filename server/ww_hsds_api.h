/* ww_hsds_api.h -- the catalog in the open: Open Referral's HSDS API profile under /api/hsds/
 * (the objects and pages of lib/ww_hsds_index.h) and the open-data page /open-data with its
 * downloads, on the terms of <catalog>/open-data.yaml. */
#ifndef WW_HSDS_API_H
#define WW_HSDS_API_H

#include "ww_http.h"

typedef struct ww_server ww_server;

/* GET /api/hsds and everything under /api/hsds/: "/", services, services/{id}, organizations,
 * organizations/{id}, service_at_locations, taxonomies, taxonomies/{id}, taxonomy_terms,
 * taxonomy_terms/{id}. */
void ww_api_hsds(ww_server *srv, const ww_request *req, ww_response *res);

/* GET /open-data: what is published, on which licence, how current, and the downloads. */
void ww_page_open_data(ww_server *srv, const ww_request *req, ww_response *res);
/* GET /open-data/<file>: hsds-services.json (every service fully nested: an HSDS
 * service_package), hsds-organizations.json, hsds-taxonomies.json, hsds-taxonomy-terms.json. */
void ww_open_data_download(ww_server *srv, const ww_request *req, ww_response *res);

#endif
