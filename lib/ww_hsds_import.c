/* ww_hsds_import.c -- HSDS 3.0 services in, catalog files out (see ww_hsds_import.h). */
#include "ww_hsds_import.h"

#include "ww_fs.h"
#include "ww_hsds.h"
#include "ww_hsds_read.h"
#include "ww_json.h"
#include "ww_record.h"
#include "ww_time.h"
#include "ww_text.h"
#include "ww_util.h"
#include "ww_validate.h"
#include "ww_yaml.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

/* Lines of one record's report at most; the rest are counted. */
#define MAX_NOTES 200
/* How many objects with one id the report compares to find copies of one another (HSDS repeats
 * phones, schedules and contacts in several places); past it, copies are reported again. */
#define MAX_SEEN 50
/* Tries of <id>-2, <id>-3, ... for an id that the catalog has for another service. */
#define MAX_SUFFIX 100

struct ww_hsds_import {
    ww_hsds_import_options o;
    ww_hsds_read read;    /* the services of every document, and what they name by id */
    json_t *org_ids;      /* HSDS organization id (or name) -> our id, decided this run */
    json_t *org_state;    /* our organisation id -> true (usable) or false (rejected), this run */
    json_t *entry_ids;    /* our entry ids taken this run -> true */
    json_t *catalog_orgs; /* the ids in <catalog>/organisaties, read once */
    ww_hsds_import_stats stats;
    int failed; /* a write failed: errmsg says why */
    char *errmsg;
};

/* ---- Small things ----------------------------------------------------------------------- */

static const char *text_of(const json_t *o, const char *key)
{
    return json_string_value(json_object_get(o, key));
}

static void say(ww_hsds_import *imp, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void say(ww_hsds_import *imp, const char *fmt, ...)
{
    if (!imp->o.report)
        return;
    va_list ap;
    va_start(ap, fmt);
    vfprintf(imp->o.report, fmt, ap);
    va_end(ap);
    fputc('\n', imp->o.report);
}

/* Text as a catalog field holds it: control characters become spaces, \r\n becomes \n, and with
 * `one_line` every run of white space one space; trimmed. NULL when nothing is left. */
static char *clean(const char *s, bool one_line)
{
    if (!s)
        return NULL;
    ww_buf b = {0};
    for (const char *p = s; *p; p++) {
        unsigned char c = (unsigned char)*p;
        if (c == '\r' && p[1] == '\n')
            continue;
        bool space = c < 0x20 || c == 0x7F;
        if (space && !one_line && (c == '\n' || c == '\t'))
            space = false;
        if (space || (one_line && c == ' ')) {
            if (b.len && b.data[b.len - 1] != ' ' && b.data[b.len - 1] != '\n')
                ww_buf_putc(&b, ' ');
            continue;
        }
        if (c == '\n')
            while (b.len && b.data[b.len - 1] == ' ')
                b.data[--b.len] = '\0';
        ww_buf_putc(&b, (char)c);
    }
    size_t start = 0;
    while (start < b.len && isspace((unsigned char)b.data[start]))
        start++;
    while (b.len > start && isspace((unsigned char)b.data[b.len - 1]))
        b.data[--b.len] = '\0';
    char *out = start < b.len ? ww_xstrdup(b.data + start) : NULL;
    ww_buf_free(&b);
    return out;
}

/* Bytes of the first `chars` code points of valid UTF-8 `s`. */
static size_t utf8_prefix(const char *s, size_t chars)
{
    size_t i = 0;
    for (size_t n = 0; s[i] && n < chars; n++)
        do
            i++;
        while ((s[i] & 0xC0) == 0x80);
    return i;
}

/* `s`, or when longer than `max` characters its beginning up to a space where there is one near
 * the end, and "…". *cut says whether it was shortened. New string. */
static char *shorten(const char *s, size_t max, bool *cut)
{
    *cut = ww_utf8_length(s, strlen(s)) > max;
    if (!*cut)
        return ww_xstrdup(s);
    size_t end = utf8_prefix(s, max - 1), keep = end;
    while (keep > end * 7 / 10 && s[keep] != ' ')
        keep--;
    if (s[keep] != ' ')
        keep = end;
    while (keep && isspace((unsigned char)s[keep - 1]))
        keep--;
    return ww_xasprintf("%.*s…", (int)keep, s);
}

/* A catalog id made of a name: folded, a-z and 0-9 with hyphens between, starting with a letter,
 * at most 75 characters, so that "-100" still fits in an id. NULL when the name has no such
 * letters. */
static char *slug(const char *name)
{
    char *folded = name ? ww_fold(name) : NULL;
    if (!folded)
        return NULL;
    ww_buf b = {0};
    for (const char *p = folded; *p && b.len < 70; p++) {
        char c = *p;
        if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))
            ww_buf_putc(&b, c);
        else if (b.len && b.data[b.len - 1] != '-')
            ww_buf_putc(&b, '-');
    }
    free(folded);
    while (b.len && b.data[b.len - 1] == '-')
        b.data[--b.len] = '\0';
    if (!b.len) {
        ww_buf_free(&b);
        return NULL;
    }
    char *id = b.data[0] >= 'a' && b.data[0] <= 'z' && b.len >= 3 ? ww_xstrdup(b.data)
                                                                  : ww_xasprintf("hsds-%s", b.data);
    ww_buf_free(&b);
    return id;
}

/* A number, also one written as text (HSDS's tabular form is text). */
static bool number_in(const json_t *v, double *out)
{
    if (json_is_number(v)) {
        *out = json_number_value(v);
        return isfinite(*out);
    }
    const char *s = json_string_value(v);
    if (!s || !*s)
        return false;
    char *end;
    errno = 0;
    *out = strtod(s, &end);
    return errno == 0 && end != s && *end == '\0' && isfinite(*out);
}

static json_t *number_text(double x)
{
    char text[40];
    snprintf(text, sizeof text, "%.15g", x);
    return json_string(text);
}

/* A phone number as the catalog takes it: digits, spaces, + - ( ); dots and slashes become
 * spaces, quotes go. NULL when it holds letters or too few or many digits. */
static char *phone_number(const char *s)
{
    ww_buf b = {0};
    size_t digits = 0;
    for (const char *p = s; *p; p++) {
        char c = *p;
        if (isdigit((unsigned char)c))
            digits++;
        if (c == '.' || c == '/' || c == '\t')
            c = ' ';
        if (c == '"' || c == '\'' || (c == ' ' && (!b.len || b.data[b.len - 1] == ' ')))
            continue;
        if (!isdigit((unsigned char)c) && !strchr(" +-()", c)) {
            ww_buf_free(&b);
            return NULL;
        }
        ww_buf_putc(&b, c);
    }
    while (b.len && b.data[b.len - 1] == ' ')
        b.data[--b.len] = '\0';
    if (digits < 3 || digits > 15) {
        ww_buf_free(&b);
        return NULL;
    }
    return ww_buf_release(&b);
}

/* A web address with its scheme ("www.x.nl" -> "https://www.x.nl"). */
static char *web_address(const char *s)
{
    if (strncasecmp(s, "http://", 7) == 0 || strncasecmp(s, "https://", 8) == 0 || strchr(s, ' ') ||
        !strchr(s, '.') || strchr(s, '@'))
        return ww_xstrdup(s);
    return ww_xasprintf("https://%s", s);
}

static char *email_address(const char *s)
{
    return ww_xstrdup(strncasecmp(s, "mailto:", 7) == 0 ? s + 7 : s);
}

/* ---- A set of JSON nodes: what the mapping took ------------------------------------------ */

typedef struct {
    const void **slots;
    size_t cap, count;
} ptrset;

static size_t ptr_hash(const void *p)
{
    uint64_t x = (uint64_t)(uintptr_t)p;
    x ^= x >> 33;
    x *= 0xff51afd7ed558ccdULL;
    x ^= x >> 33;
    return (size_t)x;
}

static bool ptrset_has(const ptrset *s, const void *p)
{
    if (!s->cap)
        return false;
    for (size_t i = ptr_hash(p) & (s->cap - 1);; i = (i + 1) & (s->cap - 1)) {
        if (!s->slots[i])
            return false;
        if (s->slots[i] == p)
            return true;
    }
}

static void ptrset_add(ptrset *s, const void *p)
{
    if (!p || ptrset_has(s, p))
        return;
    if (2 * (s->count + 1) > s->cap) {
        ptrset bigger = {ww_xcalloc(s->cap ? 2 * s->cap : 64, sizeof(void *)),
                         s->cap ? 2 * s->cap : 64, 0};
        for (size_t i = 0; i < s->cap; i++)
            if (s->slots[i])
                ptrset_add(&bigger, s->slots[i]);
        free(s->slots);
        *s = bigger;
    }
    size_t i = ptr_hash(p) & (s->cap - 1);
    while (s->slots[i])
        i = (i + 1) & (s->cap - 1);
    s->slots[i] = p;
    s->count++;
}

static void ptrset_free(ptrset *s)
{
    free(s->slots);
    *s = (ptrset){0};
}

/* ---- One record being made: its fields, its notes, what it took -------------------------- */

typedef struct {
    ww_hsds_import *imp;
    const json_t *source;   /* the HSDS service or organization */
    ptrset used;            /* nodes of `source` that the record holds */
    json_t *fields;         /* the record's fields, in any order */
    json_t *notes;          /* report lines, without the file */
    size_t dropped;         /* notes past MAX_NOTES */
    json_t *own;            /* our own taxonomy's code -> [values] */
    json_t *codes;          /* field -> [codes] from attributes and words */
    json_t *schedule_notes; /* [text] for tijden_toelichting */
} conv;

