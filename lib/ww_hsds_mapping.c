/* ww_hsds_mapping.c -- schema/hsds-import.yaml: foreign HSDS terms and words to our codes. */
#include "ww_hsds_mapping.h"

#include "ww_fs.h"
#include "ww_text.h"
#include "ww_util.h"
#include "ww_yaml.h"

#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

const char *const WW_HSDS_MAPPED_FIELDS[] = {
    "soort",        "ambities",       "doelgroepen",       "leefgebieden", "wijken",      "toegang",
    "kosten.soort", "wonen.woonvorm", "wonen.begeleiding", "talen",        "trefwoorden",
};
#define FIELD_COUNT (sizeof WW_HSDS_MAPPED_FIELDS / sizeof *WW_HSDS_MAPPED_FIELDS)
const size_t WW_HSDS_MAPPED_FIELD_COUNT = FIELD_COUNT;

/* A mapping file is small; this bounds a hostile one. */
#define MAX_MAPPING_FILE (1024 * 1024)
static const ww_yaml_limits LIMITS = {.max_depth = 8, .max_nodes = 200000, .max_scalar = 1024};

typedef struct {
    char *match; /* normalised (see normalise) */
    char *value;
} rule;

typedef struct {
    const ww_field *field; /* in the schema; NULL when the schema has no such field */
    const ww_vocab *vocab; /* NULL: free words (trefwoorden) */
    bool list;
    rule *rules;
    size_t count;
    size_t *longest_first; /* the rules' indexes, longest match first (file order if equal) */
    json_t *fallback;      /* standaard: a string or an array; NULL when none */
} field_map;

struct ww_hsds_mapping {
    char *file;
    field_map fields[FIELD_COUNT];
};

/* ---- Text ------------------------------------------------------------------------------- */

/* Text as rules compare it: folded (case, accents), every run of ASCII punctuation and space one
 * space, trimmed ("Mental-Health " -> "mental health"). Caller frees; NULL for invalid UTF-8. */
static char *normalise(const char *text)
{
    char *folded = ww_fold(text);
    if (!folded)
        return NULL;
    size_t n = 0;
    bool space = false;
    for (const char *p = folded; *p; p++) {
        unsigned char c = (unsigned char)*p;
        bool word = c >= 0x80 || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
        if (!word) {
            space = n > 0;
            continue;
        }
        if (space)
            folded[n++] = ' ';
        space = false;
        folded[n++] = (char)c;
    }
    folded[n] = '\0';
    return folded;
}

/* Whether normalised `needle` is a word or words of normalised `text` somewhere that `covered`
 * (a byte per byte of text) does not cover yet; marks every place it is as covered. */
static bool has_words(const char *text, const char *needle, char *covered)
{
    size_t len = strlen(needle);
    bool fresh = false;
    for (const char *p = len ? strstr(text, needle) : NULL; p; p = strstr(p + 1, needle)) {
        if ((p != text && p[-1] != ' ') || (p[len] != '\0' && p[len] != ' '))
            continue;
        size_t at = (size_t)(p - text);
        fresh = fresh || memchr(covered + at, 0, len) != NULL;
        memset(covered + at, 1, len);
    }
    return fresh;
}

/* ---- The fields ------------------------------------------------------------------------- */

static const ww_field *block_field(const ww_field *block, const char *name, size_t len)
{
    for (size_t i = 0; block && i < block->field_count; i++)
        if (strlen(block->fields[i].name) == len && strncmp(block->fields[i].name, name, len) == 0)
            return &block->fields[i];
    return NULL;
}

/* The schema's field of a dotted path ("kosten.soort"), or NULL. */
static const ww_field *schema_field(const ww_schema *schema, const char *path)
{
    const ww_field *f = &schema->entry.root;
    for (const char *p = path; f;) {
        const char *dot = strchr(p, '.');
        size_t len = dot ? (size_t)(dot - p) : strlen(p);
        f = f->type == WW_TYPE_BLOCK ? block_field(f, p, len) : NULL;
        if (!dot)
            break;
        p = dot + 1;
    }
    return f;
}

