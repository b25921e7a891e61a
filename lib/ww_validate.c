/* ww_validate.c -- schema-driven validation of catalog files, producing JSON. */
#include "ww_validate.h"

#include "ww_places.h"

#include "ww_text.h"
#include "ww_util.h"

#include <assert.h>
#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

/* Where a value sits in the record ("locaties[2].adres"), as a chain on the stack from the
 * innermost part outwards. Spelled out only for a message: a valid record needs no text. */
typedef struct field_path field_path;
struct field_path {
    const field_path *parent; /* NULL at the top level */
    const char *name;         /* a field name, or NULL for a list item */
    size_t item;              /* list item, counted from 1 */
};

static void spell_path(ww_buf *buf, const field_path *path)
{
    if (!path)
        return;
    spell_path(buf, path->parent);
    if (path->name) {
        if (buf->len)
            ww_buf_putc(buf, '.');
        ww_buf_puts(buf, path->name);
    } else {
        ww_buf_printf(buf, "[%zu]", path->item);
    }
}

typedef struct {
    const char *file;
    ww_ref_exists exists;
    void *ctx;
    ww_diag *diag;
    const ww_node *root; /* for conditions such as verplicht_bij: {soort: ...} */
    size_t errors;
} checker;

static void error_at(checker *c, const ww_node *at, const field_path *path, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
static void error_at(checker *c, const ww_node *at, const field_path *path, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *message = ww_xvasprintf(fmt, ap);
    va_end(ap);
    ww_buf spelled = {0};
    spell_path(&spelled, path);
    ww_diag_add(c->diag, WW_DIAG_ERROR, c->file, at ? at->line : 0, at ? at->column : 0,
                spelled.data ? spelled.data : "", "%s", message);
    ww_buf_free(&spelled);
    free(message);
    c->errors++;
}

/* ---- Small value checks ---------------------------------------------------------------- */

bool ww_valid_id(const char *id)
{
    size_t n = strlen(id);
    if (n < 3 || n > 80 || !(id[0] >= 'a' && id[0] <= 'z'))
        return false;
    for (size_t i = 0; i < n; i++)
        if (!((id[i] >= 'a' && id[i] <= 'z') || (id[i] >= '0' && id[i] <= '9') || id[i] == '-'))
            return false;
    return true;
}

static bool digits(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (!isdigit((unsigned char)s[i]))
            return false;
    return true;
}

bool ww_valid_date(const char *s)
{
    if (strlen(s) != 10 || s[4] != '-' || s[7] != '-' || !digits(s, 4) || !digits(s + 5, 2) ||
        !digits(s + 8, 2))
        return false;
    int y = atoi(s), m = atoi(s + 5), d = atoi(s + 8);
    static const int DAYS[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (y < 1900 || y > 2200 || m < 1 || m > 12 || d < 1)
        return false;
    int max = DAYS[m - 1] + (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0));
    return d <= max;
}

static bool valid_time(const char *s)
{
    if (strlen(s) != 5 || s[2] != ':' || !digits(s, 2) || !digits(s + 3, 2))
        return false;
    int h = atoi(s), m = atoi(s + 3);
    return (h < 24 && m < 60) || (h == 24 && m == 0);
}

/* "8011 AB", "8011AB" or "8011 ab" -> "8011 AB"; NULL when it is no Dutch postcode with its
 * letters. */
static char *normalise_postcode(const char *s)
{
    char area[WW_POSTCODE_AREA_SIZE], letters[3];
    if (!ww_postcode_read(s, area, letters) || !letters[0])
        return NULL;
    return ww_xasprintf("%s %s", area, letters);
}

static bool valid_email(const char *s)
{
    const char *at = strchr(s, '@');
    if (!at || at == s || strchr(at + 1, '@') || strlen(s) > 254)
        return false;
    const char *dot = strrchr(at + 1, '.');
    if (!dot || dot == at + 1 || !dot[1])
        return false;
    for (const char *p = s; *p; p++)
        if (isspace((unsigned char)*p) || *p == '<' || *p == '>' || *p == '"')
            return false;
    return true;
}

static bool valid_url(const char *s)
{
    size_t n = strlen(s);
    if (n > 500)
        return false;
    const char *host = strncmp(s, "https://", 8) == 0  ? s + 8
                       : strncmp(s, "http://", 7) == 0 ? s + 7
                                                       : NULL;
    if (!host || !*host || *host == '/')
        return false;
    for (const char *p = s; *p; p++)
        if ((unsigned char)*p <= ' ' || *p == '"' || *p == '<' || *p == '>' || *p == '\\')
            return false;
    return true;
}

static bool valid_phone(const char *s)
{
    size_t count = 0;
    for (const char *p = s; *p; p++) {
        if (isdigit((unsigned char)*p))
            count++;
        else if (!strchr(" +-()", *p))
            return false;
    }
    return count >= 3 && count <= 15;
}

/* Text a person wrote: trailing white space dropped, control characters refused. */
static char *clean_text(const ww_node *n, bool *has_control)
{
    size_t len = n->len;
    while (len && isspace((unsigned char)n->value[len - 1]))
        len--;
    *has_control = false;
    for (size_t i = 0; i < len; i++) {
        unsigned char ch = (unsigned char)n->value[i];
        if ((ch < 0x20 && ch != '\n' && ch != '\t') || ch == 0x7F)
            *has_control = true;
    }
    return ww_xstrndup(n->value, len);
}

static const char *type_noun(ww_field_type t)
{
    switch (t) {
    case WW_TYPE_LIST:
        return "een lijst";
    case WW_TYPE_BLOCK:
        return "een blok met velden";
    default:
        return "een enkele waarde";
    }
}

/* "a, b, c" for a vocabulary; long lists are named rather than spelled out. */
static char *allowed_values(const ww_vocab *v)
{
    ww_buf buf = {0};
    if (v->count > 25) {
        ww_buf_printf(&buf, "een code uit de lijst '%s' in schema/vocabulaires.yaml, zoals ",
                      v->name);
        for (size_t i = 0; i < v->count && i < 3; i++)
            ww_buf_printf(&buf, "%s%s", i ? ", " : "", v->items[i].id);
        return ww_buf_release(&buf);
    }
    for (size_t i = 0; i < v->count; i++)
        ww_buf_printf(&buf, "%s%s", i ? ", " : "", v->items[i].id);
    return ww_buf_release(&buf);
}

/* Edit distance for "bedoelt u ...?" on field names; small strings only. */
static size_t edit_distance(const char *a, const char *b)
{
    size_t n = strlen(a), m = strlen(b);
    if (n > 40 || m > 40)
        return 99;
    size_t row[41];
    for (size_t j = 0; j <= m; j++)
        row[j] = j;
    for (size_t i = 1; i <= n; i++) {
        size_t diag = row[0];
        row[0] = i;
        for (size_t j = 1; j <= m; j++) {
            size_t up = row[j];
            size_t best = diag + (a[i - 1] != b[j - 1]);
            if (up + 1 < best)
                best = up + 1;
            if (row[j - 1] + 1 < best)
                best = row[j - 1] + 1;
            row[j] = best;
            diag = up;
        }
    }
    return row[m];
}

/* ---- The walk -------------------------------------------------------------------------- */

static json_t *check_value(checker *c, const ww_field *f, const ww_node *n, const field_path *path);

static field_path child_path(const field_path *path, const char *name)
{
    return (field_path){.parent = path, .name = name};
}

static bool condition_holds(checker *c, const char *field, const char *value)
{
    const ww_node *n = ww_node_get(c->root, field);
    return n && n->kind == WW_NODE_SCALAR && strcmp(n->value, value) == 0;
}

/* An unknown field is usually a typo of a field that then looks missing: it is named with the
 * field it probably meant, or with every field there is. */
static void report_unknown_field(checker *c, const ww_field *f, const ww_node *key,
                                 const field_path *path)
{
    field_path at = child_path(path, key->value);
    const char *best = NULL;
    size_t best_distance = 3;
    for (size_t j = 0; j < f->field_count; j++) {
        size_t d = edit_distance(key->value, f->fields[j].name);
        if (d < best_distance) {
            best_distance = d;
            best = f->fields[j].name;
        }
    }
    if (best) {
        error_at(c, key, &at, "onbekend veld '%s'; bedoelt u '%s'?", key->value, best);
        return;
    }
    ww_buf names = {0};
    for (size_t j = 0; j < f->field_count; j++)
        ww_buf_printf(&names, "%s%s", j ? ", " : "", f->fields[j].name);
    error_at(c, key, &at, "onbekend veld '%s'; toegestaan zijn: %s", key->value, names.data);
    ww_buf_free(&names);
}

static bool known_field(const ww_field *f, const char *name)
{
    for (size_t j = 0; j < f->field_count; j++)
        if (strcmp(f->fields[j].name, name) == 0)
            return true;
    return false;
}

/* Field `sub` of a block as the mapping `n` gives it, into `obj`: checked, missing when
 * required, or its default. */
static void check_member(checker *c, const ww_field *sub, const ww_node *n, const field_path *path,
                         json_t *obj)
{
    const ww_node *value = ww_node_get(n, sub->name);
    field_path at = child_path(path, sub->name);
    if (value && sub->only_field && !condition_holds(c, sub->only_field, sub->only_value)) {
        error_at(c, value, &at, "dit veld hoort alleen bij %s: %s", sub->only_field,
                 sub->only_value);
    } else if (value) {
        json_t *v = check_value(c, sub, value, &at);
        if (v)
            json_object_set_new(obj, sub->name, v);
    } else if (sub->required ||
               (sub->when_field && condition_holds(c, sub->when_field, sub->when_value))) {
        if (sub->when_field)
            error_at(c, n, &at, "verplicht veld ontbreekt (nodig bij %s: %s)", sub->when_field,
                     sub->when_value);
        else
            error_at(c, n, &at, "verplicht veld ontbreekt");
    } else if (sub->defaults) {
        json_t *list = json_array();
        for (char **d = sub->defaults; *d; d++)
            json_array_append_new(list, json_string(*d));
        json_object_set_new(obj, sub->name, list);
    }
}

static json_t *check_block(checker *c, const ww_field *f, const ww_node *n, const field_path *path)
{
    json_t *obj = json_object();
    /* Unknown fields first: they are usually typos of a field that then looks missing. */
    for (size_t i = 0; i < n->count; i++)
        if (!known_field(f, ww_node_key(n, i)->value))
            report_unknown_field(c, f, ww_node_key(n, i), path);
    for (size_t j = 0; j < f->field_count; j++)
        check_member(c, &f->fields[j], n, path, obj);
    if (f->ascending_first) {
        json_t *a = json_object_get(obj, f->ascending_first);
        json_t *b = json_object_get(obj, f->ascending_second);
        if (json_is_string(a) && json_is_string(b) &&
            strcmp(json_string_value(a), json_string_value(b)) >= 0) {
            field_path p = child_path(path, f->ascending_second);
            error_at(c, ww_node_get(n, f->ascending_second), &p, "'%s' moet na '%s' liggen (%s)",
                     f->ascending_second, f->ascending_first, json_string_value(a));
        }
    }
    return obj;
}

static json_t *check_list(checker *c, const ww_field *f, const ww_node *n, const field_path *path)
{
    if (f->has_min && (double)n->count < f->min)
        error_at(c, n, path,
                 n->count == 0 ? "de lijst mag niet leeg zijn"
                               : "de lijst heeft te weinig elementen (minstens %.0f)",
                 f->min);
    if (f->has_max && (double)n->count > f->max) {
        error_at(c, n, path, "de lijst heeft te veel elementen (ten hoogste %.0f)", f->max);
        return NULL;
    }
    json_t *list = json_array();
    for (size_t i = 0; i < n->count; i++) {
        /* Paths count from 1, as people do: locaties[1] is the first location. */
        field_path at = {.parent = path, .item = i + 1};
        const field_path *p = &at;
        json_t *v = check_value(c, f->item, n->items[i], p);
        if (v && json_is_string(v)) {
            for (size_t k = 0; k < json_array_size(list); k++)
                if (json_equal(json_array_get(list, k), v)) {
                    error_at(c, n->items[i], p, "'%s' staat twee keer in de lijst",
                             json_string_value(v));
                    break;
                }
        }
        if (v)
            json_array_append_new(list, v);
    }
    return list;
}

static json_t *check_number(checker *c, const ww_field *f, const ww_node *n, const field_path *path,
                            bool integer)
{
    char *text = ww_xstrdup(n->value);
    char *comma = strchr(text, ',');
    if (comma && !integer)
        *comma = '.'; /* "2,50" is how a Dutch partner writes 2.50 */
    char *end;
    errno = 0;
    double d = integer ? (double)strtoll(text, &end, 10) : strtod(text, &end);
    /* strtod also reads hexadecimal ("0x10" became 16); a getal is
     * written in decimal, like a geheel-getal (which strtoll reads in base 10). */
    bool ok = errno == 0 && end != text && *end == '\0' && isfinite(d) &&
              !isspace((unsigned char)text[0]) && !strpbrk(text, "xX");
    free(text);
    if (!ok) {
        error_at(c, n, path, integer ? "'%s' is geen geheel getal" : "'%s' is geen getal",
                 n->value);
        return NULL;
    }
    if ((f->has_min && d < f->min) || (f->has_max && d > f->max)) {
        error_at(c, n, path, "%s ligt buiten %g tot en met %g", n->value, f->min, f->max);
        return NULL;
    }
    return integer ? json_integer((json_int_t)d) : json_real(d);
}

/* Text a person wrote: no control characters, within the field's length in characters. */
static json_t *check_text(checker *c, const ww_field *f, const ww_node *n, const field_path *path)
{
    bool control;
    char *text = clean_text(n, &control);
    size_t chars = ww_utf8_length(text, strlen(text));
    json_t *out = NULL;
    if (control)
        error_at(c, n, path, "de tekst bevat een onzichtbaar stuurteken");
    else if (f->has_min && f->min >= 1 && chars == 0)
        error_at(c, n, path, "mag niet leeg zijn");
    else if (f->has_min && (double)chars < f->min)
        error_at(c, n, path, "te kort: %zu tekens, minstens %.0f", chars, f->min);
    else if (f->has_max && (double)chars > f->max)
        error_at(c, n, path, "te lang: %zu tekens, ten hoogste %.0f", chars, f->max);
    else
        out = json_string(text);
    free(text);
    return out;
}

/* A code: well formed, and naming a record when the field refers to a folder. */
static json_t *check_id(checker *c, const ww_field *f, const ww_node *n, const field_path *path)
{
    const char *v = n->value;
    if (!ww_valid_id(v)) {
        error_at(c, n, path,
                 "'%s' is geen geldige code: 3 tot 80 tekens a-z, 0-9 en '-', beginnend "
                 "met een letter",
                 v);
        return NULL;
    }
    if (f->refers_to && c->exists && !c->exists(f->refers_to, v, c->ctx)) {
        error_at(c, n, path, "'%s' bestaat niet in %s/", v, f->refers_to);
        return NULL;
    }
    return json_string(v);
}

static json_t *check_choice(checker *c, const ww_field *f, const ww_node *n, const field_path *path)
{
    if (ww_vocab_index(f->vocab, n->value) >= 0)
        return json_string(n->value);
    char *allowed = allowed_values(f->vocab);
    error_at(c, n, path, "onbekende waarde '%s'; kies uit: %s", n->value, allowed);
    free(allowed);
    return NULL;
}

static json_t *check_bool(checker *c, const ww_node *n, const field_path *path)
{
    const char *v = n->value;
    if (!strcmp(v, "true") || !strcmp(v, "ja") || !strcmp(v, "yes"))
        return json_true();
    if (!strcmp(v, "false") || !strcmp(v, "nee") || !strcmp(v, "no"))
        return json_false();
    error_at(c, n, path, "'%s' is geen ja of nee; kies uit: true, false", v);
    return NULL;
}

/* A postcode, kept as "8011 AB" however it was written. */
static json_t *check_postcode(checker *c, const ww_node *n, const field_path *path)
{
    char *pc = normalise_postcode(n->value);
    if (!pc) {
        error_at(c, n, path,
                 "'%s' is geen postcode; schrijf vier cijfers en twee letters, zoals 8011 AB",
                 n->value);
        return NULL;
    }
    json_t *out = json_string(pc);
    free(pc);
    return out;
}

/* Scalars that are right or wrong as written, and kept as written. */
static const struct {
    ww_field_type type;
    bool (*valid)(const char *);
    const char *problem; /* the value is its one %s */
} FORMATS[] = {
    {WW_TYPE_DATE, ww_valid_date,
     "'%s' is geen geldige datum; schrijf JJJJ-MM-DD, zoals 2026-03-31"},
    {WW_TYPE_TIME, valid_time, "'%s' is geen geldige tijd; schrijf UU:MM, zoals \"09:30\""},
    {WW_TYPE_EMAIL, valid_email, "'%s' is geen geldig e-mailadres"},
    {WW_TYPE_URL, valid_url, "'%s' is geen geldig webadres; begin met https://"},
    {WW_TYPE_PHONE, valid_phone, "'%s' is geen telefoonnummer"},
};

static json_t *check_scalar(checker *c, const ww_field *f, const ww_node *n, const field_path *path)
{
    switch (f->type) {
    case WW_TYPE_TEXT:
        return check_text(c, f, n, path);
    case WW_TYPE_ID:
        return check_id(c, f, n, path);
    case WW_TYPE_CHOICE:
        return check_choice(c, f, n, path);
    case WW_TYPE_NUMBER:
    case WW_TYPE_INTEGER:
        return check_number(c, f, n, path, f->type == WW_TYPE_INTEGER);
    case WW_TYPE_BOOL:
        return check_bool(c, n, path);
    case WW_TYPE_POSTCODE:
        return check_postcode(c, n, path);
    default:
        break;
    }
    for (size_t i = 0; i < sizeof FORMATS / sizeof *FORMATS; i++)
        if (FORMATS[i].type == f->type) {
            if (FORMATS[i].valid(n->value))
                return json_string(n->value);
            error_at(c, n, path, FORMATS[i].problem, n->value);
            return NULL;
        }
    assert(!"a scalar type without a check"); /* lists and blocks do not come here */
    return NULL;
}

static json_t *check_value(checker *c, const ww_field *f, const ww_node *n, const field_path *path)
{
    ww_node_kind want = f->type == WW_TYPE_LIST    ? WW_NODE_SEQUENCE
                        : f->type == WW_TYPE_BLOCK ? WW_NODE_MAPPING
                                                   : WW_NODE_SCALAR;
    if (n->kind != want) {
        /* An empty value ("veld:" with nothing after it) is a missing value, said plainly. */
        if (n->kind == WW_NODE_SCALAR && n->len == 0 && !n->quoted)
            error_at(c, n, path, "geen waarde ingevuld; verwacht %s", type_noun(f->type));
        else
            error_at(c, n, path, "verwacht %s", type_noun(f->type));
        return NULL;
    }
    if (f->type == WW_TYPE_LIST)
        return check_list(c, f, n, path);
    if (f->type == WW_TYPE_BLOCK)
        return check_block(c, f, n, path);
    return check_scalar(c, f, n, path);
}

json_t *ww_validate(const ww_record_schema *record, const ww_node *root, const char *file,
                    ww_ref_exists exists, void *ctx, ww_diag *diag)
{
    checker c = {.file = file, .exists = exists, .ctx = ctx, .diag = diag, .root = root};
    if (root->kind != WW_NODE_MAPPING) {
        error_at(&c, root, NULL, "het bestand moet velden bevatten (naam: waarde), geen %s",
                 root->kind == WW_NODE_SEQUENCE ? "lijst" : "losse tekst");
        return NULL;
    }
    json_t *obj = check_block(&c, &record->root, root, NULL);
    if (c.errors) {
        json_decref(obj);
        return NULL;
    }
    return obj;
}
