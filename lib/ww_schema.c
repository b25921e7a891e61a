/* ww_schema.c -- loading the schema folder into read-only structures. */
#include "ww_schema.h"

#include "ww_catalog.h"
#include "ww_fs.h"
#include "ww_layout.h"
#include "ww_text.h"
#include "ww_util.h"
#include "ww_yaml.h"

#include <errno.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>

/* The schema is ours, not a partner's, but still bounded: a mistake should fail, not hang. */
static const ww_yaml_limits SCHEMA_LIMITS = {
    .max_depth = 16, .max_nodes = 200000, .max_scalar = 64 * 1024};
static const size_t MAX_SCHEMA_FILE = 4 * 1024 * 1024;

char *ww_schema_default_dir(void)
{
    char *found = ww_find_beside_program("schema/vocabulaires.yaml");
    if (!found)
        return ww_xstrdup("schema");
    *strrchr(found, '/') = '\0';
    return found;
}

/* ---- Reading one schema file ----------------------------------------------------------- */

typedef struct {
    const char *file; /* path for messages */
    ww_diag *diag;
    ww_schema *schema;
    crypto_generichash_state hash;
} loader;

static void problem(loader *ld, const ww_node *at, const char *fmt, const char *arg)
{
    ww_diag_add(ld->diag, WW_DIAG_ERROR, ld->file, at ? at->line : 0, at ? at->column : 0, "", fmt,
                arg ? arg : "");
}

/* Reads schema file `name`; `hashed`: it counts for the fingerprint (what the index is made
 * with), else not (what only questions use: a change needs no rebuild). */
static char *read_schema_file(loader *ld, const char *dir, const char *name, bool hashed,
                              size_t *len)
{
    char *path = ww_xasprintf("%s/%s", dir, name);
    char *text = NULL;
    if (ww_read_file(path, MAX_SCHEMA_FILE, &text, len) != 0) {
        ww_diag_add(ld->diag, WW_DIAG_ERROR, path, 0, 0, "", "kan het schema niet lezen: %s",
                    ww_errno_text(errno));
        free(path);
        return NULL;
    }
    free(path);
    if (hashed) {
        crypto_generichash_update(&ld->hash, (const unsigned char *)name, strlen(name) + 1);
        crypto_generichash_update(&ld->hash, (const unsigned char *)text, *len);
    }
    return text;
}

static char *read_into_hash(loader *ld, const char *dir, const char *name, size_t *len)
{
    return read_schema_file(ld, dir, name, true, len);
}

static ww_yaml_doc *parse_yaml(loader *ld, const char *dir, const char *name, bool hashed)
{
    size_t len;
    char *text = read_schema_file(ld, dir, name, hashed, &len);
    if (!text)
        return NULL;
    ww_yaml_doc *doc = NULL;
    ww_yaml_error err;
    if (ww_yaml_parse(text, len, &SCHEMA_LIMITS, &doc, &err) != 0)
        ww_diag_add(ld->diag, WW_DIAG_ERROR, ld->file, err.line, err.column, "", "%s", err.message);
    else if (ww_yaml_root(doc)->kind != WW_NODE_MAPPING) {
        problem(ld, ww_yaml_root(doc), "het schema moet een blok met velden zijn%s", NULL);
        ww_yaml_free(doc);
        doc = NULL;
    }
    free(text);
    return doc;
}

static ww_yaml_doc *parse_schema_yaml(loader *ld, const char *dir, const char *name)
{
    return parse_yaml(ld, dir, name, true);
}

static bool yes(const ww_node *n)
{
    return ww_node_is_scalar(n) && (strcmp(n->value, "ja") == 0 || strcmp(n->value, "true") == 0);
}

/* ---- Vocabularies ---------------------------------------------------------------------- */

static void load_vocabularies(loader *ld, const ww_node *root)
{
    ww_schema *s = ld->schema;
    s->vocabs = ww_xcalloc(root->count, sizeof *s->vocabs);
    for (size_t i = 0; i < root->count; i++) {
        const ww_node *name = ww_node_key(root, i), *items = ww_node_value(root, i);
        if (items->kind != WW_NODE_MAPPING) {
            problem(ld, items, "de lijst '%s' moet codes met labels bevatten", name->value);
            continue;
        }
        ww_vocab *v = &s->vocabs[s->vocab_count++];
        v->name = ww_xstrdup(name->value);
        v->items = ww_xcalloc(items->count, sizeof *v->items);
        for (size_t j = 0; j < items->count; j++) {
            const ww_node *id = ww_node_key(items, j), *val = ww_node_value(items, j);
            ww_vocab_item *it = &v->items[v->count];
            const ww_node *label = val, *explanation = NULL;
            if (val->kind == WW_NODE_MAPPING) {
                label = ww_node_get(val, "label");
                explanation = ww_node_get(val, "uitleg");
            }
            if (!ww_node_is_scalar(label) || !label->value[0]) {
                problem(ld, val, "de code '%s' heeft geen label", id->value);
                continue;
            }
            it->id = ww_xstrdup(id->value);
            it->label = ww_xstrdup(label->value);
            it->explanation =
                ww_node_is_scalar(explanation) ? ww_xstrdup(explanation->value) : NULL;
            it->voorliggend = val->kind == WW_NODE_MAPPING && yes(ww_node_get(val, "voorliggend"));
            it->everywhere = val->kind == WW_NODE_MAPPING && yes(ww_node_get(val, "overal"));
            v->count++;
        }
    }
}

