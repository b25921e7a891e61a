/* ww_schema.h -- the catalog's schema, read at run time from the schema/ folder.
 *
 * Owns: the vocabularies with their Dutch labels (vocabulaires.yaml), the field definitions of
 * an entry and an organisation (aanbod.yaml, organisatie.yaml), the ambition rules
 * (ambitie-regels.yaml), synonyms (synoniemen.txt), stopwords (stopwoorden.txt) and stem
 * exceptions (stammen.txt), hulp-nu.yaml (ww_help_now) and postcodes.yaml (ww_places). Adding a
 * wijk or a synonym changes these files only. Everything is read-only after ww_schema_load and may
 * be shared between threads. */
#ifndef WW_SCHEMA_H
#define WW_SCHEMA_H

#include "ww_diag.h"
#include "ww_dictionary.h"
#include "ww_help_now.h"
#include "ww_places.h"
#include "ww_xapian.h"

#include <stdbool.h>
#include <stddef.h>

/* ---- Vocabularies ---------------------------------------------------------------------- */

typedef struct {
    char *id;
    char *label;
    char *explanation; /* plain-language uitleg, or NULL */
    bool voorliggend;  /* toegang: open without a formal decision */
    bool everywhere;   /* `overal`: stands for every value of its list (heel-zwolle, iedereen) */
    unsigned group;    /* a region's wijken: whose they are (ww_region_schema), and `overal`
                          stands for the values of its own group only; 0 otherwise */
} ww_vocab_item;

typedef struct {
    char *name;
    ww_vocab_item *items;
    size_t count;
} ww_vocab;

/* The item with `id`, or NULL. */
const ww_vocab_item *ww_vocab_find(const ww_vocab *vocab, const char *id);
/* Index of `id` in the vocabulary, or -1. */
int ww_vocab_index(const ww_vocab *vocab, const char *id);

/* ---- Record schemas -------------------------------------------------------------------- */

typedef enum {
    WW_TYPE_TEXT,
    WW_TYPE_ID,
    WW_TYPE_CHOICE,
    WW_TYPE_LIST,
    WW_TYPE_BLOCK,
    WW_TYPE_DATE,
    WW_TYPE_TIME,
    WW_TYPE_NUMBER,
    WW_TYPE_INTEGER,
    WW_TYPE_BOOL,
    WW_TYPE_POSTCODE,
    WW_TYPE_EMAIL,
    WW_TYPE_URL,
    WW_TYPE_PHONE
} ww_field_type;

typedef struct ww_field ww_field;
struct ww_field {
    char *name;
    char *label, *help; /* for the partners' form: `label`, `uitleg`; NULL when absent */
    ww_field_type type;
    bool required;
    bool has_min, has_max;
    double min, max;       /* characters, items or value, by type */
    const ww_vocab *vocab; /* WW_TYPE_CHOICE */
    char *refers_to;       /* "organisaties": the id must name a file there */
    ww_field *item;        /* WW_TYPE_LIST */
    ww_field *fields;      /* WW_TYPE_BLOCK */
    size_t field_count;
    char **defaults;                          /* list default, NULL-terminated; NULL when none */
    char *when_field, *when_value;            /* verplicht_bij: required when when_field == value */
    char *only_field, *only_value;            /* alleen_bij: allowed only then */
    char *ascending_first, *ascending_second; /* oplopend */
};

typedef struct {
    ww_field root; /* a WW_TYPE_BLOCK */
} ww_record_schema;

/* ---- Ambition rules -------------------------------------------------------------------- */

typedef struct {
    char *key; /* a vocabulary id, or a folded word prefix */
    double weight;
} ww_weight;

typedef struct {
    char *ambition; /* id from the ambities vocabulary */
    ww_weight *leefgebieden, *doelgroepen, *words;
    size_t leefgebied_count, doelgroep_count, word_count;
} ww_ambition_rule;

/* The ambitions the code keeps per question (ww_search_result); the schema loader holds the
 * ambities vocabulary to it. */
#define WW_MAX_AMBITIONS 8

typedef struct {
    double threshold; /* share of the top score an ambition needs to be inferred as well */
    ww_ambition_rule *rules;
    size_t count;
} ww_ambition_rules;

