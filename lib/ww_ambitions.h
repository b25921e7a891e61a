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

/* Scores a question as the search hears it: `folded_text` holds its words and their forms, and
 * from byte `joined_from` on words made of two neighbours joined ("mijn oma": mijnoma), the
 * i-th of them joined after join_at[i] bytes. A rule word starts a joined word only when it
 * reaches WW_JOINED_REACH letters into the second word, or to its end, so that "zo onzeker" is
 * not heard as "zoon", nor "op afspraak" as "opa", while "re-integratie" is "reintegr". */
#define WW_JOINED_REACH 3
void ww_ambitions_score_heard(const ww_ambition_rules *rules, const char *folded_text,
                              size_t joined_from, const size_t *join_at, size_t join_count,
                              double *scores);

/* The ambitions to infer from scores: the best one always (the first rule when all are 0), and
 * every other scoring at least threshold * best. Writes rule indices into `out`, strongest
 * first, and returns how many. `out` has room for rules->count. */
size_t ww_ambitions_pick(const ww_ambition_rules *rules, const double *scores, size_t *out);

#endif
