/* ww_form.c -- schema → form fields, posted form → record; see ww_form.h. */
#include "ww_form.h"

#include "ww_util.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* Vocabularies up to this size are checkboxes; a longer one (talen) is typed, by label. */
enum { MAX_CHECKBOXES = 30, DEFAULT_MAX_ROWS = 50 };

typedef enum { K_TEXT, K_TEXTAREA, K_RADIO, K_CHECKBOXES, K_YESNO, K_BLOCK, K_ROWS } kind;

static kind kind_of(const ww_field *f)
{
    switch (f->type) {
    case WW_TYPE_TEXT:
        return f->has_max && f->max > 200 ? K_TEXTAREA : K_TEXT;
    case WW_TYPE_CHOICE:
        return K_RADIO;
    case WW_TYPE_BOOL:
        return K_YESNO;
    case WW_TYPE_BLOCK:
        return K_BLOCK;
    case WW_TYPE_LIST:
        if (f->item->type == WW_TYPE_BLOCK)
            return K_ROWS;
        if (f->item->type == WW_TYPE_CHOICE && f->item->vocab->count <= MAX_CHECKBOXES)
            return K_CHECKBOXES;
        return K_TEXT; /* words separated by commas */
    default:
        return K_TEXT;
    }
}

/* Filled in by the server, never typed: the id, the date of the last check (today, on
 * saving), and the organisation of a partner (its own). */
static bool managed_field(const char *name, bool editor)
{
    return strcmp(name, "id") == 0 || strcmp(name, "laatst_gecontroleerd") == 0 ||
           (!editor && strcmp(name, "organisatie") == 0);
}

/* ---- Values ----------------------------------------------------------------------------- */

/* A scalar value as text for an input (caller frees); "" when absent or not a scalar. */
static char *text_of(const json_t *v)
{
    if (json_is_string(v))
        return ww_xstrdup(json_string_value(v));
    if (json_is_integer(v))
        return ww_xasprintf("%" JSON_INTEGER_FORMAT, json_integer_value(v));
    if (json_is_real(v))
        return ww_xasprintf("%g", json_real_value(v));
    if (json_is_boolean(v))
        return ww_xstrdup(json_is_true(v) ? "ja" : "nee");
    return ww_xstrdup("");
}

static bool value_in(const json_t *list, const char *id)
{
    if (json_is_string(list))
        return strcmp(json_string_value(list), id) == 0;
    for (size_t i = 0; i < json_array_size(list); i++)
        if (json_is_string(json_array_get(list, i)) &&
            strcmp(json_string_value(json_array_get(list, i)), id) == 0)
            return true;
    return false;
}

/* ja/nee as the validator reads it: 1, 0, or -1 for neither. */
static int yes_no(const json_t *v)
{
    if (json_is_boolean(v))
        return json_is_true(v);
    static const char *const YES[] = {"true", "ja", "yes"}, *const NO[] = {"false", "nee", "no"};
    for (size_t i = 0; json_is_string(v) && i < 3; i++) {
        if (strcasecmp(json_string_value(v), YES[i]) == 0)
            return 1;
        if (strcasecmp(json_string_value(v), NO[i]) == 0)
            return 0;
    }
    return -1;
}

/* ---- Errors ----------------------------------------------------------------------------- */

/* The validator's path (locaties[2].postcode, counting from 1) as a form name
 * (locaties.1.postcode). Caller frees. */
static char *form_name_of_path(const char *path)
{
    ww_buf out = {0};
    for (const char *p = path; *p;) {
        if (*p == '[') {
            char *end;
            unsigned long n = strtoul(p + 1, &end, 10);
            if (*end != ']' || n == 0)
                break;
            ww_buf_printf(&out, ".%lu", n - 1);
            p = end + 1;
        } else {
            ww_buf_putc(&out, *p++);
        }
    }
    return out.data ? ww_buf_release(&out) : ww_xstrdup("");
}

/* Claims for the field `name` every error whose path is `name` or, when `below`, lies under it
 * (the items of a list of words or choices). Returns the messages joined, or NULL; marks each
 * claimed error with the field's HTML id. */
