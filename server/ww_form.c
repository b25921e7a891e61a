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

/* ---- Messages that say what to do ---------------------------------------------------------- */

/* The validator speaks to people who write YAML files ("verplicht veld ontbreekt", "kies uit:
 * activiteit, initiatief"); beside a form field the same problem is said as what to type or
 * choose. Each rule recognises a message by a fixed part of the validator's text (ww_validate.c);
 * a message no rule knows is shown as the validator wrote it. */

/* The value the validator quoted at the start of its message ('8011' is geen postcode), or ""
 * when there is none. Caller frees. */
static char *quoted_value(const char *message, const char *marker)
{
    const char *end = strstr(message, marker);
    if (message[0] != '\'' || !end || end <= message)
        return ww_xstrdup("");
    return ww_xstrndup(message + 1, (size_t)(end - message - 1));
}

/* "beschermd-thuis" -> "beschermd thuis". Caller frees. */
static char *spoken(const char *code)
{
    char *s = ww_xstrdup(code ? code : "");
    for (char *p = s; *p; p++)
        if (*p == '-')
            *p = ' ';
    return s;
}

/* The first labels of a vocabulary as an example: "Nederlands, Engels of Arabisch". */
static char *example_labels(const ww_vocab *vocab)
{
    ww_buf out = {0};
    size_t n = vocab && vocab->count < 3 ? vocab->count : 3;
    for (size_t i = 0; vocab && i < n; i++)
        ww_buf_printf(&out, "%s%s",
                      i == 0       ? ""
                      : i + 1 == n ? " of "
                                   : ", ",
                      vocab->items[i].label);
    return out.data ? ww_buf_release(&out) : ww_xstrdup("");
}

/* What to do about a missing value of field `f`. */
static char *missing_message(const ww_field *f, const char *message)
{
    const char *when = strstr(message, "(nodig bij ");
    if (when && f->when_value) {
        /* A block (wonen): name what it needs, "Vul Woonvorm en Begeleiding in." */
        ww_buf needed = {0};
        for (size_t i = 0; f->type == WW_TYPE_BLOCK && i < f->field_count; i++)
            if (f->fields[i].required)
                ww_buf_printf(&needed, "%s%s", needed.len ? " en " : "",
                              f->fields[i].label ? f->fields[i].label : f->fields[i].name);
        char *value = spoken(f->when_value);
        char *out = needed.len
                        ? ww_xasprintf("Bij %s is dit verplicht. Vul %s in.", value, needed.data)
                        : ww_xasprintf("Bij %s is dit verplicht. Vul het in.", value);
        free(value);
        ww_buf_free(&needed);
        return out;
    }
    kind k = kind_of(f);
    if (k == K_RADIO || k == K_YESNO)
        return ww_xstrdup("Kies er één. Dit is verplicht.");
    if (k == K_CHECKBOXES)
        return ww_xstrdup("Kies er minstens één. Dit is verplicht.");
    return ww_xstrdup("Vul dit in. Dit is verplicht.");
}

/* Problems said the same way whatever the value: the validator's marker, and what to do. */
static const struct {
    const char *marker, *text; /* text may use the quoted value once, as %s */
} FIXED[] = {
    {"' is geen postcode",
     "Vul een postcode in met vier cijfers en twee letters, bijvoorbeeld 8011 AB."},
    {"' is geen geldig webadres", "Vul een webadres in, bijvoorbeeld www.buurthuis.nl."},
    {"' is geen geldig e-mailadres", "Vul een e-mailadres in, bijvoorbeeld info@buurthuis.nl."},
    {"' is geen telefoonnummer",
     "Vul een telefoonnummer in met alleen cijfers en spaties, bijvoorbeeld 038 123 45 67."},
    {"' is geen geldige datum", "Vul een datum in, bijvoorbeeld 31-12-2026."},
    {"' is geen geldige tijd", "Vul een tijd in als uu:mm, bijvoorbeeld 09:30."},
    {"' is geen getal", "Vul een getal in, bijvoorbeeld 2,50."},
    {"' is geen geheel getal", "Vul een getal in zonder komma, bijvoorbeeld 12."},
    {"' is geen ja of nee", "Kies ja of nee."},
    {"' is geen geldige code",
     "Gebruik alleen kleine letters, cijfers en streepjes, en begin met een letter."},
    {"' bestaat niet in organisaties",
     "Deze organisatie kennen we niet. Vraag de redactie om haar toe te voegen."},
    {"' staat twee keer in de lijst", "'%s' staat twee keer in de lijst. Haal er één weg."},
    {"onzichtbaar stuurteken", "In de tekst staat een onzichtbaar teken, vaak door kopiëren en "
                               "plakken. Typ de tekst opnieuw."},
    {"hoort alleen bij", "Dit hoort alleen bij een andere soort aanbod. Maak het leeg."},
    {"' moet na '", "Dit moet later zijn dan de begintijd."},
};