static int field_index(const char *name)
{
    for (size_t i = 0; i < FIELD_COUNT; i++)
        if (strcmp(WW_HSDS_MAPPED_FIELDS[i], name) == 0)
            return (int)i;
    return -1;
}

static const field_map *find_map(const ww_hsds_mapping *m, const char *name)
{
    int i = field_index(name);
    return i >= 0 && m->fields[i].field ? &m->fields[i] : NULL;
}

static void setup_fields(ww_hsds_mapping *m, const ww_schema *schema)
{
    for (size_t i = 0; i < FIELD_COUNT; i++) {
        field_map *fm = &m->fields[i];
        const ww_field *f = schema_field(schema, WW_HSDS_MAPPED_FIELDS[i]);
        fm->list = f && f->type == WW_TYPE_LIST;
        const ww_field *item = fm->list ? f->item : f;
        if (item && item->type == WW_TYPE_CHOICE && item->vocab)
            fm->vocab = item->vocab;
        else if (!(item && item->type == WW_TYPE_TEXT && fm->list))
            f = NULL; /* neither codes nor a list of words: nothing to map */
        fm->field = f;
    }
}

static bool allows(const field_map *fm, const char *code)
{
    if (!fm->vocab)
        return *code != '\0';
    return ww_vocab_find(fm->vocab, code) != NULL;
}

/* ---- Reading the file ------------------------------------------------------------------- */

typedef struct {
    ww_hsds_mapping *m;
    const char *file;
    ww_diag *diag;
} reader;

