/* ww_dictionary.h -- the words of the language, spelled right: a word list such as Debian's
 * wdutch (/usr/share/dict/dutch, the OpenTaal list of some 400,000 Dutch words), folded as search
 * folds text. Search uses it to leave alone a query word that is simply Dutch, even when the
 * catalog never uses it: "mijn man slaat mij" is no misspelling of "mijn van staat mij".
 *
 * Owns the words. Read-only after loading; may be shared between threads. */
#ifndef WW_DICTIONARY_H
#define WW_DICTIONARY_H

#include <stdbool.h>
#include <stddef.h>

typedef struct ww_dictionary ww_dictionary;

/* Reads a word list, one word a line (UTF-8). Lines that are not one word of letters (with
 * spaces, digits or apostrophes: "100+'er") are skipped. Returns the dictionary (free with
 * ww_dictionary_free), or NULL with *errmsg (caller frees) when the file cannot be read or holds
 * no word. */
ww_dictionary *ww_dictionary_load(const char *path, char **errmsg);
void ww_dictionary_free(ww_dictionary *dictionary);

/* Whether `folded` (a word as ww_fold writes it: lower case, no accents) is in the list. */
bool ww_dictionary_has(const ww_dictionary *dictionary, const char *folded);
size_t ww_dictionary_size(const ww_dictionary *dictionary);

#endif
