/* ww_hsds_read.c -- HSDS 3.0 documents in, their services gathered (see ww_hsds_read.h). */
#include "ww_hsds_read.h"

#include "ww_encoding.h"
#include "ww_fs.h"
#include "ww_text.h"
#include "ww_util.h"

#include <dirent.h>
#include <errno.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* What a folder says its files hold: anything, services (services/), organizations. */
typedef enum { SHAPE_ANY, SHAPE_SERVICE, SHAPE_ORGANIZATION } shape_hint;

/* ---- Small things ----------------------------------------------------------------------- */

static const char *text_of(const json_t *o, const char *key)
{
    return json_string_value(json_object_get(o, key));
}

static void say(const ww_hsds_read *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void say(const ww_hsds_read *r, const char *fmt, ...)
{
    if (!r->report)
        return;
    va_list ap;
    va_start(ap, fmt);
    vfprintf(r->report, fmt, ap);
    va_end(ap);
    fputc('\n', r->report);
}

static bool is_empty(const json_t *v)
{
    return json_is_null(v) || (json_is_string(v) && !*json_string_value(v)) ||
           (json_is_array(v) && !json_array_size(v)) || (json_is_object(v) && !json_object_size(v));
}

/* ---- Reading HSDS documents ------------------------------------------------------------- */

typedef enum { KIND_OTHER, KIND_SERVICE, KIND_ORGANIZATION, KIND_LOCATION, KIND_TERM } object_kind;

static bool has_any(const json_t *o, const char *const *keys)
{
    for (; *keys; keys++)
        if (json_object_get(o, *keys))
            return true;
    return false;
}

/* What an HSDS object is, by the fields only that kind has. */
static object_kind kind_of(const json_t *o, shape_hint hint)
{
    static const char *const SERVICE[] = {"status",
                                          "service_at_locations",
                                          "eligibility_description",
                                          "application_process",
                                          "assured_date",
                                          "cost_options",
                                          "fees_description",
                                          "interpretation_services",
                                          "accreditations",
                                          "program",
                                          "required_documents",
                                          "organization",
                                          "alert",
                                          "wait_time",
                                          "licenses",
                                          "minimum_age",
                                          "maximum_age",
                                          "assurer_email",
                                          "service_areas",
                                          "program_id",
                                          NULL};
    static const char *const ORGANIZATION[] = {
        "website", "tax_status", "tax_id",   "year_incorporated",        "legal_status",
        "logo",    "programs",   "services", "organization_identifiers", "parent_organization_id",
        NULL};
    static const char *const LOCATION[] = {"location_type", "latitude",       "longitude",
                                           "addresses",     "transportation", NULL};
    static const char *const OTHER[] = {
        "taxonomy", "term_uri", "taxonomy_detail", "code", "version", "openapi_url", NULL};
    if (hint == SHAPE_SERVICE || has_any(o, SERVICE))
        return KIND_SERVICE;
    if (hint == SHAPE_ORGANIZATION || has_any(o, ORGANIZATION))
        return KIND_ORGANIZATION;
    if (has_any(o, LOCATION))
        return KIND_LOCATION;
    if (json_object_get(o, "taxonomy") || json_object_get(o, "code"))
        return KIND_TERM;
    if (has_any(o, OTHER) || !json_object_get(o, "name"))
        return KIND_OTHER;
    return KIND_SERVICE;
}

static size_t richness(const json_t *o)
{
    size_t n = json_object_size(o);
    const char *key;
    json_t *v;
    json_object_foreach((json_t *)o, key, v) n += json_is_array(v) ? json_array_size(v) : 0;
    return n;
}

/* Adds a service to the run; a service read before (the same HSDS id) is kept in its fuller
 * form, and the other is reported. */
static size_t add_service(ww_hsds_read *r, json_t *s, json_t *org, const char *source)
{
    const char *id = text_of(s, "id");
    size_t i;
    json_t *item;
    json_array_foreach(id ? r->services : NULL, i, item)
    {
        json_t *other = json_object_get(item, "service");
        if (!text_of(other, "id") || strcmp(text_of(other, "id"), id) != 0)
            continue;
        bool fuller = richness(s) > richness(other);
        char *shown = ww_utf8_one_line(id, WW_HSDS_SHOWN_TEXT);
        say(r, "%s: service %s staat ook in %s; de %s vorm is overgenomen", source, shown,
            text_of(item, "source"), fuller ? "vollere (deze)" : "eerdere");
        free(shown);
        if (fuller) {
            json_object_set(item, "service", s);
            json_object_set_new(item, "source", json_string(source));
            json_object_set(item, "organization", org ? org : json_null());
        }
        return 1;
    }
    json_int_t number = (json_int_t)json_array_size(r->services) + 1;
    json_array_append_new(
        r->services, json_pack("{s:O,s:s,s:I}", "service", s, "source", source, "number", number));
    if (org)
        json_object_set(json_array_get(r->services, json_array_size(r->services) - 1),
                        "organization", org);
    return 1;
}

static void register_object(json_t *table, json_t *o)
{
    const char *id = text_of(o, "id");
    if (id && !json_object_get(table, id))
        json_object_set(table, id, o);
}

static size_t collect_object(ww_hsds_read *r, json_t *o, const char *source, shape_hint hint);

static size_t collect_list(ww_hsds_read *r, json_t *list, const char *source, shape_hint hint)
{
    size_t found = 0, wrong = 0, i;
    json_t *v;
    json_array_foreach(list, i, v)
    {
        if (json_is_object(v))
            found += collect_object(r, v, source, hint);
        else
            wrong++;
    }
    if (wrong) {
        say(r, "%s: fout: %zu element%s van de lijst %s geen object; overgeslagen", source, wrong,
            wrong == 1 ? "" : "en", wrong == 1 ? "is" : "zijn");
        r->rejected++;
    }
    return found;
}

/* A service_at_location with its service: the service, with this location among its own. */
static size_t collect_service_at_location(ww_hsds_read *r, json_t *sal, json_t *service,
                                          const char *source)
{
    json_t *s = json_copy(service), *list = json_array(), *here = json_copy(sal);
    json_object_del(here, "service");
    const json_t *known = json_object_get(service, "service_at_locations");
    bool again = false;
    size_t i;
    json_t *v;
    json_array_foreach(known, i, v)
    {
        json_array_append(list, v);
        again = again || (text_of(v, "id") && text_of(here, "id") &&
                          strcmp(text_of(v, "id"), text_of(here, "id")) == 0);
    }
    if (!again)
        json_array_append(list, here);
    json_object_set_new(s, "service_at_locations", list);
    size_t n = add_service(r, s, NULL, source);
    json_decref(here);
    json_decref(s);
    return n;
}

/* An organization with its services. */
static size_t collect_organization(ww_hsds_read *r, json_t *o, const char *source)
{
    json_t *org = json_copy(o);
    json_object_del(org, "services");
    register_object(r->orgs, org);
    size_t found = 0, i;
    json_t *s;
    json_array_foreach(json_object_get(o, "services"), i, s) if (json_is_object(s)) found +=
        add_service(r, s, org, source);
    json_decref(org);
    return found;
}

/* ---- HSDS's tabular form, as JSON: one list of rows per table, joined by ids ------------ */

typedef struct {
    const char *table, *key, *field;
} join;

static const join SERVICE_JOINS[] = {
    {"phones.csv", "service_id", "phones"},
    {"schedules.csv", "service_id", "schedules"},
    {"service_areas.csv", "service_id", "service_areas"},
    {"languages.csv", "service_id", "languages"},
    {"funding.csv", "service_id", "funding"},
    {"cost_options.csv", "service_id", "cost_options"},
    {"required_documents.csv", "service_id", "required_documents"},
    {"contacts.csv", "service_id", "contacts"},
    {"attributes.csv", "link_id", "attributes"},
    {"metadata.csv", "resource_id", "metadata"},
    {"service_at_location.csv", "service_id", "service_at_locations"},
};
static const join LOCATION_JOINS[] = {
    {"addresses.csv", "location_id", "addresses"},
    {"accessibility.csv", "location_id", "accessibility"},
};
static const join ORGANIZATION_JOINS[] = {
    {"phones.csv", "organization_id", "phones"},
    {"organization_identifiers.csv", "organization_id", "organization_identifiers"},
};

/* The rows that went into a service: their addresses, sorted and rid of repeats whenever the
 * list fills (so it stays within twice the rows marked), looked up once every row is marked. */
typedef struct {
    const json_t **rows;
    size_t count, cap;
} row_marks;

static int by_address(const void *a, const void *b)
{
    const json_t *x = *(const json_t *const *)a, *y = *(const json_t *const *)b;
    return ((uintptr_t)x > (uintptr_t)y) - ((uintptr_t)x < (uintptr_t)y);
}

static void tidy_marks(row_marks *m)
{
    if (m->count < 2)
        return;
    qsort(m->rows, m->count, sizeof *m->rows, by_address);
    size_t kept = 1;
    for (size_t i = 1; i < m->count; i++)
        if (m->rows[i] != m->rows[kept - 1])
            m->rows[kept++] = m->rows[i];
    m->count = kept;
}

static void mark(row_marks *m, const json_t *row)
{
    if (m->count == m->cap) {
        tidy_marks(m);
        if (2 * m->count >= m->cap) {
            m->cap = m->cap ? 2 * m->cap : 64;
            m->rows = ww_xrealloc(m->rows, m->cap * sizeof *m->rows);
        }
    }
    m->rows[m->count++] = row;
}

/* Whether `row` is marked; the marks tidied first. */
static bool marked(const row_marks *m, const json_t *row)
{
    return m->count && bsearch(&row, m->rows, m->count, sizeof *m->rows, by_address);
}

typedef struct {
    const json_t *tables;
    row_marks used;
} tabular;

/* The row of `table` with `id`, marked used; NULL when there is none. */
static json_t *row_by_id(tabular *t, const char *table, const char *id)
{
    size_t i;
    json_t *row;
    json_array_foreach(id ? json_object_get(t->tables, table) : NULL, i,
                       row) if (text_of(row, "id") && strcmp(text_of(row, "id"), id) == 0)
    {
        mark(&t->used, row);
        return row;
    }
    return NULL;
}

/* A copy of `row` with, per join, the rows of another table whose key is the row's id. */
static json_t *joined(tabular *t, const json_t *row, const join *joins, size_t n)
{
    json_t *o = json_copy((json_t *)row);
    const char *id = text_of(row, "id");
    for (size_t j = 0; id && j < n; j++) {
        json_t *list = json_array();
        size_t i;
        json_t *r;
        json_array_foreach(json_object_get(t->tables, joins[j].table), i, r)
        {
            if (!text_of(r, joins[j].key) || strcmp(text_of(r, joins[j].key), id) != 0)
                continue;
            mark(&t->used, r);
            json_array_append(list, r);
        }
        if (json_array_size(list))
            json_object_set(o, joins[j].field, list);
        json_decref(list);
    }
    return o;
}

/* The attributes with their terms, and the service_at_locations with their locations. */
static void join_parts(tabular *t, json_t *s)
{
    size_t i;
    json_t *v;
    json_array_foreach(json_object_get(s, "attributes"), i, v)
    {
        json_t *term = row_by_id(t, "taxonomy_terms.csv", text_of(v, "taxonomy_term_id"));
        if (term && !json_object_get(v, "taxonomy_term")) {
            json_t *a = json_copy(v);
            json_object_set(a, "taxonomy_term", term);
            json_array_set_new(json_object_get(s, "attributes"), i, a);
        }
    }
    json_array_foreach(json_object_get(s, "service_at_locations"), i, v)
    {
        json_t *loc = row_by_id(t, "locations.csv", text_of(v, "location_id"));
        if (!loc)
            continue;
        json_t *sal = json_copy(v);
        json_object_set_new(
            sal, "location",
            joined(t, loc, LOCATION_JOINS, sizeof LOCATION_JOINS / sizeof *LOCATION_JOINS));
        json_array_set_new(json_object_get(s, "service_at_locations"), i, sal);
    }
}

static size_t collect_tabular(ww_hsds_read *r, const json_t *tables, const char *source)
{
    tabular t = {tables, {0}};
    size_t found = 0, i;
    json_t *row;
    json_array_foreach(json_object_get(tables, "services.csv"), i, row)
    {
        if (!json_is_object(row))
            continue;
        mark(&t.used, row);
        json_t *s = joined(&t, row, SERVICE_JOINS, sizeof SERVICE_JOINS / sizeof *SERVICE_JOINS);
        join_parts(&t, s);
        json_t *program = row_by_id(&t, "programs.csv", text_of(row, "program_id"));
        if (program)
            json_object_set(s, "program", program);
        json_t *org_row = row_by_id(&t, "organizations.csv", text_of(row, "organization_id"));
        json_t *org = org_row ? joined(&t, org_row, ORGANIZATION_JOINS,
                                       sizeof ORGANIZATION_JOINS / sizeof *ORGANIZATION_JOINS)
                              : NULL;
        if (org)
            register_object(r->orgs, org);
        found += add_service(r, s, org, source);
        json_decref(org);
        json_decref(s);
    }
    /* Nothing silently dropped: the rows no service took. */
    tidy_marks(&t.used);
    const char *table;
    json_t *rows;
    json_object_foreach((json_t *)tables, table, rows)
    {
        json_array_foreach(rows, i, row) if (!marked(&t.used, row) && !is_empty(row))
        {
            char *shown = ww_utf8_one_line(table, WW_HSDS_SHOWN_TEXT);
            say(r, "%s: niet overgenomen: %s[%zu] (hoort bij geen service)", source, shown, i + 1);
            free(shown);
        }
    }
    free(t.used.rows);
    return found;
}

/* ---- Documents, files and folders ------------------------------------------------------- */

static bool is_tabular(const json_t *o)
{
    return json_is_array(json_object_get(o, "services.csv"));
}

static size_t collect_object(ww_hsds_read *r, json_t *o, const char *source, shape_hint hint)
{
    json_t *contents = json_object_get(o, "contents"), *service = json_object_get(o, "service");
    if (json_is_array(contents))
        return collect_list(r, contents, source, hint);
    if (is_tabular(o))
        return collect_tabular(r, o, source);
    if (json_is_object(service))
        return collect_service_at_location(r, o, service, source);
    if (json_is_array(json_object_get(o, "services")) && hint != SHAPE_ORGANIZATION)
        return collect_organization(r, o, source);
    switch (kind_of(o, hint)) {
    case KIND_SERVICE:
        return add_service(r, o, NULL, source);
    case KIND_ORGANIZATION: { /* services of its own come from services/ (the hint) */
        json_t *org = json_copy(o);
        json_object_del(org, "services");
        register_object(r->orgs, org);
        json_decref(org);
        break;
    }
    case KIND_LOCATION:
        register_object(r->locations, o);
        break;
    case KIND_TERM:
        register_object(r->terms, o);
        break;
    case KIND_OTHER:
        break;
    }
    return 0;
}

/* Nesting of arrays and objects, counted up to limit + 1. */
static unsigned depth_of(const json_t *v, unsigned limit)
{
    if (!json_is_object(v) && !json_is_array(v))
        return 0;
    if (!limit)
        return 1;
    unsigned deepest = 0;
    const char *key;
    json_t *child;
    size_t i;
    if (json_is_object(v)) {
        json_object_foreach((json_t *)v, key, child)
        {
            unsigned d = depth_of(child, limit - 1);
            deepest = d > deepest ? d : deepest;
        }
    } else {
        json_array_foreach(v, i, child)
        {
            unsigned d = depth_of(child, limit - 1);
            deepest = d > deepest ? d : deepest;
        }
    }
    return deepest + 1;
}

/* The JSON of a document's bytes, or NULL after reporting why not. */
static json_t *parse_document(ww_hsds_read *r, const char *source, const char *bytes, size_t len)
{
    ww_utf8_text text;
    ww_encoding_error enc;
    if (len > WW_HSDS_MAX_FILE) {
        say(r, "%s: fout: te groot (%zu bytes; ten hoogste %d)", source, len, WW_HSDS_MAX_FILE);
        return NULL;
    }
    if (ww_decode(bytes, len, &text, &enc) != 0) {
        say(r, "%s: fout: %s (byte %zu)", source, enc.message, enc.offset);
        return NULL;
    }
    if (text.source != WW_ENC_UTF8 && text.source != WW_ENC_UTF8_BOM)
        say(r, "%s: waarschuwing: gelezen als %s en omgezet naar UTF-8", source,
            ww_encoding_name(text.source));
    json_error_t err;
    json_t *doc = json_loadb(text.text, text.len, JSON_REJECT_DUPLICATES, &err);
    free(text.text);
    if (!doc) {
        say(r, "%s:%d:%d: fout: geen geldige JSON: %s", source, err.line, err.column, err.text);
        return NULL;
    }
    if (depth_of(doc, WW_HSDS_MAX_DEPTH) > WW_HSDS_MAX_DEPTH) {
        say(r, "%s: fout: te diep genest (meer dan %d niveaus)", source, WW_HSDS_MAX_DEPTH);
        json_decref(doc);
        return NULL;
    }
    return doc;
}

static void read_document(ww_hsds_read *r, const char *source, const char *bytes, size_t len,
                          shape_hint hint)
{
    json_t *doc = parse_document(r, source, bytes, len);
    if (!doc) {
        r->rejected++;
        return;
    }
    size_t found = 0;
    if (json_is_array(doc)) {
        found = collect_list(r, doc, source, hint);
    } else if (json_is_object(doc)) {
        found = collect_object(r, doc, source, hint);
    } else {
        say(r, "%s: fout: geen HSDS (een object of een lijst van objecten verwacht)", source);
        r->rejected++;
    }
    if (!found && hint == SHAPE_ANY && (json_is_array(doc) || json_is_object(doc)))
        say(r, "%s: geen HSDS-services; overgeslagen", source);
    json_decref(doc);
}

void ww_hsds_read_bytes(ww_hsds_read *r, const char *label, const char *bytes, size_t len)
{
    read_document(r, label, bytes, len, SHAPE_ANY);
}

static void read_one_file(ww_hsds_read *r, const char *path, shape_hint hint)
{
    char *bytes;
    size_t len;
    if (ww_read_file(path, WW_HSDS_MAX_FILE, &bytes, &len) != 0) {
        say(r, "%s: fout: %s", path,
            errno == EFBIG    ? "te groot (ten hoogste "
                                "16 MB"
                                ")"
            : errno == EINVAL ? "geen gewoon bestand"
                              : ww_errno_text(errno));
        r->rejected++;
        return;
    }
    read_document(r, path, bytes, len, hint);
    free(bytes);
}

static int by_name(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Every *.json in `dir`, in the order of their names. */
static void read_folder(ww_hsds_read *r, const char *dir_path, shape_hint hint)
{
    DIR *dir = opendir(dir_path);
    char **names = NULL;
    size_t count = 0;
    for (struct dirent *e; dir && (e = readdir(dir));) {
        size_t n = strlen(e->d_name);
        if (e->d_name[0] == '.' || n < 6 || strcmp(e->d_name + n - 5, ".json") != 0)
            continue;
        names = ww_xrealloc(names, (count + 1) * sizeof *names);
        names[count++] = ww_xasprintf("%s/%s", dir_path, e->d_name);
    }
    if (dir) {
        closedir(dir);
    } else {
        say(r, "%s: fout: %s", dir_path, ww_errno_text(errno));
        r->rejected++;
    }
    qsort(names, count, sizeof *names, by_name);
    for (size_t i = 0; i < count; i++) {
        read_one_file(r, names[i], hint);
        free(names[i]);
    }
    free(names);
}

static bool is_dir(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

int ww_hsds_read_path(ww_hsds_read *r, const char *path, char **errmsg)
{
    struct stat st;
    if (stat(path, &st) != 0) {
        *errmsg = ww_xasprintf("%s: %s", path, ww_errno_text(errno));
        return -1;
    }
    if (!S_ISDIR(st.st_mode)) {
        read_one_file(r, path, SHAPE_ANY);
        return 0;
    }
    char *services = ww_xasprintf("%s/services", path);
    char *orgs = ww_xasprintf("%s/organizations", path);
    if (is_dir(services)) { /* what --export-hsds writes */
        if (is_dir(orgs))
            read_folder(r, orgs, SHAPE_ORGANIZATION);
        read_folder(r, services, SHAPE_SERVICE);
    } else {
        read_folder(r, path, SHAPE_ANY);
    }
    free(services);
    free(orgs);
    return 0;
}

/* ---- The run ---------------------------------------------------------------------------- */

void ww_hsds_read_init(ww_hsds_read *r, FILE *report)
{
    *r = (ww_hsds_read){.report = report,
                        .services = json_array(),
                        .orgs = json_object(),
                        .locations = json_object(),
                        .terms = json_object()};
}

void ww_hsds_read_free(ww_hsds_read *r)
{
    json_decref(r->services);
    json_decref(r->orgs);
    json_decref(r->locations);
    json_decref(r->terms);
    *r = (ww_hsds_read){0};
}
