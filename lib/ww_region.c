/* ww_region.c -- reading a region's configuration (see ww_region.h). */
#include "ww_region.h"

#include "ww_fs.h"
#include "ww_util.h"
#include "ww_validate.h"
#include "ww_yaml.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

/* A file of a few dozen lines; anything bigger is not this file. */
#define MAX_REGION_FILE (256 * 1024)
#define DEFAULT_TIMEOUT_MS 1500

void ww_region_free(ww_region *region)
{
    if (!region)
        return;
    for (size_t i = 0; i < region->count; i++) {
        free(region->members[i].id);
        free(region->members[i].name);
        free(region->members[i].location);
        free(region->members[i].schema_dir);
    }
    free(region->members);
    free(region->name);
    free(region);
}

int ww_region_find(const ww_region *region, const char *id)
{
    for (size_t i = 0; id && i < region->count; i++)
        if (strcmp(region->members[i].id, id) == 0)
            return (int)i;
    return -1;
}

/* Reports a problem at node `n`; returns NULL for `return problem(...)`. */
static void *problem(ww_diag *diag, const char *path, const ww_node *n, const char *field,
                     const char *message)
{
    ww_diag_add(diag, WW_DIAG_ERROR, path, n ? n->line : 0, n ? n->column : 0, field, "%s",
                message);
    return NULL;
}

/* The text of `key` in mapping `m`; NULL (reported unless `optional`) when absent or not text. */
static const char *text_of(const ww_node *m, const char *key, bool optional, const char *path,
                           const char *field, ww_diag *diag)
{
    const ww_node *n = ww_node_get(m, key);
    if (n && ww_node_is_scalar(n) && n->len > 0)
        return n->value;
    if (n || !optional)
        problem(diag, path, n ? n : m, field, "moet tekst zijn");
    return NULL;
}

/* A folder relative to the configuration's own folder, and its `current`; a remote index as it
 * is. Caller frees. */
static char *location_of(const char *index, const char *path)
{
    if (strncmp(index, "tcp://", 6) == 0)
        return ww_xstrdup(index);
    if (index[0] == '/')
        return ww_xasprintf("%s/current", index);
    const char *slash = strrchr(path, '/');
    if (!slash)
        return ww_xasprintf("%s/current", index);
    return ww_xasprintf("%.*s/%s/current", (int)(slash - path), path, index);
}

/* A folder as written in the configuration, relative ones counted from its own folder. Caller
 * frees. */
static char *folder_of(const char *folder, const char *path)
{
    const char *slash = strrchr(path, '/');
    if (folder[0] == '/' || !slash)
        return ww_xstrdup(folder);
    return ww_xasprintf("%.*s/%s", (int)(slash - path), path, folder);
}

static bool read_member(ww_region *r, const ww_node *m, size_t i, const char *path, ww_diag *diag)
{
    char field[48];
    snprintf(field, sizeof field, "gemeenten[%zu]", i + 1);
    if (m->kind != WW_NODE_MAPPING)
        return problem(diag, path, m, field, "moet velden id, naam en index hebben") != NULL;
    size_t errors = diag->errors;
    for (size_t k = 0; k < m->count; k++) {
        const char *key = ww_node_key(m, k)->value;
        if (!key || (strcmp(key, "id") && strcmp(key, "naam") && strcmp(key, "index") &&
                     strcmp(key, "schema")))
            problem(diag, path, ww_node_key(m, k), field,
                    "onbekend veld; bekend zijn id, naam, index en schema");
    }
    const char *id = text_of(m, "id", false, path, field, diag);
    const char *name = text_of(m, "naam", false, path, field, diag);
    const char *index = text_of(m, "index", false, path, field, diag);
    const char *schema = text_of(m, "schema", true, path, field, diag);
    if (id && !ww_valid_id(id))
        problem(diag, path, ww_node_get(m, "id"), field,
                "een code van kleine letters, cijfers en streepjes, zoals 'kampen'");
    else if (id && ww_region_find(r, id) >= 0)
        problem(diag, path, ww_node_get(m, "id"), field, "deze gemeente staat er al");
    if (diag->errors != errors)
        return false;
    r->members[r->count++] =
        (ww_region_member){.id = ww_xstrdup(id),
                           .name = ww_xstrdup(name),
                           .location = location_of(index, path),
                           .schema_dir = schema && *schema ? folder_of(schema, path) : NULL};
    return true;
}

static void read_region(ww_region *r, const ww_node *root, const char *path, ww_diag *diag)
{
    for (size_t k = 0; k < root->count; k++) {
        const char *key = ww_node_key(root, k)->value;
        if (!key ||
            (strcmp(key, "naam") && strcmp(key, "wachttijd_ms") && strcmp(key, "gemeenten")))
            problem(diag, path, ww_node_key(root, k), "",
                    "onbekend veld; bekend zijn naam, wachttijd_ms en gemeenten");
    }
    const char *name = text_of(root, "naam", false, path, "naam", diag);
    r->name = ww_xstrdup(name ? name : "");
    const char *timeout = text_of(root, "wachttijd_ms", true, path, "wachttijd_ms", diag);
    char *end = NULL;
    long ms = timeout ? strtol(timeout, &end, 10) : DEFAULT_TIMEOUT_MS;
    if (timeout && (*end || ms < 10 || ms > 60000))
        problem(diag, path, ww_node_get(root, "wachttijd_ms"), "wachttijd_ms",
                "moet 10 tot 60000 milliseconden zijn");
    r->timeout_ms = (unsigned)(ms >= 10 && ms <= 60000 ? ms : DEFAULT_TIMEOUT_MS);
    const ww_node *list = ww_node_get(root, "gemeenten");
    if (!list || list->kind != WW_NODE_SEQUENCE || list->count == 0 ||
        list->count > WW_REGION_MAX) {
        problem(diag, path, list ? list : root, "gemeenten",
                "moet een lijst van 1 tot 64 gemeenten zijn");
        return;
    }
    r->members = ww_xcalloc(list->count, sizeof *r->members);
    for (size_t i = 0; i < list->count; i++)
        read_member(r, list->items[i], i, path, diag);
}

ww_region *ww_region_parse(const char *text, size_t len, const char *path, ww_diag *diag)
{
    size_t errors = diag->errors;
    ww_region *r = ww_xcalloc(1, sizeof *r);
    ww_yaml_doc *doc = NULL;
    ww_yaml_error err;
    if (ww_yaml_parse(text, len, &WW_YAML_CATALOG_LIMITS, &doc, &err) != 0)
        ww_diag_add(diag, WW_DIAG_ERROR, path, err.line, err.column, "", "%s", err.message);
    else if (ww_yaml_root(doc)->kind != WW_NODE_MAPPING)
        problem(diag, path, ww_yaml_root(doc), "",
                "het bestand moet de regio beschrijven: naam, wachttijd_ms en gemeenten");
    else
        read_region(r, ww_yaml_root(doc), path, diag);
    ww_yaml_free(doc);
    if (diag->errors != errors) {
        ww_region_free(r);
        return NULL;
    }
    return r;
}

ww_region *ww_region_read(const char *path, ww_diag *diag)
{
    char *text = NULL;
    size_t len = 0;
    if (ww_read_file(path, MAX_REGION_FILE, &text, &len) != 0) {
        ww_diag_add(diag, WW_DIAG_ERROR, path, 0, 0, "", "kan het bestand niet lezen: %s",
                    ww_errno_text(errno));
        return NULL;
    }
    ww_region *r = ww_region_parse(text, len, path, diag);
    free(text);
    return r;
}
