/* ww_ambitions.h -- which of the three ambitions a text belongs to, by the rules of
 * schema/ambitie-regels.yaml. The indexer uses it for entries without `ambities`; the search
 * side for the ambitions of a question. */
#ifndef WW_AMBITIONS_H
#define WW_AMBITIONS_H

#include "ww_schema.h"

#include <stddef.h>

/* Scores every rule of `rules` (scores[i] for rules->rules[i]): the weights of the rule words
 * that start a word of `folded_text` (each counted once), plus those of the given leefgebieden
 * and doelgroepen ids. */
void ww_ambitions_score(const ww_ambition_rules *rules, const char *folded_text,
                        const char *const *leefgebieden, size_t leefgebied_count,
                        const char *const *doelgroepen, size_t doelgroep_count, double *scores);

/* The ambitions to infer from scores: the best one always (the first rule when all are 0), and
 * every other scoring at least threshold * best. Writes rule indices into `out`, strongest
 * first, and returns how many. `out` has room for rules->count. */
size_t ww_ambitions_pick(const ww_ambition_rules *rules, const double *scores, size_t *out);

#endif
