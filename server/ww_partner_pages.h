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

/* GET /partner: the overview. A partner sees its own entries, the longest unchecked first. The
 * gemeente's editors see every entry, grouped under the organisation's name, 25 to a page, and
 * may ask for q (text in title or organisation name, at most 200 characters), organisatie (an
 * organisation's id), oud=1 (unchecked for over half a year) and pagina (from 1; past the last
 * page: the last); any other value of these is a 400 that says what is wrong. */
ww_handler ww_partner_home;
ww_handler ww_partner_sign_in;  /* POST /partner/inloggen */
ww_handler ww_partner_sign_out; /* POST /partner/uitloggen */
/* POST /partner/overlap: the editor's verdict on a pair (ww_overlap), kept in the catalog. */
ww_handler ww_partner_overlap_verdict;
/* POST /partner/vragen: a synonym proposed for an unanswered question, written for review. */
ww_handler ww_partner_synonym_proposal;
ww_handler ww_partner_new;    /* GET /partner/nieuw */
ww_handler ww_partner_create; /* POST /partner/nieuw */
/* GET /partner/aanbod/<id>: the form, in sections; /klopt: the entry's summary (title, summary,
 * when, where, costs, contact) with the button that confirms it; /archiveren: the question. */
ww_handler ww_partner_edit;
/* POST /partner/aanbod/<id> saves the form; POST /partner/aanbod/<id>/klopt confirms that the
 * entry is still correct (laatst_gecontroleerd becomes today, on that one line of the file);
 * POST /partner/aanbod/<id>/ongedaan undoes that confirmation within a minute (the date before
 * comes back, through the same write path: If-Match on the version the check wrote, the audit
 * trail); after the minute it is refused (409) with a plain message. The minute is the
 * environment's WW_UNDO_SECONDS when set (1-3600; the tests use a few seconds).
 * POST /partner/aanbod/<id>/archiveren archives it. */
ww_handler ww_partner_save;

/* Before a partner's POST body is read: this server takes changes, the POST comes from this
 * site, and (but for a form, whose text is kept even when the session ended) a session cookie
 * comes with it. */
ww_head_check ww_partner_post_head;

#endif