/* vraag-regels.yaml: the leefgebieden and doelgroepen a question is about, and what it says of
 * costs ("gratis") and access ("voorliggend"), as rules of words (each rule's `ambition` holds
 * the leefgebied, doelgroep, kosten or toegang code). */
typedef struct {
    ww_ambition_rules leefgebieden, doelgroepen, kosten, toegang;
    double minimum; /* the score a code needs at least */
} ww_question_rules;

/* ---- The whole schema ------------------------------------------------------------------ */

/* A group of the synonym list: words, and everyday phrases of up to WW_SYNONYM_PHRASE_MAX words
 * ("geen geld", "baan kwijt") that are heard in a question and searched for as the group's
 * words, never searched for themselves. */
#define WW_SYNONYM_PHRASE_MAX 4
typedef struct {
    char **words; /* folded; a phrase's words one space apart */
    size_t count;
} ww_word_group;

typedef struct {
    ww_vocab *vocabs;
    size_t vocab_count;
    ww_record_schema entry;
    ww_record_schema organisation;
    ww_ambition_rules ambitions;
    ww_question_rules question; /* vraag-regels.yaml; not in the fingerprint */
    ww_word_group *synonyms;    /* each group's words are synonyms of each other */
    size_t synonym_count;
    char **stopwords; /* folded, sorted */
    size_t stopword_count;
    char **stem_words, **stem_targets; /* stammen.txt: stem_words[i] stems to stem_targets[i] */
    size_t stem_count;
    char fingerprint[65]; /* hex digest over every schema file: a change means a full rebuild */
    /* hulp-nu.yaml: questions that signal danger, and the help lines; not in the fingerprint, as
     * nothing of it is in the index */
    ww_help_now *help_now;
    /* postcodes.yaml: the gemeente's postcode areas with their wijken and centres (ww_places);
     * in the fingerprint, as locations without coordinates get them from it */
    ww_places *places;
    /* The words of the language (ww_dictionary), which spelling never "corrects" and which
     * entries' compounds are split on (ww_compound_parts); NULL until a program sets it
     * (ww_schema_load_words). */
    ww_dictionary *dictionary;
} ww_schema;

/* Reads every file of the schema folder `dir`. Problems are added to `diag` (with file, line
 * and column). Returns the schema (free with ww_schema_free), or NULL when any file is wrong or
 * the schema lacks what the programs rely on: an entry with a required `id`, `titel` and
 * `organisatie` (an id that refers to organisaties), an organisation with a required `id`,
 * every filter of ww_layout.h as a choice (or list of choices) from its vocabulary of at most
 * WW_MAX_FILTER_VALUES codes, and at most WW_MAX_AMBITIONS ambities. */
ww_schema *ww_schema_load(const char *dir, ww_diag *diag);
void ww_schema_free(ww_schema *schema);

/* The schema folder that belongs to the running program: schema/ in the nearest folder above
 * the executable that has one (build/wegwijzer-indexer and build/asan/wegwijzer-indexer both
 * find the project's). Falls back to "schema". Caller frees. */
char *ww_schema_default_dir(void);

/* A vocabulary by name ("wijken"), or NULL. */
const ww_vocab *ww_schema_vocab(const ww_schema *schema, const char *name);

/* Whether a folded word is in stopwoorden.txt. */
bool ww_schema_is_stopword(const ww_schema *schema, const char *word);

/* The schema's language (stopwords, stem exceptions) for ww_writer_set_language and
 * ww_reader_set_language, which copy what they keep; it borrows the schema's strings. */
ww_language ww_schema_language(const ww_schema *schema);

/* Gives the schema the word list that search consults (the schema owns and frees it). */
void ww_schema_set_dictionary(ww_schema *schema, ww_dictionary *dictionary);

/* Debian's wdutch: the OpenTaal list of Dutch words (make deps installs it). */
#define WW_DEFAULT_WORDS "/usr/share/dict/dutch"

/* Loads the language's word list into the schema (ww_schema_set_dictionary): `file`, which must
 * then be usable (false and *errmsg, caller frees), or WW_DEFAULT_WORDS, which may be missing
 * (true, no list, and *warning saying so in Dutch, caller frees). */
bool ww_schema_load_words(ww_schema *schema, const char *file, char **errmsg, char **warning);

#endif