static void note(conv *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void note(conv *c, const char *fmt, ...)
{
    if (json_array_size(c->notes) >= MAX_NOTES) {
        c->dropped++;
        return;
    }
    va_list ap;
    va_start(ap, fmt);
    char *line = ww_xvasprintf(fmt, ap);
    va_end(ap);
    /* One line of valid text: it goes into a YAML comment and a terminal. */
    ww_utf8_repair(line);
    for (char *p = line; *p; p++)
        if ((unsigned char)*p < 0x20 || *p == 0x7F)
            *p = ' ';
    json_array_append_new(c->notes, json_string(line));
    free(line);
}

static void use(conv *c, const json_t *node)
{
    ptrset_add(&c->used, node);
}

/* The text of o.key, cleaned, and taken; NULL (and not taken) when it is no text or empty. */
static char *take_text(conv *c, const json_t *o, const char *key, bool one_line)
{
    const json_t *v = json_object_get(o, key);
    char *s = clean(json_string_value(v), one_line);
    if (s)
        use(c, v);
    return s;
}

/* Sets field `name` to text `s` (taken over), shortened to `max` characters with a note. */
static void set_text(conv *c, json_t *into, const char *name, char *s, size_t max)
{
    if (!s)
        return;
    bool cut;
    char *short_s = shorten(s, max, &cut);
    if (cut)
        note(c, "%s ingekort tot %zu tekens (was %zu)", name, max, ww_utf8_length(s, strlen(s)));
    json_object_set_new(into, name, json_string(short_s));
    free(short_s);
    free(s);
}

/* The codes gathered for `field` (an array the conv owns). */
static json_t *codes_of(conv *c, const char *field)
{
    json_t *list = json_object_get(c->codes, field);
    if (!list) {
        list = json_array();
        json_object_set_new(c->codes, field, list);
    }
    return list;
}

static void add_code(conv *c, const char *field, const char *code)
{
    json_t *list = codes_of(c, field);
    size_t i;
    json_t *v;
    json_array_foreach(list, i, v) if (strcmp(json_string_value(v), code) == 0) return;
    json_array_append_new(list, json_string(code));
}

static const ww_hsds_mapping *mapping(const conv *c)
{
    return c->imp->o.mapping;
}

static const char *vocab_label(const conv *c, const char *vocab, const char *id)
{
    const ww_vocab_item *item = ww_vocab_find(ww_schema_vocab(c->imp->o.schema, vocab), id);
    return item ? item->label : NULL;
}

/* ---- The report: what the record did not take ------------------------------------------- */

/* Keys that only join HSDS objects to one another: nothing to take over or to lose. */
static bool joining_key(const char *key)
{
    static const char *const KEYS[] = {
        "id",        "service_id",  "location_id", "organization_id",  "service_at_location_id",
        "phone_id",  "contact_id",  "link_id",     "taxonomy_term_id", "taxonomy_id",
        "link_type", "link_entity", "parent_id",   "resource_id",      "program_id",
    };
    for (size_t i = 0; i < sizeof KEYS / sizeof *KEYS; i++)
        if (strcmp(key, KEYS[i]) == 0)
            return true;
    return false;
}

static bool is_empty(const json_t *v)
{
    return json_is_null(v) || (json_is_string(v) && !*json_string_value(v)) ||
           (json_is_array(v) && !json_array_size(v)) || (json_is_object(v) && !json_object_size(v));
}

/* Whether the record took `node` or anything inside it. */
static bool touched(const conv *c, const json_t *node, unsigned depth)
{
    if (ptrset_has(&c->used, node))
        return true;
    if (depth > WW_HSDS_MAX_DEPTH)
        return false;
    const char *key;
    json_t *v;
    size_t i;
    if (json_is_object(node)) {
        json_object_foreach((json_t *)node, key,
                            v) if (!joining_key(key) && touched(c, v, depth + 1)) return true;
    } else if (json_is_array(node)) {
        json_array_foreach(node, i, v) if (touched(c, v, depth + 1)) return true;
    }
    return false;
}

typedef struct {
    conv *c;
    json_t *touched_ids; /* id -> [objects with that id that the record took (part of)] */
    json_t *walked;      /* id -> [objects with that id the report went through] */
    ww_buf path;
} walker;

/* Whether `index` (id -> [objects]) holds an object equal to `o` but not `o` itself. */
static bool has_copy(const json_t *index, const json_t *o)
{
    const char *id = text_of(o, "id");
    size_t i;
    json_t *v;
    json_array_foreach(json_object_get(index, id ? id : ""), i,
                       v) if (v != o && json_equal(v, (json_t *)o)) return true;
    return false;
}

static void remember(json_t *index, const json_t *o)
{
    const char *id = text_of(o, "id");
    if (!id)
        return;
    json_t *list = json_object_get(index, id);
    if (!list) {
        list = json_array();
        json_object_set_new(index, id, list);
    }
    if (json_array_size(list) < MAX_SEEN)
        json_array_append(list, (json_t *)o);
}

static void gather_touched(walker *w, const json_t *node, unsigned depth)
{
    if (depth > WW_HSDS_MAX_DEPTH || !touched(w->c, node, depth))
        return;
    if (json_is_object(node))
        remember(w->touched_ids, node);
    if (ptrset_has(&w->c->used, node))
        return;
    const char *key;
    json_t *v;
    size_t i;
    if (json_is_object(node))
        json_object_foreach((json_t *)node, key, v) gather_touched(w, v, depth + 1);
    else if (json_is_array(node))
        json_array_foreach(node, i, v) gather_touched(w, v, depth + 1);
}

/* A key as a report spells it: printable, at most 60 bytes of whole characters. */
static void put_key(ww_buf *b, const char *key)
{
    size_t n = strlen(key);
    if (n > 60) {
        n = 60;
        while (n && ((unsigned char)key[n] & 0xC0) == 0x80)
            n--;
    }
    for (size_t i = 0; i < n; i++)
        ww_buf_putc(b, (unsigned char)key[i] < 0x20 || key[i] == 0x7F ? '?' : key[i]);
}

/* What a report adds about an attribute: the term to put in the mapping file. */
static void attribute_hint(walker *w, const json_t *node)
{
    const json_t *term = json_object_get(node, "taxonomy_term");
    const char *name = text_of(term, "name"), *code = text_of(term, "code");
    const char *tax = text_of(term, "taxonomy");
    if (!name && !code)
        note(w->c, "niet overgenomen: %s", w->path.data);
    else
        note(w->c, "niet overgenomen: %s (term '%s'%s%s%s; zie %s)", w->path.data,
             name ? name : code, tax ? " van taxonomie '" : "", tax ? tax : "", tax ? "'" : "",
             ww_hsds_mapping_file(mapping(w->c)));
}

static void walk(walker *w, const json_t *node, unsigned depth);

static void walk_children(walker *w, const json_t *node, unsigned depth)
{
    size_t len = w->path.len, i;
    const char *key;
    json_t *v;
    if (json_is_object(node)) {
        json_object_foreach((json_t *)node, key, v)
        {
            if (joining_key(key) && !json_is_object(v) && !json_is_array(v))
                continue;
            ww_buf_putc(&w->path, '.');
            put_key(&w->path, key);
            walk(w, v, depth + 1);
            w->path.len = len;
            w->path.data[len] = '\0';
        }
    } else {
        json_array_foreach(node, i, v)
        {
            ww_buf_printf(&w->path, "[%zu]", i + 1);
            walk(w, v, depth + 1);
            w->path.len = len;
            w->path.data[len] = '\0';
        }
    }
}

/* Remembers the objects inside `node`, reported whole, so that later copies go unsaid. */
static void remember_all(walker *w, const json_t *node, unsigned depth)
{
    const char *key;
    json_t *v;
    size_t i;
    if (depth > WW_HSDS_MAX_DEPTH)
        return;
    if (json_is_object(node)) {
        remember(w->walked, node);
        json_object_foreach((json_t *)node, key, v) remember_all(w, v, depth + 1);
    } else if (json_is_array(node)) {
        json_array_foreach(node, i, v) remember_all(w, v, depth + 1);
    }
}

/* Whether every item of a list is a copy of an object reported or taken elsewhere. */
static bool only_copies(const walker *w, const json_t *list)
{
    size_t i;
    json_t *v;
    json_array_foreach(
        list, i, v) if (!json_is_object(v) ||
                        !(has_copy(w->walked, v) || has_copy(w->touched_ids, v))) return false;
    return true;
}

/* Whether a list holds attributes: each is reported by itself, with its term. */
static bool has_attributes(const json_t *list)
{
    size_t i;
    json_t *v;
    json_array_foreach(list, i, v) if (json_object_get(v, "taxonomy_term")) return true;
    return false;
}

static void walk(walker *w, const json_t *node, unsigned depth)
{
    if (ptrset_has(&w->c->used, node) || is_empty(node))
        return;
    bool took = touched(w->c, node, depth);
    if (json_is_object(node)) {
        /* A copy of an object reported (or taken) elsewhere says nothing new. */
        if (has_copy(w->walked, node) || (!took && has_copy(w->touched_ids, node)))
            return;
        remember(w->walked, node);
    } else if (json_is_array(node) && !took && only_copies(w, node)) {
        return;
    }
    if ((took || (json_is_array(node) && has_attributes(node))) && depth <= WW_HSDS_MAX_DEPTH) {
        walk_children(w, node, depth);
    } else if (json_is_object(node) && json_object_get(node, "taxonomy_term")) {
        attribute_hint(w, node);
    } else {
        note(w->c, "niet overgenomen: %s", w->path.data);
        remember_all(w, node, depth);
    }
}

/* Notes every field of the source that the record did not take, `root` naming the source. */
static void report_untaken(conv *c, const char *root)
{
    walker w = {c, json_object(), json_object(), {0}};
    gather_touched(&w, c->source, 0);
    ww_buf_puts(&w.path, root);
    if (touched(c, c->source, 0)) {
        /* The service's own fields first: its locations repeat its phones, schedules and
         * contacts, which are best named where they belong. */
        json_t *own = json_copy((json_t *)c->source);
        json_t *places = json_object_get(c->source, "service_at_locations");
        json_object_del(own, "service_at_locations");
        walk_children(&w, own, 0);
        ww_buf_puts(&w.path, ".service_at_locations");
        if (places)
            walk(&w, places, 1);
        json_decref(own);
    } else {
        note(c, "niet overgenomen: %s", root);
    }
    json_decref(w.touched_ids);
    json_decref(w.walked);
    ww_buf_free(&w.path);
}

/* ---- Attributes: our taxonomies, our own fields, and foreign terms ----------------------- */

/* The codes of our own taxonomy (ww_hsds.h) that the import reads. */
static const char *const OWN_CODES[] = {"id",       "samenvatting",    "trefwoorden",
                                        "plaatsen", "wachttijd_weken", "geldig_tot"};

static bool own_code(const char *code)
{
    for (size_t i = 0; i < sizeof OWN_CODES / sizeof *OWN_CODES; i++)
        if (strcmp(OWN_CODES[i], code) == 0)
            return true;
    return false;
}

/* The first value of our own field `code`, or NULL. */
static const char *own_value(const conv *c, const char *code)
{
    return json_string_value(json_array_get(json_object_get(c->own, code), 0));
}

static const char *taxonomy_name(const json_t *term)
{
    const char *t = text_of(term, "taxonomy");
    return t ? t : text_of(json_object_get(term, "taxonomy_detail"), "name");
}

/* The entry field of one of our taxonomies ("wegwijzer:woonvormen" -> "wonen.woonvorm"), or
 * NULL for a taxonomy that is not ours. */
static const char *our_field(const char *taxonomy)
{
    static const char PREFIX[] = "wegwijzer:";
    if (!taxonomy || strncmp(taxonomy, PREFIX, sizeof PREFIX - 1) != 0)
        return NULL;
    const char *name = taxonomy + sizeof PREFIX - 1;
    for (size_t i = 0; i < WW_HSDS_TAXONOMY_COUNT; i++) {
        const char *field = WW_HSDS_TAXONOMIES[i].field;
        if (strcmp(name, WW_HSDS_TAXONOMIES[i].vocab) != 0 && strcmp(name, field) != 0)
            continue;
        if (strcmp(field, "kosten") == 0)
            return "kosten.soort";
        if (strcmp(field, "woonvorm") == 0)
            return "wonen.woonvorm";
        if (strcmp(field, "begeleiding") == 0)
            return "wonen.begeleiding";
        return field;
    }
    return NULL;
}

static const json_t *term_of(const conv *c, const json_t *attribute)
{
    const json_t *t = json_object_get(attribute, "taxonomy_term");
    if (json_is_object(t))
        return t;
    const char *id = text_of(attribute, "taxonomy_term_id");
    return id ? json_object_get(c->imp->read.terms, id) : NULL;
}

/* A foreign term through the mapping file: true when any field took it. */
static bool map_term(conv *c, const char *code, const char *name)
{
    bool any = false;
    for (size_t i = 0; i < WW_HSDS_MAPPED_FIELD_COUNT; i++) {
        const char *field = WW_HSDS_MAPPED_FIELDS[i];
        json_t *found = json_array();
        bool hit = ww_hsds_mapping_match(mapping(c), field, code, false, found);
        hit = ww_hsds_mapping_match(mapping(c), field, name, false, found) || hit;
        size_t k;
        json_t *v;
        json_array_foreach(found, k, v) add_code(c, field, json_string_value(v));
        json_decref(found);
        any = any || hit;
    }
    return any;
}

static void read_attribute(conv *c, const json_t *attribute)
{
    const json_t *term = term_of(c, attribute);
    const char *tax = taxonomy_name(term), *code = text_of(term, "code");
    const char *value = text_of(attribute, "value");
    if (tax && code && strcmp(tax, WW_HSDS_OWN_TAXONOMY) == 0) {
        if (value && own_code(code)) {
            json_t *list = json_object_get(c->own, code);
            if (!list)
                json_object_set_new(c->own, code, list = json_array());
            json_array_append_new(list, json_string(value));
            use(c, attribute);
        }
        return;
    }
    const char *field = our_field(tax);
    if (field && strcmp(field, "ambities") == 0 && value && strcmp(value, "afgeleid") == 0) {
        use(c, attribute); /* inferred: the indexer infers them again */
    } else if (field && code && ww_hsds_mapping_allows(mapping(c), field, code)) {
        add_code(c, field, code);
        use(c, attribute);
    } else if (map_term(c, code, text_of(term, "name"))) {
        use(c, attribute);
    }
}

static void read_attributes(conv *c)
{
    size_t i;
    json_t *a;
    json_array_foreach(json_object_get(c->source, "attributes"), i, a) if (json_is_object(a))
        read_attribute(c, a);
}

/* ---- Texts ------------------------------------------------------------------------------ */

/* The `max` of a text field of the entry or organisation schema (`fallback` when it has none). */
static size_t text_max(const conv *c, ww_record_kind kind, const char *name, size_t fallback)
{
    const ww_field *root = kind == WW_RECORD_ENTRY ? &c->imp->o.schema->entry.root
                                                   : &c->imp->o.schema->organisation.root;
    for (size_t i = 0; i < root->field_count; i++)
        if (strcmp(root->fields[i].name, name) == 0 && root->fields[i].has_max &&
            root->fields[i].max >= 2)
            return (size_t)root->fields[i].max;
    return fallback;
}

/* A description split into a samenvatting (its first paragraph, or as many of its first
 * sentences as fit in `max` characters) and the rest. */
static void split_description(const char *text, size_t max, char **summary, char **rest)
{
    const char *para = strstr(text, "\n\n");
    char *head = ww_xstrndup(text, para ? (size_t)(para - text) : strlen(text));
    char *first = clean(head, true);
    free(head);
    *rest = para ? clean(para, false) : NULL;
    if (!first || ww_utf8_length(first, strlen(first)) <= max) {
        *summary = first;
        return;
    }
    size_t best = 0, limit = utf8_prefix(first, max);
    for (size_t i = 0; i < limit; i++)
        if (strchr(".!?", first[i]) && first[i + 1] == ' ')
            best = i + 1;
    if (!best) { /* no sentence fits: the samenvatting is shortened, the rest keeps it whole */
        free(*rest);
        *rest = ww_xstrdup(text);
        *summary = first;
        return;
    }
    char *tail = *rest;
    *rest = ww_xasprintf("%s%s%s", first + best + 1, tail ? "\n\n" : "", tail ? tail : "");
    free(tail);
    first[best] = '\0';
    *summary = first;
}

/* titel, samenvatting and beschrijving: from name and description, or our own samenvatting. */
static void read_texts(conv *c, json_t *f)
{
    set_text(c, f, "titel", take_text(c, c->source, "name", true),
             text_max(c, WW_RECORD_ENTRY, "titel", 120));
    size_t max = text_max(c, WW_RECORD_ENTRY, "samenvatting", 300);
    char *desc = take_text(c, c->source, "description", false);
    char *own = clean(own_value(c, "samenvatting"), false), *summary = NULL, *rest = NULL;
    if (own) {
        summary = own;
        size_t n = strlen(own);
        if (desc && strncmp(desc, own, n) == 0)
            rest = clean(desc + n, false);
        else
            rest = desc ? ww_xstrdup(desc) : NULL;
    } else if (desc) {
        split_description(desc, max, &summary, &rest);
    }
    if (!summary) {
        summary = clean(text_of(c->source, "name"), true);
        note(c, "samenvatting: de service heeft geen description met tekst; de naam is gebruikt");
    }
    free(desc);
    set_text(c, f, "samenvatting", summary, max);
    set_text(c, f, "beschrijving", rest, text_max(c, WW_RECORD_ENTRY, "beschrijving", 5000));
}

/* ---- Codes: one or more of a vocabulary --------------------------------------------------- */

/* The code `field` gets: the first gathered (with a note when there were more), else the
 * mapping file's default (with a note), else NULL. */
static const char *single(conv *c, const char *field)
{
    json_t *list = codes_of(c, field);
    if (json_array_size(list) > 1) {
        ww_buf all = {0};
        size_t i;
        json_t *v;
        json_array_foreach(list, i, v)
            ww_buf_printf(&all, "%s%s", i ? ", " : "", json_string_value(v));
        note(c, "%s: meer dan één mogelijk (%s); gekozen: %s", field, all.data,
             json_string_value(json_array_get(list, 0)));
        ww_buf_free(&all);
    }
    if (json_array_size(list))
        return json_string_value(json_array_get(list, 0));
    const char *fallback = json_string_value(ww_hsds_mapping_default(mapping(c), field));
    if (fallback)
        note(c, "standaard gebruikt: %s: %s (uit %s)", field, fallback,
             ww_hsds_mapping_file(mapping(c)));
    return fallback;
}

/* Sets list field `field` to its gathered codes, or the mapping file's default (noted). */
static void set_list(conv *c, json_t *f, const char *field)
{
    json_t *list = codes_of(c, field);
    const json_t *fallback = ww_hsds_mapping_default(mapping(c), field);
    if (!json_array_size(list) && fallback) {
        ww_buf text = {0};
        size_t i;
        json_t *v;
        json_array_foreach(fallback, i, v)
            ww_buf_printf(&text, "%s%s", i ? ", " : "", json_string_value(v));
        note(c, "standaard gebruikt: %s: [%s] (uit %s)", field, text.data ? text.data : "",
             ww_hsds_mapping_file(mapping(c)));
        ww_buf_free(&text);
        json_object_set_new(f, field, json_deep_copy(fallback));
    } else if (json_array_size(list)) {
        json_object_set_new(f, field, json_deep_copy(list));
    }
}

static void set_single(conv *c, json_t *f, const char *field)
{
    const char *code = single(c, field);
    if (code)
        json_object_set_new(f, field, json_string(code));
}

/* Codes from free text where attributes gave none: toegang from the application process,
 * wijken from the service areas. */
static void words_to_codes(conv *c)
{
    if (!json_array_size(codes_of(c, "toegang")))
        ww_hsds_mapping_match(mapping(c), "toegang", text_of(c->source, "application_process"),
                              true, codes_of(c, "toegang"));
    if (json_array_size(codes_of(c, "wijken")))
        return;
    size_t i;
    json_t *area;
    json_array_foreach(json_object_get(c->source, "service_areas"), i, area)
    {
        ww_hsds_mapping_match(mapping(c), "wijken", text_of(area, "name"), true,
                              codes_of(c, "wijken"));
        ww_hsds_mapping_match(mapping(c), "wijken", text_of(area, "description"), true,
                              codes_of(c, "wijken"));
    }
}

/* wijken from the postcodes of the locations (schema/postcodes.yaml), where nothing gave any. */
static void wijken_from_places(conv *c, const json_t *f)
{
    const ww_places *places = c->imp->o.schema->places;
    if (json_array_size(codes_of(c, "wijken")) || !places)
        return;
    size_t i;
    json_t *place;
    json_array_foreach(json_object_get(f, "locaties"), i, place)
    {
        char area[WW_POSTCODE_AREA_SIZE];
        const char *code = text_of(place, "postcode");
        const ww_postcode_area *a =
            code && ww_postcode_read(code, area, NULL) ? ww_places_find(places, area) : NULL;
        if (a && a->wijk_count)
            add_code(c, "wijken", a->wijken[0]);
    }
    if (json_array_size(codes_of(c, "wijken")))
        note(c, "wijken: afgeleid uit de postcodes van de locaties (schema/postcodes.yaml)");
}

/* Whether `text`, as a whole, names `code` of `field`: a rule of the mapping file, or the code
 * or its label (what our export writes). Such a text is taken over by the code. */
static bool names_code(const conv *c, const char *field, const char *code, const char *text)
{
    json_t *found = json_array();
    bool yes = code && text && ww_hsds_mapping_match(mapping(c), field, text, false, found) &&
               ww_json_list_has(found, code);
    json_decref(found);
    return yes;
}

/* ---- Costs ------------------------------------------------------------------------------ */

/* The amount of a cost option in euros (no currency is taken as euros); taken. */
static bool cost_amount(conv *c, const json_t *option, double *amount)
{
    const json_t *a = json_object_get(option, "amount"), *cur = json_object_get(option, "currency");
    const char *currency = json_string_value(cur);
    if (currency && strcasecmp(currency, "eur") != 0)
        return false; /* an amount in another currency is reported, not converted */
    use(c, cur);
    if (!number_in(a, amount) || *amount < 0)
        return false;
    use(c, a);
    return true;
}

static const char *cost_kind(conv *c, const json_t *option, bool has_amount, double amount)
{
    json_t *codes = codes_of(c, "kosten.soort");
    const json_t *text = json_object_get(option, "option");
    if (!json_array_size(codes))
        ww_hsds_mapping_match(mapping(c), "kosten.soort", json_string_value(text), true, codes);
    if (json_array_size(codes) &&
        names_code(c, "kosten.soort", json_string_value(json_array_get(codes, 0)),
                   json_string_value(text)))
        use(c, text);
    if (!json_array_size(codes) && has_amount && amount == 0)
        add_code(c, "kosten.soort", "gratis");
    if (!json_array_size(codes) && !option)
        return NULL;
    return single(c, "kosten.soort");
}

/* kosten: the first cost option (soort, bedrag) and the fees' description (toelichting). */
static void read_costs(conv *c, json_t *f)
{
    const json_t *option = json_array_get(json_object_get(c->source, "cost_options"), 0);
    option = json_is_object(option) ? option : NULL;
    double amount = 0;
    bool has_amount = option && cost_amount(c, option, &amount);
    const char *kind = cost_kind(c, option, has_amount, amount);
    json_t *costs = json_object();
    if (kind)
        json_object_set_new(costs, "soort", json_string(kind));
    if (has_amount && !(amount == 0 && kind && strcmp(kind, "gratis") == 0))
        json_object_set_new(costs, "bedrag", number_text(amount));
    char *fees = take_text(c, c->source, "fees_description", false);
    const json_t *about = json_object_get(option, "amount_description");
    if (fees && json_is_string(about) && strcmp(fees, json_string_value(about)) == 0)
        use(c, about);
    else if (!fees)
        fees = take_text(c, option, "amount_description", false);
    set_text(c, costs, "toelichting", fees, 500);
    if (json_object_size(costs))
        json_object_set_new(f, "kosten", costs);
    else
        json_decref(costs);
}

/* ---- Locations -------------------------------------------------------------------------- */

static bool dutch_country(const char *country)
{
    static const char *const NAMES[] = {"nl", "nld", "netherlands", "the netherlands", "nederland"};
    if (!country || !*country)
        return true;
    for (size_t i = 0; i < sizeof NAMES / sizeof *NAMES; i++)
        if (strcasecmp(country, NAMES[i]) == 0)
            return true;
    return false;
}

/* The address to take: the first physical one, else the first. */
static const json_t *main_address(const json_t *location)
{
    const json_t *list = json_object_get(location, "addresses"), *first = NULL;
    size_t i;
    json_t *a;
    json_array_foreach(list, i, a)
    {
        if (!json_is_object(a))
            continue;
        const char *type = text_of(a, "address_type");
        if (type && strcasecmp(type, "physical") == 0)
            return a;
        if (!first)
            first = a;
    }
    return first;
}

static void read_address(conv *c, const json_t *location, json_t *place)
{
    const json_t *a = main_address(location);
    if (!a)
        return;
    bool dutch = dutch_country(text_of(a, "country"));
    char *street = take_text(c, a, "address_1", true);
    char *extra = street ? take_text(c, a, "address_2", true) : NULL;
    if (extra) {
        char *both = ww_xasprintf("%s, %s", street, extra);
        free(street);
        free(extra);
        street = both;
    }
    set_text(c, place, "adres", street, 200);
    char area[WW_POSTCODE_AREA_SIZE], letters[3];
    const json_t *code = json_object_get(a, "postal_code");
    if (dutch && json_is_string(code) && ww_postcode_read(json_string_value(code), area, letters) &&
        letters[0]) {
        char *normal = ww_xasprintf("%s %s", area, letters);
        json_object_set_new(place, "postcode", json_string(normal));
        free(normal);
        use(c, code);
    }
    set_text(c, place, "plaats", take_text(c, a, "city", true), 100);
    use(c, json_object_get(a, "address_type"));
    if (dutch) { /* the country and the province go without saying in a Dutch catalog */
        use(c, json_object_get(a, "country"));
        use(c, json_object_get(a, "state_province"));
        use(c, json_object_get(a, "region"));
    }
}

static void read_coordinates(conv *c, const json_t *location, json_t *place)
{
    const json_t *lat = json_object_get(location, "latitude");
    const json_t *lon = json_object_get(location, "longitude");
    double y, x;
    if (!number_in(lat, &y) || !number_in(lon, &x) || fabs(y) > 90 || fabs(x) > 180)
        return;
    json_object_set_new(place, "lat", number_text(y));
    json_object_set_new(place, "lon", number_text(x));
    use(c, lat);
    use(c, lon);
}

/* What a text says of a wheelchair: 1 accessible, 0 not, -1 nothing. */
static int wheelchair_words(const char *text)
{
    static const char *const NOT[] = {"not wheelchair",   "no wheelchair", "not accessible",
                                      "inaccessible",     "niet rolstoel", "geen rolstoel",
                                      "niet toegankelijk"};
    char *folded = text ? ww_fold(text) : NULL;
    int answer = -1;
    if (folded && (strstr(folded, "wheelchair") || strstr(folded, "rolstoel"))) {
        answer = 1;
        for (size_t i = 0; i < sizeof NOT / sizeof *NOT; i++)
            if (strstr(folded, NOT[i]))
                answer = 0;
    }
    free(folded);
    return answer;
}

static void read_wheelchair(conv *c, const json_t *location, json_t *place)
{
    size_t i;
    json_t *a;
    json_array_foreach(json_object_get(location, "accessibility"), i, a)
    {
        const json_t *d = json_object_get(a, "description");
        const char *text = json_string_value(d);
        int yes = text && strcmp(text, "rolstoeltoegankelijk") == 0        ? 1
                  : text && strcmp(text, "niet rolstoeltoegankelijk") == 0 ? 0
                                                                           : -1;
        if (yes >= 0) {
            use(c, d);
        } else {
            yes = wheelchair_words(text);
            if (yes < 0)
                yes = wheelchair_words(text_of(a, "details"));
            if (yes >= 0)
                note(c, "rolstoeltoegankelijk: %s, afgeleid uit de tekst van accessibility",
                     yes ? "ja" : "nee");
        }
        if (yes >= 0) {
            json_object_set_new(place, "rolstoeltoegankelijk", json_boolean(yes));
            return;
        }
    }
}

/* A location as one of the entry's locaties, or NULL when nothing of it fits (a virtual one). */
static json_t *read_location(conv *c, const json_t *location)
{
    const char *type = text_of(location, "location_type");
    if (type && strcasecmp(type, "physical") != 0 && strcasecmp(type, "postal") != 0)
        return NULL;
    json_t *place = json_object();
    set_text(c, place, "naam", take_text(c, location, "name", true), 200);
    read_address(c, location, place);
    read_coordinates(c, location, place);
    read_wheelchair(c, location, place);
    if (!json_object_size(place)) {
        json_decref(place);
        return NULL;
    }
    use(c, json_object_get(location, "location_type"));
    return place;
}

static void read_locations(conv *c, json_t *f)
{
    json_t *places = json_array(), *seen = json_object();
    size_t i;
    json_t *sal;
    json_array_foreach(json_object_get(c->source, "service_at_locations"), i, sal)
    {
        const json_t *location = json_object_get(sal, "location");
        const char *id = text_of(sal, "location_id");
        if (!json_is_object(location) && id)
            location = json_object_get(c->imp->read.locations, id);
        if (!json_is_object(location) || json_array_size(places) >= 50)
            continue;
        id = text_of(location, "id");
        if (id && json_object_get(seen, id))
            continue; /* one location for several services at it */
        json_t *place = read_location(c, location);
        if (place)
            json_array_append_new(places, place);
        if (place && id)
            json_object_set_new(seen, id, json_true());
    }
    json_decref(seen);
    if (json_array_size(places))
        json_object_set_new(f, "locaties", places);
    else
        json_decref(places);
}

/* ---- Schedules -------------------------------------------------------------------------- */

static const char *const DAYS[7][2] = {{"ma", "MO"}, {"di", "TU"}, {"wo", "WE"}, {"do", "TH"},
                                       {"vr", "FR"}, {"za", "SA"}, {"zo", "SU"}};

/* "9:00", "09:00" or "09:00:00" (a zone after it aside) as "09:00"; false when it is none. */
static bool read_time(const json_t *v, char out[6])
{
    const char *s = json_string_value(v);
    if (!s || !isdigit((unsigned char)s[0]))
        return false;
    char *end;
    long h = strtol(s, &end, 10);
    if (*end != ':' || h < 0 || !isdigit((unsigned char)end[1]) ||
        !isdigit((unsigned char)end[2]) || isdigit((unsigned char)end[3]) || end - s > 2)
        return false;
    long m = (end[1] - '0') * 10 + (end[2] - '0');
    if (h > 24 || m > 59 || (h == 24 && m))
        return false;
    out[0] = (char)('0' + h / 10);
    out[1] = (char)('0' + h % 10);
    out[2] = ':';
    out[3] = (char)('0' + m / 10);
    out[4] = (char)('0' + m % 10);
    out[5] = '\0';
    return true;
}

/* "MO,TU" as ["ma", "di"]; NULL when a part is no plain weekday. */
static json_t *read_days(const char *byday)
{
    json_t *days = json_array();
    const char *p = byday ? byday : "";
    while (*p) {
        while (*p == ',' || *p == ' ')
            p++;
        size_t len = strcspn(p, ", ");
        if (!len)
            break;
        int found = -1;
        for (int d = 0; d < 7 && found < 0; d++)
            if (len == 2 && strncasecmp(p, DAYS[d][1], 2) == 0)
                found = d;
        if (found < 0) {
            json_decref(days);
            return NULL;
        }
        json_t *day = json_string(DAYS[found][0]);
        if (!ww_json_list_has(days, DAYS[found][0]))
            json_array_append(days, day);
        json_decref(day);
        p += len;
    }
    if (!json_array_size(days)) {
        json_decref(days);
        return NULL;
    }
    return days;
}

/* What our export writes as a weekly schedule's description: "ma, di 10:00-12:00". */
static bool is_our_description(const json_t *days, const char *from, const char *to,
                               const char *text)
{
    ww_buf b = {0};
    size_t i;
    json_t *d;
    json_array_foreach(days, i, d) ww_buf_printf(&b, "%s%s", i ? ", " : "", json_string_value(d));
    ww_buf_printf(&b, " %s-%s", from, to);
    bool same = text && strcmp(b.data, text) == 0;
    ww_buf_free(&b);
    return same;
}

static bool plain_interval(const json_t *v)
{
    double n;
    return !v || (number_in(v, &n) && n == 1);
}

/* A weekly schedule with days and times as one of tijden; false when it is no such thing. */
static bool read_weekly(conv *c, const json_t *s, json_t *times)
{
    const char *freq = text_of(s, "freq");
    char from[6], to[6];
    if (!freq || strcasecmp(freq, "weekly") != 0 ||
        !plain_interval(json_object_get(s, "interval")) ||
        !read_time(json_object_get(s, "opens_at"), from) ||
        !read_time(json_object_get(s, "closes_at"), to))
        return false;
    json_t *days = read_days(text_of(s, "byday"));
    if (!days)
        return false;
    json_t *t = json_pack("{s:o,s:s,s:s}", "dagen", days, "van", from, "tot", to);
    bool again = false;
    for (size_t i = 0; i < json_array_size(times) && !again; i++)
        again = json_equal(json_array_get(times, i), t);
    if (!again && json_array_size(times) >= 50) {
        json_decref(t);
        return false;
    }
    if (!again)
        json_array_append(times, t);
    static const char *const TAKEN[] = {"freq",     "interval",  "byday",
                                        "opens_at", "closes_at", "wkst"};
    for (size_t i = 0; i < sizeof TAKEN / sizeof *TAKEN; i++)
        use(c, json_object_get(s, TAKEN[i]));
    const json_t *d = json_object_get(s, "description");
    if (is_our_description(json_object_get(t, "dagen"), from, to, json_string_value(d)))
        use(c, d);
    const json_t *until = json_object_get(s, "valid_to");
    const char *end = own_value(c, "geldig_tot");
    if (end && json_is_string(until) && strcmp(end, json_string_value(until)) == 0)
        use(c, until);
    json_decref(t);
    return true;
}

/* A schedule's description that says more than its days and times: tijden_toelichting. */
static void read_schedule_text(conv *c, const json_t *s)
{
    const json_t *d = json_object_get(s, "description");
    if (ptrset_has(&c->used, d))
        return;
    char *text = clean(json_string_value(d), false);
    if (!text)
        return;
    use(c, d);
    if (!ww_json_list_has(c->schedule_notes, text))
        json_array_append_new(c->schedule_notes, json_string(text));
    free(text);
}

static void read_schedule_list(conv *c, const json_t *list, json_t *times)
{
    size_t i;
    json_t *s;
    json_array_foreach(list, i, s) if (json_is_object(s))
    {
        read_weekly(c, s, times);
        read_schedule_text(c, s);
    }
}

/* tijden and tijden_toelichting: the service's schedules, else those of its locations'
 * services (a location's own opening hours are not the service's). */
static void read_schedules(conv *c, json_t *f)
{
    json_t *times = json_array();
    const json_t *own = json_object_get(c->source, "schedules");
    if (json_array_size(own)) {
        read_schedule_list(c, own, times);
    } else {
        size_t i;
        json_t *sal;
        json_array_foreach(json_object_get(c->source, "service_at_locations"), i, sal)
            read_schedule_list(c, json_object_get(sal, "schedules"), times);
    }
    if (json_array_size(times))
        json_object_set_new(f, "tijden", times);
    else
        json_decref(times);
    ww_buf all = {0};
    size_t i;
    json_t *t;
    json_array_foreach(c->schedule_notes, i, t)
        ww_buf_printf(&all, "%s%s", i ? " " : "", json_string_value(t));
    set_text(c, f, "tijden_toelichting", all.len ? ww_buf_release(&all) : NULL, 500);
    ww_buf_free(&all);
}

/* ---- Contact and languages -------------------------------------------------------------- */

/* The number of the first voice phone (or one without a type) of `o`, taken; NULL if none. */
static char *take_phone(conv *c, const json_t *o)
{
    size_t i;
    json_t *p;
    json_array_foreach(json_object_get(o, "phones"), i, p)
    {
        const char *type = text_of(p, "type");
        if (type && strcasecmp(type, "voice") != 0)
            continue;
        const json_t *number = json_object_get(p, "number");
        char *normal = json_is_string(number) ? phone_number(json_string_value(number)) : NULL;
        if (normal) {
            use(c, number);
            use(c, json_object_get(p, "type"));
            return normal;
        }
    }
    return NULL;
}

/* telefoon, email and website of `o` (a service: url; an organization: website) into `into`. */
static void read_reachability(conv *c, const json_t *o, const char *web_key, json_t *into)
{
    char *phone = take_phone(c, o);
    if (phone)
        json_object_set_new(into, "telefoon", json_string(phone));
    free(phone);
    char *mail = take_text(c, o, "email", true), *web = take_text(c, o, web_key, true);
    if (mail) {
        char *normal = email_address(mail);
        json_object_set_new(into, "email", json_string(normal));
        free(normal);
    }
    if (web) {
        char *normal = web_address(web);
        json_object_set_new(into, "website", json_string(normal));
        free(normal);
    }
    free(mail);
    free(web);
}

static void read_contact(conv *c, json_t *f)
{
    json_t *contact = json_object();
    read_reachability(c, c->source, "url", contact);
    if (json_object_size(contact))
        json_object_set_new(f, "contact", contact);
    else
        json_decref(contact);
}

/* ISO 639-2 codes of languages people in the Netherlands speak, and their ISO 639-1 code. */
static const char *const LANGUAGES[][2] = {
    {"eng", "en"}, {"nld", "nl"}, {"dut", "nl"}, {"deu", "de"}, {"ger", "de"}, {"fra", "fr"},
    {"fre", "fr"}, {"spa", "es"}, {"ita", "it"}, {"por", "pt"}, {"ara", "ar"}, {"tur", "tr"},
    {"pol", "pl"}, {"urd", "ur"}, {"fas", "fa"}, {"per", "fa"}, {"som", "so"}, {"tir", "ti"},
    {"amh", "am"}, {"rus", "ru"}, {"ukr", "uk"}, {"zho", "zh"}, {"chi", "zh"}, {"hin", "hi"},
    {"ben", "bn"}, {"pan", "pa"}, {"pus", "ps"}, {"kur", "ku"}, {"ron", "ro"}, {"rum", "ro"},
    {"bul", "bg"}, {"hun", "hu"}, {"ces", "cs"}, {"cze", "cs"}, {"slk", "sk"}, {"slo", "sk"},
    {"ell", "el"}, {"gre", "el"}, {"vie", "vi"}, {"tha", "th"}, {"jpn", "ja"}, {"kor", "ko"},
    {"heb", "he"}, {"fry", "fy"}, {"srp", "sr"}, {"hrv", "hr"}, {"bos", "bs"}, {"sqi", "sq"},
    {"alb", "sq"}, {"swe", "sv"}, {"dan", "da"}, {"nor", "no"}, {"fin", "fi"}, {"tgl", "tl"},
    {"ind", "id"}, {"msa", "ms"}, {"may", "ms"}, {"swa", "sw"}, {"yor", "yo"}, {"hau", "ha"},
    {"ibo", "ig"}, {"lit", "lt"}, {"lav", "lv"}, {"est", "et"}, {"slv", "sl"}, {"mkd", "mk"},
    {"mac", "mk"}, {"bel", "be"}, {"kat", "ka"}, {"geo", "ka"}, {"hye", "hy"}, {"arm", "hy"},
    {"aze", "az"}, {"uzb", "uz"}, {"tam", "ta"}, {"tel", "te"}, {"nep", "ne"}, {"sin", "si"},
    {"mon", "mn"}, {"cat", "ca"}, {"isl", "is"}, {"ice", "is"}, {"afr", "af"}, {"cym", "cy"},
    {"wel", "cy"}, {"gle", "ga"}, {"lim", "li"}, {"tig", "ti"},
};

/* A language code ("en", "EN", "en-GB", "eng") as a code of talen, or NULL. */
static const char *language_code(const conv *c, const char *code)
{
    char lower[4] = {0};
    size_t n = strcspn(code, "-_");
    if (n < 2 || n > 3)
        return NULL;
    for (size_t i = 0; i < n; i++)
        lower[i] = (char)tolower((unsigned char)code[i]);
    const char *two = n == 2 ? lower : NULL;
    for (size_t i = 0; !two && i < sizeof LANGUAGES / sizeof *LANGUAGES; i++)
        if (strcmp(LANGUAGES[i][0], lower) == 0)
            two = LANGUAGES[i][1];
    const ww_vocab_item *item =
        two ? ww_vocab_find(ww_schema_vocab(c->imp->o.schema, "talen"), two) : NULL;
    return item ? item->id : NULL;
}

static void read_languages(conv *c, json_t *f)
{
    json_t *codes = codes_of(c, "talen");
    size_t i;
    json_t *l;
    json_array_foreach(json_object_get(c->source, "languages"), i, l)
    {
        const json_t *code = json_object_get(l, "code"), *name = json_object_get(l, "name");
        const char *ours = json_is_string(code) ? language_code(c, json_string_value(code)) : NULL;
        json_t *found = json_array();
        if (!ours &&
            ww_hsds_mapping_match(mapping(c), "talen", json_string_value(name), false, found))
            ours = json_string_value(json_array_get(found, 0));
        if (ours) {
            add_code(c, "talen", ours);
            use(c, code);
            use(c, name);
        }
        json_decref(found);
    }
    if (json_array_size(codes))
        json_object_set_new(f, "talen", json_deep_copy(codes));
}

/* ---- The rest of an entry --------------------------------------------------------------- */

static void read_keywords(conv *c, json_t *f)
{
    json_t *words = json_array(), *all = json_array();
    size_t i;
    json_t *w;
    json_array_extend(all, json_object_get(c->own, "trefwoorden"));
    json_array_extend(all, codes_of(c, "trefwoorden"));
    json_array_foreach(all, i, w)
    {
        char *word = clean(json_string_value(w), true);
        bool cut;
        char *short_word = word ? shorten(word, 60, &cut) : NULL;
        if (short_word && !ww_json_list_has(words, short_word)) {
            if (json_array_size(words) < 50)
                json_array_append_new(words, json_string(short_word));
            else
                note(c, "niet overgenomen: trefwoord '%s' (ten hoogste 50)", short_word);
        }
        free(word);
        free(short_word);
    }
    json_decref(all);
    if (json_array_size(words))
        json_object_set_new(f, "trefwoorden", words);
    else
        json_decref(words);
}

/* laatst_gecontroleerd from assured_date, else today (noted); geldig_tot from our own field. */
static void read_dates(conv *c, json_t *f)
{
    const json_t *assured = json_object_get(c->source, "assured_date");
    const char *text = json_string_value(assured);
    char date[WW_DATE_SIZE] = "";
    if (text && strlen(text) >= 10) {
        memcpy(date, text, 10);
        date[10] = '\0';
    }
    if (ww_valid_date(date) && (!text[10] || text[10] == 'T' || text[10] == ' ')) {
        use(c, assured);
    } else {
        snprintf(date, sizeof date, "%s", c->imp->o.today);
        note(c,
             "laatst_gecontroleerd: %s, de dag van de import (de service heeft geen "
             "assured_date die een datum is)",
             date);
    }
    json_object_set_new(f, "laatst_gecontroleerd", json_string(date));
    const char *until = own_value(c, "geldig_tot");
    if (until && ww_valid_date(until))
        json_object_set_new(f, "geldig_tot", json_string(until));
}

/* A whole number of our own field `code` (plaatsen, wachttijd_weken), or -1. */
static json_int_t own_number(const conv *c, const char *code)
{
    const char *text = own_value(c, code);
    char *end;
    long long n = text ? strtoll(text, &end, 10) : -1;
    return text && *text && !*end && n >= 0 ? (json_int_t)n : -1;
}

/* wonen, for soort beschermd-thuis only. */
static void read_home(conv *c, json_t *f)
{
    bool home = json_is_string(json_object_get(f, "soort")) &&
                strcmp(text_of(f, "soort"), "beschermd-thuis") == 0;
    json_int_t places = own_number(c, "plaatsen"), wait = own_number(c, "wachttijd_weken");
    if (!home) {
        if (json_array_size(codes_of(c, "wonen.woonvorm")) ||
            json_array_size(codes_of(c, "wonen.begeleiding")) || places >= 0 || wait >= 0)
            note(c, "niet overgenomen: wonen (hoort alleen bij soort beschermd-thuis)");
        return;
    }
    json_t *w = json_object();
    const char *form = single(c, "wonen.woonvorm"), *care = single(c, "wonen.begeleiding");
    if (form)
        json_object_set_new(w, "woonvorm", json_string(form));
    if (care)
        json_object_set_new(w, "begeleiding", json_string(care));
    if (places >= 0)
        json_object_set_new(w, "plaatsen", json_integer(places));
    if (wait >= 0)
        json_object_set_new(w, "wachttijd_weken", json_integer(wait));
    json_object_set_new(f, "wonen", w);
    const json_t *time = json_object_get(c->source, "wait_time");
    char text[48];
    snprintf(text, sizeof text, "%" JSON_INTEGER_FORMAT " weken", wait);
    if (wait >= 0 && json_is_string(time) && strcmp(json_string_value(time), text) == 0)
        use(c, time);
}

/* The labels of the doelgroepen as our export writes them in eligibility_description. */
static char *target_labels(const conv *c, const json_t *f)
{
    const json_t *groups = json_object_get(f, "doelgroepen");
    json_t *fallback = json_pack("[s]", "iedereen");
    ww_buf b = {0};
    size_t i;
    json_t *g;
    json_array_foreach(groups ? groups : fallback, i, g)
    {
        const char *label = vocab_label(c, "doelgroepen", json_string_value(g));
        ww_buf_printf(&b, "%s%s", i ? ", " : "", label ? label : json_string_value(g));
    }
    json_decref(fallback);
    return ww_buf_release(&b);
}

/* Fields of the service that only repeat what the entry holds (our export writes them so). */
static void take_echoes(conv *c, const json_t *f)
{
    const json_t *s = c->source, *v = json_object_get(s, "application_process");
    if (names_code(c, "toegang", text_of(f, "toegang"), json_string_value(v)))
        use(c, v);
    v = json_object_get(s, "eligibility_description");
    char *labels = target_labels(c, f);
    if (json_is_string(v) && strcmp(labels, json_string_value(v)) == 0)
        use(c, v);
    free(labels);
    size_t i;
    json_t *area;
    const json_t *wijken = json_object_get(f, "wijken");
    json_array_foreach(json_object_get(s, "service_areas"), i, area)
    {
        const char *id = text_of(area, "description"), *name = text_of(area, "name");
        for (size_t k = 0; k < json_array_size(wijken); k++) {
            const char *w = json_string_value(json_array_get(wijken, k));
            if ((id && strcmp(id, w) == 0) || names_code(c, "wijken", w, name))
                use(c, area);
        }
    }
    v = json_object_get(s, "status");
    if (json_is_string(v) &&
        (strcmp(json_string_value(v), "active") == 0 ||
         (strcmp(json_string_value(v), "inactive") == 0 && json_object_get(f, "geldig_tot"))))
        use(c, v);
    use(c, json_object_get(s, "last_modified")); /* named in the file's first lines */
    use(c, json_object_get(s, "organization"));  /* the organisation's own file */
}

static const char *const ENTRY_ORDER[] = {
    "id",
    "soort",
    "titel",
    "samenvatting",
    "beschrijving",
    "organisatie",
    "ambities",
    "doelgroepen",
    "leefgebieden",
    "wijken",
    "toegang",
    "kosten",
    "locaties",
    "tijden",
    "tijden_toelichting",
    "contact",
    "talen",
    "trefwoorden",
    "laatst_gecontroleerd",
    "geldig_tot",
    "wonen",
};
static const char *const ORG_ORDER[] = {"id",      "naam",     "omschrijving",
                                        "website", "telefoon", "email"};

/* The fields in the order people read a catalog file. New object. */
static json_t *in_order(const json_t *fields, const char *const *order, size_t n)
{
    json_t *record = json_object();
    for (size_t i = 0; i < n; i++) {
        json_t *v = json_object_get(fields, order[i]);
        if (v)
            json_object_set(record, order[i], v);
    }
    return record;
}

/* Everything of an entry but its id and organisatie, from c->source (a service). */
static void convert_service(conv *c)
{
    json_t *f = c->fields;
    read_attributes(c);
    read_texts(c, f);
    words_to_codes(c);
    read_locations(c, f);
    wijken_from_places(c, f);
    set_single(c, f, "soort");
    set_list(c, f, "ambities");
    set_list(c, f, "doelgroepen");
    set_list(c, f, "leefgebieden");
    set_list(c, f, "wijken");
    set_single(c, f, "toegang");
    read_costs(c, f);
    read_schedules(c, f);
    read_contact(c, f);
    read_languages(c, f);
    read_keywords(c, f);
    read_dates(c, f);
    read_home(c, f);
    take_echoes(c, f);
}

/* An organisation's fields but its id, from c->source (an organization). */
static void convert_organization(conv *c)
{
    json_t *f = c->fields;
    const char *name = text_of(c->source, "name");
    set_text(c, f, "naam", take_text(c, c->source, "name", true),
             text_max(c, WW_RECORD_ORGANISATION, "naam", 200));
    const json_t *about = json_object_get(c->source, "description");
    if (name && json_is_string(about) && strcmp(name, json_string_value(about)) == 0)
        use(c, about); /* our export writes the name when there is no omschrijving */
    else
        set_text(c, f, "omschrijving", take_text(c, c->source, "description", false),
                 text_max(c, WW_RECORD_ORGANISATION, "omschrijving", 2000));
    read_reachability(c, c->source, "website", f);
    size_t i;
    json_t *a, *ident;
    json_array_foreach(json_object_get(c->source, "attributes"), i, a)
    {
        const json_t *term = term_of(c, a);
        const char *tax = taxonomy_name(term), *code = text_of(term, "code");
        if (tax && code && strcmp(tax, WW_HSDS_OWN_TAXONOMY) == 0 && strcmp(code, "id") == 0)
            use(c, a); /* our own id: it names the file */
    }
    json_array_foreach(json_object_get(c->source, "organization_identifiers"), i, ident)
    {
        const char *scheme = text_of(ident, "identifier_scheme");
        if (scheme && strcmp(scheme, WW_HSDS_OWN_TAXONOMY) == 0)
            use(c, ident);
    }
    use(c, json_object_get(c->source, "services"));
}

/* ---- Checking and writing a record ------------------------------------------------------ */

/* Where a record came from, for its first lines. */
typedef struct {
    const char *source; /* the input file */
    const char *kind;   /* "service" or "organization" */
    const char *id;     /* its HSDS id, or NULL */
    const char *modified;
} origin;

static void comment_line(ww_buf *b, const char *prefix, const char *text)
{
    char *s = ww_utf8_one_line(text, WW_HSDS_SHOWN_TEXT);
    ww_buf_printf(b, "# %s%s\n", prefix, s);
    free(s);
}

/* The line that says which HSDS object a file came from (a re-import looks for it). */
static char *origin_line(const char *kind, const char *id)
{
    char *s = ww_utf8_one_line(id ? id : "(zonder id)", WW_HSDS_SHOWN_TEXT);
    char *line = ww_xasprintf("# HSDS-%s: %s\n", kind, s);
    free(s);
    return line;
}

/* The file: where it came from, what the import did not take or made up, and the record. */
static char *compose(const conv *c, const origin *o, const json_t *record)
{
    char *yaml = ww_yaml_emit(record);
    if (!yaml)
        return NULL;
    ww_buf b = {0};
    ww_buf_printf(&b,
                  "# Geïmporteerd uit HSDS (Open Referral) op %s met wegwijzer-indexer "
                  "--import-hsds.\n",
                  c->imp->o.today);
    comment_line(&b, "Bron: ", o->source);
    char *line = origin_line(o->kind, o->id);
    ww_buf_puts(&b, line);
    free(line);
    if (o->modified)
        comment_line(&b, "Laatst gewijzigd volgens de bron: ", o->modified);
    if (json_array_size(c->notes)) {
        ww_buf_puts(&b, "# Bij de import:\n");
        size_t i;
        json_t *n;
        json_array_foreach(c->notes, i, n) comment_line(&b, "  ", json_string_value(n));
        if (c->dropped)
            ww_buf_printf(&b, "#   ... en nog %zu regels\n", c->dropped);
    } else {
        ww_buf_puts(&b, "# Alles is overgenomen.\n");
    }
    ww_buf_puts(&b, yaml);
    free(yaml);
    return ww_buf_release(&b);
}

static bool org_exists(const char *folder, const char *id, void *ctx)
{
    ww_hsds_import *imp = ctx;
    if (strcmp(folder, ww_catalog_folder_name(WW_RECORD_ORGANISATION)) != 0)
        return false;
    if (json_is_true(json_object_get(imp->org_state, id)))
        return true;
    return imp->o.catalog_dir && ww_catalog_has(imp->o.catalog_dir, WW_RECORD_ORGANISATION, id);
}

/* The schema's field at a path ("locaties[2].postcode": the postcode of a location). */
static const ww_field *field_at(const ww_field *f, const char *path)
{
    for (const char *p = path; f && *p;) {
        size_t len = strcspn(p, ".[");
        if (f->type == WW_TYPE_LIST)
            f = f->item;
        const ww_field *next = NULL;
        for (size_t i = 0; f && i < f->field_count && !next; i++)
            if (strlen(f->fields[i].name) == len && strncmp(f->fields[i].name, p, len) == 0)
                next = &f->fields[i];
        f = next;
        p += len;
        if (*p == '[')
            p += strcspn(p, "]") + (p[strcspn(p, "]")] ? 1 : 0);
        if (*p == '.')
            p++;
    }
    return f;
}

/* Whether a refused value may be left out: a list's item, or a field that is not required. */
static bool may_drop(const ww_field *root, const char *path)
{
    size_t n = strlen(path);
    if (!n)
        return false;
    if (path[n - 1] == ']')
        return true;
    const ww_field *f = field_at(root, path);
    return f && !f->required && !f->when_field;
}

/* Removes the value at `path` from `record`; a time (tijden[n].x) goes whole. */
static bool remove_path(json_t *record, const char *path)
{
    json_t *container = record;
    bool whole_item = strncmp(path, "tijden[", 7) == 0;
    for (const char *p = path; *p;) {
        size_t len = strcspn(p, ".["), index = 0;
        char *name = ww_xstrndup(p, len);
        json_t *child = json_object_get(container, name);
        p += len;
        if (*p == '[') {
            index = strtoul(p + 1, NULL, 10);
            p += strcspn(p, "]") + (p[strcspn(p, "]")] ? 1 : 0);
        }
        bool last = !*p || (whole_item && index);
        p += *p == '.';
        bool ok = false;
        if (last && index)
            ok = json_array_remove(child, index - 1) == 0;
        else if (last)
            ok = json_object_del(container, name) == 0;
        free(name);
        if (last)
            return ok;
        container = index ? json_array_get(child, index - 1) : child;
        if (!json_is_object(container))
            return false;
    }
    return false;
}

/* Drops empty blocks and lists, and empty items of lists, that removing values left. */
static void prune(json_t *v, unsigned depth)
{
    if (depth > 4)
        return;
    const char *key;
    json_t *child;
    void *tmp;
    if (json_is_object(v)) {
        json_object_foreach_safe(v, tmp, key, child)
        {
            prune(child, depth + 1);
            if ((json_is_object(child) || json_is_array(child)) && is_empty(child))
                json_object_del(v, key);
        }
    } else if (json_is_array(v)) {
        for (size_t i = json_array_size(v); i-- > 0;) {
            child = json_array_get(v, i);
            prune(child, depth + 1);
            if (json_is_object(child) && is_empty(child))
                json_array_remove(v, i);
        }
    }
}

/* Leaves out every value the validator refused, with a note each; false when one of them may
 * not be left out (a required field). */
static bool drop_refused(conv *c, json_t *record, const ww_field *root, const ww_diag *d)
{
    for (size_t i = 0; i < d->count; i++)
        if (d->items[i].severity == WW_DIAG_ERROR && !may_drop(root, d->items[i].path))
            return false;
    for (size_t i = d->count; i-- > 0;) {
        const ww_diag_item *item = &d->items[i];
        if (item->severity != WW_DIAG_ERROR)
            continue;
        if (!remove_path(record, item->path))
            return false;
        note(c, "niet overgenomen: %s: %s", item->path, item->message);
    }
    prune(record, 0);
    return true;
}

/* The file's text when the record passes validation (values it refused left out, noted);
 * else NULL, with the reasons in `errors`. */
static char *checked_file(conv *c, ww_record_kind kind, const char *id, json_t *record,
                          const origin *o, ww_diag *errors)
{
    const ww_schema *schema = c->imp->o.schema;
    const ww_field *root =
        kind == WW_RECORD_ENTRY ? &schema->entry.root : &schema->organisation.root;
    char *label = ww_catalog_label(kind, id);
    char *text = NULL;
    for (int round = 0; round < 5 && !text; round++) {
        char *candidate = compose(c, o, record);
        if (!candidate) {
            ww_diag_add(errors, WW_DIAG_ERROR, label, 0, 0, "", "niet als YAML te schrijven");
            break;
        }
        ww_diag d = {0};
        json_t *parsed = ww_record_parse(schema, kind, candidate, strlen(candidate), label, id,
                                         org_exists, c->imp, &d);
        if (parsed)
            text = candidate;
        else
            free(candidate);
        bool retry = !parsed && d.errors && drop_refused(c, record, root, &d);
        if (!parsed && !retry) {
            ww_diag_move(errors, &d);
            break;
        }
        json_decref(parsed);
        ww_diag_free(&d);
    }
    free(label);
    return text;
}

static bool store(ww_hsds_import *imp, ww_record_kind kind, const char *id, const char *text)
{
    char *dir = ww_catalog_folder(imp->o.catalog_dir, kind);
    char *path = ww_catalog_file(imp->o.catalog_dir, kind, id);
    bool ok = (mkdir(imp->o.catalog_dir, 0755) == 0 || errno == EEXIST) &&
              (mkdir(dir, 0755) == 0 || errno == EEXIST) &&
              ww_write_file_atomic(path, text, strlen(text), 0644) == 0;
    if (!ok && !imp->failed) {
        imp->failed = 1;
        imp->errmsg = ww_xasprintf("%s kan niet geschreven worden: %s", path, ww_errno_text(errno));
    }
    free(dir);
    free(path);
    return ok;
}

/* Checks record `id` of c->fields, reports, and writes it. True when it was written. */
static bool write_record(conv *c, ww_record_kind kind, const char *id, const origin *o)
{
    ww_hsds_import *imp = c->imp;
    json_t *record =
        kind == WW_RECORD_ENTRY
            ? in_order(c->fields, ENTRY_ORDER, sizeof ENTRY_ORDER / sizeof *ENTRY_ORDER)
            : in_order(c->fields, ORG_ORDER, sizeof ORG_ORDER / sizeof *ORG_ORDER);
    ww_diag errors = {0};
    char *text = checked_file(c, kind, id, record, o, &errors);
    char *label = ww_catalog_label(kind, id);
    size_t i;
    json_t *n;
    json_array_foreach(c->notes, i, n) say(imp, "%s: %s", label, json_string_value(n));
    if (c->dropped)
        say(imp, "%s: ... en nog %zu regels (zie het bestand)", label, c->dropped);
    for (i = 0; i < errors.count; i++)
        say(imp, "%s: fout: %s%s%s", label, errors.items[i].path,
            errors.items[i].path[0] ? ": " : "", errors.items[i].message);
    if (!text)
        say(imp, "%s: niet geschreven; de HSDS-%s uit %s past niet in de catalogus", label, o->kind,
            o->source);
    else if (imp->o.accepted)
        imp->o.accepted(kind, id, text, imp->o.ctx);
    bool ok = text && (!imp->o.catalog_dir || store(imp, kind, id, text));
    ww_diag_free(&errors);
    json_decref(record);
    free(label);
    free(text);
    return ok;
}

/* ---- Ids -------------------------------------------------------------------------------- */

static void conv_init(conv *c, ww_hsds_import *imp, const json_t *source)
{
    *c = (conv){.imp = imp,
                .source = source,
                .fields = json_object(),
                .notes = json_array(),
                .own = json_object(),
                .codes = json_object(),
                .schedule_notes = json_array()};
}

static void conv_free(conv *c)
{
    ptrset_free(&c->used);
    json_decref(c->fields);
    json_decref(c->notes);
    json_decref(c->own);
    json_decref(c->codes);
    json_decref(c->schedule_notes);
}

/* Our own id of an organization: an attribute of our taxonomy with code id, or an identifier of
 * scheme "wegwijzer". New string or NULL. */
static char *org_own_id(ww_hsds_import *imp, const json_t *org)
{
    conv c;
    conv_init(&c, imp, org);
    size_t i;
    json_t *a;
    json_array_foreach(json_object_get(org, "attributes"), i, a)
    {
        const json_t *term = term_of(&c, a);
        const char *tax = taxonomy_name(term), *code = text_of(term, "code");
        if (tax && code && strcmp(tax, WW_HSDS_OWN_TAXONOMY) == 0 && strcmp(code, "id") == 0)
            json_object_set_new(c.own, "id", json_pack("[s?]", text_of(a, "value")));
    }
    json_array_foreach(json_object_get(org, "organization_identifiers"), i, a)
    {
        const char *scheme = text_of(a, "identifier_scheme");
        if (scheme && strcmp(scheme, WW_HSDS_OWN_TAXONOMY) == 0)
            json_object_set_new(c.own, "id", json_pack("[s?]", text_of(a, "identifier")));
    }
    const char *id = own_value(&c, "id");
    char *found = id && ww_valid_id(id) ? ww_xstrdup(id) : NULL;
    conv_free(&c);
    return found;
}

/* The ids of the organisations the catalog has, read once. */
static const json_t *catalog_orgs(ww_hsds_import *imp)
{
    if (imp->catalog_orgs)
        return imp->catalog_orgs;
    imp->catalog_orgs = json_array();
    char *dir_path =
        imp->o.catalog_dir ? ww_catalog_folder(imp->o.catalog_dir, WW_RECORD_ORGANISATION) : NULL;
    DIR *dir = dir_path ? opendir(dir_path) : NULL;
    for (struct dirent *e; dir && (e = readdir(dir));) {
        char *id = ww_catalog_id_of(e->d_name);
        if (id && ww_valid_id(id))
            json_array_append_new(imp->catalog_orgs, json_string(id));
        free(id);
    }
    if (dir)
        closedir(dir);
    free(dir_path);
    return imp->catalog_orgs;
}

/* Our id of an organization: its own, the catalog's whose HSDS id it has (an earlier export),
 * or one made of its name. The same for every service of it. New string. */
static char *org_id_for(ww_hsds_import *imp, const json_t *org)
{
    const char *hsds = text_of(org, "id"), *name = text_of(org, "name");
    const char *key = hsds ? hsds : name ? name : "";
    const char *known = text_of(imp->org_ids, key);
    if (known)
        return ww_xstrdup(known);
    char *id = org_own_id(imp, org);
    size_t i;
    json_t *x;
    json_array_foreach(hsds && !id ? catalog_orgs(imp) : NULL, i, x)
    {
        char uuid[37];
        ww_hsds_uuidf(uuid, "organisatie/%s", json_string_value(x));
        if (strcmp(uuid, hsds) == 0)
            id = ww_xstrdup(json_string_value(x));
    }
    if (!id)
        id = slug(name);
    if (!id)
        id = ww_xstrdup("hsds-organisatie");
    json_object_set_new(imp->org_ids, key, json_string(id));
    return id;
}

/* Whether catalog entry `id` says it came from HSDS service `hsds`. */
static bool same_source(const ww_hsds_import *imp, const char *id, const char *hsds)
{
    size_t len;
    char *bytes =
        hsds ? ww_catalog_read(imp->o.catalog_dir, WW_RECORD_ENTRY, id, &len, NULL) : NULL;
    char *line = origin_line("service", hsds);
    bool same = bytes && strstr(bytes, line);
    free(line);
    free(bytes);
    return same;
}

/* The entry's id: our own, else made of the name, with -2, -3, ... when the catalog or this run
 * has it for another service. *existing: the catalog has this very service under it already.
 * NULL when there is none to be had. */
static char *entry_id_for(conv *c, bool *existing)
{
    ww_hsds_import *imp = c->imp;
    const char *own = own_value(c, "id"), *hsds = text_of(c->source, "id");
    bool ours = own && ww_valid_id(own);
    char *base = ours ? ww_xstrdup(own) : slug(text_of(c->source, "name"));
    if (!base)
        base = ww_xstrdup("hsds-aanbod");
    *existing = false;
    char *id = NULL;
    for (int n = 1; n <= (ours ? 1 : MAX_SUFFIX) && !id; n++) {
        char *candidate = n == 1 ? ww_xstrdup(base) : ww_xasprintf("%s-%d", base, n);
        bool taken = json_object_get(imp->entry_ids, candidate) != NULL;
        bool there = !taken && imp->o.catalog_dir &&
                     ww_catalog_has(imp->o.catalog_dir, WW_RECORD_ENTRY, candidate);
        if (!taken && (!there || ours || same_source(imp, candidate, hsds))) {
            id = candidate;
            *existing = there;
        } else {
            free(candidate);
        }
    }
    free(base);
    return id;
}

/* ---- One service ------------------------------------------------------------------------ */

/* The organization of a service: the one it came in, the one its organization_id names, or the
 * one nested in it. */
static const json_t *organization_of(const ww_hsds_import *imp, const json_t *item)
{
    const json_t *s = json_object_get(item, "service"),
                 *outer = json_object_get(item, "organization");
    if (json_is_object(outer))
        return outer;
    const json_t *nested = json_object_get(s, "organization");
    const char *id = text_of(s, "organization_id");
    const json_t *known =
        json_object_get(imp->read.orgs, id                      ? id
                                        : text_of(nested, "id") ? text_of(nested, "id")
                                                                : "");
    if (json_is_object(known))
        return known;
    return json_is_object(nested) ? nested : NULL;
}

/* Writes organisation `id` of `org` unless the catalog has it (or this run wrote it). */
static bool ensure_org(ww_hsds_import *imp, const json_t *org, const char *id, const char *source)
{
    const json_t *state = json_object_get(imp->org_state, id);
    if (state)
        return json_is_true(state);
    bool ok;
    if (imp->o.catalog_dir && !imp->o.overwrite &&
        ww_catalog_has(imp->o.catalog_dir, WW_RECORD_ORGANISATION, id)) {
        say(imp,
            "organisaties/%s.yaml: bestaat al; het aanbod verwijst ernaar en het bestand "
            "blijft zoals het is",
            id);
        ok = true;
    } else {
        conv c;
        conv_init(&c, imp, org);
        convert_organization(&c);
        json_object_set_new(c.fields, "id", json_string(id));
        report_untaken(&c, "organization");
        origin o = {source, "organization", text_of(org, "id"), NULL};
        ok = write_record(&c, WW_RECORD_ORGANISATION, id, &o);
        imp->stats.organisations += ok;
        conv_free(&c);
    }
    json_object_set_new(imp->org_state, id, json_boolean(ok));
    return ok;
}

/* How messages name a service before it has an id of ours. */
static char *service_name(const json_t *item)
{
    const json_t *s = json_object_get(item, "service");
    char *id = ww_utf8_one_line(text_of(s, "id"), WW_HSDS_SHOWN_TEXT);
    char *name =
        *id ? ww_xasprintf("%s: service %s", text_of(item, "source"), id)
            : ww_xasprintf("%s: service nr. %" JSON_INTEGER_FORMAT, text_of(item, "source"),
                           json_integer_value(json_object_get(item, "number")));
    free(id);
    return name;
}

/* The entry of a service whose organisation is in place. */
static void import_entry(ww_hsds_import *imp, const json_t *item, const char *org_id)
{
    const json_t *s = json_object_get(item, "service");
    conv c;
    conv_init(&c, imp, s);
    convert_service(&c);
    use(&c, json_object_get(s, "organization_id"));
    bool existing;
    char *id = entry_id_for(&c, &existing);
    if (!id) {
        char *who = service_name(item);
        say(imp, "%s: fout: geen vrije code meer voor dit aanbod; niet geïmporteerd", who);
        free(who);
        imp->stats.rejected++;
    } else if (existing && !imp->o.overwrite) {
        say(imp,
            "aanbod/%s.yaml: bestaat al (dezelfde HSDS-service); niet overschreven: "
            "--overwrite vervangt het",
            id);
        imp->stats.existing++;
    } else {
        json_object_set_new(c.fields, "id", json_string(id));
        json_object_set_new(c.fields, "organisatie", json_string(org_id));
        report_untaken(&c, "service");
        origin o = {text_of(item, "source"), "service", text_of(s, "id"),
                    text_of(s, "last_modified")};
        if (write_record(&c, WW_RECORD_ENTRY, id, &o))
            imp->stats.entries++;
        else
            imp->stats.rejected++;
    }
    if (id)
        json_object_set_new(imp->entry_ids, id, json_true());
    free(id);
    conv_free(&c);
}

static void import_service(ww_hsds_import *imp, const json_t *item)
{
    const json_t *s = json_object_get(item, "service");
    char *name = clean(text_of(s, "name"), true);
    const json_t *org = organization_of(imp, item);
    char *who = service_name(item), *org_id = NULL;
    if (!name) {
        say(imp, "%s: fout: de service heeft geen naam (name is %s); niet geïmporteerd", who,
            json_object_get(s, "name") ? "geen tekst" : "er niet");
        imp->stats.rejected++;
    } else if (!org) {
        say(imp,
            "%s: fout: de service hoort bij geen organisatie (organization of "
            "organization_id); niet geïmporteerd",
            who);
        imp->stats.rejected++;
    } else if (!ensure_org(imp, org, org_id = org_id_for(imp, org), text_of(item, "source"))) {
        say(imp,
            "%s: fout: de organisatie (organisaties/%s.yaml) is afgekeurd; niet "
            "geïmporteerd",
            who, org_id);
        imp->stats.rejected++;
    } else {
        import_entry(imp, item, org_id);
    }
    free(name);
    free(who);
    free(org_id);
}

/* ---- The run ---------------------------------------------------------------------------- */

void ww_hsds_import_bytes(ww_hsds_import *imp, const char *label, const char *bytes, size_t len)
{
    ww_hsds_read_bytes(&imp->read, label, bytes, len);
}

int ww_hsds_import_path(ww_hsds_import *imp, const char *path, char **errmsg)
{
    return ww_hsds_read_path(&imp->read, path, errmsg);
}

ww_hsds_import *ww_hsds_import_new(const ww_hsds_import_options *options)
{
    ww_hsds_import *imp = ww_xcalloc(1, sizeof *imp);
    imp->o = *options;
    ww_hsds_read_init(&imp->read, options->report);
    imp->org_ids = json_object();
    imp->org_state = json_object();
    imp->entry_ids = json_object();
    return imp;
}

void ww_hsds_import_free(ww_hsds_import *imp)
{
    if (!imp)
        return;
    ww_hsds_read_free(&imp->read);
    json_decref(imp->org_ids);
    json_decref(imp->org_state);
    json_decref(imp->entry_ids);
    json_decref(imp->catalog_orgs);
    free(imp->errmsg);
    free(imp);
}

int ww_hsds_import_finish(ww_hsds_import *imp, ww_hsds_import_stats *stats, char **errmsg)
{
    /* What reading counted, taken over once: the services found, the documents refused. */
    imp->stats.services = json_array_size(imp->read.services);
    imp->stats.rejected += imp->read.rejected;
    imp->read.rejected = 0;
    if (!json_array_size(imp->read.services) && !imp->stats.rejected) {
        say(imp, "geen HSDS-services gevonden; er is niets geïmporteerd");
        imp->stats.rejected++;
    }
    size_t i;
    json_t *item;
    json_array_foreach(imp->read.services, i, item)
    {
        if (imp->failed)
            break;
        import_service(imp, item);
    }
    *stats = imp->stats;
    if (imp->failed) {
        *errmsg = imp->errmsg;
        imp->errmsg = NULL;
        return -1;
    }
    return 0;
}
