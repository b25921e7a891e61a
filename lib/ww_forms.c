/* ww_forms.c -- other forms of a Dutch word by spelling rules. */
#include "ww_forms.h"

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

static bool is_vowel(char c)
{
    return c && strchr("aeiouy", c) != NULL;
}

/* Whether b[i] ends a vowel sound: a vowel, or the j of ij (schrijf). */
static bool ends_vowel_sound(const char *b, size_t i)
{
    return is_vowel(b[i]) || (i > 0 && b[i] == 'j' && b[i - 1] == 'i');
}

static void add(ww_forms *out, const char *word, const char *form)
{
    if (strlen(form) < 3 || strcmp(form, word) == 0 || out->count == WW_FORMS_MAX)
        return;
    for (size_t i = 0; i < out->count; i++)
        if (strcmp(out->forms[i], form) == 0)
            return;
    strcpy(out->forms[out->count++], form);
}

/* The bases a word may be built on: at most one per suffix rule below, and their variants. */
typedef struct {
    size_t count;
    char bases[24][WW_FORM_MAX];
} base_list;

static void push_base(base_list *b, const char *base)
{
    for (size_t i = 0; i < b->count; i++)
        if (strcmp(b->bases[i], base) == 0)
            return;
    if (b->count < sizeof b->bases / sizeof *b->bases && strlen(base) >= 3)
        strcpy(b->bases[b->count++], base);
}

/* The base left when a suffix is cut off `word` at `len`. Dutch spells a base for the syllable it
 * ends in: a doubled consonant before a suffix is single in the base (fitt|er: fit, vall|en:
 * val), and after a suffix that begins with a vowel a long vowel is written once and s/f become
 * z/v (kok|en: kook, lez|en: lees, eenzam|er: eenzaam, schrijv|en: schrijf). */
static void cut(base_list *b, const char *word, size_t len, bool vowel_suffix)
{
    if (len < 3)
        return;
    char s[WW_FORM_MAX];
    memcpy(s, word, len);
    s[len] = '\0';
    if (len >= 4 && s[len - 1] == s[len - 2] && !is_vowel(s[len - 1])) {
        s[len - 1] = '\0';
        push_base(b, s);
        return;
    }
    push_base(b, s);
    if (!vowel_suffix)
        return;
    char last = s[len - 1];
    if (len + 1 < WW_FORM_MAX && !is_vowel(last) && is_vowel(s[len - 2]) && s[len - 2] != 'i' &&
        s[len - 2] != 'y' && !ends_vowel_sound(s, len - 3)) {
        /* One vowel between consonants before a vowel was long: "kok|en" -> "kook". */
        s[len - 1] = s[len - 2];
        s[len] = last == 'z' ? 's' : last == 'v' ? 'f' : last;
        s[len + 1] = '\0';
        push_base(b, s);
    } else if ((last == 'z' || last == 'v') && ends_vowel_sound(s, len - 2)) {
        s[len - 1] = last == 'z' ? 's' : 'f'; /* schrijv|en -> schrijf */
        push_base(b, s);
    }
}

static bool ends_with(const char *word, size_t len, const char *suffix)
{
    size_t n = strlen(suffix);
    return len > n && memcmp(word + len - n, suffix, n) == 0;
}

/* Whether a short vowel before a base's last consonant may double that consonant before a
 * suffix that begins with a vowel: val -> vallen, fit -> fitter, opbel -> opbellen (but wandel
 * -> wandelen: both are tried), never after a long vowel or diphthong (schrijf). */
static bool may_double_before_suffix(const char *b, size_t m)
{
    return m >= 3 && !is_vowel(b[m - 1]) && is_vowel(b[m - 2]) && !ends_vowel_sound(b, m - 3) &&
           !strchr("wxyj", b[m - 1]);
}

/* The base as spelled before a suffix that begins with a vowel (kook -> kok, lees -> lez,
 * schrijf -> schrijv, val -> vall) into `out`; false when it is spelled as it is. */
static bool open_syllable(const char *b, char *out)
{
    size_t m = strlen(b);
    if (m + 2 >= WW_FORM_MAX || m < 3)
        return false;
    strcpy(out, b);
    char last = b[m - 1];
    if (!is_vowel(last) && m >= 4 && b[m - 2] == b[m - 3] && is_vowel(b[m - 2]) &&
        !is_vowel(b[m - 4])) {
        out[m - 2] = last; /* kook -> kok */
        out[m - 1] = '\0';
        m--;
    } else if (may_double_before_suffix(b, m)) {
        out[m] = last; /* val -> vall */
        out[m + 1] = '\0';
        return true;
    }
    if (out[m - 1] == 's' && ends_vowel_sound(out, m - 2))
        out[m - 1] = 'z';
    else if (out[m - 1] == 'f' && ends_vowel_sound(out, m - 2))
        out[m - 1] = 'v';
    return strcmp(out, b) != 0;
}

/* The forms built on a base: itself, with -t, and with -en (a plural or an infinitive); an
 * adjective (`adjective`: the word was one, "gezonder", "eenzame") also with -e and -er. */
