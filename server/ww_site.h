/* ww_site.h -- the site's configuration (web/site.yaml): who runs this Wegwijzer and how
 * residents reach them (the gemeente, its logo, the sociaal wijkteam, the privacy and
 * accessibility contacts, the catalog's editors). Loaded and checked once at start-up; every
 * page gets it as the template value `site` (ww_page_render).
 *
 * The value `site` holds what the file holds, plus what the pages need made from it:
 *   naam, gemeente, logo ("/static/" + the file's logo: a URL path),
 *   wijkteam.{naam, telefoon, tel (a tel: URL), email, website, website_kort (without https://)},
 *   privacy.{email}, toegankelijkheid.{email, datum ("29 november 2026"), datum_iso,
 *   reactietermijn (werkdagen, as text)}, redactie.{email}. */
#ifndef WW_SITE_H
#define WW_SITE_H

#include "ww_diag.h"

#include <jansson.h>

typedef struct ww_site ww_site;

/* Reads and checks `<web_dir>/site.yaml`; the logo must exist under `<web_dir>/static/`. Returns
 * the configuration (free with ww_site_free), or NULL with every problem in `diag` (file, line,
 * column, field: a missing or unknown field, a value of the wrong form, a file that cannot be
 * read or is no YAML). */
ww_site *ww_site_load(const char *web_dir, ww_diag *diag);

/* The `site` value of the pages, owned by the site and valid until ww_site_free. Any thread
 * may read it, but no thread may change it or take a reference to it (json_incref is no
 * thread-safe operation on a shared value): a page copies it (json_deep_copy). */
const json_t *ww_site_value(const ww_site *site);

/* One text of the configuration by its dotted name ("wijkteam.telefoon"), for code that is no
 * template (such as an API answer); NULL when there is none. Owned by the site. */
const char *ww_site_text(const ww_site *site, const char *name);

void ww_site_free(ww_site *site);

#endif
