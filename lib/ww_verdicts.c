/* ww_verdicts.c -- the editor's verdicts on overlapping offers, as a YAML file in the catalog. */
#include "ww_verdicts.h"

#include "ww_fs.h"
#include "ww_json.h"
#include "ww_util.h"
#include "ww_validate.h"
#include "ww_yaml.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

enum { MAX_VERDICTS_FILE = 4 * 1024 * 1024 };

static const char *const VERDICTS[] = {"geen-dubbeling", "dubbeling-besproken"};

bool ww_verdict_known(const char *verdict)
{
    for (size_t i = 0; verdict && i < sizeof VERDICTS / sizeof *VERDICTS; i++)
        if (!strcmp(verdict, VERDICTS[i]))
            return true;
    return false;
}

char *ww_verdicts_path(const char *catalog)
{
    return ww_xasprintf("%s/dubbelingen.yaml", catalog);
}

/* One verdict of the file as JSON; NULL (with a problem in `diag`) when it is not one. */
static json_t *read_verdict(const ww_node *n, const char *path, ww_diag *diag)
{
    const ww_node *ids = ww_node_get(n, "aanbod"), *verdict = ww_node_get(n, "oordeel"),
                  *note = ww_node_get(n, "toelichting"), *versions = ww_node_get(n, "versies"),
                  *date = ww_node_get(n, "datum");
    bool ok = n->kind == WW_NODE_MAPPING && ids && ids->kind == WW_NODE_SEQUENCE &&
              ids->count == 2 && ww_node_is_scalar(ids->items[0]) &&
              ww_node_is_scalar(ids->items[1]) && ww_valid_id(ids->items[0]->value) &&
              ww_valid_id(ids->items[1]->value) && ww_node_is_scalar(verdict) &&
              ww_verdict_known(verdict->value) && versions && versions->kind == WW_NODE_SEQUENCE &&
              versions->count == 2 && ww_node_is_scalar(versions->items[0]) &&
              ww_node_is_scalar(versions->items[1]);
    if (!ok) {
        ww_diag_add(diag, WW_DIAG_ERROR, path, n->line, n->column, "",
                    "een oordeel heeft aanbod (twee codes), oordeel (geen-dubbeling of "
                    "dubbeling-besproken) en versies (twee)");
        return NULL;
    }
    return json_pack("{s:[s,s],s:s,s:s,s:[s,s],s:s}", "aanbod", ids->items[0]->value,
                     ids->items[1]->value, "oordeel", verdict->value, "toelichting",
                     ww_node_is_scalar(note) ? note->value : "", "versies",
                     versions->items[0]->value, versions->items[1]->value, "datum",
                     ww_node_is_scalar(date) ? date->value : "");
}

json_t *ww_verdicts_parse(const char *text, size_t len, const char *path, ww_diag *diag)
{
    size_t errors_before = diag->errors;
    json_t *list = json_array();
    ww_yaml_doc *doc = NULL;
    ww_yaml_error err;
    const ww_node *root = NULL;
    if (ww_yaml_parse(text, len, &WW_YAML_CATALOG_LIMITS, &doc, &err) != 0) {
        ww_diag_add(diag, WW_DIAG_ERROR, path, err.line, err.column, "", "%s", err.message);
    } else if ((root = ww_yaml_root(doc))->kind == WW_NODE_SEQUENCE) {
        for (size_t i = 0; i < root->count; i++) {
            json_t *v = read_verdict(root->items[i], path, diag);
            if (v)
                json_array_append_new(list, v);
        }
    } else if (!(root->kind == WW_NODE_SCALAR && root->len == 0)) {
        ww_diag_add(diag, WW_DIAG_ERROR, path, root->line, root->column, "",
                    "het bestand moet een lijst van oordelen zijn");
    }
    ww_yaml_free(doc);
    if (diag->errors != errors_before) {
        json_decref(list);
        return NULL;
    }
    return list;
}

json_t *ww_verdicts_read(const char *catalog, ww_diag *diag)
{
    char *path = ww_verdicts_path(catalog), *text = NULL;
    size_t len = 0;
    json_t *list = NULL;
    if (ww_read_file(path, MAX_VERDICTS_FILE, &text, &len) == 0)
        list = ww_verdicts_parse(text, len, path, diag);
    else if (errno == ENOENT)
        list = json_array();
    else
        ww_diag_add(diag, WW_DIAG_ERROR, path, 0, 0, "", "kan het bestand niet lezen: %s",
                    ww_errno_text(errno));
    free(text);
    free(path);
    return list;
}

void ww_verdict_set(json_t *verdicts, const char *a, const char *b, const char *verdict,
                    const char *note, const char *version_a, const char *version_b,
                    const char *today)
{
    bool first = strcmp(a, b) < 0;
    json_t *v =
        json_pack("{s:[s,s],s:s,s:s,s:[s,s],s:s}", "aanbod", first ? a : b, first ? b : a,
                  "oordeel", verdict, "toelichting", note ? note : "", "versies",
                  first ? version_a : version_b, first ? version_b : version_a, "datum", today);
    size_t i;
    json_t *old;
    json_array_foreach(verdicts, i, old)
    {
        const json_t *ids = json_object_get(old, "aanbod");
        if (ww_json_list_has(ids, a) && ww_json_list_has(ids, b)) {
            json_array_set_new(verdicts, i, v);
            return;
        }
    }
    json_array_append_new(verdicts, v);
}

char *ww_verdicts_text(const json_t *verdicts)
{
    static const char HEADER[] =
        "# Oordelen van de redactie over mogelijke dubbelingen (/inzicht/overlap).\n"
        "#\n"
        "# Per paar: de twee codes, het oordeel (geen-dubbeling of dubbeling-besproken), een\n"
        "# toelichting, de versies van beide bestanden toen het oordeel viel, en de datum. Een "
        "paar\n"
        "# met een oordeel komt niet terug in het overzicht, tot een van beide aanbiedingen\n"
        "# verandert. Wegwijzer schrijft dit bestand; het wordt bekeken zoals de rest van de\n"
        "# catalogus.\n";
    char *body = json_array_size(verdicts) ? ww_yaml_emit(verdicts) : ww_xstrdup("[]\n");
    char *text = ww_xasprintf("%s%s", HEADER, body ? body : "[]\n");
    free(body);
    return text;
}