static char *claim_errors(json_t *errors, const char *name, bool below, const char *html_id,
                          const char *label)
{
    ww_buf out = {0};
    size_t len = strlen(name);
    for (size_t i = 0; i < json_array_size(errors); i++) {
        json_t *e = json_array_get(errors, i);
        if (json_object_get(e, "anker"))
            continue;
        char *at = form_name_of_path(json_string_value(json_object_get(e, "path")) ?: "");
        bool mine =
            strcmp(at, name) == 0 || (below && strncmp(at, name, len) == 0 && at[len] == '.');
        free(at);
        if (!mine)
            continue;
        json_object_set_new(e, "anker", json_string(html_id));
        json_object_set_new(e, "veld", json_string(label));
        ww_buf_printf(&out, "%s%s", out.len ? " " : "",
                      json_string_value(json_object_get(e, "message")) ?: "");
    }
    return out.data ? ww_buf_release(&out) : NULL;
}

/* ---- Form fields ------------------------------------------------------------------------ */

static char *html_id_of(const char *name)
{
    char *id = ww_xasprintf("veld-%s", name);
    for (char *p = id; *p; p++)
        if (*p == '.' || *p == '_')
            *p = '-';
    return id;
}

/* Every key a field template looks at is set on every field, so that a field inside a block
 * never shows its block's help text or error (templates look names up outward). */
static json_t *blank_field(const ww_field *f, const char *name)
{
    char *id = html_id_of(name);
    json_t *obj = json_pack(
        "{s:s,s:s,s:s,s:b,s:n,s:n,s:b,s:b,s:b,s:b,s:s,s:n,s:s,s:[],s:[],s:[]}", "naam", name, "id",
        id, "label", f->label ? f->label : f->name, "verplicht", f->required, "uitleg", "fout",
        "is_tekst", false, "is_tekstvak", false, "is_keuze", false, "is_blok", false, "invoer_type",
        "text", "inputmode", "waarde", "", "opties", "velden", "rijen");
    if (f->help) {
        json_object_set_new(obj, "uitleg", json_string(f->help));
        char *help_id = ww_xasprintf("%s-uitleg", id);
        json_object_set_new(obj, "uitleg_id", json_string(help_id));
        free(help_id);
    } else {
        json_object_set_new(obj, "uitleg_id", json_null());
    }
    char *error_id = ww_xasprintf("%s-fout", id);
    json_object_set_new(obj, "fout_id", json_string(error_id));
    free(error_id);
    free(id);
    return obj;
}

static void set_error(json_t *obj, char *message)
{
    if (!message)
        return;
    json_object_set_new(obj, "fout", json_string(message));
    free(message);
}

/* aria-describedby: the error first, then the help text. */
static void set_described_by(json_t *obj)
{
    const char *error = json_is_string(json_object_get(obj, "fout"))
                            ? json_string_value(json_object_get(obj, "fout_id"))
                            : NULL;
    const char *help = json_string_value(json_object_get(obj, "uitleg_id"));
    char *ids =
        ww_xasprintf("%s%s%s", error ? error : "", error && help ? " " : "", help ? help : "");
    json_object_set_new(obj, "beschreven_door", ids[0] ? json_string(ids) : json_null());
    free(ids);
}

static json_t *options(const ww_vocab *vocab, const char *html_id, const json_t *chosen,
                       bool with_none)
{
    json_t *list = json_array();
    for (size_t i = 0; i < vocab->count; i++) {
        char *id = ww_xasprintf("%s-%s", html_id, vocab->items[i].id);
        json_array_append_new(list,
                              json_pack("{s:s,s:s,s:s,s:s?,s:b}", "waarde", vocab->items[i].id,
                                        "id", id, "label", vocab->items[i].label, "toelichting",
                                        vocab->items[i].explanation, "gekozen",
                                        value_in(chosen, vocab->items[i].id)));
        free(id);
    }
    if (with_none) {
        char *id = ww_xasprintf("%s-geen", html_id);
        json_array_append_new(list,
                              json_pack("{s:s,s:s,s:s,s:n,s:b}", "waarde", "", "id", id, "label",
                                        "Niet ingevuld", "toelichting", "gekozen",
                                        !json_is_string(chosen) || !json_string_length(chosen)));
        free(id);
    }
    return list;
}

/* A list of words (or of codes of a long vocabulary, shown by label) as "a, b, c". */
static char *joined_words(const ww_field *f, const json_t *list)
{
    if (json_is_string(list))
        return ww_xstrdup(json_string_value(list));
    ww_buf out = {0};
    for (size_t i = 0; i < json_array_size(list); i++) {
        char *word = text_of(json_array_get(list, i));
        const ww_vocab_item *item =
            f->item->type == WW_TYPE_CHOICE ? ww_vocab_find(f->item->vocab, word) : NULL;
        ww_buf_printf(&out, "%s%s", i ? ", " : "", item ? item->label : word);
        free(word);
    }
    return out.data ? ww_buf_release(&out) : ww_xstrdup("");
}

