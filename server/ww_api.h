/* ww_api.h -- the handlers of the JSON API (paths and fields fixed in
 * shared/spec/interfaces.md). Each fills a ww_response; none touches a socket. */
#ifndef WW_API_H
#define WW_API_H

#include "ww_routes.h"

ww_handler ww_api_search;   /* GET /api/v1/search */
ww_handler ww_api_entry;    /* GET /api/v1/entries/<id> */
ww_handler ww_api_ambities; /* GET /api/v1/ambities */
ww_handler ww_api_openapi;  /* GET /api/v1/openapi.json: the API's description */
ww_handler ww_api_healthz;  /* GET /healthz */
ww_handler ww_api_metrics;  /* GET /metrics */

/* ww_api_write.c: partners' changes, through ww_write (authenticated by a token). */
ww_handler ww_api_put_entry;    /* PUT /api/v1/entries/<id> */
ww_handler ww_api_delete_entry; /* DELETE /api/v1/entries/<id>: archives it */
/* Before a write's body is read: the entry in the path and the token (404, 401, 429). */
ww_head_check ww_api_write_head;
/* The organisation of the request's `Authorization: Bearer` token ("gemeente" for the editor)
 * into `org`; false after replying 401 (no tokens, none, or a wrong one) or 429. */
bool ww_api_authenticate(ww_server *srv, const ww_request *req, ww_response *res, char org[96],
                         char token_id[17]);

#endif
