/* ww_static.h -- the website's assets under /static/: files from <web>/static and the NL Design
 * System stylesheet from the npm package, with cache headers. Only plain names are served:
 * letters, digits, '-', '_', '.' and '/' between names; nothing that climbs out of the folder. */
#ifndef WW_STATIC_H
#define WW_STATIC_H

#include "ww_http.h"

/* The folder of the website (templates/, static/, node_modules/); borrowed. */
void ww_static_init(const char *web_dir);

void ww_static_serve(const ww_request *req, ww_response *res); /* GET /static/... */

#endif