const ww_vocab *ww_schema_vocab(const ww_schema *schema, const char *name)
{
    for (size_t i = 0; i < schema->vocab_count; i++)
        if (strcmp(schema->vocabs[i].name, name) == 0)
            return &schema->vocabs[i];
    return NULL;
}

int ww_vocab_index(const ww_vocab *vocab, const char *id)
{
    if (!vocab)
        return -1;
    for (size_t i = 0; i < vocab->count; i++)
        if (strcmp(vocab->items[i].id, id) == 0)
            return (int)i;
    return -1;
}

const ww_vocab_item *ww_vocab_find(const ww_vocab *vocab, const char *id)
{
    int i = ww_vocab_index(vocab, id);
    return i < 0 ? NULL : &vocab->items[i];
}

/* ---- Field definitions ----------------------------------------------------------------- */

static const struct {
    const char *name;
    ww_field_type type;
} TYPE_NAMES[] = {
    {"tekst", WW_TYPE_TEXT},
    {"id", WW_TYPE_ID},
    {"keuze", WW_TYPE_CHOICE},
    {"lijst", WW_TYPE_LIST},
    {"blok", WW_TYPE_BLOCK},
    {"datum", WW_TYPE_DATE},
    {"tijd", WW_TYPE_TIME},
    {"getal", WW_TYPE_NUMBER},
    {"geheel-getal", WW_TYPE_INTEGER},
    {"janee", WW_TYPE_BOOL},
    {"postcode", WW_TYPE_POSTCODE},
    {"email", WW_TYPE_EMAIL},
    {"url", WW_TYPE_URL},
    {"telefoon", WW_TYPE_PHONE},
};

static bool parse_condition(loader *ld, const ww_node *n, char **field, char **value)
{
    if (!n)
        return true;
    if (n->kind != WW_NODE_MAPPING || n->count != 1 || !ww_node_is_scalar(ww_node_value(n, 0))) {
        problem(ld, n, "een voorwaarde is één veld met één waarde, zoals {soort: x}%s", NULL);
        return false;
    }
    *field = ww_xstrdup(ww_node_key(n, 0)->value);
    *value = ww_xstrdup(ww_node_value(n, 0)->value);
    return true;
}

static bool parse_number(const ww_node *n, double *out)
{
    if (!ww_node_is_scalar(n))
        return false;
    char *end;
    errno = 0;
    *out = strtod(n->value, &end);
    return errno == 0 && end != n->value && *end == '\0';
}

static bool load_field(loader *ld, const char *name, const ww_node *def, ww_field *f);

static bool load_fields(loader *ld, const ww_node *velden, ww_field *block)
{
    if (!velden || velden->kind != WW_NODE_MAPPING) {
        problem(ld, velden, "een blok heeft 'velden' nodig%s", NULL);
        return false;
    }
    bool ok = true;
    block->fields = ww_xcalloc(velden->count, sizeof *block->fields);
    for (size_t i = 0; i < velden->count; i++) {
        if (!load_field(ld, ww_node_key(velden, i)->value, ww_node_value(velden, i),
                        &block->fields[block->field_count++]))
            ok = false;
    }
    return ok;
}

/* The field's type from `type:`; false after saying it is unknown. */
static bool load_type(loader *ld, const char *name, const ww_node *def, ww_field *f)
{
    const ww_node *type = ww_node_get(def, "type");
    for (size_t i = 0; ww_node_is_scalar(type) && i < sizeof TYPE_NAMES / sizeof *TYPE_NAMES; i++)
        if (strcmp(type->value, TYPE_NAMES[i].name) == 0) {
            f->type = TYPE_NAMES[i].type;
            return true;
        }
    problem(ld, type ? type : def, "onbekend type bij het veld '%s'", name);
    return false;
}

static bool load_bound(loader *ld, const char *key, const ww_node *val, ww_field *f)
{
    double d;
    if (!parse_number(val, &d)) {
        problem(ld, val, "'%s' moet een getal zijn", key);
        return false;
    }
    if (key[1] == 'i') {
        f->has_min = true;
        f->min = d;
    } else {
        f->has_max = true;
        f->max = d;
    }
    return true;
}

static bool load_vocab(loader *ld, const ww_node *val, ww_field *f)
{
    f->vocab = ww_node_is_scalar(val) ? ww_schema_vocab(ld->schema, val->value) : NULL;
    if (!f->vocab)
        problem(ld, val, "onbekende lijst '%s' (zie vocabulaires.yaml)",
                ww_node_is_scalar(val) ? val->value : "?");
    return f->vocab != NULL;
}

