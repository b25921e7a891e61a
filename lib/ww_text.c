/* ww_text.c -- UTF-8 validation and search folding over utf8proc. */
#include "ww_text.h"

#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "ww_util.h"

bool ww_utf8_valid(const char *s, size_t len, size_t *bad_offset)
{
    size_t i = 0;
    while (i < len) {
        /* ASCII other than NUL is valid as it stands: only other bytes need utf8proc. */
        if ((unsigned char)s[i] < 0x80 && s[i] != '\0') {
            i++;
            continue;
        }
        utf8proc_int32_t cp;
        utf8proc_ssize_t n =
            utf8proc_iterate((const utf8proc_uint8_t *)s + i, (utf8proc_ssize_t)(len - i), &cp);
        if (n <= 0 || cp == 0) {
            if (bad_offset)
                *bad_offset = i;
            return false;
        }
        i += (size_t)n;
    }
    return true;
}

void ww_utf8_repair(char *s)
{
    size_t len = strlen(s), bad;
    while (!ww_utf8_valid(s, len, &bad)) {
        s[bad] = '?';
        s += bad + 1;
        len -= bad + 1;
    }
}

char *ww_utf8_one_line(const char *text, size_t max)
{
    char *s = ww_xstrdup(text ? text : "");
    ww_utf8_repair(s);
    for (char *p = s; *p; p++)
        if ((unsigned char)*p < 0x20 || *p == 0x7F)
            *p = ' ';
    size_t n = strlen(s);
    if (n > max) {
        n = max;
        while (n && ((unsigned char)s[n] & 0xC0) == 0x80)
            n--;
        s[n] = '\0';
    }
    return s;
}

size_t ww_utf8_length(const char *s, size_t len)
{
    size_t count = 0;
    for (size_t i = 0; i < len; i++)
        if (((unsigned char)s[i] & 0xC0) != 0x80)
            count++;
    return count;
}

#define FOLD_OPTIONS (UTF8PROC_STABLE | UTF8PROC_COMPOSE | UTF8PROC_CASEFOLD | UTF8PROC_STRIPMARK)

static char ascii_lower(char c)
{
    return c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
}

static bool is_word_byte(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c >= 0x80;
}

/* Drops the 's of a plural or possessive after a letter, in place: "foto's" -> "foto",
 * "baby’s" -> "baby". The stemmer keeps the apostrophe ("foto'"), so without this the plural
 * and its singular never meet. "zo'n" and "'s avonds" are left as they are. */
static char *drop_apostrophe_s(char *s)
{
    if (!s)
        return NULL;
    char *out = s;
    for (const char *p = s; *p;) {
        size_t mark = *p == '\'' ? 1 : strncmp(p, "\xe2\x80\x99", 3) == 0 ? 3 : 0;
        if (mark && out > s && is_word_byte((unsigned char)out[-1]) && p[mark] == 's' &&
            !is_word_byte((unsigned char)p[mark + 1])) {
            p += mark + 1;
            continue;
        }
        *out++ = *p++;
    }
    *out = '\0';
    return s;
}

char *ww_fold(const char *utf8)
{
    /* Most text is plain ASCII: lower case is all the folding it needs, without utf8proc's
     * decomposition (the indexer folds every field of every entry). */
    size_t ascii = 0;
    while (utf8[ascii] && (unsigned char)utf8[ascii] < 0x80)
        ascii++;
    if (!utf8[ascii]) {
        char *out = malloc(ascii + 1);
        if (!out)
            return NULL;
        for (size_t i = 0; i <= ascii; i++)
            out[i] = ascii_lower(utf8[i]);
        return drop_apostrophe_s(out);
    }
    /* Text with a few accented letters or curly quotes: only the runs of non-ASCII bytes go
     * through utf8proc, each with the ASCII character before it (a combining mark may follow a
     * plain letter: "e" + U+0301). Folding the pieces gives what folding the whole text gives,
     * because an ASCII character is a starter that nothing composes with or is reordered
     * across: it never combines with what precedes it, and case folding is per character. */
    ww_buf out = {0};
    const char *p = utf8;
    while (*p) {
        const char *run = p; /* ASCII up to the next non-ASCII byte */
        while (*p && (unsigned char)*p < 0x80)
            p++;
        const char *piece = *p && p > run ? p - 1 : p; /* the base it may combine with */
        for (const char *a = run; a < piece; a++)
            ww_buf_putc(&out, ascii_lower(*a));
        if (!*p)
            break;
        while (*p && (unsigned char)*p >= 0x80)
            p++;
        utf8proc_uint8_t *folded = NULL;
        utf8proc_ssize_t n = utf8proc_map((const utf8proc_uint8_t *)piece,
                                          (utf8proc_ssize_t)(p - piece), &folded, FOLD_OPTIONS);
        if (n < 0) {
            free(folded);
            ww_buf_free(&out);
            return NULL;
        }
        ww_buf_append(&out, (const char *)folded, (size_t)n);
        free(folded);
    }
    return drop_apostrophe_s(ww_buf_release(&out));
}

void ww_each_word(const char *folded, void (*each)(const char *word, size_t len, void *ctx),
                  void *ctx)
{
    const unsigned char *p = (const unsigned char *)folded;
    while (*p) {
        while (*p && !is_word_byte(*p))
            p++;
        const unsigned char *start = p;
        while (*p && is_word_byte(*p))
            p++;
        if (p > start)
            each((const char *)start, (size_t)(p - start), ctx);
    }
}

typedef struct {
    void (*each)(const char *word, void *ctx);
    void *ctx;
} word_string;

static void as_string(const char *word, size_t len, void *ctx)
{
    word_string *ws = ctx;
    char w[WW_WORD_MAX];
    if (len >= sizeof w)
        return;
    memcpy(w, word, len);
    w[len] = '\0';
    ws->each(w, ws->ctx);
}

void ww_each_word_string(const char *folded, void (*each)(const char *word, void *ctx), void *ctx)
{
    word_string ws = {each, ctx};
    ww_each_word(folded, as_string, &ws);
}
