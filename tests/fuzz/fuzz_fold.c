/* fuzz_fold.c -- libFuzzer target for search folding: ww_fold folds only the non-ASCII pieces
 * of a text through utf8proc, which must give exactly what folding the whole text gives, with
 * the 's of a plural or possessive then dropped (ww_text.h). Any difference (or a crash) is a
 * finding: the index and the queries would fold differently. Each folded word then goes through
 * ww_word_forms, as a question's words do. */
#include "ww_forms.h"
#include "ww_text.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

/* Every form is new, plain a-z, at least three letters and fits its buffer. */
static void check_forms(const char *word, void *ctx)
{
    (void)ctx;
    ww_forms forms;
    for (size_t i = 0; i < ww_word_forms(word, &forms); i++) {
        size_t n = strlen(forms.forms[i]);
        if (n < 3 || n >= WW_FORM_MAX || strcmp(forms.forms[i], word) == 0 ||
            strspn(forms.forms[i], "abcdefghijklmnopqrstuvwxyz") != n)
            abort();
    }
}

static int is_word_byte(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c >= 0x80;
}

/* The reference for ww_fold's last step, written out plainly: an apostrophe (' or U+2019)
 * after a word byte of what is kept, followed by "s" and then no word byte, goes with the s. */
static void drop_apostrophe_s(char *s)
{
    size_t kept = 0, len = strlen(s);
    for (size_t i = 0; i < len;) {
        size_t mark = s[i] == '\''                                             ? 1
                      : (i + 2 < len && memcmp(s + i, "\xe2\x80\x99", 3) == 0) ? 3
                                                                               : 0;
        if (mark && kept > 0 && is_word_byte((unsigned char)s[kept - 1]) && i + mark < len &&
            s[i + mark] == 's' && !is_word_byte((unsigned char)s[i + mark + 1])) {
            i += mark + 1;
            continue;
        }
        s[kept++] = s[i++];
    }
    s[kept] = '\0';
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *text = malloc(size + 1);
    memcpy(text, data, size);
    text[size] = '\0'; /* a NUL inside ends the text for both */
    char *ours = ww_fold(text);
    utf8proc_uint8_t *whole = NULL;
    utf8proc_ssize_t n = utf8proc_map((const utf8proc_uint8_t *)text, 0, &whole,
                                      UTF8PROC_NULLTERM | UTF8PROC_STABLE | UTF8PROC_COMPOSE |
                                          UTF8PROC_CASEFOLD | UTF8PROC_STRIPMARK);
    if (n >= 0)
        drop_apostrophe_s((char *)whole);
    if ((n < 0) != (ours == NULL) || (ours && strcmp(ours, (const char *)whole) != 0))
        abort();
    if (ours)
        ww_each_word_string(ours, check_forms, NULL);
    free(whole);
    free(ours);
    free(text);
    return 0;
}
