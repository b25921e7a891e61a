/* ww_tokens.h -- the partners file: which tokens may write, for which organisation.
 *
 * A token as a partner receives it is "ww_<id>_<secret>": <id> is 16 hex digits that name the
 * token (safe to log and to revoke by), <secret> 32 random bytes in URL-safe base64. The file
 * keeps only a BLAKE2b hash of the secret, one token per line:
 *
 *     <id> <organisatie> <created, UTC> <hash, hex> [ingetrokken]
 *
 * Lines starting with '#' are comments. The organisation "gemeente" is the editor, who may
 * change every entry. The server re-reads the file when it changes, so a new or revoked token
 * counts at once, without a restart. */
#ifndef WW_TOKENS_H
#define WW_TOKENS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#define WW_EDITOR_ORGANISATION "gemeente"

/* Makes a token for `organisation`, appends its line to `file` (created with mode 0600) and
 * returns the token in *token (caller frees; show it once, it is not kept). 0, or -1 with a
 * Dutch message in *errmsg (caller frees). */
int ww_tokens_new(const char *file, const char *organisation, char **token, char **errmsg);

/* Marks token `id` as revoked (the file is rewritten atomically). 0, or -1 with *errmsg. */
int ww_tokens_revoke(const char *file, const char *id, char **errmsg);

/* Writes one line per token to `out`: id, organisation, created, and whether it is revoked. */
int ww_tokens_list(const char *file, FILE *out, char **errmsg);

/* ---- The server's side ------------------------------------------------------------------
 * The file as the server reads it: re-read when it changes, with the throttling state of each
 * token id. Safe on any thread (one lock). */
typedef struct ww_tokens ww_tokens;

/* `file` is copied; it need not exist yet (then no token is accepted until it does). NULL when
 * libsodium cannot start, with a message in *errmsg (caller frees). */
ww_tokens *ww_tokens_open(const char *file, char **errmsg);
void ww_tokens_close(ww_tokens *tokens);

typedef enum {
    WW_AUTH_OK,
    WW_AUTH_MISSING,   /* no Authorization: Bearer header */
    WW_AUTH_INVALID,   /* unknown, wrong or revoked token */
    WW_AUTH_THROTTLED, /* too many wrong secrets for this token id lately: try again later */
} ww_auth;

/* Checks an Authorization header value. On WW_AUTH_OK the organisation and the token id are
 * copied out. The secret is compared in constant time; after WW_TOKENS_MAX_FAILURES wrong
 * secrets for one token id within a minute, that id is refused for the rest of the minute
 * (the right secret too), which makes guessing hopeless without locking out anyone else. */
#define WW_TOKENS_MAX_FAILURES 5
ww_auth ww_tokens_check(ww_tokens *tokens, const char *authorization, char organisation[96],
                        char id[17]);

/* Whether token `id` is (still) in the file and not revoked: a web session lives only as long
 * as the token it was opened with. */
bool ww_tokens_active(ww_tokens *tokens, const char *id);

#endif