static void problem(reader *r, const ww_node *at, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static void problem(reader *r, const ww_node *at, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *message = ww_xvasprintf(fmt, ap);
    va_end(ap);
    ww_diag_add(r->diag, WW_DIAG_ERROR, r->file, at ? at->line : 0, at ? at->column : 0, "", "%s",
                message);
    free(message);
}

/* The field a key names, or NULL after saying why not. */
static field_map *named_field(reader *r, const ww_node *key)
{
    int i = ww_node_is_scalar(key) ? field_index(key->value) : -1;
    if (i < 0 || !r->m->fields[i].field) {
        problem(r, key,
                "'%s' is geen veld dat hier kan staan; kies uit soort, ambities, "
                "doelgroepen, leefgebieden, wijken, toegang, kosten.soort, "
                "wonen.woonvorm, wonen.begeleiding, talen, trefwoorden",
                ww_node_is_scalar(key) ? key->value : "?");
        return NULL;
    }
    return &r->m->fields[i];
}

static bool value_allowed(reader *r, const field_map *fm, const ww_node *v, const char *name)
{
    if (!ww_node_is_scalar(v) || !allows(fm, v->value)) {
        problem(r, v, "'%s' is geen code van '%s' (zie schema/vocabulaires.yaml)",
                ww_node_is_scalar(v) ? v->value : "?", name);
        return false;
    }
    return true;
}

/* One rule {match: ..., value: ...}. */
static void read_rule(reader *r, field_map *fm, const ww_node *n, const char *name)
{
    const ww_node *match = n->kind == WW_NODE_MAPPING ? ww_node_get(n, "match") : NULL;
    const ww_node *value = n->kind == WW_NODE_MAPPING ? ww_node_get(n, "value") : NULL;
    if (!ww_node_is_scalar(match) || !ww_node_is_scalar(value) || n->count != 2) {
        problem(r, n, "een regel is {match: term of woord, value: code}");
        return;
    }
    char *normal = normalise(match->value);
    if (!normal || !*normal) {
        problem(r, match, "'%s' bevat geen woord om op te zoeken", match->value);
        free(normal);
        return;
    }
    if (!value_allowed(r, fm, value, name)) {
        free(normal);
        return;
    }
    fm->rules = ww_xrealloc(fm->rules, (fm->count + 1) * sizeof *fm->rules);
    fm->rules[fm->count++] = (rule){normal, ww_xstrdup(value->value)};
}

static void read_terms(reader *r, const ww_node *terms)
{
    if (terms->kind != WW_NODE_MAPPING) {
        problem(r, terms, "'termen' is een blok met per veld een lijst regels");
        return;
    }
    for (size_t i = 0; i < terms->count; i++) {
        field_map *fm = named_field(r, ww_node_key(terms, i));
        const ww_node *list = ww_node_value(terms, i);
        if (!fm)
            continue;
        if (list->kind != WW_NODE_SEQUENCE) {
            problem(r, list, "onder '%s' hoort een lijst regels", ww_node_key(terms, i)->value);
            continue;
        }
        for (size_t k = 0; k < list->count; k++)
            read_rule(r, fm, list->items[k], ww_node_key(terms, i)->value);
    }
}

static void read_default(reader *r, field_map *fm, const ww_node *v, const char *name)
{
    if (fm->list && v->kind == WW_NODE_SEQUENCE && v->count > 0) {
        json_t *list = json_array();
        bool ok = true;
        for (size_t k = 0; k < v->count; k++) {
            ok = value_allowed(r, fm, v->items[k], name) && ok;
            if (ok)
                json_array_append_new(list, json_string(v->items[k]->value));
        }
        if (ok)
            fm->fallback = list;
        else
            json_decref(list);
    } else if (!fm->list && value_allowed(r, fm, v, name)) {
        fm->fallback = json_string(v->value);
    } else if (fm->list) {
        problem(r, v, "de standaard van '%s' is een lijst, zoals [%s]", name,
                fm->vocab && fm->vocab->count ? fm->vocab->items[0].id : "woord");
    }
}

static void read_defaults(reader *r, const ww_node *defaults)
{
    if (defaults->kind != WW_NODE_MAPPING) {
        problem(r, defaults, "'standaard' is een blok met per veld een waarde");
        return;
    }
    for (size_t i = 0; i < defaults->count; i++) {
        field_map *fm = named_field(r, ww_node_key(defaults, i));
        if (fm)
            read_default(r, fm, ww_node_value(defaults, i), ww_node_key(defaults, i)->value);
    }
}

static void read_root(reader *r, const ww_node *root)
{
    if (root->kind != WW_NODE_MAPPING) {
        problem(r, root, "het bestand is een blok met 'termen' en 'standaard'");
        return;
    }
    for (size_t i = 0; i < root->count; i++) {
        const ww_node *key = ww_node_key(root, i), *value = ww_node_value(root, i);
        if (ww_node_is_scalar(key) && strcmp(key->value, "termen") == 0)
            read_terms(r, value);
        else if (ww_node_is_scalar(key) && strcmp(key->value, "standaard") == 0)
            read_defaults(r, value);
        else
            problem(r, key, "'%s' hoort hier niet; het bestand heeft 'termen' en 'standaard'",
                    ww_node_is_scalar(key) ? key->value : "?");
    }
}

/* Sorts the rules' indexes by the length of their match, longest first, keeping file order
 * among equals (an insertion sort: a field has some dozens of rules). */
static void order_rules(field_map *fm)
{
    fm->longest_first = ww_xmalloc((fm->count + 1) * sizeof *fm->longest_first);
    for (size_t i = 0; i < fm->count; i++) {
        size_t len = strlen(fm->rules[i].match), k = i;
        for (; k > 0 && strlen(fm->rules[fm->longest_first[k - 1]].match) < len; k--)
            fm->longest_first[k] = fm->longest_first[k - 1];
        fm->longest_first[k] = i;
    }
}

ww_hsds_mapping *ww_hsds_mapping_parse(const char *bytes, size_t len, const char *file,
                                       const ww_schema *schema, ww_diag *diag)
{
    ww_hsds_mapping *m = ww_xcalloc(1, sizeof *m);
    m->file = ww_xstrdup(file);
    setup_fields(m, schema);
    size_t errors = diag->errors;
    ww_yaml_doc *doc = NULL;
    ww_yaml_error err;
    size_t bad;
    if (!ww_utf8_valid(bytes, len, &bad)) {
        ww_diag_add(diag, WW_DIAG_ERROR, file, 0, 0, "", "geen geldige UTF-8 (byte %zu)", bad);
    } else if (ww_yaml_parse(bytes, len, &LIMITS, &doc, &err) != 0) {
        ww_diag_add(diag, WW_DIAG_ERROR, file, err.line, err.column, "", "%s", err.message);
    } else {
        reader r = {m, file, diag};
        read_root(&r, ww_yaml_root(doc));
        for (size_t i = 0; i < FIELD_COUNT; i++)
            order_rules(&m->fields[i]);
    }
    ww_yaml_free(doc);
    if (diag->errors > errors) {
        ww_hsds_mapping_free(m);
        return NULL;
    }
    return m;
}

ww_hsds_mapping *ww_hsds_mapping_load(const char *path, const ww_schema *schema, ww_diag *diag)
{
    char *bytes;
    size_t len;
    if (ww_read_file(path, MAX_MAPPING_FILE, &bytes, &len) != 0) {
        ww_diag_add(diag, WW_DIAG_ERROR, path, 0, 0, "", "niet te lezen: %s",
                    errno == EFBIG ? "te groot" : ww_errno_text(errno));
        return NULL;
    }
    ww_hsds_mapping *m = ww_hsds_mapping_parse(bytes, len, path, schema, diag);
    free(bytes);
    return m;
}

void ww_hsds_mapping_free(ww_hsds_mapping *m)
{
    if (!m)
        return;
    for (size_t i = 0; i < FIELD_COUNT; i++) {
        for (size_t k = 0; k < m->fields[i].count; k++) {
            free(m->fields[i].rules[k].match);
            free(m->fields[i].rules[k].value);
        }
        free(m->fields[i].rules);
        free(m->fields[i].longest_first);
        json_decref(m->fields[i].fallback);
    }
    free(m->file);
    free(m);
}

/* ---- Asking ----------------------------------------------------------------------------- */

const char *ww_hsds_mapping_file(const ww_hsds_mapping *m)
{
    return m->file;
}

bool ww_hsds_mapping_is_list(const ww_hsds_mapping *m, const char *field)
{
    const field_map *fm = find_map(m, field);
    return fm && fm->list;
}

bool ww_hsds_mapping_allows(const ww_hsds_mapping *m, const char *field, const char *code)
{
    const field_map *fm = find_map(m, field);
    return fm && code && allows(fm, code);
}

static bool add_value(json_t *values, const char *value)
{
    size_t i;
    json_t *v;
    json_array_foreach(values, i, v) if (strcmp(json_string_value(v), value) == 0) return true;
    json_array_append_new(values, json_string(value));
    return true;
}

/* A code or label of the field's vocabulary that is the whole of `normal`. */
static bool match_vocab(const field_map *fm, const char *normal, json_t *values)
{
    bool found = false;
    for (size_t i = 0; fm->vocab && i < fm->vocab->count && !found; i++) {
        const ww_vocab_item *item = &fm->vocab->items[i];
        char *id = normalise(item->id), *label = normalise(item->label);
        if ((id && strcmp(id, normal) == 0) || (label && strcmp(label, normal) == 0))
            found = add_value(values, item->id);
        free(id);
        free(label);
    }
    return found;
}

/* The rules whose match is a word or words of `normal`; a match inside a longer one that
 * matched too does not count ("no referral needed" is not "referral"). */
static bool match_words(const field_map *fm, const char *normal, json_t *values)
{
    char *covered = ww_xcalloc(strlen(normal) + 1, 1);
    bool found = false;
    for (size_t i = 0; i < fm->count; i++) {
        const rule *r = &fm->rules[fm->longest_first[i]];
        if (has_words(normal, r->match, covered))
            found = add_value(values, r->value);
    }
    free(covered);
    return found;
}

bool ww_hsds_mapping_match(const ww_hsds_mapping *m, const char *field, const char *text,
                           bool in_words, json_t *values)
{
    const field_map *fm = find_map(m, field);
    char *normal = fm && text ? normalise(text) : NULL;
    if (!normal || !*normal) {
        free(normal);
        return false;
    }
    bool found = in_words && match_words(fm, normal, values);
    for (size_t i = 0; !in_words && i < fm->count; i++)
        if (strcmp(normal, fm->rules[i].match) == 0)
            found = add_value(values, fm->rules[i].value);
    found = match_vocab(fm, normal, values) || found;
    free(normal);
    return found;
}

const json_t *ww_hsds_mapping_default(const ww_hsds_mapping *m, const char *field)
{
    const field_map *fm = find_map(m, field);
    return fm ? fm->fallback : NULL;
}
