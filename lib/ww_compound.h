/* ww_compound.h -- splitting Dutch compounds: a question's on the index's own vocabulary, an
 * entry's on the words of the language.
 *
 * Dutch writes compounds as one word: a resident types "huiswerkhulp" where an entry says
 * "hulp bij je huiswerk". A query word the index does not know is split into two or three
 * parts the index does know (as a word, as a stem, or as the start of a word: "mantelzorg" in
 * "mantelzorgers"), allowing the linking letters of Dutch compounds ("rouw|verwerking",
 * "mantelzorg|s|..."). Among possible splits the one whose parts are most frequent wins, and
 * it never cuts a word the index knows ("speelgoed|bieb", not "speel|goed|bieb"). */
#ifndef WW_COMPOUND_H
#define WW_COMPOUND_H

#include "ww_dictionary.h"
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

/* The parts of a compound an entry uses, for the index: `word` (folded) cut into a modifier and
 * a head that are both words of the language (`words`), and the head's own head when it is a
 * compound itself (schuld, hulpverlening, verlening), allowing the linking -s-, -e- and -en-
 * ("energie|cooperatie", "val|preventie", "ouderen|gym"). No part shorter than three letters; no
 * modifier that is a verb particle or prefix (opvoeding, uitkering and verzorgen are no compounds
 * of two things); a word of the language itself only with a head of six letters or more (ouderen
 * is no oud + eren, tandarts no tan + darts). Returns the number of parts, 0 when the word is no
 * compound (or `words` is NULL). */
size_t ww_compound_parts(const ww_dictionary *words, const char *word, ww_compound *out);

/* How often the index knows a folded word: as itself, or by its stem. 0 when unknown. */
unsigned ww_word_frequency(ww_reader *reader, const char *word);

#endif
