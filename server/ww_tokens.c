/* ww_tokens.c -- tokens: made with libsodium's random bytes, stored as BLAKE2b hashes,
 * compared in constant time, throttled per token id. */
#include "ww_tokens.h"

#include "ww_fs.h"
#include "ww_time.h"
#include "ww_util.h"
#include "ww_validate.h"

#include <errno.h>
#include <pthread.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>

enum { ID_BYTES = 8, SECRET_BYTES = 32, HASH_BYTES = 32 };
#define TOKEN_PREFIX "ww_"

typedef struct {
    char id[ID_BYTES * 2 + 1];
    char organisation[96];
    char created[32];
    unsigned char hash[HASH_BYTES];
    bool revoked;
    /* Throttling (server only). */
    time_t window_start;
    unsigned failures;
} token_line;

typedef struct {
    token_line *items;
    size_t count;
} token_table;

static bool valid_token_id(const char *s)
{
    if (strlen(s) != ID_BYTES * 2)
        return false;
    for (; *s; s++)
        if (!((*s >= '0' && *s <= '9') || (*s >= 'a' && *s <= 'f')))
            return false;
    return true;
}

/* Reads the file into *t. A missing file is an empty table. 0, or -1 with *errmsg. */
static int load(const char *file, token_table *t, char **errmsg)
{
    t->items = NULL;
    t->count = 0;
    FILE *f = fopen(file, "r");
    if (!f) {
        if (errno == ENOENT)
            return 0;
        *errmsg = ww_xasprintf("kan %s niet lezen: %s", file, ww_errno_text(errno));
        return -1;
    }
    char line[512];
    unsigned lineno = 0;
    size_t cap = 0;
    while (fgets(line, sizeof line, f)) {
        lineno++;
        if (line[0] == '#' || line[0] == '\n')
            continue;
        token_line tl = {0};
        char hash_hex[HASH_BYTES * 2 + 2], flag[32] = "";
        size_t hash_len = 0;
        int n = sscanf(line, "%16s %95s %31s %65s %31s", tl.id, tl.organisation, tl.created,
                       hash_hex, flag);
        if (n < 4 || !valid_token_id(tl.id) ||
            sodium_hex2bin(tl.hash, sizeof tl.hash, hash_hex, strlen(hash_hex), NULL, &hash_len,
                           NULL) != 0 ||
            hash_len != HASH_BYTES || (n == 5 && strcmp(flag, "ingetrokken") != 0)) {
            *errmsg = ww_xasprintf("%s:%u: deze regel is geen token-regel", file, lineno);
            fclose(f);
            free(t->items);
            t->items = NULL;
            t->count = 0;
            return -1;
        }
        tl.revoked = n == 5;
        if (t->count == cap) {
            cap = cap ? cap * 2 : 16;
            t->items = ww_xrealloc(t->items, cap * sizeof *t->items);
        }
        t->items[t->count++] = tl;
    }
    fclose(f);
    return 0;
}

static void hash_secret(const char *secret, unsigned char out[HASH_BYTES])
{
    crypto_generichash(out, HASH_BYTES, (const unsigned char *)secret, strlen(secret), NULL, 0);
}