/* Problems with numbers in them (lengths, limits); NULL when `message` is none of them. */
static char *counted_message(const char *message)
{
    unsigned long now, limit;
    double lo, hi;
    if (sscanf(message, "te lang: %lu tekens, ten hoogste %lu", &now, &limit) == 2)
        return ww_xasprintf("Maak de tekst korter: hoogstens %lu tekens. Nu zijn het er %lu.",
                            limit, now);
    if (sscanf(message, "te kort: %lu tekens, minstens %lu", &now, &limit) == 2)
        return ww_xasprintf("Schrijf wat meer: minstens %lu tekens.", limit);
    if (sscanf(message, "de lijst heeft te veel elementen (ten hoogste %lu)", &limit) == 1)
        return ww_xasprintf("Dit zijn er te veel: hoogstens %lu.", limit);
    const char *range = strstr(message, " ligt buiten ");
    if (range && sscanf(range, " ligt buiten %lg tot en met %lg", &lo, &hi) == 2)
        return ww_xasprintf("Vul een getal in van %g tot en met %g.", lo, hi);
    return NULL;
}

/* "onbekende waarde 'x'; kies uit: ..." about field `f`. Caller frees. */
static char *unknown_value_message(const ww_field *f, const char *message)
{
    const char *start = strchr(message, '\'') + 1, *end = strstr(start, "'; kies uit");
    char *value = end ? ww_xstrndup(start, (size_t)(end - start)) : ww_xstrdup(start);
    const ww_vocab *vocab = f->type == WW_TYPE_LIST ? f->item->vocab : f->vocab;
    char *out;
    if (vocab && vocab->count > MAX_CHECKBOXES) { /* typed by name: talen */
        out = ww_xasprintf("'%s' kennen we niet. Kijk of het goed gespeld is, en zet een komma "
                           "tussen twee namen.",
                           value);
    } else {
        char *examples = example_labels(vocab);
        out = ww_xasprintf("'%s' kennen we niet. Kies uit de lijst, zoals %s.", value, examples);
        free(examples);
    }
    free(value);
    return out;
}

/* The validator's `message` about field `f` as the form says it. Caller frees. */
static char *form_message(const ww_field *f, const char *message)
{
    if (strncmp(message, "verplicht veld ontbreekt", 24) == 0 ||
        strcmp(message, "mag niet leeg zijn") == 0 ||
        strncmp(message, "geen waarde ingevuld", 20) == 0 ||
        strcmp(message, "de lijst mag niet leeg zijn") == 0)
        return missing_message(f, message);
    for (size_t i = 0; i < sizeof FIXED / sizeof *FIXED; i++)
        if (strstr(message, FIXED[i].marker)) {
            char *value = quoted_value(message, FIXED[i].marker);
            char *out = strstr(FIXED[i].text, "%s") ? ww_xasprintf(FIXED[i].text, value)
                                                    : ww_xstrdup(FIXED[i].text);
            free(value);
            return out;
        }
    char *counted = counted_message(message);
    if (counted)
        return counted;
    if (strstr(message, "onbekende waarde '"))
        return unknown_value_message(f, message);
    /* Unknown: the validator's text, as a sentence. */
    size_t len = strlen(message);
    char *out = ww_xasprintf("%s%s", message,
                             len && message[len - 1] != '.' && message[len - 1] != '?' ? "." : "");
    out[0] = (char)toupper((unsigned char)out[0]);
    return out;
}

/* Claims for the field `name` every error whose path is `name` or, when `below`, lies under it
 * (the items of a list of words or choices). Returns the messages joined, or NULL; marks each
 * claimed error with the field's HTML id. */
