/* ww_session.c -- a small table of sessions under one lock; see ww_session.h. */
#include "ww_session.h"

#include "ww_partners.h"
#include "ww_util.h"

#include <pthread.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

/* Partners are a few dozen organisations; when the table is full, the longest idle session
 * makes room. */
enum { MAX_SESSIONS = 512, ID_CHARS = 43 };

typedef struct {
    bool used;
    char id[ID_CHARS + 1];
    time_t started, last_used;
    ww_session session;
} slot;

static slot table[MAX_SESSIONS];
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;

static void random_text(char out[ID_CHARS + 1])
{
    unsigned char bytes[32];
    randombytes_buf(bytes, sizeof bytes);
    sodium_bin2base64(out, ID_CHARS + 1, bytes, sizeof bytes,
                      sodium_base64_VARIANT_URLSAFE_NO_PADDING);
    sodium_memzero(bytes, sizeof bytes);
}

void ww_session_start(const char *organisation, const char *token_id, char id[44], ww_session *out)
{
    time_t now = time(NULL);
    pthread_mutex_lock(&lock);
    slot *s = &table[0];
    for (size_t i = 0; i < MAX_SESSIONS; i++) {
        if (!table[i].used) {
            s = &table[i];
            break;
        }
        if (table[i].last_used < s->last_used)
            s = &table[i];
    }
    memset(s, 0, sizeof *s);
    s->used = true;
    s->started = s->last_used = now;
    random_text(s->id);
    random_text(s->session.csrf);
    snprintf(s->session.organisation, sizeof s->session.organisation, "%s", organisation);
    snprintf(s->session.token_id, sizeof s->session.token_id, "%s", token_id);
    memcpy(id, s->id, ID_CHARS + 1);
    *out = s->session;
    pthread_mutex_unlock(&lock);
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
static slot *find_slot(const char *id, time_t now)
{
    slot *found = NULL;
    for (size_t i = 0; i < MAX_SESSIONS; i++) {
        slot *s = &table[i];
        if (!s->used)
            continue;
        if (now - s->last_used > WW_SESSION_IDLE || now - s->started > WW_SESSION_MAX) {
            sodium_memzero(s, sizeof *s);
            continue;
        }
        if (sodium_memcmp(s->id, id, ID_CHARS) == 0)
            found = s;
    }
    return found;
}

bool ww_session_find(const char *cookie, ww_session *out)
{
    char id[ID_CHARS + 1];
    if (!cookie_id(cookie, id))
        return false;
    time_t now = time(NULL);
    pthread_mutex_lock(&lock);
    slot *s = find_slot(id, now);
    if (s) {
        s->last_used = now;
        *out = s->session;
    }
    pthread_mutex_unlock(&lock);
    /* Checked outside the table's lock: ww_partners has its own. */
    if (s && !ww_partners_active(out->token_id)) {
        ww_session_end(cookie);
        return false;
    }
    return s != NULL;
}

void ww_session_end(const char *cookie)
{
    char id[ID_CHARS + 1];
    if (!cookie_id(cookie, id))
        return;
    pthread_mutex_lock(&lock);
    slot *s = find_slot(id, time(NULL));
    if (s)
        sodium_memzero(s, sizeof *s);
    pthread_mutex_unlock(&lock);
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