static void load_defaults(const ww_node *val, ww_field *f)
{
    f->defaults = ww_xcalloc(val->count + 1, sizeof *f->defaults);
    for (size_t j = 0; j < val->count; j++)
        f->defaults[j] = ww_xstrdup(ww_node_is_scalar(val->items[j]) ? val->items[j]->value : "");
}

/* One property of a field definition (`verplicht`, `min`, `uit`, ...); false after saying
 * what is wrong with it. */
static bool load_property(loader *ld, const char *key, const ww_node *val, ww_field *f)
{
    if (strcmp(key, "verplicht") == 0) {
        f->required = yes(val);
    } else if (strcmp(key, "min") == 0 || strcmp(key, "max") == 0) {
        return load_bound(ld, key, val, f);
    } else if (strcmp(key, "uit") == 0) {
        return load_vocab(ld, val, f);
    } else if ((strcmp(key, "label") == 0 || strcmp(key, "uitleg") == 0) &&
               ww_node_is_scalar(val)) {
        char **text = key[0] == 'l' ? &f->label : &f->help;
        free(*text);
        *text = ww_xstrdup(val->value);
    } else if (strcmp(key, "verwijst_naar") == 0 && ww_node_is_scalar(val)) {
        f->refers_to = ww_xstrdup(val->value);
    } else if (strcmp(key, "standaard") == 0 && val->kind == WW_NODE_SEQUENCE) {
        load_defaults(val, f);
    } else if (strcmp(key, "verplicht_bij") == 0) {
        return parse_condition(ld, val, &f->when_field, &f->when_value);
    } else if (strcmp(key, "alleen_bij") == 0) {
        return parse_condition(ld, val, &f->only_field, &f->only_value);
    } else if (strcmp(key, "oplopend") == 0 && val->kind == WW_NODE_SEQUENCE && val->count == 2 &&
               ww_node_is_scalar(val->items[0]) && ww_node_is_scalar(val->items[1])) {
        f->ascending_first = ww_xstrdup(val->items[0]->value);
        f->ascending_second = ww_xstrdup(val->items[1]->value);
    } else {
        problem(ld, val, "onbekende eigenschap '%s' in het schema", key);
        return false;
    }
    return true;
}

static bool load_field(loader *ld, const char *name, const ww_node *def, ww_field *f)
{
    f->name = ww_xstrdup(name);
    if (def->kind != WW_NODE_MAPPING) {
        problem(ld, def, "het veld '%s' heeft een blok met 'type' nodig", name);
        return false;
    }
    if (!load_type(ld, name, def, f))
        return false;
    bool ok = true;
    for (size_t i = 0; i < def->count; i++) {
        const char *key = ww_node_key(def, i)->value;
        if (strcmp(key, "type") != 0 && strcmp(key, "velden") != 0 && strcmp(key, "items") != 0)
            ok &= load_property(ld, key, ww_node_value(def, i), f);
    }
    if (f->type == WW_TYPE_CHOICE && !f->vocab) {
        problem(ld, def, "het keuzeveld '%s' heeft 'uit' nodig", name);
        ok = false;
    }
    if (f->type == WW_TYPE_LIST) {
        const ww_node *items = ww_node_get(def, "items");
        if (!items) {
            problem(ld, def, "de lijst '%s' heeft 'items' nodig", name);
            return false;
        }
        f->item = ww_xcalloc(1, sizeof *f->item);
        ok &= load_field(ld, name, items, f->item);
    }
    if (f->type == WW_TYPE_BLOCK)
        ok &= load_fields(ld, ww_node_get(def, "velden"), f);
    return ok;
}

static bool load_record(loader *ld, const char *dir, const char *name, ww_record_schema *rec)
{
    char *file = ww_xasprintf("%s/%s", dir, name);
    ld->file = file;
    ww_yaml_doc *doc = parse_schema_yaml(ld, dir, name);
    bool ok = false;
    if (doc) {
        rec->root.name = ww_xstrdup("");
        rec->root.type = WW_TYPE_BLOCK;
        ok = load_fields(ld, ww_node_get(ww_yaml_root(doc), "velden"), &rec->root);
        ww_yaml_free(doc);
    }
    free(file);
    return ok;
}

static void free_field(ww_field *f)
{
    free(f->name);
    free(f->label);
    free(f->help);
    free(f->refers_to);
    free(f->when_field);
    free(f->when_value);
    free(f->only_field);
    free(f->only_value);
    free(f->ascending_first);
    free(f->ascending_second);
    for (char **d = f->defaults; d && *d; d++)
        free(*d);
    free(f->defaults);
    if (f->item) {
        free_field(f->item);
        free(f->item);
    }
    for (size_t i = 0; i < f->field_count; i++)
        free_field(&f->fields[i]);
    free(f->fields);
}