static char *claim_errors(json_t *errors, const ww_field *f, const char *name, bool below,
                          const char *html_id, const char *label)
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
        char *said = form_message(f, json_string_value(json_object_get(e, "message")) ?: "");
        json_object_set_new(e, "anker", json_string(html_id));
        json_object_set_new(e, "veld", json_string(label));
        json_object_set_new(e, "message", json_string(said));
        ww_buf_printf(&out, "%s%s", out.len ? " " : "", said);
        free(said);
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

/* Sets obj[key] to the string `owned`, which it frees. */
static void ww_set_owned(json_t *obj, const char *key, char *owned)
{
    json_object_set_new(obj, key, json_string(owned));
    free(owned);
}

/* Every key a field template looks at is set on every field, so that a field inside a block
 * never shows its block's help text or error (templates look names up outward). */
static json_t *blank_field(const ww_field *f, const char *name, const char *only)
{
    char *id = html_id_of(name);
    json_t *obj = json_pack(
        "{s:s,s:s,s:s,s:b,s:n,s:n,s:b,s:b,s:b,s:b,s:s,s:n,s:s,s:[],s:[],s:[],s:[],s:n,s:b,s:n}",
        "naam", name, "id", id, "label", f->label ? f->label : f->name, "verplicht",
        f->required && !only, "uitleg", "fout", "is_tekst", false, "is_tekstvak", false, "is_keuze",
        false, "is_blok", false, "invoer_type", "text", "inputmode", "waarde", "", "opties",
        "velden", "rijen", "meer", "meer_titel", "meer_open", false, "verplicht_bij");
    /* Inside a block for one soort, "(verplicht)" alone would be wrong on every other soort. */
    if (f->required && only)
        ww_set_owned(obj, "verplicht_bij", ww_xasprintf("verplicht bij %s", only));
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
                        bool editor, const char *only);

/* The fields of a block, with `prefix` before their names ("" at the top). `only` names the
 * soort the block belongs to ("beschermd thuis"), NULL when it is always asked. */
static json_t *fields_of(const ww_field *block, const char *prefix, const json_t *values,
                         json_t *errors, bool editor, const char *only)
{
    json_t *list = json_array();
    for (size_t i = 0; i < block->field_count; i++) {
        const ww_field *f = &block->fields[i];
        if (!prefix[0] && managed_field(f->name, editor))
            continue;
        char *name = prefix[0] ? ww_xasprintf("%s.%s", prefix, f->name) : ww_xstrdup(f->name);
        json_array_append_new(
            list, field_of(f, name, json_object_get(values, f->name), errors, editor, only));
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
    const ww_field *field;
    const char *only; /* see fields_of */
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
    set_error(ff->obj, claim_errors(ff->errors, f, ff->name, f->type == WW_TYPE_LIST, ff->html_id,
                                    ff->label));
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
    set_error(ff->obj,
              claim_errors(ff->errors, ff->field, ff->name, false, ff->html_id, ff->label));
}

/* Fields of a row that few partners know (a location's coordinates: the map takes them from
 * the postcode later) move from the row's "velden" into "meer", shown folded away under "Meer
 * over de locatie"; their values are still in the form, so an edit keeps them as they were. */
static const char *const FOLDED_AWAY[] = {"lat", "lon"};

static bool folded_away(const char *name)
{
    const char *last = strrchr(name, '.');
    last = last ? last + 1 : name;
    for (size_t i = 0; i < sizeof FOLDED_AWAY / sizeof *FOLDED_AWAY; i++)
        if (strcmp(last, FOLDED_AWAY[i]) == 0)
            return true;
    return false;
}

static void more_of_row(json_t *row, const ww_field *item, json_t *fields)
{
    json_t *more = json_array();
    bool error = false;
    for (size_t i = 0; i < json_array_size(fields);) {
        json_t *field = json_array_get(fields, i);
        if (folded_away(json_string_value(json_object_get(field, "naam")))) {
            error = error || json_is_string(json_object_get(field, "fout"));
            json_array_append(more, field);
            json_array_remove(fields, i);
        } else {
            i++;
        }
    }
    if (json_array_size(more)) {
        char *label = ww_xstrdup(item->label ? item->label : item->name);
        label[0] = (char)tolower((unsigned char)label[0]);
        ww_set_owned(row, "meer_titel", ww_xasprintf("Meer over de %s", label));
        free(label);
        json_object_set_new(row, "meer_open", json_boolean(error));
    } else {
        json_object_set_new(row, "meer_titel", json_null());
        json_object_set_new(row, "meer_open", json_false());
    }
    json_object_set_new(row, "meer", more);
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
        set_error(row, claim_errors(ff->errors, f->item, row_name, false, row_id, title));
        json_t *fields = fields_of(f->item, row_name, json_array_get(value, i), ff->errors,
                                   ff->editor, ff->only);
        json_object_set_new(row, "velden", fields);
        more_of_row(row, f->item, fields);
        json_array_append_new(rows, row);
        free(error_id);
        free(title);
        free(row_id);
        free(row_name);
    }
    json_object_set_new(ff->obj, "rijen", rows);
    set_error(ff->obj, claim_errors(ff->errors, f, ff->name, false, ff->html_id, ff->label));
}

