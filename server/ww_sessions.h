/* ww_sessions.h -- sign-in sessions of the partners' web form, kept in memory only.
 *
 * A partner signs in once with a token (ww_tokens); the browser then carries a random session
 * id in a cookie (HttpOnly, SameSite=Strict, Secure over TLS). Every session has its own random
 * CSRF token, which each form of the partner pages posts back. A session ends when the partner
 * signs out, after WW_SESSION_IDLE seconds without use or WW_SESSION_MAX seconds in all, and
 * when its token is revoked. One token holds at most 8 sessions: signing in a ninth time ends
 * that token's least recently used one, never another partner's. A restart signs everyone out,
 * which is safe and rare. */
#ifndef WW_SESSIONS_H
#define WW_SESSIONS_H

#include "ww_tokens.h"

#include <stdbool.h>

#define WW_SESSION_COOKIE "ww_sessie"
enum { WW_SESSION_IDLE = 4 * 3600, WW_SESSION_MAX = 12 * 3600 };

typedef struct {
    char organisation[96];
    char token_id[17];
    char csrf[44]; /* URL-safe base64 of 32 random bytes */
} ww_session;

/* The table of live sessions, safe on any thread (one lock). `tokens` is borrowed: a session
 * lives only as long as its token is active. Free with ww_sessions_free. */
typedef struct ww_sessions ww_sessions;
ww_sessions *ww_sessions_new(ww_tokens *tokens);
void ww_sessions_free(ww_sessions *sessions);

/* Opens a session for a signed-in token. Writes the cookie value into `id` and fills *out. */
void ww_session_start(ww_sessions *sessions, const char *organisation, const char *token_id,
                      char id[44], ww_session *out);

/* Finds the session named by the Cookie header `cookie` (may be NULL): true and a copy in
 * *out, or false when there is none, it expired, or its token was revoked. */
bool ww_session_find(ww_sessions *sessions, const char *cookie, ww_session *out);

/* Whether the Cookie header `cookie` (may be NULL) names a session at all, live or not. */
bool ww_session_named(const char *cookie);

/* Ends the session named by the Cookie header, if any. */
void ww_session_end(ww_sessions *sessions, const char *cookie);

/* Whether `given` (a posted form field, may be NULL) is the session's CSRF token; compared in
 * constant time. */
bool ww_session_csrf_ok(const ww_session *session, const char *given);

/* The Set-Cookie value that gives the browser `id`, or (id NULL) removes it. Caller frees. */
char *ww_session_cookie(const char *id, bool over_tls);

#endif
