/* ww_compound.c -- frequency-based compound splitting (after Koehn and Knight, 2003). */
#include "ww_compound.h"

#include "ww_util.h"

#include <math.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>

enum { MIN_PART = 3, MIN_WORD = 7, MIN_PREFIX_PART = 4 };

unsigned ww_word_frequency(ww_reader *reader, const char *word)
{
    unsigned freq = 0, stem_freq = 0;
    char *stem = NULL;
    if (ww_reader_term_freq(reader, word, &freq) != WW_OK)
        freq = 0;
    if (ww_reader_stem(reader, word, &stem) == WW_OK) {
        char *term = ww_xasprintf("Z%s", stem);
        if (ww_reader_term_freq(reader, term, &stem_freq) != WW_OK)
            stem_freq = 0;
        free(term);
    }
    free(stem);
    return freq > stem_freq ? freq : stem_freq;
}

/* How well the index knows a part: as a word or stem; as a word of the synonym list or of a
 * vocabulary label, which the index has as a synonym key or in its spelling dictionary (once:
 * "gym" in "ouderengym" finds gymnastiek); or (half as well) as the beginning of a longer word
 * ("mantelzorg" in "mantelzorgers"). */
static double part_score(ww_reader *reader, const char *part)
{
    if (strlen(part) < MIN_PART)
        return 0;
    unsigned freq = ww_word_frequency(reader, part);
    if (freq)
        return freq;
    if (ww_reader_has_synonyms(reader, part) || ww_reader_has_spelling(reader, part))
        return 1;
    if (strlen(part) < MIN_PREFIX_PART)
        return 0;
    char *completion = NULL;
    unsigned completion_freq = 0;
    if (ww_reader_best_completion(reader, part, 200, &completion, &completion_freq) != WW_OK)
        return 0;
    free(completion);
    return completion_freq / 2.0;
}

typedef struct {
    double score; /* geometric mean of the parts' scores, 0 when no split */
    ww_compound split;
} candidate;

/* Parts are substrings of one word and recur across cuts: score each once. */
enum { MEMO_SIZE = 512 };
typedef struct {
    ww_reader *reader;
    size_t count;
    struct {
        char part[WW_COMPOUND_MAX_WORD];
        double score;
    } memo[MEMO_SIZE];
} splitter;

static double memo_score(splitter *sp, const char *part)
{
    for (size_t i = 0; i < sp->count; i++)
        if (strcmp(sp->memo[i].part, part) == 0)
            return sp->memo[i].score;
    double score = part_score(sp->reader, part);
    if (sp->count < MEMO_SIZE) {
        strcpy(sp->memo[sp->count].part, part);
        sp->memo[sp->count++].score = score;
    }
    return score;
}

static void consider(candidate *best, const ww_compound *split, double product)
{
    double score = pow(product, 1.0 / (double)split->count);
    /* Fewer parts win a tie: a split is a guess, and every cut adds doubt. */
    score /= (double)split->count - 1.0;
    if (score > best->score) {
        best->score = score;
        best->split = *split;
    }
}

/* Tries every cut of word[from..] into `left` + linking letters + rest, recursing once. */
static void split_from(splitter *sp, const char *word, ww_compound *acc, double product,
                       candidate *best)
{
    static const char *const LINKS[] = {"", "s", "e", "en"};
    size_t len = strlen(word);
    for (size_t cut = MIN_PART; cut + MIN_PART <= len; cut++) {
        char left[WW_COMPOUND_MAX_WORD];
        if (cut >= sizeof left)
            break;
        memcpy(left, word, cut);
        left[cut] = '\0';
        double left_score = memo_score(sp, left);
        if (left_score <= 0)
            continue;
        for (size_t l = 0; l < sizeof LINKS / sizeof *LINKS; l++) {
            size_t link_len = strlen(LINKS[l]);
            if (strncmp(word + cut, LINKS[l], link_len) != 0)
                continue;
            const char *rest = word + cut + link_len;
            if (strlen(rest) < MIN_PART)
                continue;
            ww_compound next = *acc;
            memcpy(next.parts[next.count++], left, cut + 1);
            double right_score = memo_score(sp, rest);
            if (right_score > 0) {
                ww_compound done = next;
                strcpy(done.parts[done.count++], rest);
                consider(best, &done, product * left_score * right_score);
            }
            if (next.count + 2 <= WW_COMPOUND_MAX_PARTS)
                split_from(sp, rest, &next, product * left_score, best);
        }
    }
}