static json_t *field_of(const ww_field *f, const char *name, const json_t *value, json_t *errors,
                        bool editor, const char *only)
{
    json_t *obj = blank_field(f, name, only);
    form_field ff = {obj,
                     name,
                     json_string_value(json_object_get(obj, "id")),
                     json_string_value(json_object_get(obj, "label")),
                     errors,
                     editor,
                     f,
                     only};
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
        set_error(obj, claim_errors(errors, f, name, false, ff.html_id, ff.label));
        break;
    case K_CHECKBOXES:
        json_object_set_new(obj, "opties", options(f->item->vocab, ff.html_id, value, false));
        set_error(obj, claim_errors(errors, f, name, true, ff.html_id, ff.label));
        break;
    case K_YESNO:
        yes_no_field(value, &ff);
        break;
    case K_BLOCK: {
        /* A block asked for one soort only (wonen): its required fields say for which. */
        char *block_only = f->only_value ? spoken(f->only_value) : NULL;
        json_object_set_new(
            obj, "velden",
            fields_of(f, name, value, errors, editor, block_only ? block_only : only));
        free(block_only);
        set_error(obj, claim_errors(errors, f, name, false, ff.html_id, ff.label));
        break;
    }
    case K_ROWS:
        rows_field(f, value, &ff);
        break;
    }
    set_described_by(obj);
    return obj;
}

