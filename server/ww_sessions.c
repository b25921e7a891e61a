/* ww_sessions.c -- a small table of sessions under one lock; see ww_sessions.h. */
#include "ww_sessions.h"

#include "ww_util.h"

#include <pthread.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* Partners are a few dozen organisations; when the table is full, the longest idle session
 * makes room. */
enum { MAX_SESSIONS = 512, ID_CHARS = 43 };
/* Sessions of one token at most: a partner signs in on a few devices, not on hundreds. */
enum { MAX_PER_TOKEN = 8 };

typedef struct {
    bool used;
    char id[ID_CHARS + 1];
    time_t started, last_used;
    ww_session session;
} slot;

struct ww_sessions {
    ww_tokens *tokens;
    pthread_mutex_t lock;
    slot table[MAX_SESSIONS];
};

ww_sessions *ww_sessions_new(ww_tokens *tokens)
{
    ww_sessions *s = ww_xcalloc(1, sizeof *s);
    s->tokens = tokens;
    pthread_mutex_init(&s->lock, NULL);
    return s;
}

void ww_sessions_free(ww_sessions *s)
{
    if (!s)
        return;
    pthread_mutex_destroy(&s->lock);
    sodium_memzero(s->table, sizeof s->table);
    free(s);
}

static void random_text(char out[ID_CHARS + 1])
{
    unsigned char bytes[32];
    randombytes_buf(bytes, sizeof bytes);
    sodium_bin2base64(out, ID_CHARS + 1, bytes, sizeof bytes,
                      sodium_base64_VARIANT_URLSAFE_NO_PADDING);
    sodium_memzero(bytes, sizeof bytes);
}

static bool expired(const slot *s, time_t now)
{
    return now - s->last_used > WW_SESSION_IDLE || now - s->started > WW_SESSION_MAX;
}

/* The slot for a new session of `token_id` (caller holds the lock): the token's own least
 * recently used session when it has MAX_PER_TOKEN already, else a free (or expired) slot, else
 * the least recently used of all. A token that signs in over and over so only ends its own
 * sessions, never another partner's. */
static slot *slot_for(ww_sessions *sessions, const char *token_id, time_t now)
{
    slot *free_slot = NULL, *own_oldest = NULL, *oldest = NULL;
    size_t own = 0;
    for (size_t i = 0; i < MAX_SESSIONS; i++) {
        slot *s = &sessions->table[i];
        if (!s->used || expired(s, now)) {
            free_slot = free_slot ? free_slot : s;
            continue;
        }
        if (strcmp(s->session.token_id, token_id) == 0) {
            own++;
            if (!own_oldest || s->last_used < own_oldest->last_used)
                own_oldest = s;
        }
        if (!oldest || s->last_used < oldest->last_used)
            oldest = s;
    }
    if (own >= MAX_PER_TOKEN)
        return own_oldest;
    return free_slot ? free_slot : oldest;
}

void ww_session_start(ww_sessions *sessions, const char *organisation, const char *token_id,
                      char id[44], ww_session *out)
{
    time_t now = time(NULL);
    pthread_mutex_lock(&sessions->lock);
    slot *s = slot_for(sessions, token_id, now);
    sodium_memzero(s, sizeof *s);
    s->used = true;
    s->started = s->last_used = now;
    random_text(s->id);
    random_text(s->session.csrf);
    snprintf(s->session.organisation, sizeof s->session.organisation, "%s", organisation);
    snprintf(s->session.token_id, sizeof s->session.token_id, "%s", token_id);
    memcpy(id, s->id, ID_CHARS + 1);
    *out = s->session;
    pthread_mutex_unlock(&sessions->lock);
}

/* The session id in a Cookie header ("a=1; ww_sessie=...; b=2"), copied into `id`. */
static bool cookie_id(const char *cookie, char id[ID_CHARS + 1])
{
    static const char NAME[] = WW_SESSION_COOKIE "=";
    for (const char *p = cookie; p && *p;) {
        while (*p == ' ' || *p == ';')
            p++;
        size_t len = strcspn(p, ";");
        if (strncmp(p, NAME, sizeof NAME - 1) == 0 && len == sizeof NAME - 1 + ID_CHARS) {
            memcpy(id, p + sizeof NAME - 1, ID_CHARS);
            id[ID_CHARS] = '\0';
            return true;
        }
        p += len;
    }
    return false;
}

/* The live slot for `id` (caller holds the lock), or NULL. Expired slots are emptied. */
static slot *find_slot(ww_sessions *sessions, const char *id, time_t now)
{
    slot *found = NULL;
    for (size_t i = 0; i < MAX_SESSIONS; i++) {
        slot *s = &sessions->table[i];
        if (!s->used)
            continue;
        if (expired(s, now)) {
            sodium_memzero(s, sizeof *s);
            continue;
        }
        if (sodium_memcmp(s->id, id, ID_CHARS) == 0)
            found = s;
    }
    return found;
}

bool ww_session_named(const char *cookie)
{
    char id[ID_CHARS + 1];
    return cookie_id(cookie, id);
}

bool ww_session_find(ww_sessions *sessions, const char *cookie, ww_session *out)
{
    char id[ID_CHARS + 1];
    if (!cookie_id(cookie, id))
        return false;
    time_t now = time(NULL);
    pthread_mutex_lock(&sessions->lock);
    slot *s = find_slot(sessions, id, now);
    if (s) {
        s->last_used = now;
        *out = s->session;
    }
    pthread_mutex_unlock(&sessions->lock);
    /* Checked outside the table's lock: the tokens have their own. */
    if (s && !ww_tokens_active(sessions->tokens, out->token_id)) {
        ww_session_end(sessions, cookie);
        return false;
    }
    return s != NULL;
}

void ww_session_end(ww_sessions *sessions, const char *cookie)
{
    char id[ID_CHARS + 1];
    if (!cookie_id(cookie, id))
        return;
    pthread_mutex_lock(&sessions->lock);
    slot *s = find_slot(sessions, id, time(NULL));
    if (s)
        sodium_memzero(s, sizeof *s);
    pthread_mutex_unlock(&sessions->lock);
}

bool ww_session_csrf_ok(const ww_session *session, const char *given)
{
    return given && strlen(given) == ID_CHARS && sodium_memcmp(session->csrf, given, ID_CHARS) == 0;
}

char *ww_session_cookie(const char *id, bool over_tls)
{
    /* Path=/partner: the public site never sees it. */
    return ww_xasprintf("%s=%s; Path=/partner; HttpOnly; SameSite=Strict; Max-Age=%d%s",
                        WW_SESSION_COOKIE, id ? id : "", id ? WW_SESSION_MAX : 0,
                        over_tls ? "; Secure" : "");
}