int ww_tokens_new(const char *file, const char *organisation, char **token, char **errmsg)
{
    *token = NULL;
    if (sodium_init() < 0) {
        *errmsg = ww_xstrdup("libsodium kan niet starten");
        return -1;
    }
    if (strcmp(organisation, WW_EDITOR_ORGANISATION) != 0 && !ww_valid_id(organisation)) {
        *errmsg = ww_xasprintf("'%s' is geen geldige organisatie-id (kleine letters, cijfers en "
                               "'-', zoals de bestandsnaam in organisaties/)",
                               organisation);
        return -1;
    }
    token_table existing;
    if (load(file, &existing, errmsg) != 0)
        return -1;
    free(existing.items);

    unsigned char id_bin[ID_BYTES], secret_bin[SECRET_BYTES], hash[HASH_BYTES];
    char id[ID_BYTES * 2 + 1], hash_hex[HASH_BYTES * 2 + 1], created[WW_UTC_SIZE];
    char secret[sodium_base64_ENCODED_LEN(SECRET_BYTES, sodium_base64_VARIANT_URLSAFE_NO_PADDING)];
    randombytes_buf(id_bin, sizeof id_bin);
    randombytes_buf(secret_bin, sizeof secret_bin);
    sodium_bin2hex(id, sizeof id, id_bin, sizeof id_bin);
    sodium_bin2base64(secret, sizeof secret, secret_bin, sizeof secret_bin,
                      sodium_base64_VARIANT_URLSAFE_NO_PADDING);
    hash_secret(secret, hash);
    sodium_bin2hex(hash_hex, sizeof hash_hex, hash, sizeof hash);
    ww_utc_now(created);

    char *line = ww_xasprintf("%s %s %s %s\n", id, organisation, created, hash_hex);
    int rc = ww_append_durable(file, line, strlen(line), 0600);
    if (rc != 0)
        *errmsg = ww_xasprintf("kan niet naar %s schrijven: %s", file, ww_errno_text(errno));
    free(line);
    sodium_memzero(secret_bin, sizeof secret_bin);
    if (rc == 0)
        *token = ww_xasprintf(TOKEN_PREFIX "%s_%s", id, secret);
    sodium_memzero(secret, sizeof secret);
    return rc;
}

int ww_tokens_revoke(const char *file, const char *id, char **errmsg)
{
    token_table t;
    if (load(file, &t, errmsg) != 0)
        return -1;
    bool found = false;
    for (size_t i = 0; i < t.count; i++)
        if (strcmp(t.items[i].id, id) == 0) {
            t.items[i].revoked = true;
            found = true;
        }
    if (!found) {
        free(t.items);
        *errmsg = ww_xasprintf("token %s staat niet in %s", id, file);
        return -1;
    }
    ww_buf out = {0};
    ww_buf_puts(&out,
                "# wegwijzer-server token: <id> <organisatie> <gemaakt> <hash> [ingetrokken]\n");
    for (size_t i = 0; i < t.count; i++) {
        char hash_hex[HASH_BYTES * 2 + 1];
        sodium_bin2hex(hash_hex, sizeof hash_hex, t.items[i].hash, HASH_BYTES);
        ww_buf_printf(&out, "%s %s %s %s%s\n", t.items[i].id, t.items[i].organisation,
                      t.items[i].created, hash_hex, t.items[i].revoked ? " ingetrokken" : "");
    }
    free(t.items);
    int rc = ww_write_file_atomic(file, out.data, out.len, 0600);
    if (rc != 0)
        *errmsg = ww_xasprintf("kan %s niet opslaan: %s", file, ww_errno_text(errno));
    ww_buf_free(&out);
    return rc;
}

int ww_tokens_list(const char *file, FILE *out, char **errmsg)
{
    token_table t;
    if (load(file, &t, errmsg) != 0)
        return -1;
    for (size_t i = 0; i < t.count; i++)
        fprintf(out, "%s %s %s%s\n", t.items[i].id, t.items[i].organisation, t.items[i].created,
                t.items[i].revoked ? " ingetrokken" : "");
    free(t.items);
    return 0;
}

/* ---- The server's side ------------------------------------------------------------------ */

struct ww_tokens {
    char *file;
    pthread_mutex_t lock;
    token_table table;
    struct stat loaded_stat;
    bool loaded;
};

ww_tokens *ww_tokens_open(const char *file, char **errmsg)
{
    if (sodium_init() < 0) { /* no randomness, no tokens: nothing sensible to serve writes with */
        *errmsg = ww_xstrdup("libsodium kan niet starten");
        return NULL;
    }
    ww_tokens *t = ww_xcalloc(1, sizeof *t);
    t->file = ww_xstrdup(file);
    pthread_mutex_init(&t->lock, NULL);
    return t;
}

