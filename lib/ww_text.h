/* ww_text.h -- Unicode text handling shared by the indexer and the server: UTF-8 checks,
 * folding for search (case and accents), and splitting folded text into words. */
#ifndef WW_TEXT_H
#define WW_TEXT_H

#include <stdbool.h>
#include <stddef.h>

/* True when s[0..len) is valid UTF-8 without NUL bytes; otherwise *bad_offset (if given) is the
 * byte offset of the first offending byte. */
bool ww_utf8_valid(const char *s, size_t len, size_t *bad_offset);

/* Replaces, in place, every byte of `s` that is not part of valid UTF-8 with '?'. */
void ww_utf8_repair(char *s);

/* A copy of `text` (NULL: "") fit for one line of a message or a comment: invalid UTF-8
 * repaired, control characters as spaces, at most `max` bytes, cut between characters.
 * Caller frees. */
char *ww_utf8_one_line(const char *text, size_t max);

/* Number of Unicode code points in valid UTF-8. */
size_t ww_utf8_length(const char *s, size_t len);

/* The search form of a text: case-folded, accents stripped, NFC ("Coöperatie" -> "cooperatie"),
 * the 's of a plural or possessive dropped ("foto's" -> "foto").
 * Returns a new string (caller frees), or NULL when `utf8` is not valid UTF-8. */
char *ww_fold(const char *utf8);

/* Calls `each` for every word of folded text: a run of letters and digits (ASCII after folding;
 * other code points are kept inside words). Words are passed as (start, length). */
void ww_each_word(const char *folded, void (*each)(const char *word, size_t len, void *ctx),
                  void *ctx);

/* Like ww_each_word, with each word as a string; words of WW_WORD_MAX bytes or more (no word a
 * search knows) are skipped. */
#define WW_WORD_MAX 64
void ww_each_word_string(const char *folded, void (*each)(const char *word, void *ctx), void *ctx);

#endif
