/* ww_site.c -- reading and checking web/site.yaml, and the `site` value made from it. */
#include "ww_site.h"

#include "ww_fs.h"
#include "ww_page_kit.h"
#include "ww_util.h"
#include "ww_validate.h"
#include "ww_yaml.h"

#include <errno.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

struct ww_site {
    json_t *value;
};

/* A hand-written file of a few lines: small bounds are generous. */
static const ww_yaml_limits SITE_LIMITS = {.max_depth = 4, .max_nodes = 200, .max_scalar = 1000};
enum { MAX_FILE = 64 * 1024, MAX_TEXT = 200 };

typedef enum { GROUP, TEXT, PHONE, EMAIL, URL, LOGO, DATE, DAYS } kind;

/* Every field of the file, each group before its fields. All are required (a site without the
 * wijkteam's phone or a privacy contact must not go live), but for the group `regio` (a
 * gemeente in a region, whose site then offers beschermd thuis "ook in de regio"): optional, and
 * whole when given. */
static const struct {
    const char *name;
    kind kind;
    bool optional;
} FIELDS[] = {
    {"naam", TEXT, false},
    {"gemeente", TEXT, false},
    {"logo", LOGO, false},
    {"wijkteam", GROUP, false},
    {"wijkteam.naam", TEXT, false},
    {"wijkteam.telefoon", PHONE, false},
    {"wijkteam.email", EMAIL, false},
    {"wijkteam.website", URL, false},
    {"privacy", GROUP, false},
    {"privacy.email", EMAIL, false},
    {"toegankelijkheid", GROUP, false},
    {"toegankelijkheid.email", EMAIL, false},
    {"toegankelijkheid.datum", DATE, false},
    {"toegankelijkheid.reactietermijn", DAYS, false},
    {"redactie", GROUP, false},
    {"redactie.email", EMAIL, false},
    {"regio", GROUP, true},
    {"regio.naam", TEXT, false},
    {"regio.website", URL, false},
};
enum { FIELD_COUNT = sizeof FIELDS / sizeof *FIELDS };

typedef struct {
    const char *file;    /* as the diagnostics name it: "<web_dir>/site.yaml" */
    const char *web_dir; /* to find the logo */
    ww_diag *diag;       /* borrowed */
    bool seen[FIELD_COUNT];
} loader;