/* ---- Ambition rules -------------------------------------------------------------------- */

static bool load_weights(loader *ld, const ww_node *map, const ww_vocab *vocab, bool words,
                         ww_weight **out, size_t *count)
{
    if (!map)
        return true;
    if (map->kind != WW_NODE_MAPPING) {
        problem(ld, map, "verwacht een blok met gewichten%s", NULL);
        return false;
    }
    bool ok = true;
    *out = ww_xcalloc(map->count, sizeof **out);
    for (size_t i = 0; i < map->count; i++) {
        const ww_node *key = ww_node_key(map, i);
        double w;
        if (!parse_number(ww_node_value(map, i), &w) || w <= 0) {
            problem(ld, ww_node_value(map, i), "het gewicht van '%s' moet een positief getal zijn",
                    key->value);
            ok = false;
            continue;
        }
        if (vocab && ww_vocab_index(vocab, key->value) < 0) {
            problem(ld, key, "onbekende code '%s'", key->value);
            ok = false;
            continue;
        }
        char *k = words ? ww_fold(key->value) : ww_xstrdup(key->value);
        if (!k || (words && strlen(k) < 3)) {
            problem(ld, key, "het woord '%s' is te kort of ongeldig", key->value);
            free(k);
            ok = false;
            continue;
        }
        (*out)[*count].key = k;
        (*out)[*count].weight = w;
        (*count)++;
    }
    return ok;
}

static bool load_rules(loader *ld, const char *dir)
{
    char *file = ww_xasprintf("%s/ambitie-regels.yaml", dir);
    ld->file = file;
    ww_yaml_doc *doc = parse_schema_yaml(ld, dir, "ambitie-regels.yaml");
    bool ok = doc != NULL;
    ww_ambition_rules *r = &ld->schema->ambitions;
    const ww_vocab *ambities = ww_schema_vocab(ld->schema, "ambities");
    if (doc) {
        const ww_node *root = ww_yaml_root(doc);
        r->threshold = 0.5;
        const ww_node *threshold = ww_node_get(root, "drempel");
        if (threshold &&
            (!parse_number(threshold, &r->threshold) || r->threshold <= 0 || r->threshold > 1)) {
            problem(ld, threshold, "'drempel' moet een getal tussen 0 en 1 zijn%s", NULL);
            ok = false;
        }
        const ww_node *rules = ww_node_get(root, "ambities");
        if (!rules || rules->kind != WW_NODE_MAPPING) {
            problem(ld, root, "'ambities' ontbreekt%s", NULL);
            ok = false;
        } else {
            r->rules = ww_xcalloc(rules->count, sizeof *r->rules);
            for (size_t i = 0; i < rules->count; i++) {
                const ww_node *name = ww_node_key(rules, i), *body = ww_node_value(rules, i);
                if (ww_vocab_index(ambities, name->value) < 0) {
                    problem(ld, name, "onbekende ambitie '%s'", name->value);
                    ok = false;
                    continue;
                }
                ww_ambition_rule *rule = &r->rules[r->count++];
                rule->ambition = ww_xstrdup(name->value);
                ok &= load_weights(ld, ww_node_get(body, "leefgebieden"),
                                   ww_schema_vocab(ld->schema, "leefgebieden"), false,
                                   &rule->leefgebieden, &rule->leefgebied_count);
                ok &= load_weights(ld, ww_node_get(body, "doelgroepen"),
                                   ww_schema_vocab(ld->schema, "doelgroepen"), false,
                                   &rule->doelgroepen, &rule->doelgroep_count);
                ok &= load_weights(ld, ww_node_get(body, "woorden"), NULL, true, &rule->words,
                                   &rule->word_count);
            }
        }
        ww_yaml_free(doc);
    }
    free(file);
    return ok;
}

/* One part of vraag-regels.yaml: per code of `vocab`, the words that point to it. */
static bool load_question_part(loader *ld, const ww_node *part, const char *vocab_name,
                               ww_ambition_rules *out)
{
    const ww_vocab *vocab = ww_schema_vocab(ld->schema, vocab_name);
    if (!part || part->kind != WW_NODE_MAPPING) {
        problem(ld, part, "'%s' ontbreekt of is geen blok", vocab_name);
        return false;
    }
    bool ok = true;
    out->rules = ww_xcalloc(part->count, sizeof *out->rules);
    for (size_t i = 0; i < part->count; i++) {
        const ww_node *code = ww_node_key(part, i);
        if (ww_vocab_index(vocab, code->value) < 0) {
            problem(ld, code, "onbekende code '%s'", code->value);
            ok = false;
            continue;
        }
        ww_ambition_rule *rule = &out->rules[out->count++];
        rule->ambition = ww_xstrdup(code->value);
        ok &= load_weights(ld, ww_node_value(part, i), NULL, true, &rule->words, &rule->word_count);
    }
    return ok;
}

