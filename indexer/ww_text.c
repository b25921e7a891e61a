/* ww_text.c -- UTF-8 validation and search folding over utf8proc. */
#include "ww_text.h"

#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

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

size_t ww_utf8_length(const char *s, size_t len)
{
    size_t count = 0;
    for (size_t i = 0; i < len; i++)
        if (((unsigned char)s[i] & 0xC0) != 0x80)
            count++;
    return count;
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
            out[i] = (char)(utf8[i] >= 'A' && utf8[i] <= 'Z' ? utf8[i] - 'A' + 'a' : utf8[i]);
        return out;
    }
    utf8proc_uint8_t *out = NULL;
    utf8proc_ssize_t n = utf8proc_map((const utf8proc_uint8_t *)utf8, 0, &out,
                                      UTF8PROC_NULLTERM | UTF8PROC_STABLE | UTF8PROC_COMPOSE |
                                          UTF8PROC_CASEFOLD | UTF8PROC_STRIPMARK);
    if (n < 0) {
        free(out);
        return NULL;
    }
    return (char *)out;
}

static bool is_word_byte(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c >= 0x80;
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