static void add_built(ww_forms *out, const char *word, const char *base, bool adjective)
{
    char form[WW_FORM_MAX + 4], open[WW_FORM_MAX];
    size_t m = strlen(base);
    add(out, word, base);
    if (base[m - 1] != 't') {
        snprintf(form, sizeof form, "%st", base);
        add(out, word, form);
    }
    const char *spelled[] = {base, open_syllable(base, open) ? open : NULL};
    for (size_t k = 0; k < 2 && spelled[k]; k++) {
        snprintf(form, sizeof form, "%sen", spelled[k]);
        add(out, word, form);
        for (const char *const *suffix = (const char *const[]){"e", "er", NULL};
             adjective && *suffix; suffix++) {
            snprintf(form, sizeof form, "%s%s", spelled[k], *suffix);
            add(out, word, form);
        }
    }
}

size_t ww_word_forms(const char *word, ww_forms *out);

/* A separable verb is also its verb without the particle: opbelt, opbellen -> belt, bellen;
 * binnenlopen -> lopen; aanmelden -> melden. Only a verb form (ending in -t, -d, -en, -de, -te):
 * opvoeding is no op + voeding. */
static void add_separable(ww_forms *out, const char *word, size_t n)
{
    static const char *const PARTICLES[] = {"aan",   "af",    "binnen", "door",  "langs", "mee",
                                            "na",    "om",    "op",     "terug", "toe",   "uit",
                                            "samen", "thuis", "weg",    "over"};
    for (size_t i = 0; i < sizeof PARTICLES / sizeof *PARTICLES; i++) {
        size_t p = strlen(PARTICLES[i]);
        const char *verb = word + p;
        size_t rest = n - p;
        if (n <= p + 3 || strncmp(word, PARTICLES[i], p) != 0 ||
            !(ends_with(verb, rest, "t") || ends_with(verb, rest, "d") ||
              ends_with(verb, rest, "en") || ends_with(verb, rest, "de") ||
              ends_with(verb, rest, "te")))
            continue;
        add(out, word, verb);
        ww_forms of_verb;
        ww_word_forms(verb, &of_verb);
        for (size_t k = 0; k < of_verb.count; k++)
            add(out, word, of_verb.forms[k]);
    }
}

size_t ww_word_forms(const char *word, ww_forms *out)
{
    out->count = 0;
    size_t n = strlen(word);
    if (n < 3 || n + 4 > WW_FORM_MAX || strspn(word, "abcdefghijklmnopqrstuvwxyz") != n)
        return 0;
    static const struct {
        const char *suffix;
        bool begins_with_vowel;
    } SUFFIXES[] = {
        {"dt", false}, {"t", false}, {"de", false},  {"te", false}, {"den", false}, {"ten", false},
        {"d", false},  {"er", true}, {"ste", false}, {"st", false}, {"e", true},    {"en", true},
    };
    base_list bases = {0};
    for (size_t i = 0; i < sizeof SUFFIXES / sizeof *SUFFIXES; i++)
        if (ends_with(word, n, SUFFIXES[i].suffix))
            cut(&bases, word,
                n - (strcmp(SUFFIXES[i].suffix, "dt") == 0 ? 1 : strlen(SUFFIXES[i].suffix)),
                SUFFIXES[i].begins_with_vowel);
    /* An adjective in -r makes its comparative with -der: somber|der, duur|der, ver|der. */
    if (n >= 7 && ends_with(word, n, "rder"))
        cut(&bases, word, n - 3, false);
    /* A past participle: ge|wandel|d, ge|kook|t. */
    if (n >= 6 && strncmp(word, "ge", 2) == 0 && strchr("dt", word[n - 1]))
        cut(&bases, word + 2, n - 3, false);
    /* A word with no ending to take off is a base itself: val -> vallen, valt; so is one in -s
     * (huis -> huizen, dans -> dansen). A plural in -s names its singular, but nothing built on
     * that: ouders are no ouderen, and alles is no alleen. */
    if (bases.count == 0)
        push_base(&bases, word);
    if (n >= 4 && word[n - 1] == 's') {
        char singular[WW_FORM_MAX];
        memcpy(singular, word, n - 1);
        singular[n - 1] = '\0';
        add(out, word, singular);
    }
    /* A diminutive names its base (maatje: maat, boompje: boom, belletje: bel) but is no base
     * for other forms: maten are measures, not buddies. */
    if (n >= 5 && ends_with(word, n, "je")) {
        static const char *const ENDINGS[] = {"je", "tje", "pje", "etje"};
        for (size_t i = 0; i < sizeof ENDINGS / sizeof *ENDINGS; i++) {
            size_t len = n - strlen(ENDINGS[i]);
            char base[WW_FORM_MAX];
            if (!ends_with(word, n, ENDINGS[i]) || len < 3)
                continue;
            memcpy(base, word, len);
            base[len] = '\0';
            if (len >= 4 && base[len - 1] == base[len - 2] && !is_vowel(base[len - 1]))
                base[len - 1] = '\0'; /* bell|etje -> bel */
            add(out, word, base);
        }
        return out->count;
    }
    bool adjective = ends_with(word, n, "er") || ends_with(word, n, "st") ||
                     ends_with(word, n, "ste") || ends_with(word, n, "e");
    for (size_t i = 0; i < bases.count; i++)
        add_built(out, word, bases.bases[i], adjective);
    add_separable(out, word, n);
    return out->count;
}
