/* ww_partner_pages.h -- the partners' web pages under /partner: sign in with a token, the
 * organisation's entries with the age of their last check, "klopt nog" in one click, and a form
 * to change an entry or add one. Every change goes through ww_write, the same path as PUT: one
 * set of rules for ownership, validation, ETags, the audit trail and the index. On a server
 * without a partners file the pages say that changes are not taken here.
 *
 * Every POST must come from this site (Origin / Sec-Fetch-Site) and, once signed in, carry the
 * session's CSRF token; pages are never cached. */
#ifndef WW_PARTNER_PAGES_H
#define WW_PARTNER_PAGES_H

#include "ww_routes.h"

ww_handler ww_partner_home;     /* GET /partner */
ww_handler ww_partner_sign_in;  /* POST /partner/inloggen */
ww_handler ww_partner_sign_out; /* POST /partner/uitloggen */
ww_handler ww_partner_new;      /* GET /partner/nieuw */
ww_handler ww_partner_create;   /* POST /partner/nieuw */
ww_handler ww_partner_edit;     /* GET /partner/aanbod/<id>[/archiveren] */
/* POST /partner/aanbod/<id> saves the form; POST /partner/aanbod/<id>/klopt confirms that the
 * entry is still correct (laatst_gecontroleerd becomes today, nothing else changes);
 * POST /partner/aanbod/<id>/archiveren archives it. */
ww_handler ww_partner_save;

/* Before a partner's POST body is read: this server takes changes, the POST comes from this
 * site, and (but for a form, whose text is kept even when the session ended) a session cookie
 * comes with it. */
ww_head_check ww_partner_post_head;

#endif
