/* ww_record.c -- one catalog record from bytes to checked JSON. */
#include "ww_record.h"

#include "ww_encoding.h"
#include "ww_fs.h"
#include "ww_util.h"
#include "ww_yaml.h"

#include <assert.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

/* Line and column (1-based) of a byte offset, for messages about raw bytes. */
static void position_of(const char *bytes, size_t offset, unsigned *line, unsigned *column)
{
    *line = 1;
    *column = 1;
    for (size_t i = 0; i < offset; i++) {
        if (bytes[i] == '\n') {
            (*line)++;
            *column = 1;
        } else {
            (*column)++;
        }
    }
}

json_t *ww_record_parse(const ww_schema *schema, ww_record_kind kind, const char *bytes, size_t len,
                        const char *label, const char *expected_id, ww_ref_exists exists, void *ctx,
                        ww_diag *diag)
{
    if (len > WW_MAX_CATALOG_FILE) {
        ww_diag_add(diag, WW_DIAG_ERROR, label, 0, 0, "",
                    "het bestand is te groot (%zu bytes, ten hoogste %d)", len,
                    WW_MAX_CATALOG_FILE);
        return NULL;
    }
    ww_utf8_text text;
    ww_encoding_error enc_err;
    if (ww_decode(bytes, len, &text, &enc_err) != 0) {
        unsigned line, column;
        position_of(bytes, enc_err.offset, &line, &column);
        ww_diag_add(diag, WW_DIAG_ERROR, label, line, column, "", "%s (byte %zu)", enc_err.message,
                    enc_err.offset);
        return NULL;
    }
    if (text.source != WW_ENC_UTF8 && text.source != WW_ENC_UTF8_BOM)
        ww_diag_add(diag, WW_DIAG_WARNING, label, 0, 0, "",
                    "gelezen als %s en omgezet naar UTF-8; sla het bestand voortaan op als UTF-8",
                    ww_encoding_name(text.source));

    ww_yaml_doc *doc = NULL;
    ww_yaml_error yaml_err;
    json_t *record = NULL;
    if (ww_yaml_parse(text.text, text.len, &WW_YAML_CATALOG_LIMITS, &doc, &yaml_err) != 0) {
        ww_diag_add(diag, WW_DIAG_ERROR, label, yaml_err.line, yaml_err.column, "", "%s",
                    yaml_err.message);
    } else {
        const ww_record_schema *rec =
            kind == WW_RECORD_ENTRY ? &schema->entry : &schema->organisation;
        const ww_node *root = ww_yaml_root(doc);
        record = ww_validate(rec, root, label, exists, ctx, diag);
        const char *id = json_string_value(json_object_get(record, "id"));
        assert(!record || id); /* the schema loader makes id a required field */
        if (record && expected_id && strcmp(id, expected_id) != 0) {
            const ww_node *at = ww_node_get(root, "id");
            ww_diag_add(diag, WW_DIAG_ERROR, label, at->line, at->column, "id",
                        "'%s' moet gelijk zijn aan de bestandsnaam (%s.yaml)", id, expected_id);
            json_decref(record);
            record = NULL;
        }
    }
    ww_yaml_free(doc);
    free(text.text);
    return record;
}

json_t *ww_record_parse_as(const ww_schema *schema, ww_record_kind kind, const char *id,
                           const char *bytes, size_t len, ww_ref_exists exists, void *ctx,
                           ww_diag *diag)
{
    char *label = ww_catalog_label(kind, id);
    json_t *record = ww_record_parse(schema, kind, bytes, len, label, id, exists, ctx, diag);
    free(label);
    return record;
}

json_t *ww_record_read(const ww_schema *schema, ww_record_kind kind, const char *path,
                       ww_ref_exists exists, void *ctx, ww_diag *diag, char **version)
{
    char *bytes;
    size_t len;
    if (version)
        *version = NULL;
    if (ww_read_file(path, WW_MAX_CATALOG_FILE, &bytes, &len) != 0) {
        if (errno == EFBIG)
            ww_diag_add(diag, WW_DIAG_ERROR, path, 0, 0, "",
                        "het bestand is te groot (ten hoogste %d bytes)", WW_MAX_CATALOG_FILE);
        else
            ww_diag_add(diag, WW_DIAG_ERROR, path, 0, 0, "", "kan het bestand niet lezen: %s",
                        ww_errno_text(errno));
        return NULL;
    }
    const char *base = strrchr(path, '/');
    char *expected = ww_catalog_id_of(base ? base + 1 : path);
    if (!expected)
        expected = ww_xstrdup(base ? base + 1 : path);
    json_t *record = ww_record_parse(schema, kind, bytes, len, path, expected, exists, ctx, diag);
    if (version)
        *version = ww_catalog_etag(bytes, len);
    free(expected);
    free(bytes);
    return record;
}

/* Every scalar as text: what a value means is the schema's business, not this reader's. */
static json_t *node_to_json(const ww_node *n)
{
    switch (n->kind) {
    case WW_NODE_SCALAR:
        return json_stringn(n->value, n->len);
    case WW_NODE_SEQUENCE: {
        json_t *list = json_array();
        for (size_t i = 0; i < n->count; i++)
            json_array_append_new(list, node_to_json(n->items[i]));
        return list;
    }
    case WW_NODE_MAPPING: {
        json_t *obj = json_object();
        for (size_t i = 0; i < n->count; i++)
            json_object_set_new(obj, ww_node_key(n, i)->value, node_to_json(ww_node_value(n, i)));
        return obj;
    }
    }
    return json_null();
}

json_t *ww_record_values(const char *bytes, size_t len)
{
    ww_utf8_text text;
    ww_encoding_error err;
    if (ww_decode(bytes, len, &text, &err) != 0)
        return NULL;
    ww_yaml_doc *doc = NULL;
    ww_yaml_error yaml_err;
    json_t *values = NULL;
    if (ww_yaml_parse(text.text, text.len, &WW_YAML_CATALOG_LIMITS, &doc, &yaml_err) == 0 &&
        ww_yaml_root(doc)->kind == WW_NODE_MAPPING)
        values = node_to_json(ww_yaml_root(doc));
    ww_yaml_free(doc);
    free(text.text);
    return values;
}