static json_t *field_of(const ww_field *f, const char *name, const json_t *value, json_t *errors,
                        bool editor);

/* The fields of a block, with `prefix` before their names ("" at the top). */
static json_t *fields_of(const ww_field *block, const char *prefix, const json_t *values,
                         json_t *errors, bool editor)
{
    json_t *list = json_array();
    for (size_t i = 0; i < block->field_count; i++) {
        const ww_field *f = &block->fields[i];
        if (!prefix[0] && managed_field(f->name, editor))
            continue;
        char *name = prefix[0] ? ww_xasprintf("%s.%s", prefix, f->name) : ww_xstrdup(f->name);
        json_array_append_new(list,
                              field_of(f, name, json_object_get(values, f->name), errors, editor));
        free(name);
    }
    return list;
}

/* What a field of the form knows besides its value: its name, HTML id and label, and the
 * validator's errors still to be claimed. */
typedef struct {
    json_t *obj; /* the field as the template gets it */
    const char *name, *html_id, *label;
    json_t *errors;
    bool editor;
} form_field;

static void text_field(const ww_field *f, const json_t *value, form_field *ff)
{
    static const struct {
        ww_field_type type;
        const char *input, *mode;
    } INPUTS[] = {{WW_TYPE_DATE, "date", NULL},        {WW_TYPE_TIME, "time", NULL},
                  {WW_TYPE_EMAIL, "email", NULL},      {WW_TYPE_URL, "url", NULL},
                  {WW_TYPE_PHONE, "tel", NULL},        {WW_TYPE_NUMBER, "text", "decimal"},
                  {WW_TYPE_INTEGER, "text", "numeric"}};
    for (size_t i = 0; i < sizeof INPUTS / sizeof *INPUTS; i++)
        if (INPUTS[i].type == f->type) {
            json_object_set_new(ff->obj, "invoer_type", json_string(INPUTS[i].input));
            if (INPUTS[i].mode)
                json_object_set_new(ff->obj, "inputmode", json_string(INPUTS[i].mode));
        }
    char *text = f->type == WW_TYPE_LIST ? joined_words(f, value) : text_of(value);
    json_object_set_new(ff->obj, "waarde", json_string(text));
    free(text);
    set_error(ff->obj,
              claim_errors(ff->errors, ff->name, f->type == WW_TYPE_LIST, ff->html_id, ff->label));
}

static void yes_no_field(const json_t *value, form_field *ff)
{
    int yes = yes_no(value);
    json_t *list = json_array();
    static const struct {
        const char *value, *label;
        int means;
    } CHOICES[] = {{"ja", "Ja", 1}, {"nee", "Nee", 0}, {"", "Weet ik niet", -1}};
    for (size_t i = 0; i < 3; i++) {
        char *id =
            ww_xasprintf("%s-%s", ff->html_id, CHOICES[i].value[0] ? CHOICES[i].value : "onbekend");
        json_array_append_new(list, json_pack("{s:s,s:s,s:s,s:n,s:b}", "waarde", CHOICES[i].value,
                                              "id", id, "label", CHOICES[i].label, "toelichting",
                                              "gekozen", yes == CHOICES[i].means));
        free(id);
    }
    json_object_set_new(ff->obj, "opties", list);
    set_error(ff->obj, claim_errors(ff->errors, ff->name, false, ff->html_id, ff->label));
}

/* The rows there are, and one empty row to add another. */
static void rows_field(const ww_field *f, const json_t *value, form_field *ff)
{
    size_t max = f->has_max ? (size_t)f->max : DEFAULT_MAX_ROWS;
    size_t n = json_array_size(value), shown = n < max ? n + 1 : max;
    json_t *rows = json_array();
    const char *item_label = f->item->label ? f->item->label : f->name;
    for (size_t i = 0; i < shown; i++) {
        char *row_name = ww_xasprintf("%s.%zu", ff->name, i);
        char *row_id = html_id_of(row_name);
        char *title = i < n ? ww_xasprintf("%s %zu", item_label, i + 1)
                            : ww_xasprintf("%s %zu (nieuw, mag leeg blijven)", item_label, i + 1);
        char *error_id = ww_xasprintf("%s-fout", row_id);
        json_t *row = json_pack("{s:s,s:s,s:s,s:n,s:s}", "titel", title, "id", row_id, "fout_id",
                                error_id, "fout", "naam", row_name);
        set_error(row, claim_errors(ff->errors, row_name, false, row_id, title));
        json_object_set_new(
            row, "velden",
            fields_of(f->item, row_name, json_array_get(value, i), ff->errors, ff->editor));
        json_array_append_new(rows, row);
        free(error_id);
        free(title);
        free(row_id);
        free(row_name);
    }
    json_object_set_new(ff->obj, "rijen", rows);
    set_error(ff->obj, claim_errors(ff->errors, ff->name, false, ff->html_id, ff->label));
}

