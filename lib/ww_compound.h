/* ww_compound.h -- splitting Dutch compounds on the index's own vocabulary.
 *
 * Dutch writes compounds as one word: a resident types "huiswerkhulp" where an entry says
 * "hulp bij je huiswerk". A query word the index does not know is split into two or three
 * parts the index does know (as a word, as a stem, or as the start of a word: "mantelzorg" in
 * "mantelzorgers"), allowing the linking letters of Dutch compounds ("rouw|verwerking",
 * "mantelzorg|s|..."). Among possible splits the one whose parts are most frequent wins. */
#ifndef WW_COMPOUND_H
#define WW_COMPOUND_H

#include "ww_xapian.h"

#include <stddef.h>

#define WW_COMPOUND_MAX_PARTS 3
#define WW_COMPOUND_MAX_WORD 64

typedef struct {
    size_t count;
    char parts[WW_COMPOUND_MAX_PARTS][WW_COMPOUND_MAX_WORD];
} ww_compound;

/* Fills *out with the best split of a folded word and returns its number of parts, or 0 when
 * the index knows the word as it is, it is too short, or it has no split into known parts
 * (words of the index or of its synonym list). */
size_t ww_compound_split(ww_reader *reader, const char *word, ww_compound *out);

/* How often the index knows a folded word: as itself, or by its stem. 0 when unknown. */
unsigned ww_word_frequency(ww_reader *reader, const char *word);

#endif