/* vraag-regels.yaml: which leefgebieden and doelgroepen a question is about, and what it says
 * of costs and access (optional `kosten` and `toegang` blocks). Not part of the
 * fingerprint: questions use it, the index does not. */
static bool load_question_rules(loader *ld, const char *dir)
{
    char *file = ww_xasprintf("%s/vraag-regels.yaml", dir);
    ld->file = file;
    ww_yaml_doc *doc = parse_yaml(ld, dir, "vraag-regels.yaml", false);
    bool ok = doc != NULL;
    ww_question_rules *q = &ld->schema->question;
    if (doc) {
        const ww_node *root = ww_yaml_root(doc);
        q->minimum = 2;
        q->leefgebieden.threshold = 0.5;
        const ww_node *minimum = ww_node_get(root, "minimum"),
                      *threshold = ww_node_get(root, "drempel");
        if (minimum && (!parse_number(minimum, &q->minimum) || q->minimum <= 0)) {
            problem(ld, minimum, "'minimum' moet een positief getal zijn%s", NULL);
            ok = false;
        }
        if (threshold && (!parse_number(threshold, &q->leefgebieden.threshold) ||
                          q->leefgebieden.threshold <= 0 || q->leefgebieden.threshold > 1)) {
            problem(ld, threshold, "'drempel' moet een getal tussen 0 en 1 zijn%s", NULL);
            ok = false;
        }
        q->doelgroepen.threshold = q->leefgebieden.threshold;
        ok &= load_question_part(ld, ww_node_get(root, "leefgebieden"), "leefgebieden",
                                 &q->leefgebieden);
        ok &= load_question_part(ld, ww_node_get(root, "doelgroepen"), "doelgroepen",
                                 &q->doelgroepen);
        static const char *const OPTIONAL[] = {"kosten", "toegang"};
        ww_ambition_rules *optional[] = {&q->kosten, &q->toegang};
        for (size_t i = 0; i < sizeof OPTIONAL / sizeof *OPTIONAL; i++) {
            optional[i]->threshold = q->leefgebieden.threshold;
            const ww_node *part = ww_node_get(root, OPTIONAL[i]);
            if (part)
                ok &= load_question_part(ld, part, OPTIONAL[i], optional[i]);
        }
        ww_yaml_free(doc);
    }
    free(file);
    return ok;
}

static void free_weights(ww_weight *w, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(w[i].key);
    free(w);
}

static void free_rules(ww_ambition_rules *r)
{
    for (size_t i = 0; i < r->count; i++) {
        free(r->rules[i].ambition);
        free_weights(r->rules[i].words, r->rules[i].word_count);
    }
    free(r->rules);
}

/* ---- Word lists ------------------------------------------------------------------------ */

/* Calls `line` for every non-blank, non-comment line, trimmed, with its line number. */
static void each_line(char *text, void (*line)(loader *, char *, unsigned), loader *ld)
{
    unsigned number = 0;
    for (char *p = text; p && *p;) {
        char *end = strchr(p, '\n');
        if (end)
            *end = '\0';
        number++;
        while (*p == ' ' || *p == '\t')
            p++;
        size_t n = strlen(p);
        while (n && (p[n - 1] == ' ' || p[n - 1] == '\t' || p[n - 1] == '\r'))
            p[--n] = '\0';
        if (*p && *p != '#')
            line(ld, p, number);
        p = end ? end + 1 : NULL;
    }
}

