/* ww_pages.h -- the HTML pages of the website (paths in shared/spec/interfaces.md), rendered
 * on the server from web/templates. Each handler fills a ww_response; none touches a socket. */
#ifndef WW_PAGES_H
#define WW_PAGES_H

#include "ww_http.h"
#include "ww_schema.h"

/* Compiles the templates in <web_dir>/templates. Returns 0, or -1 with *errmsg (caller frees). */
int ww_pages_init(const ww_schema *schema, const char *web_dir, char **errmsg);
void ww_pages_free(void);

/* Renders template `name` with `ctx` (the reference is taken) as the response. */
void ww_page_render(ww_response *res, unsigned status, const char *name, json_t *ctx);
/* "2026-10-02" -> "2 oktober 2026"; NULL for anything else. Caller frees. */
char *ww_dutch_date(const char *iso);

void ww_page_home(const ww_request *req, ww_response *res);      /* GET / */
void ww_page_search(const ww_request *req, ww_response *res);    /* GET /zoeken */
void ww_page_entry(const ww_request *req, ww_response *res);     /* GET /aanbod/<id> */
void ww_page_ambition(const ww_request *req, ww_response *res);  /* GET /ambitie/<id> */
void ww_page_list(const ww_request *req, ww_response *res);      /* GET /lijst?id=...&id=... */
void ww_page_not_found(const ww_request *req, ww_response *res); /* any unknown page: 404 */

#endif