void ww_tokens_close(ww_tokens *t)
{
    if (!t)
        return;
    pthread_mutex_destroy(&t->lock);
    free(t->table.items);
    free(t->file);
    free(t);
}

/* Re-reads the file when it changed since the last look (caller holds the lock). Keeps the
 * throttling state of ids that stay. */
static void refresh(ww_tokens *t)
{
    struct stat st = {0};
    bool present = stat(t->file, &st) == 0;
    if (t->loaded && present && st.st_mtim.tv_sec == t->loaded_stat.st_mtim.tv_sec &&
        st.st_mtim.tv_nsec == t->loaded_stat.st_mtim.tv_nsec &&
        st.st_size == t->loaded_stat.st_size && st.st_ino == t->loaded_stat.st_ino)
        return;
    token_table fresh;
    char *err = NULL;
    if (load(t->file, &fresh, &err) != 0) {
        /* A broken file refuses every token rather than guessing which lines still count. */
        fprintf(stderr, "wegwijzer-server: %s\n", err);
        free(err);
        fresh.items = NULL;
        fresh.count = 0;
    }
    for (size_t i = 0; i < fresh.count; i++)
        for (size_t j = 0; j < t->table.count; j++)
            if (strcmp(fresh.items[i].id, t->table.items[j].id) == 0) {
                fresh.items[i].window_start = t->table.items[j].window_start;
                fresh.items[i].failures = t->table.items[j].failures;
            }
    free(t->table.items);
    t->table = fresh;
    t->loaded_stat = st;
    t->loaded = present;
}

/* The token id and secret of "Bearer ww_<16 hex>_<secret>"; false when it is no such thing. */
static bool split_bearer(const char *authorization, char token_id[ID_BYTES * 2 + 1],
                         const char **secret)
{
    const char *token = authorization + 7;
    while (*token == ' ')
        token++;
    if (strncmp(token, TOKEN_PREFIX, 3) != 0 || strlen(token) < 3 + 16 + 2 || token[3 + 16] != '_')
        return false;
    memcpy(token_id, token + 3, 16);
    token_id[16] = '\0';
    *secret = token + 3 + 16 + 1;
    return valid_token_id(token_id) && strlen(*secret) <= 128;
}

ww_auth ww_tokens_check(ww_tokens *t, const char *authorization, char organisation[96], char id[17])
{
    organisation[0] = id[0] = '\0';
    if (!authorization || strncasecmp(authorization, "Bearer ", 7) != 0)
        return WW_AUTH_MISSING;
    char token_id[ID_BYTES * 2 + 1];
    const char *secret;
    if (!split_bearer(authorization, token_id, &secret))
        return WW_AUTH_INVALID;
    unsigned char given[HASH_BYTES];
    hash_secret(secret, given);

    ww_auth result = WW_AUTH_INVALID;
    pthread_mutex_lock(&t->lock);
    refresh(t);
    for (size_t i = 0; i < t->table.count; i++) {
        token_line *line = &t->table.items[i];
        if (strcmp(line->id, token_id) != 0)
            continue;
        time_t now = time(NULL);
        if (now - line->window_start >= 60) {
            line->window_start = now;
            line->failures = 0;
        }
        if (line->failures >= WW_TOKENS_MAX_FAILURES) {
            result = WW_AUTH_THROTTLED;
        } else if (sodium_memcmp(given, line->hash, HASH_BYTES) == 0 && !line->revoked) {
            result = WW_AUTH_OK;
            snprintf(organisation, 96, "%s", line->organisation);
            snprintf(id, 17, "%s", line->id);
        } else {
            line->failures++;
        }
        break;
    }
    pthread_mutex_unlock(&t->lock);
    return result;
}

bool ww_tokens_active(ww_tokens *t, const char *id)
{
    bool active = false;
    pthread_mutex_lock(&t->lock);
    refresh(t);
    for (size_t i = 0; i < t->table.count; i++)
        if (strcmp(t->table.items[i].id, id) == 0)
            active = !t->table.items[i].revoked;
    pthread_mutex_unlock(&t->lock);
    return active;
}