static int compare_strings(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

bool ww_schema_is_stopword(const ww_schema *schema, const char *word)
{
    return schema->stopword_count > 0 &&
           bsearch(&word, schema->stopwords, schema->stopword_count, sizeof *schema->stopwords,
                   compare_strings) != NULL;
}

ww_language ww_schema_language(const ww_schema *schema)
{
    return (ww_language){
        .stopwords = (const char *const *)schema->stopwords,
        .stopword_count = schema->stopword_count,
        .stem_words = (const char *const *)schema->stem_words,
        .stem_targets = (const char *const *)schema->stem_targets,
        .stem_count = schema->stem_count,
    };
}

static void stopword_line(loader *ld, char *text, unsigned number)
{
    ww_schema *s = ld->schema;
    char *folded = ww_fold(text);
    if (!folded) {
        ww_diag_add(ld->diag, WW_DIAG_ERROR, ld->file, number, 1, "", "ongeldige UTF-8");
        return;
    }
    s->stopwords = ww_xrealloc(s->stopwords, (s->stopword_count + 1) * sizeof *s->stopwords);
    s->stopwords[s->stopword_count++] = folded;
}

/* How many words folded text has, or WW_SYNONYM_PHRASE_MAX + 1 when a space leads, trails or
 * doubles (folding keeps only single spaces between words, so that means an empty word). */
static size_t phrase_words(const char *folded)
{
    size_t n = 1, len = strlen(folded);
    if (len == 0 || folded[0] == ' ' || folded[len - 1] == ' ' || strstr(folded, "  "))
        return WW_SYNONYM_PHRASE_MAX + 1;
    for (const char *p = folded; *p; p++)
        n += *p == ' ';
    return n;
}

static void synonym_line(loader *ld, char *text, unsigned number)
{
    ww_schema *s = ld->schema;
    ww_word_group group = {0};
    char *save = NULL;
    for (char *word = strtok_r(text, ",", &save); word; word = strtok_r(NULL, ",", &save)) {
        while (*word == ' ')
            word++;
        size_t n = strlen(word);
        while (n && word[n - 1] == ' ')
            word[--n] = '\0';
        char *folded = ww_fold(word);
        if (!folded || !*folded || phrase_words(folded) > WW_SYNONYM_PHRASE_MAX) {
            ww_diag_add(ld->diag, WW_DIAG_ERROR, ld->file, number, 1, "",
                        "'%s' is geen woord of zegswijze van hoogstens %d woorden", word,
                        WW_SYNONYM_PHRASE_MAX);
            free(folded);
            continue;
        }
        group.words = ww_xrealloc(group.words, (group.count + 1) * sizeof *group.words);
        group.words[group.count++] = folded;
    }
    if (group.count < 2) {
        ww_diag_add(ld->diag, WW_DIAG_ERROR, ld->file, number, 1, "",
                    "een groep synoniemen heeft minstens twee woorden nodig");
        for (size_t i = 0; i < group.count; i++)
            free(group.words[i]);
        free(group.words);
        return;
    }
    s->synonyms = ww_xrealloc(s->synonyms, (s->synonym_count + 1) * sizeof *s->synonyms);
    s->synonyms[s->synonym_count++] = group;
}

/* "woord = stam" */
static void stem_line(loader *ld, char *text, unsigned number)
{
    ww_schema *s = ld->schema;
    char *eq = strchr(text, '=');
    char *word = NULL, *stem = NULL;
    if (eq) {
        *eq = '\0';
        char *right = eq + 1;
        while (*right == ' ')
            right++;
        size_t n = strlen(text);
        while (n && text[n - 1] == ' ')
            text[--n] = '\0';
        word = ww_fold(text);
        stem = ww_fold(right);
    }
    if (!word || !stem || !*word || !*stem || strchr(word, ' ') || strchr(stem, ' ')) {
        ww_diag_add(ld->diag, WW_DIAG_ERROR, ld->file, number, 1, "",
                    "schrijf per regel: woord = stam");
        free(word);
        free(stem);
        return;
    }
    s->stem_words = ww_xrealloc(s->stem_words, (s->stem_count + 1) * sizeof *s->stem_words);
    s->stem_targets = ww_xrealloc(s->stem_targets, (s->stem_count + 1) * sizeof *s->stem_targets);
    s->stem_words[s->stem_count] = word;
    s->stem_targets[s->stem_count++] = stem;
}

static void load_word_list(loader *ld, const char *dir, const char *name,
                           void (*line)(loader *, char *, unsigned))
{
    char *file = ww_xasprintf("%s/%s", dir, name);
    ld->file = file;
    size_t len;
    char *text = read_into_hash(ld, dir, name, &len);
    if (text) {
        if (!ww_utf8_valid(text, len, NULL))
            ww_diag_add(ld->diag, WW_DIAG_ERROR, file, 0, 0, "", "het bestand is geen UTF-8");
        else
            each_line(text, line, ld);
    }
    free(text);
    free(file);
}

/* ---- What the programs rely on ----------------------------------------------------------- */

/* The schema is data, but the programs rely on part of it; a schema without that part is
 * refused here, with a message, rather than crashing the indexer or the server later. */

static const ww_field *subfield_named(const ww_field *block, const char *name, size_t len)
{
    for (size_t i = 0; i < block->field_count; i++)
        if (strlen(block->fields[i].name) == len && strncmp(block->fields[i].name, name, len) == 0)
            return &block->fields[i];
    return NULL;
}

/* A field of the record by name, or by block.field for a field inside a block. */
static const ww_field *field_named(const ww_record_schema *record, const char *name)
{
    const char *dot = strchr(name, '.');
    if (!dot)
        return subfield_named(&record->root, name, strlen(name));
    const ww_field *block = subfield_named(&record->root, name, (size_t)(dot - name));
    return block && block->type == WW_TYPE_BLOCK ? subfield_named(block, dot + 1, strlen(dot + 1))
                                                 : NULL;
}

static void refuse(loader *ld, const char *file, const char *message, const char *name)
{
    ww_diag_add(ld->diag, WW_DIAG_ERROR, file, 0, 0, "", message, name);
}

/* A required field of `type`, and (refers_to not NULL) one that names a record of that folder. */
static void require_field(loader *ld, const char *file, const ww_record_schema *record,
                          const char *name, ww_field_type type, const char *refers_to)
{
    const ww_field *f = field_named(record, name);
    if (!f || f->type != type || !f->required ||
        (refers_to && (!f->refers_to || strcmp(f->refers_to, refers_to) != 0)))
        refuse(ld, file,
               refers_to ? "het veld '%s' moet er zijn, verplicht, als id die verwijst naar "
                           "organisaties: de indexer en de server rekenen erop"
                         : "het veld '%s' moet er zijn, verplicht en van het gewone type: de "
                           "indexer en de server rekenen erop",
               name);
}

/* Each filter of the search API: a choice, or a list of choices, from its own vocabulary,
 * which fits the bits of a facet mask. */
static void require_filters(loader *ld, const char *dir)
{
    char *entry_file = ww_xasprintf("%s/aanbod.yaml", dir);
    char *vocab_file = ww_xasprintf("%s/vocabulaires.yaml", dir);
    for (size_t i = 0; i < WW_FILTER_COUNT; i++) {
        const ww_filter_field *filter = &WW_FILTERS[i];
        const ww_vocab *vocab = ww_schema_vocab(ld->schema, filter->vocab);
        if (ww_filter_is_derived(filter) && !vocab)
            ww_diag_add(ld->diag, WW_DIAG_ERROR, vocab_file, 0, 0, "",
                        "de lijst '%s' ontbreekt: de zoekfilter '%s' rekent erop", filter->vocab,
                        filter->param);
        const ww_field *f =
            ww_filter_is_derived(filter) ? NULL : field_named(&ld->schema->entry, filter->field);
        const ww_field *choice = f && f->type == WW_TYPE_LIST ? f->item : f;
        if (!ww_filter_is_derived(filter) &&
            (!choice || choice->type != WW_TYPE_CHOICE || choice->vocab != vocab))
            ww_diag_add(ld->diag, WW_DIAG_ERROR, entry_file, 0, 0, "",
                        "het veld '%s' moet een keuze (of lijst van keuzes) uit '%s' zijn: de "
                        "zoekfilter '%s' rekent erop",
                        filter->field, filter->vocab, filter->param);
        if (vocab && vocab->count > WW_MAX_FILTER_VALUES)
            ww_diag_add(ld->diag, WW_DIAG_ERROR, vocab_file, 0, 0, "",
                        "de lijst '%s' heeft %zu codes; een zoekfilter kan er ten hoogste %d aan",
                        vocab->name, vocab->count, WW_MAX_FILTER_VALUES);
    }
    const ww_vocab *ambities = ww_schema_vocab(ld->schema, "ambities");
    if (ambities && ambities->count > WW_MAX_AMBITIONS)
        ww_diag_add(ld->diag, WW_DIAG_ERROR, vocab_file, 0, 0, "",
                    "de lijst 'ambities' heeft %zu codes; ten hoogste %d", ambities->count,
                    WW_MAX_AMBITIONS);
    free(vocab_file);
    free(entry_file);
}

static void check_what_programs_rely_on(loader *ld, const char *dir)
{
    char *entry_file = ww_xasprintf("%s/aanbod.yaml", dir);
    char *org_file = ww_xasprintf("%s/organisatie.yaml", dir);
    const ww_schema *s = ld->schema;
    require_field(ld, entry_file, &s->entry, "id", WW_TYPE_ID, NULL);
    require_field(ld, entry_file, &s->entry, "titel", WW_TYPE_TEXT, NULL);
    require_field(ld, entry_file, &s->entry, "organisatie", WW_TYPE_ID,
                  ww_catalog_folder_name(WW_RECORD_ORGANISATION));
    require_field(ld, org_file, &s->organisation, "id", WW_TYPE_ID, NULL);
    require_filters(ld, dir);
    free(org_file);
    free(entry_file);
}

/* postcodes.yaml, hashed: locations with only a postcode get their coordinates from it. */
static void load_places(loader *ld, const char *dir)
{
    size_t len;
    char *text = read_into_hash(ld, dir, "postcodes.yaml", &len);
    if (!text)
        return;
    const ww_vocab *wijken = ww_schema_vocab(ld->schema, "wijken");
    const char **ids = ww_xcalloc(wijken->count + 1, sizeof *ids);
    size_t n = 0;
    for (size_t i = 0; i < wijken->count; i++)
        if (!wijken->items[i].everywhere) /* an area lies in wijken, not in "heel Zwolle" */
            ids[n++] = wijken->items[i].id;
    char *file = ww_xasprintf("%s/postcodes.yaml", dir);
    ld->schema->places = ww_places_parse(text, len, file, ids, n, ld->diag);
    free(file);
    free(ids);
    free(text);
}

/* ---- The whole schema ------------------------------------------------------------------ */

ww_schema *ww_schema_load(const char *dir, ww_diag *diag)
{
    if (sodium_init() < 0) {
        ww_diag_add(diag, WW_DIAG_ERROR, dir, 0, 0, "", "libsodium kon niet starten");
        return NULL;
    }
    size_t errors_before = diag->errors;
    ww_schema *s = ww_xcalloc(1, sizeof *s);
    loader ld = {.diag = diag, .schema = s};
    crypto_generichash_init(&ld.hash, NULL, 0, 32);

    char *vocab_file = ww_xasprintf("%s/vocabulaires.yaml", dir);
    ld.file = vocab_file;
    ww_yaml_doc *vocab_doc = parse_schema_yaml(&ld, dir, "vocabulaires.yaml");
    if (vocab_doc) {
        load_vocabularies(&ld, ww_yaml_root(vocab_doc));
        ww_yaml_free(vocab_doc);
    }
    free(vocab_file);
    static const char *const NEEDED[] = {"ambities",     "soorten", "wijken", "doelgroepen",
                                         "leefgebieden", "toegang", "kosten"};
    for (size_t i = 0; i < sizeof NEEDED / sizeof *NEEDED; i++)
        if (!ww_schema_vocab(s, NEEDED[i]))
            ww_diag_add(diag, WW_DIAG_ERROR, dir, 0, 0, "", "vocabulaires.yaml mist de lijst '%s'",
                        NEEDED[i]);

    if (diag->errors == errors_before) {
        load_record(&ld, dir, "aanbod.yaml", &s->entry);
        load_record(&ld, dir, "organisatie.yaml", &s->organisation);
        load_rules(&ld, dir);
        load_question_rules(&ld, dir);
        load_word_list(&ld, dir, "synoniemen.txt", synonym_line);
        load_word_list(&ld, dir, "stopwoorden.txt", stopword_line);
        if (s->stopword_count > 0) /* sorted for ww_schema_is_stopword */
            qsort(s->stopwords, s->stopword_count, sizeof *s->stopwords, compare_strings);
        load_word_list(&ld, dir, "stammen.txt", stem_line);
        load_places(&ld, dir);
        char *help_file = ww_xasprintf("%s/hulp-nu.yaml", dir);
        s->help_now = ww_help_now_load(help_file, diag);
        free(help_file);
    }
    if (diag->errors == errors_before)
        check_what_programs_rely_on(&ld, dir);

    unsigned char digest[32];
    crypto_generichash_final(&ld.hash, digest, sizeof digest);
    sodium_bin2hex(s->fingerprint, sizeof s->fingerprint, digest, sizeof digest);
    if (diag->errors != errors_before) {
        ww_schema_free(s);
        return NULL;
    }
    return s;
}

void ww_schema_free(ww_schema *s)
{
    if (!s)
        return;
    ww_places_free(s->places);
    for (size_t i = 0; i < s->vocab_count; i++) {
        for (size_t j = 0; j < s->vocabs[i].count; j++) {
            free(s->vocabs[i].items[j].id);
            free(s->vocabs[i].items[j].label);
            free(s->vocabs[i].items[j].explanation);
        }
        free(s->vocabs[i].items);
        free(s->vocabs[i].name);
    }
    free(s->vocabs);
    free_field(&s->entry.root);
    free_field(&s->organisation.root);
    for (size_t i = 0; i < s->ambitions.count; i++) {
        ww_ambition_rule *r = &s->ambitions.rules[i];
        free(r->ambition);
        free_weights(r->leefgebieden, r->leefgebied_count);
        free_weights(r->doelgroepen, r->doelgroep_count);
        free_weights(r->words, r->word_count);
    }
    free(s->ambitions.rules);
    free_rules(&s->question.leefgebieden);
    free_rules(&s->question.doelgroepen);
    free_rules(&s->question.kosten);
    free_rules(&s->question.toegang);
    for (size_t i = 0; i < s->synonym_count; i++) {
        for (size_t j = 0; j < s->synonyms[i].count; j++)
            free(s->synonyms[i].words[j]);
        free(s->synonyms[i].words);
    }
    free(s->synonyms);
    for (size_t i = 0; i < s->stopword_count; i++)
        free(s->stopwords[i]);
    free(s->stopwords);
    for (size_t i = 0; i < s->stem_count; i++) {
        free(s->stem_words[i]);
        free(s->stem_targets[i]);
    }
    free(s->stem_words);
    free(s->stem_targets);
    ww_help_now_free(s->help_now);
    ww_dictionary_free(s->dictionary);
    free(s);
}

void ww_schema_set_dictionary(ww_schema *schema, ww_dictionary *dictionary)
{
    ww_dictionary_free(schema->dictionary);
    schema->dictionary = dictionary;
}

bool ww_schema_load_words(ww_schema *schema, const char *file, char **errmsg, char **warning)
{
    char *why = NULL;
    *errmsg = *warning = NULL;
    ww_dictionary *words = ww_dictionary_load(file ? file : WW_DEFAULT_WORDS, &why);
    if (!words && file)
        *errmsg = ww_xasprintf("de woordenlijst is niet bruikbaar: %s", why);
    else if (!words)
        *warning = ww_xasprintf("geen woordenlijst (%s)", why);
    free(why);
    ww_schema_set_dictionary(schema, words);
    return words || !file;
}
