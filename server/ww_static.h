/* ww_static.h -- the website's assets under /static/: files from <web>/static and the NL Design
 * System stylesheet from the npm package, with cache headers. Only plain names are served:
 * letters, digits, '-', '_', '.' and '/' between names; nothing that climbs out of the folder. */
#ifndef WW_STATIC_H
#define WW_STATIC_H

#include "ww_routes.h"

/* GET /static/...: from the server's website folder (static/, node_modules/). */
ww_handler ww_static_serve;

#endif