json_t *ww_form_fields(const ww_schema *schema, const json_t *values, json_t *errors, bool editor)
{
    return fields_of(&schema->entry.root, "", values, errors, editor, NULL);
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

/* A web address as volunteers type it: "www.buurthuis.nl" or "buurthuis.nl/agenda" is meant as
 * https://www.buurthuis.nl, and is stored so. Anything with a scheme, or that does not look like
 * a host name (no dot before the first slash, spaces), stays as typed for the validator to
 * judge. Takes `text` (owned) and returns the address (caller frees). */
static char *web_address(char *text)
{
    /* "HTTPS://..." as some phones capitalise it: the scheme in lower case. */
    for (size_t i = 0;
         i < 5 && strncasecmp(text, "http", 4) == 0 && isalpha((unsigned char)text[i]); i++)
        text[i] = (char)tolower((unsigned char)text[i]);
    if (strstr(text, "://") || strncasecmp(text, "mailto:", 7) == 0)
        return text;
    size_t host = strcspn(text, "/?#");
    bool looks_like_host = isalnum((unsigned char)text[0]) && host > 3 && memchr(text, '.', host) &&
                           text[host - 1] != '.' && !strpbrk(text, " \t\n\"<>\\");
    if (!looks_like_host)
        return text;
    char *address = ww_xasprintf("https://%s", text);
    free(text);
    return address;
}

/* Whether top-level field `f` counts in this form: a field for one soort only (wonen, alleen_bij
 * soort: beschermd-thuis) is ignored when the form chose another soort, so that what a partner
 * typed there before changing the soort is no error; the validator refuses such a field in a
 * file or a PUT. */
static bool asked_for(const ww_field *f, const ww_request *req)
{
    if (!f->only_field)
        return true;
    const char *chosen = ww_form_value(req, f->only_field);
    return chosen && f->only_value && strcmp(chosen, f->only_value) == 0;
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
        if (text && f->type == WW_TYPE_URL)
            text = web_address(text);
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
        if (!prefix[0] && !asked_for(f, req))
            continue;
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

/* ---- Sections --------------------------------------------------------------------------- */

/* The form in parts a volunteer can take one at a time, also on a phone. A field that no
 * section names (a new one in the schema) lands in the last, "Overige gegevens", so it is never
 * lost; a field asked for one soort only gets a section of its own, titled by its label. */
static const struct {
    const char *id, *title;
    const char *const fields[9];
} SECTIONS[] = {
    {"wat", "Wat is het?", {"soort", "titel", "samenvatting", "beschrijving", "organisatie"}},
    {"wie-waar", "Voor wie en waar?", {"doelgroepen", "wijken", "locaties", "talen"}},
    {"wanneer",
     "Wanneer en wat kost het?",
     {"tijden", "tijden_toelichting", "kosten", "geldig_tot"}},
    {"meedoen", "Hoe doet iemand mee? En contact", {"toegang", "contact"}},
    {"onderwerp", "Onderwerp en zoekwoorden", {"ambities", "leefgebieden", "trefwoorden"}},
};

static bool in_section(size_t section, const char *name)
{
    size_t room = sizeof SECTIONS[0].fields / sizeof SECTIONS[0].fields[0];
    for (size_t i = 0; i < room && SECTIONS[section].fields[i]; i++)
        if (strcmp(SECTIONS[section].fields[i], name) == 0)
            return true;
    return false;
}

static const ww_field *top_field(const ww_schema *schema, const char *name)
{
    for (size_t i = 0; i < schema->entry.root.field_count; i++)
        if (strcmp(schema->entry.root.fields[i].name, name) == 0)
            return &schema->entry.root.fields[i];
    return NULL;
}

/* Whether a field of the form (or anything inside it) shows an error. */
static bool shows_error(const json_t *field)
{
    if (json_is_string(json_object_get(field, "fout")))
        return true;
    static const char *const INNER[] = {"velden", "rijen", "meer"};
    for (size_t k = 0; k < 3; k++) {
        const json_t *list = json_object_get(field, INNER[k]);
        for (size_t i = 0; i < json_array_size(list); i++)
            if (shows_error(json_array_get(list, i)))
                return true;
    }
    return false;
}

static json_t *new_section(const char *id, const char *title)
{
    char *html_id = ww_xasprintf("deel-%s", id);
    json_t *section = json_pack("{s:s,s:s,s:[],s:b,s:n,s:n}", "id", html_id, "titel", title,
                                "velden", "open", false, "alleen_bij_veld", "alleen_bij_waarde");
    free(html_id);
    return section;
}

json_t *ww_form_sections(const ww_schema *schema, json_t *fields, const json_t *values)
{
    size_t fixed = sizeof SECTIONS / sizeof *SECTIONS;
    json_t *sections = json_array();
    for (size_t i = 0; i < fixed; i++)
        json_array_append_new(sections, new_section(SECTIONS[i].id, SECTIONS[i].title));
    json_t *rest = new_section("overig", "Overige gegevens");
    for (size_t i = 0; i < json_array_size(fields); i++) {
        json_t *field = json_array_get(fields, i);
        const char *name = json_string_value(json_object_get(field, "naam"));
        const ww_field *f = top_field(schema, name);
        json_t *home = NULL;
        for (size_t k = 0; k < fixed && !home; k++)
            if (in_section(k, name))
                home = json_array_get(sections, k);
        if (!home && f && f->only_field) {
            home = new_section(name, f->label ? f->label : name);
            json_object_set_new(home, "alleen_bij_veld", json_string(f->only_field));
            json_object_set_new(home, "alleen_bij_waarde", json_string(f->only_value));
            /* Open where it applies; folded away (and hidden by the script) elsewhere. */
            const char *chosen = json_string_value(json_object_get(values, f->only_field));
            json_object_set_new(home, "open",
                                json_boolean(chosen && strcmp(chosen, f->only_value) == 0));
            json_array_append_new(sections, home);
        }
        if (!home)
            home = rest;
        json_array_append(json_object_get(home, "velden"), field);
        if (shows_error(field))
            json_object_set_new(home, "open", json_true());
    }
    json_decref(fields);
    if (json_array_size(json_object_get(rest, "velden")))
        json_array_append(sections, rest);
    json_decref(rest);
    /* Empty sections go; the first is always open. */
    for (size_t i = 0; i < json_array_size(sections);) {
        json_t *section = json_array_get(sections, i);
        if (json_array_size(json_object_get(section, "velden")) == 0) {
            json_array_remove(sections, i);
            continue;
        }
        if (i == 0)
            json_object_set_new(section, "open", json_true());
        char *number = ww_xasprintf("Stap %zu", i + 1);
        json_object_set_new(section, "stap", json_string(number));
        free(number);
        i++;
    }
    return sections;
}
