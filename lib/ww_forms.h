/* ww_forms.h -- other forms of a Dutch word, by Dutch spelling rules alone.
 *
 * Xapian's Dutch stemmer joins plurals and most infinitives ("schulden", "schuld") but not the
 * verb forms and comparatives residents type: "valt", "vallen" and "val" get three stems,
 * "fitter" is not "fit", "tuinierde" is not "tuinieren", "leest" is not "lezen". This module
 * guesses a word's base forms (taking off -t, -de/-te, -d, -er, -st(e), -e, -en, -s, -je and
 * ge-...-d, undoing a doubled consonant, a shortened vowel and z/v for s/f) and the forms built
 * on them. It knows no dictionary, so most guesses are words that do not exist: the search
 * keeps only those the index knows. */
#ifndef WW_FORMS_H
#define WW_FORMS_H

#include <stddef.h>

#define WW_FORM_MAX 64
#define WW_FORMS_MAX 48

typedef struct {
    size_t count;
    char forms[WW_FORMS_MAX][WW_FORM_MAX];
} ww_forms;

/* Fills *out with other forms of a folded word (never the word itself, no duplicates, none
 * shorter than three letters) and returns how many. 0 for a word shorter than three letters,
 * longer than WW_FORM_MAX - 4, or with a character other than a-z. */
size_t ww_word_forms(const char *word, ww_forms *out);

#endif
