/* ww_yaml.h -- a bounded YAML reader: one document into a read-only tree of nodes.
 *
 * Catalog files are written by hand and may be hostile, so reading is bounded: nesting depth,
 * the number of nodes (aliases count at their expanded size, so a "billion laughs" file fails in
 * microseconds) and scalar length. Duplicate keys are an error. Scalars stay text; what a value
 * means is decided by the schema (ww_schema.h), not by YAML's implicit typing. */
#ifndef WW_YAML_H
#define WW_YAML_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

typedef enum { WW_NODE_SCALAR, WW_NODE_SEQUENCE, WW_NODE_MAPPING } ww_node_kind;

typedef struct ww_node ww_node;
struct ww_node {
    ww_node_kind kind;
    unsigned line, column; /* 1-based position where the node starts */
    bool quoted;           /* scalar written in quotes or as a block */
    const char *value;     /* scalar text, NUL-terminated */
    size_t len;            /* scalar length in bytes */
    ww_node **items;       /* sequence: items; mapping: key, value, key, value, ... */
    size_t count;          /* sequence: items; mapping: pairs */
    size_t expanded;       /* nodes in this subtree with aliases expanded */
};

typedef struct {
    unsigned max_depth; /* nesting of sequences and mappings */
    size_t max_nodes;   /* nodes after alias expansion */
    size_t max_scalar;  /* bytes in one scalar */
} ww_yaml_limits;

/* Limits that fit catalog files generously. */
extern const ww_yaml_limits WW_YAML_CATALOG_LIMITS;

typedef struct {
    unsigned line, column;
    char message[200]; /* Dutch */
} ww_yaml_error;

typedef struct ww_yaml_doc ww_yaml_doc;

/* Parses UTF-8 text. Returns 0 and *out (free with ww_yaml_free), or -1 and *err. */
int ww_yaml_parse(const char *text, size_t len, const ww_yaml_limits *limits, ww_yaml_doc **out,
                  ww_yaml_error *err);
/* The root node; owned by the document. */
const ww_node *ww_yaml_root(const ww_yaml_doc *doc);
void ww_yaml_free(ww_yaml_doc *doc);

/* Whether `n` is there and a scalar. */
bool ww_node_is_scalar(const ww_node *n);

/* The value for `key` in a mapping, or NULL. */
const ww_node *ww_node_get(const ww_node *mapping, const char *key);
/* Key and value of pair i of a mapping. */
static inline const ww_node *ww_node_key(const ww_node *m, size_t i)
{
    return m->items[2 * i];
}
static inline const ww_node *ww_node_value(const ww_node *m, size_t i)
{
    return m->items[2 * i + 1];
}

/* Writes a JSON value as a block-style YAML document, keys in their order, multi-line text as
 * literal blocks: how a partner's JSON is stored as a catalog file. Caller frees; NULL when
 * the value cannot be written (such as a non-finite number). */
char *ww_yaml_emit(const json_t *value);

#endif
