/* ww_dictionary.c -- a word list as one block of folded, NUL-separated words and a sorted index
 * into it: a few megabytes, loaded once, looked up by binary search. */
#include "ww_dictionary.h"

#include "ww_text.h"
#include "ww_util.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct ww_dictionary {
    char *words;     /* folded words, each ended by NUL */
    size_t *offsets; /* into words, sorted by the word, without duplicates */
    size_t count;
};

/* A line that is one word: letters only (any script, so "coöperatie"), no digits, spaces,
 * apostrophes or hyphens, which search splits or drops anyway. */
static bool one_word(const char *folded)
{
    if (!*folded)
        return false;
    for (const unsigned char *p = (const unsigned char *)folded; *p; p++)
        if (*p < 0x80 && !(*p >= 'a' && *p <= 'z'))
            return false;
    return true;
}

static int by_word(const void *a, const void *b, void *words)
{
    return strcmp((const char *)words + *(const size_t *)a,
                  (const char *)words + *(const size_t *)b);
}

ww_dictionary *ww_dictionary_load(const char *path, char **errmsg)
{
    FILE *f = fopen(path, "r");
    if (!f) {
        *errmsg = ww_xasprintf("%s: %s", path, strerror(errno));
        return NULL;
    }
    ww_buf words = {0};
    size_t *offsets = NULL, count = 0, room = 0;
    char *line = NULL;
    size_t line_room = 0;
    for (ssize_t n; (n = getline(&line, &line_room, f)) >= 0;) {
        while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == '\r'))
            line[--n] = '\0';
        /* Most lines are plain ASCII: folding them is lowering them, without utf8proc. */
        bool ascii = true;
        for (ssize_t i = 0; i < n && ascii; i++)
            ascii = (unsigned char)line[i] < 0x80;
        for (ssize_t i = 0; ascii && i < n; i++)
            if (line[i] >= 'A' && line[i] <= 'Z')
                line[i] = (char)(line[i] - 'A' + 'a');
        char *folded = ascii ? line : ww_fold(line);
        if (folded && one_word(folded)) {
            if (count == room) {
                room = room ? 2 * room : 1 << 16;
                offsets = ww_xrealloc(offsets, room * sizeof *offsets);
            }
            offsets[count++] = words.len;
            ww_buf_append(&words, folded, strlen(folded) + 1);
        }
        if (folded != line)
            free(folded);
    }
    free(line);
    bool failed = ferror(f);
    fclose(f);
    if (failed || count == 0) {
        *errmsg = ww_xasprintf("%s: %s", path, failed ? "niet te lezen" : "geen woorden");
        ww_buf_free(&words);
        free(offsets);
        return NULL;
    }
    qsort_r(offsets, count, sizeof *offsets, by_word, words.data);
    size_t unique = 0;
    for (size_t i = 0; i < count; i++)
        if (unique == 0 || strcmp(words.data + offsets[unique - 1], words.data + offsets[i]) != 0)
            offsets[unique++] = offsets[i];
    ww_dictionary *d = ww_xcalloc(1, sizeof *d);
    d->words = words.data;
    d->offsets = offsets;
    d->count = unique;
    return d;
}

void ww_dictionary_free(ww_dictionary *d)
{
    if (!d)
        return;
    free(d->words);
    free(d->offsets);
    free(d);
}

bool ww_dictionary_has(const ww_dictionary *d, const char *folded)
{
    size_t lo = 0, hi = d ? d->count : 0;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int c = strcmp(folded, d->words + d->offsets[mid]);
        if (c == 0)
            return true;
        if (c < 0)
            hi = mid;
        else
            lo = mid + 1;
    }
    return false;
}

size_t ww_dictionary_size(const ww_dictionary *d)
{
    return d ? d->count : 0;
}
