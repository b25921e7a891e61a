/* ww_partner.h -- the partners' web pages under /partner: sign in with a token, the
 * organisation's entries with the age of their last check, "klopt nog" in one click, and a form
 * to change an entry or add one. Every change goes through ww_write_entry, the same path as PUT:
 * one set of rules for ownership, validation, ETags, the audit trail and the index.
 *
 * Every POST must come from this site (Origin / Sec-Fetch-Site) and, once signed in, carry the
 * session's CSRF token; pages are never cached. */
#ifndef WW_PARTNER_H
#define WW_PARTNER_H

#include "ww_http.h"
#include "ww_schema.h"

#include <stdbool.h>

/* All borrowed for the lifetime of the server. Without `writes_enabled` (no --partners), the
 * pages say that changes are not taken here. */
void ww_partner_init(const ww_schema *schema, const char *catalog_dir, bool writes_enabled);

void ww_partner_home(const ww_request *req, ww_response *res);     /* GET /partner */
void ww_partner_sign_in(const ww_request *req, ww_response *res);  /* POST /partner/inloggen */
void ww_partner_sign_out(const ww_request *req, ww_response *res); /* POST /partner/uitloggen */
void ww_partner_new(const ww_request *req, ww_response *res);      /* GET /partner/nieuw */
void ww_partner_create(const ww_request *req, ww_response *res);   /* POST /partner/nieuw */
void ww_partner_edit(const ww_request *req, ww_response *res);     /* GET /partner/aanbod/<id> */
/* POST /partner/aanbod/<id> saves the form; POST /partner/aanbod/<id>/klopt confirms that the
 * entry is still correct (laatst_gecontroleerd becomes today, nothing else changes). */
void ww_partner_save(const ww_request *req, ww_response *res);

#endif
