/* ww_open_data.c -- the open-data terms of a catalog (see ww_open_data.h). */
#include "ww_open_data.h"

#include "ww_fs.h"
#include "ww_util.h"
#include "ww_yaml.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

/* A file of a few lines; anything bigger is not this file. */
#define MAX_OPEN_DATA_FILE (64 * 1024)

static const struct {
    const char *key, *fallback;
} KEYS[] = {
    {"uitgever", "de gemeente"},
    {"provincie", ""},
    {"licentie", "CC0-1.0"},
    {"licentie_naam", "Creative Commons Zero 1.0 (publiek domein)"},
    {"licentie_url", "https://creativecommons.org/publicdomain/zero/1.0/deed.nl"},
};
#define KEY_COUNT (sizeof KEYS / sizeof *KEYS)

char *ww_open_data_path(const char *catalog)
{
    return ww_xasprintf("%s/open-data.yaml", catalog);
}

static json_t *defaults(void)
{
    json_t *terms = json_object();
    for (size_t i = 0; i < KEY_COUNT; i++)
        json_object_set_new(terms, KEYS[i].key, json_string(KEYS[i].fallback));
    return terms;
}

static bool known_key(const char *key)
{
    for (size_t i = 0; i < KEY_COUNT; i++)
        if (strcmp(KEYS[i].key, key) == 0)
            return true;
    return false;
}

static void read_terms(const ww_node *root, json_t *terms, const char *path, ww_diag *diag)
{
    for (size_t i = 0; i < root->count; i++) {
        const ww_node *key = ww_node_key(root, i), *value = ww_node_value(root, i);
        if (!ww_node_is_scalar(key) || !known_key(key->value))
            ww_diag_add(diag, WW_DIAG_ERROR, path, key->line, key->column, "",
                        "onbekend veld; bekend zijn uitgever, provincie, licentie, licentie_naam "
                        "en licentie_url");
        else if (!ww_node_is_scalar(value))
            ww_diag_add(diag, WW_DIAG_ERROR, path, value->line, value->column, key->value,
                        "moet tekst zijn");
        else
            json_object_set_new(terms, key->value, json_stringn(value->value, value->len));
    }
}

json_t *ww_open_data_parse(const char *text, size_t len, const char *path, ww_diag *diag)
{
    size_t errors_before = diag->errors;
    json_t *terms = defaults();
    ww_yaml_doc *doc = NULL;
    ww_yaml_error err;
    const ww_node *root = NULL;
    if (ww_yaml_parse(text, len, &WW_YAML_CATALOG_LIMITS, &doc, &err) != 0)
        ww_diag_add(diag, WW_DIAG_ERROR, path, err.line, err.column, "", "%s", err.message);
    else if ((root = ww_yaml_root(doc))->kind == WW_NODE_MAPPING)
        read_terms(root, terms, path, diag);
    else if (!(root->kind == WW_NODE_SCALAR && root->len == 0))
        ww_diag_add(diag, WW_DIAG_ERROR, path, root->line, root->column, "",
                    "het bestand moet velden met tekst bevatten, zoals 'licentie: CC0-1.0'");
    ww_yaml_free(doc);
    if (diag->errors != errors_before) {
        json_decref(terms);
        return NULL;
    }
    return terms;
}

json_t *ww_open_data_read(const char *catalog, ww_diag *diag)
{
    char *path = ww_open_data_path(catalog), *text = NULL;
    size_t len = 0;
    json_t *terms = NULL;
    if (ww_read_file(path, MAX_OPEN_DATA_FILE, &text, &len) == 0)
        terms = ww_open_data_parse(text, len, path, diag);
    else if (errno == ENOENT)
        terms = defaults();
    else
        ww_diag_add(diag, WW_DIAG_ERROR, path, 0, 0, "", "kan het bestand niet lezen: %s",
                    ww_errno_text(errno));
    free(text);
    free(path);
    return terms;
}