/* Joins neighbouring parts that the word writes together and the index knows as one word:
 * "speel|goed|bieb" scores well on the common "goed", but the catalog's "speelgoed" is what
 * the resident meant, and its entries say neither "speel" nor "goed" alone. */
static void keep_known_words(ww_reader *reader, const char *word, ww_compound *c)
{
    for (size_t i = 0; i + 1 < c->count;) {
        char joined[2 * WW_COMPOUND_MAX_WORD];
        snprintf(joined, sizeof joined, "%s%s", c->parts[i], c->parts[i + 1]);
        if (strlen(joined) >= WW_COMPOUND_MAX_WORD || !strstr(word, joined) ||
            ww_word_frequency(reader, joined) == 0) {
            i++;
            continue;
        }
        strcpy(c->parts[i], joined);
        memmove(c->parts[i + 1], c->parts[i + 2], (c->count - i - 2) * sizeof c->parts[0]);
        c->count--;
    }
}

size_t ww_compound_split(ww_reader *reader, const char *word, ww_compound *out)
{
    memset(out, 0, sizeof *out);
    size_t len = strlen(word);
    if (len < MIN_WORD || len >= WW_COMPOUND_MAX_WORD || ww_word_frequency(reader, word) > 0)
        return 0;
    candidate best = {0};
    ww_compound acc = {0};
    splitter *sp = ww_xcalloc(1, sizeof *sp);
    sp->reader = reader;
    split_from(sp, word, &acc, 1.0, &best);
    free(sp);
    if (best.score <= 0)
        return 0;
    *out = best.split;
    keep_known_words(reader, word, out);
    return out->count;
}

/* ---- Compounds in an entry -------------------------------------------------------------- */

/* Particles and prefixes that begin verbs and words made from them. */
static const char *const PARTICLES[] = {
    "aan",    "achter", "bij",   "door",  "her",  "mee",  "mis",   "ont",   "onder", "over",
    "toe",    "tegen",  "terug", "uit",   "ver",  "voor", "weg",   "samen", "boven", "binnen",
    "buiten", "neer",   "rond",  "thuis", "vast", "vol",  "voort", "open",  "los",   "na",
};

static bool is_particle(const char *word)
{
    for (size_t i = 0; i < sizeof PARTICLES / sizeof *PARTICLES; i++)
        if (strcmp(word, PARTICLES[i]) == 0)
            return true;
    return false;
}

size_t ww_compound_parts(const ww_dictionary *words, const char *word, ww_compound *out)
{
    static const char *const LINKS[] = {"", "s", "e", "en"};
    memset(out, 0, sizeof *out);
    size_t len = strlen(word);
    if (!words || len < MIN_WORD || len >= WW_COMPOUND_MAX_WORD ||
        strspn(word, "abcdefghijklmnopqrstuvwxyz") != len)
        return 0;
    size_t min_head = ww_dictionary_has(words, word) ? 6 : MIN_PART;
    /* The longest head first: "energie|cooperatie", not "energiecoop|eratie". */
    for (size_t cut = MIN_PART; cut + min_head <= len; cut++) {
        const char *head = word + cut;
        if (!ww_dictionary_has(words, head))
            continue;
        for (size_t l = 0; l < sizeof LINKS / sizeof *LINKS; l++) {
            size_t link = strlen(LINKS[l]), modifier = cut - link;
            if (cut < link || modifier < MIN_PART || strncmp(word + modifier, LINKS[l], link) != 0)
                continue;
            memcpy(out->parts[0], word, modifier);
            out->parts[0][modifier] = '\0';
            if (!ww_dictionary_has(words, out->parts[0]) || is_particle(out->parts[0]))
                continue;
            ww_compound inner;
            strcpy(out->parts[1], head);
            out->count = 2;
            /* buurt|moestuin: the head's own head too (tuin). */
            if (ww_compound_parts(words, head, &inner) == 2)
                strcpy(out->parts[out->count++], inner.parts[1]);
            return out->count;
        }
    }
    return 0;
}