static json_t *field_of(const ww_field *f, const char *name, const json_t *value, json_t *errors,
                        bool editor)
{
    json_t *obj = blank_field(f, name);
    form_field ff = {obj,
                     name,
                     json_string_value(json_object_get(obj, "id")),
                     json_string_value(json_object_get(obj, "label")),
                     errors,
                     editor};
    kind k = kind_of(f);
    /* Radio buttons and checkboxes share one template, and so do a block and rows of blocks.
     * Radio buttons stay the browser's own (utrecht-radio-button draws its own and needs
     * tokens this theme does not set). */
    static const char *const FLAGS[] = {"is_tekst", "is_tekstvak", "is_keuze", "is_keuze",
                                        "is_keuze", "is_blok",     "is_blok"};
    json_object_set_new(obj, FLAGS[k], json_true());
    json_object_set_new(obj, "keuze_klasse",
                        json_string(k == K_CHECKBOXES ? "utrecht-checkbox" : "ww-radio"));
    if (k == K_RADIO || k == K_YESNO || k == K_CHECKBOXES)
        json_object_set_new(obj, "invoer_type",
                            json_string(k == K_CHECKBOXES ? "checkbox" : "radio"));
    switch (k) {
    case K_TEXT:
    case K_TEXTAREA:
        text_field(f, value, &ff);
        break;
    case K_RADIO:
        /* A choice that may stay empty can be emptied again; so can one inside a block, which
         * may be left out as a whole (wonen, for anything but beschermd thuis). */
        json_object_set_new(
            obj, "opties", options(f->vocab, ff.html_id, value, !f->required || strchr(name, '.')));
        set_error(obj, claim_errors(errors, name, false, ff.html_id, ff.label));
        break;
    case K_CHECKBOXES:
        json_object_set_new(obj, "opties", options(f->item->vocab, ff.html_id, value, false));
        set_error(obj, claim_errors(errors, name, true, ff.html_id, ff.label));
        break;
    case K_YESNO:
        yes_no_field(value, &ff);
        break;
    case K_BLOCK:
        json_object_set_new(obj, "velden", fields_of(f, name, value, errors, editor));
        set_error(obj, claim_errors(errors, name, false, ff.html_id, ff.label));
        break;
    case K_ROWS:
        rows_field(f, value, &ff);
        break;
    }
    set_described_by(obj);
    return obj;
}

json_t *ww_form_fields(const ww_schema *schema, const json_t *values, json_t *errors, bool editor)
{
    return fields_of(&schema->entry.root, "", values, errors, editor);
}

/* ---- The posted form -------------------------------------------------------------------- */

/* Text as typed: line breaks as \n, no spaces around it. NULL when empty. Caller frees. */
static char *tidy(const char *text)
{
    if (!text)
        return NULL;
    ww_buf out = {0};
    for (const char *p = text; *p; p++)
        if (*p != '\r')
            ww_buf_putc(&out, *p);
    char *s = out.data ? ww_buf_release(&out) : ww_xstrdup("");
    size_t start = strspn(s, " \t\n"), len = strlen(s);
    while (len > start && strchr(" \t\n", s[len - 1]))
        len--;
    char *trimmed = len > start ? ww_xstrndup(s + start, len - start) : NULL;
    free(s);
    return trimmed;
}

/* "a, b\nc" as a list of words; a word of a long vocabulary may be its label. NULL when
 * empty. */
static json_t *words_of(const ww_field *f, const char *text)
{
    json_t *list = json_array();
    char *copy = ww_xstrdup(text ? text : "");
    for (char *save = NULL, *w = strtok_r(copy, ",;\n\r", &save); w;
         w = strtok_r(NULL, ",;\n\r", &save)) {
        char *word = tidy(w);
        if (!word)
            continue;
        const ww_vocab *vocab = f->item->type == WW_TYPE_CHOICE ? f->item->vocab : NULL;
        for (size_t i = 0; vocab && i < vocab->count; i++)
            if (strcasecmp(vocab->items[i].label, word) == 0) {
                free(word);
                word = ww_xstrdup(vocab->items[i].id);
                break;
            }
        json_array_append_new(list, json_string(word));
        free(word);
    }
    free(copy);
    if (json_array_size(list) == 0) {
        json_decref(list);
        return NULL;
    }
    return list;
}

