/* ww_ambitions.c -- rule-based ambition scores. */
#include "ww_ambitions.h"

#include "ww_text.h"
#include "ww_util.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* The rule words of every rule, matched in one pass over the text: the text is split into
 * words once, not once per rule. */
typedef struct {
    const ww_ambition_rules *rules;
    bool **seen;        /* [rule][rule word]: already counted */
    size_t **length;    /* [rule][rule word]: strlen of its key */
    double *score;      /* [rule] */
    const char *joined; /* where the text's joined words begin, or NULL */
    const size_t *join_at;
    size_t join_count, joined_seen;
} word_match;

/* The shortest rule word that may start the text's next joined word: one that reaches
 * WW_JOINED_REACH letters into the second word, or to its end. */
static size_t shortest_in_joined(const word_match *m, size_t len)
{
    size_t i = m->joined_seen;
    if (i >= m->join_count || m->join_at[i] >= len)
        return SIZE_MAX; /* a form that lost the second word: nothing starts it */
    size_t second = len - m->join_at[i];
    return m->join_at[i] + (second < WW_JOINED_REACH ? second : WW_JOINED_REACH);
}

static void match_word(const char *word, size_t len, void *ctx)
{
    word_match *m = ctx;
    size_t shortest = 0;
    if (m->joined && word >= m->joined) {
        shortest = shortest_in_joined(m, len);
        m->joined_seen++;
    }
    for (size_t r = 0; r < m->rules->count; r++) {
        const ww_ambition_rule *rule = &m->rules->rules[r];
        for (size_t i = 0; i < rule->word_count; i++) {
            const ww_weight *w = &rule->words[i];
            size_t n = m->length[r][i];
            /* The first byte rules out almost every key before memcmp is called. */
            if (!m->seen[r][i] && n <= len && n >= shortest && (n == 0 || w->key[0] == word[0]) &&
                memcmp(word, w->key, n) == 0) {
                m->seen[r][i] = true;
                m->score[r] += w->weight;
            }
        }
    }
}

static double vocab_weight(const ww_weight *weights, size_t count, const char *const *ids,
                           size_t id_count)
{
    double sum = 0;
    for (size_t i = 0; i < id_count; i++)
        for (size_t j = 0; j < count; j++)
            if (strcmp(weights[j].key, ids[i]) == 0)
                sum += weights[j].weight;
    return sum;
}

static void score(const ww_ambition_rules *rules, const char *folded_text, size_t joined_from,
                  const size_t *join_at, size_t join_count, const char *const *leefgebieden,
                  size_t leefgebied_count, const char *const *doelgroepen, size_t doelgroep_count,
                  double *scores)
{
    word_match m = {
        .rules = rules,
        .joined =
            folded_text && joined_from <= strlen(folded_text) ? folded_text + joined_from : NULL,
        .join_at = join_at,
        .join_count = join_count,
        .seen = ww_xcalloc(rules->count + 1, sizeof *m.seen),
        .length = ww_xcalloc(rules->count + 1, sizeof *m.length),
        .score = scores,
    };
    for (size_t r = 0; r < rules->count; r++) {
        const ww_ambition_rule *rule = &rules->rules[r];
        m.seen[r] = ww_xcalloc(rule->word_count + 1, sizeof(bool));
        m.length[r] = ww_xcalloc(rule->word_count + 1, sizeof(size_t));
        for (size_t i = 0; i < rule->word_count; i++)
            m.length[r][i] = strlen(rule->words[i].key);
        scores[r] = 0;
    }
    /* Each rule's weights are added in the order its words occur in the text, as before. */
    if (folded_text)
        ww_each_word(folded_text, match_word, &m);
    for (size_t r = 0; r < rules->count; r++) {
        const ww_ambition_rule *rule = &rules->rules[r];
        scores[r] =
            scores[r] +
            vocab_weight(rule->leefgebieden, rule->leefgebied_count, leefgebieden,
                         leefgebied_count) +
            vocab_weight(rule->doelgroepen, rule->doelgroep_count, doelgroepen, doelgroep_count);
        free(m.seen[r]);
        free(m.length[r]);
    }
    free(m.seen);
    free(m.length);
}

void ww_ambitions_score(const ww_ambition_rules *rules, const char *folded_text,
                        const char *const *leefgebieden, size_t leefgebied_count,
                        const char *const *doelgroepen, size_t doelgroep_count, double *scores)
{
    score(rules, folded_text, SIZE_MAX, NULL, 0, leefgebieden, leefgebied_count, doelgroepen,
          doelgroep_count, scores);
}

void ww_ambitions_score_heard(const ww_ambition_rules *rules, const char *folded_text,
                              size_t joined_from, const size_t *join_at, size_t join_count,
                              double *scores)
{
    score(rules, folded_text, joined_from, join_at, join_count, NULL, 0, NULL, 0, scores);
}

size_t ww_ambitions_pick(const ww_ambition_rules *rules, const double *scores, size_t *out)
{
    size_t n = 0;
    if (rules->count == 0)
        return 0;
    /* Selection by score, strongest first; ties keep rule order. */
    bool *taken = ww_xcalloc(rules->count, sizeof(bool));
    double best = -1;
    for (;;) {
        size_t pick = rules->count;
        for (size_t r = 0; r < rules->count; r++)
            if (!taken[r] && (pick == rules->count || scores[r] > scores[pick]))
                pick = r;
        if (pick == rules->count)
            break;
        if (n == 0)
            best = scores[pick];
        else if (best <= 0 || scores[pick] < rules->threshold * best)
            break;
        taken[pick] = true;
        out[n++] = pick;
    }
    free(taken);
    return n;
}