static void problem(loader *ld, const ww_node *at, const char *name, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
static void problem(loader *ld, const ww_node *at, const char *name, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *message = ww_xvasprintf(fmt, ap);
    va_end(ap);
    ww_diag_add(ld->diag, WW_DIAG_ERROR, ld->file, at ? at->line : 0, at ? at->column : 0, name,
                "%s", message);
    free(message);
}

static int field_index(const char *name)
{
    for (int i = 0; i < FIELD_COUNT; i++)
        if (strcmp(FIELDS[i].name, name) == 0)
            return i;
    return -1;
}

/* Whether field `name` belongs directly to the group `prefix` ("" for the file itself). */
static bool in_group(const char *name, const char *prefix)
{
    size_t n = strlen(prefix);
    if (!n)
        return !strchr(name, '.');
    return strncmp(name, prefix, n) == 0 && name[n] == '.' && !strchr(name + n + 1, '.');
}

/* "a, b, c": the fields the group `prefix` may hold, for a message. Caller frees. */
static char *fields_of(const char *prefix)
{
    ww_buf out = {0};
    size_t n = strlen(prefix);
    for (int i = 0; i < FIELD_COUNT; i++)
        if (in_group(FIELDS[i].name, prefix))
            ww_buf_printf(&out, "%s%s", out.len ? ", " : "", FIELDS[i].name + (n ? n + 1 : 0));
    return ww_buf_release(&out);
}

/* ---- Values ------------------------------------------------------------------------------- */

static size_t count_digits(const char *s)
{
    size_t n = 0;
    for (; *s; s++)
        n += *s >= '0' && *s <= '9';
    return n;
}

static bool only_chars(const char *s, const char *allowed)
{
    for (; *s; s++)
        if (!((*s >= '0' && *s <= '9') || strchr(allowed, *s)))
            return false;
    return true;
}

static bool plain_text(const char *s)
{
    for (const unsigned char *p = (const unsigned char *)s; *p; p++)
        if (*p < 0x20 || *p == 0x7f)
            return false;
    return true;
}

/* name@domain.tld, without spaces or characters that have no place in an address. */
static bool looks_like_email(const char *s)
{
    const char *at = strchr(s, '@');
    if (!at || at == s || strchr(at + 1, '@') || strpbrk(s, " <>\"(),;:\\[]"))
        return false;
    const char *dot = strrchr(at + 1, '.');
    return dot && dot > at + 1 && dot[1];
}

static bool looks_like_url(const char *s)
{
    const char *host = !strncmp(s, "https://", 8)  ? s + 8
                       : !strncmp(s, "http://", 7) ? s + 7
                                                   : NULL;
    return host && *host && *host != '/' && !strpbrk(s, " <>\"");
}

/* A file under static/, as /static/ serves it: a plain relative path to an SVG or PNG. */
static const char *logo_problem(const loader *ld, const char *path)
{
    size_t n = strlen(path);
    if (path[0] == '/' || strstr(path, "..") || strstr(path, "//") ||
        !only_chars(path, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ-_./"))
        return "is geen bestandsnaam onder static/ (zoals img/logo.svg)";
    if (n < 5 || (strcmp(path + n - 4, ".svg") != 0 && strcmp(path + n - 4, ".png") != 0))
        return "moet een .svg- of .png-bestand zijn";
    char *full = ww_xasprintf("%s/static/%s", ld->web_dir, path);
    struct stat st;
    bool found = stat(full, &st) == 0 && S_ISREG(st.st_mode);
    free(full);
    return found ? NULL : "staat niet in de map static/ van de website";
}

/* What is wrong with a value of this kind, or NULL. */
static const char *value_problem(const loader *ld, kind k, const char *s)
{
    if (!*s)
        return "is leeg";
    if (strlen(s) > MAX_TEXT || !plain_text(s))
        return "moet één regel tekst zijn van hoogstens 200 tekens";
    switch (k) {
    case PHONE:
        return only_chars(s, " -+()") && count_digits(s) >= 10 && count_digits(s) <= 15
                   ? NULL
                   : "is geen telefoonnummer (10 tot 15 cijfers)";
    case EMAIL:
        return looks_like_email(s) ? NULL : "is geen e-mailadres (zoals naam@gemeente.nl)";
    case URL:
        return looks_like_url(s) ? NULL : "is geen webadres (begint met https://)";
    case LOGO:
        return logo_problem(ld, s);
    case DATE:
        return ww_valid_date(s) ? NULL : "is geen datum (zoals 2026-11-29)";
    case DAYS:
        return only_chars(s, "") && strlen(s) <= 2 && atoi(s) >= 1 && atoi(s) <= 60
                   ? NULL
                   : "moet een aantal werkdagen zijn, 1 tot 60";
    default:
        return NULL;
    }
}

/* ---- The tree ----------------------------------------------------------------------------- */

static void read_group(loader *ld, const ww_node *map, const char *prefix, json_t *into);

/* One pair of a group: its key checked against FIELDS, its value against its kind. */
static void read_pair(loader *ld, const ww_node *key, const ww_node *value, const char *prefix,
                      json_t *into)
{
    if (key->kind != WW_NODE_SCALAR) {
        problem(ld, key, prefix, "een veldnaam moet tekst zijn");
        return;
    }
    char *name = *prefix ? ww_xasprintf("%s.%s", prefix, key->value) : ww_xstrdup(key->value);
    int i = field_index(name);
    if (i < 0) {
        char *known = fields_of(prefix);
        problem(ld, key, name, "onbekend veld; hier horen: %s", known);
        free(known);
    } else if (FIELDS[i].kind == GROUP) {
        ld->seen[i] = true;
        json_t *group = json_object();
        if (value->kind == WW_NODE_MAPPING)
            read_group(ld, value, name, group);
        else
            problem(ld, value, name, "moet een blok met velden zijn");
        json_object_set_new(into, key->value, group);
    } else {
        ld->seen[i] = true;
        const char *why = NULL;
        json_t *text = NULL;
        if (value->kind != WW_NODE_SCALAR)
            problem(ld, value, name, "moet tekst zijn, geen lijst of blok");
        else if ((text = json_string(value->value)) == NULL) /* libyaml checks, but be sure */
            problem(ld, value, name, "is geen tekst in UTF-8");
        else if ((why = value_problem(ld, FIELDS[i].kind, value->value)) != NULL)
            problem(ld, value, name, "'%s' %s", value->value, why);
        if (text && !why)
            json_object_set_new(into, key->value, text);
        else
            json_decref(text);
    }
    free(name);
}

/* Reads the pairs of `map` (the group `prefix`, "" for the whole file), then names each field
 * of the group that is missing, at the group's own line. */
static void read_group(loader *ld, const ww_node *map, const char *prefix, json_t *into)
{
    for (size_t i = 0; i < map->count; i++)
        read_pair(ld, ww_node_key(map, i), ww_node_value(map, i), prefix, into);
    for (int i = 0; i < FIELD_COUNT; i++)
        if (in_group(FIELDS[i].name, prefix) && !ld->seen[i] && !FIELDS[i].optional)
            problem(ld, map, FIELDS[i].name, "dit veld ontbreekt; het is verplicht");
}

/* ---- The page value ----------------------------------------------------------------------- */

/* Adds what the pages make from the file: the logo's URL, the tel: link, the short web address
 * and the date as people write it. Only called on a file without problems. */
static void add_derived(json_t *value)
{
    const char *logo = json_string_value(json_object_get(value, "logo"));
    ww_set_owned_string(value, "logo", ww_xasprintf("/static/%s", logo));
    json_t *team = json_object_get(value, "wijkteam");
    ww_set_owned_string(team, "tel",
                        ww_tel_url(json_string_value(json_object_get(team, "telefoon"))));
    const char *site = json_string_value(json_object_get(team, "website"));
    const char *host = strstr(site, "://") + 3;
    size_t n = strlen(host);
    ww_set_owned_string(team, "website_kort",
                        ww_xstrndup(host, n && host[n - 1] == '/' ? n - 1 : n));
    json_t *statement = json_object_get(value, "toegankelijkheid");
    const char *date = json_string_value(json_object_get(statement, "datum"));
    json_object_set_new(statement, "datum_iso", json_string(date));
    ww_set_owned_string(statement, "datum", ww_dutch_date(date));
}

static ww_yaml_doc *parse_file(loader *ld)
{
    char *text = NULL;
    size_t len = 0;
    if (ww_read_file(ld->file, MAX_FILE, &text, &len) != 0) {
        problem(ld, NULL, "", "kan het bestand niet lezen: %s",
                errno == ENOENT  ? "het bestaat niet (elke website heeft een site.yaml)"
                : errno == EFBIG ? "groter dan 64 KiB"
                                 : ww_errno_text(errno));
        return NULL;
    }
    ww_yaml_doc *doc = NULL;
    ww_yaml_error err;
    if (ww_yaml_parse(text, len, &SITE_LIMITS, &doc, &err) != 0)
        ww_diag_add(ld->diag, WW_DIAG_ERROR, ld->file, err.line, err.column, "", "%s", err.message);
    else if (!ww_yaml_root(doc) || ww_yaml_root(doc)->kind != WW_NODE_MAPPING) {
        char *known = fields_of("");
        problem(ld, ww_yaml_root(doc), "", "het bestand moet een blok met velden zijn: %s", known);
        free(known);
        ww_yaml_free(doc);
        doc = NULL;
    }
    free(text);
    return doc;
}

ww_site *ww_site_load(const char *web_dir, ww_diag *diag)
{
    char *file = ww_xasprintf("%s/site.yaml", web_dir);
    loader ld = {.file = file, .web_dir = web_dir, .diag = diag};
    size_t errors = diag->errors;
    ww_yaml_doc *doc = parse_file(&ld);
    json_t *value = json_object();
    if (doc)
        read_group(&ld, ww_yaml_root(doc), "", value);
    bool usable = doc && diag->errors == errors;
    ww_yaml_free(doc);
    free(file);
    if (!usable) {
        json_decref(value);
        return NULL;
    }
    add_derived(value);
    ww_site *site = ww_xcalloc(1, sizeof *site);
    site->value = value;
    return site;
}

const json_t *ww_site_value(const ww_site *site)
{
    return site->value;
}

const char *ww_site_text(const ww_site *site, const char *name)
{
    if (!site)
        return NULL;
    const json_t *v = site->value;
    char *copy = ww_xstrdup(name), *rest = NULL;
    for (char *part = strtok_r(copy, ".", &rest); part && v; part = strtok_r(NULL, ".", &rest))
        v = json_object_get(v, part);
    free(copy);
    return json_string_value(v);
}

void ww_site_free(ww_site *site)
{
    if (!site)
        return;
    json_decref(site->value);
    free(site);
}