/* Which rows of list field `name` the form has a field for: present[i] for "name.<i>.",
 * i < limit. One pass over the form, however many rows it claims. */
static void rows_present(const ww_request *req, const char *name, size_t limit, bool *present)
{
    size_t len = strlen(name);
    for (size_t i = 0; i < req->form_count; i++) {
        const char *key = req->form[i].key;
        if (strncmp(key, name, len) != 0 || key[len] != '.' ||
            !isdigit((unsigned char)key[len + 1]))
            continue;
        char *end;
        unsigned long row = strtoul(key + len + 1, &end, 10);
        if (*end == '.' && row < limit)
            present[row] = true;
    }
}

static json_t *read_block(const ww_field *block, const char *prefix, const ww_request *req,
                          const json_t *managed);

/* The ticked boxes of field `name`, or NULL when none is. */
static json_t *read_checkboxes(const char *name, const ww_request *req)
{
    json_t *list = json_array();
    for (size_t i = 0; i < req->form_count; i++)
        if (strcmp(req->form[i].key, name) == 0 && req->form[i].value[0])
            json_array_append_new(list, json_string(req->form[i].value));
    if (json_array_size(list) == 0) {
        json_decref(list);
        return NULL;
    }
    return list;
}

/* Rows run from 0 as long as the form has fields for them; wholly empty ones go. NULL when no
 * row is left. */
static json_t *read_rows(const ww_field *f, const char *name, const ww_request *req)
{
    /* One row more than allowed still reaches the validator, which says so; more than that are
     * not read at all. */
    size_t max = f->has_max ? (size_t)f->max : DEFAULT_MAX_ROWS, limit = max + 1;
    bool *present = ww_xcalloc(limit, sizeof *present);
    rows_present(req, name, limit, present);
    json_t *rows = json_array();
    for (size_t i = 0; i < limit && present[i]; i++) {
        char *row_name = ww_xasprintf("%s.%zu", name, i);
        json_t *row = read_block(f->item, row_name, req, NULL);
        free(row_name);
        if (row)
            json_array_append_new(rows, row);
    }
    free(present);
    if (json_array_size(rows) == 0) {
        json_decref(rows);
        return NULL;
    }
    return rows;
}

/* The value of field `f` named `name` in the posted form, or NULL when it was left empty. */
static json_t *read_field(const ww_field *f, const char *name, const ww_request *req)
{
    const char *typed = ww_form_value(req, name);
    switch (kind_of(f)) {
    case K_TEXT:
    case K_TEXTAREA: {
        if (f->type == WW_TYPE_LIST)
            return words_of(f, typed);
        char *text = tidy(typed);
        json_t *v = text ? json_string(text) : NULL;
        free(text);
        return v;
    }
    case K_RADIO:
        return typed && typed[0] ? json_string(typed) : NULL;
    case K_YESNO:
        return !typed                      ? NULL
               : strcmp(typed, "ja") == 0  ? json_true()
               : strcmp(typed, "nee") == 0 ? json_false()
                                           : NULL;
    case K_CHECKBOXES:
        return read_checkboxes(name, req);
    case K_BLOCK:
        return read_block(f, name, req, NULL);
    case K_ROWS:
        return read_rows(f, name, req);
    }
    return NULL;
}

static json_t *read_block(const ww_field *block, const char *prefix, const ww_request *req,
                          const json_t *managed)
{
    json_t *obj = json_object();
    for (size_t i = 0; i < block->field_count; i++) {
        const ww_field *f = &block->fields[i];
        json_t *v = json_object_get(managed, f->name);
        if (v) {
            json_object_set(obj, f->name, v);
            continue;
        }
        char *name = prefix[0] ? ww_xasprintf("%s.%s", prefix, f->name) : ww_xstrdup(f->name);
        v = read_field(f, name, req);
        free(name);
        if (v)
            json_object_set_new(obj, f->name, v);
    }
    if (prefix[0] && json_object_size(obj) == 0) {
        json_decref(obj);
        return NULL;
    }
    return obj;
}

json_t *ww_form_record(const ww_schema *schema, const ww_request *req, const json_t *managed)
{
    return read_block(&schema->entry.root, "", req, managed);
}
