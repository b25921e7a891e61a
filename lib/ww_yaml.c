/* ww_yaml.c -- libyaml events into an arena-allocated node tree, within limits. */
#include "ww_yaml.h"

#include "ww_util.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

const ww_yaml_limits WW_YAML_CATALOG_LIMITS = {
    .max_depth = 16,
    .max_nodes = 20000,
    .max_scalar = 64 * 1024,
};

/* ---- Arena: everything of one document is freed at once -------------------------------- */

typedef struct chunk {
    struct chunk *next;
    size_t used, cap;
    char bytes[];
} chunk;

struct ww_yaml_doc {
    chunk *chunks;
    ww_node *root;
};

static void *arena_alloc(ww_yaml_doc *doc, size_t size)
{
    size = (size + 15) & ~(size_t)15;
    chunk *c = doc->chunks;
    if (!c || c->cap - c->used < size) {
        size_t cap = size > 16384 ? size : 16384;
        c = ww_xmalloc(sizeof(chunk) + cap);
        c->used = 0;
        c->cap = cap;
        c->next = doc->chunks;
        doc->chunks = c;
    }
    void *p = c->bytes + c->used;
    c->used += size;
    return p;
}

void ww_yaml_free(ww_yaml_doc *doc)
{
    if (!doc)
        return;
    for (chunk *c = doc->chunks, *next; c; c = next) {
        next = c->next;
        free(c);
    }
    free(doc);
}

const ww_node *ww_yaml_root(const ww_yaml_doc *doc)
{
    return doc->root;
}

/* ---- Building -------------------------------------------------------------------------- */

typedef struct {
    char *name;
    ww_node *node;
} anchor;

typedef struct {
    ww_yaml_doc *doc;
    const ww_yaml_limits *limits;
    ww_node *stack[64];
    size_t cap[64];       /* capacity of each open node's items */
    bool key_pending[64]; /* an open mapping has a key waiting for its value */
    unsigned depth;
    size_t nodes;
    anchor *anchors;
    size_t anchor_count;
    ww_yaml_error *err;
} builder;

static int fail(builder *b, const yaml_mark_t *mark, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static int fail(builder *b, const yaml_mark_t *mark, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(b->err->message, sizeof b->err->message, fmt, ap);
    va_end(ap);
    b->err->line = (unsigned)mark->line + 1;
    b->err->column = (unsigned)mark->column + 1;
    return -1;
}

static ww_node *new_node(builder *b, ww_node_kind kind, const yaml_mark_t *mark)
{
    ww_node *n = arena_alloc(b->doc, sizeof *n);
    memset(n, 0, sizeof *n);
    n->kind = kind;
    n->line = (unsigned)mark->line + 1;
    n->column = (unsigned)mark->column + 1;
    n->expanded = 1;
    return n;
}

static bool same_scalar(const ww_node *a, const ww_node *b)
{
    return a->kind == WW_NODE_SCALAR && b->kind == WW_NODE_SCALAR && a->len == b->len &&
           memcmp(a->value, b->value, a->len) == 0;
}

/* Adds a finished node to the open collection (or makes it the root). */
static int attach(builder *b, ww_node *n, const yaml_mark_t *mark)
{
    if (b->depth == 0) {
        b->doc->root = n;
        return 0;
    }
    unsigned top = b->depth - 1;
    ww_node *parent = b->stack[top];
    bool is_mapping = parent->kind == WW_NODE_MAPPING;
    size_t used = is_mapping ? parent->count * 2 + (b->key_pending[top] ? 1 : 0) : parent->count;
    if (is_mapping && !b->key_pending[top]) {
        /* This node is a key: plain text, and no key may repeat. */
        if (n->kind != WW_NODE_SCALAR)
            return fail(b, mark, "een sleutel moet gewone tekst zijn");
        for (size_t i = 0; i < parent->count; i++)
            if (same_scalar(parent->items[2 * i], n))
                return fail(b, mark, "de sleutel '%s' staat twee keer in hetzelfde blok", n->value);
    }
    if (used + 1 > b->cap[top]) {
        size_t grown = b->cap[top] ? b->cap[top] * 2 : 8;
        ww_node **items = arena_alloc(b->doc, grown * sizeof *items);
        if (used)
            memcpy(items, parent->items, used * sizeof *items);
        parent->items = items;
        b->cap[top] = grown;
    }
    parent->items[used] = n;
    parent->expanded += n->expanded;
    if (!is_mapping) {
        parent->count++;
    } else if (b->key_pending[top]) {
        parent->count++; /* the value completes the pair */
        b->key_pending[top] = false;
    } else {
        b->key_pending[top] = true;
    }
    return 0;
}

static int count_nodes(builder *b, size_t more, const yaml_mark_t *mark)
{
    b->nodes += more;
    if (b->nodes > b->limits->max_nodes)
        return fail(b, mark, "het bestand is te groot of te diep genest (meer dan %zu onderdelen)",
                    b->limits->max_nodes);
    return 0;
}

static void remember_anchor(builder *b, const yaml_char_t *name, ww_node *n)
{
    if (!name)
        return;
    b->anchors = ww_xrealloc(b->anchors, (b->anchor_count + 1) * sizeof *b->anchors);
    b->anchors[b->anchor_count].name = ww_xstrdup((const char *)name);
    b->anchors[b->anchor_count].node = n;
    b->anchor_count++;
}

static ww_node *find_anchor(builder *b, const char *name)
{
    /* The newest definition wins, as in YAML. */
    for (size_t i = b->anchor_count; i-- > 0;)
        if (strcmp(b->anchors[i].name, name) == 0)
            return b->anchors[i].node;
    return NULL;
}

static int handle_scalar(builder *b, yaml_event_t *ev, const yaml_mark_t *mark)
{
    if (ev->data.scalar.length > b->limits->max_scalar)
        return fail(b, mark, "een waarde is te lang (%zu bytes, ten hoogste %zu)",
                    ev->data.scalar.length, b->limits->max_scalar);
    /* an escape such as "\0" or "\x00" puts a NUL inside a scalar; every consumer reads values
     * as C strings, so "vrij\0anders" would silently pass as "vrij". The catalog contract
     * refuses NUL bytes, so refuse them here too. */
    if (memchr(ev->data.scalar.value, '\0', ev->data.scalar.length))
        return fail(b, mark, "een waarde bevat een NUL-teken (\\0)");
    if (count_nodes(b, 1, mark))
        return -1;
    ww_node *n = new_node(b, WW_NODE_SCALAR, mark);
    char *text = arena_alloc(b->doc, ev->data.scalar.length + 1);
    memcpy(text, ev->data.scalar.value, ev->data.scalar.length);
    text[ev->data.scalar.length] = '\0';
    n->value = text;
    n->len = ev->data.scalar.length;
    n->quoted = ev->data.scalar.style != YAML_PLAIN_SCALAR_STYLE;
    remember_anchor(b, ev->data.scalar.anchor, n);
    return attach(b, n, mark);
}

/* The start of a sequence or mapping: a node that stays open until its end event. */
static int handle_open(builder *b, yaml_event_t *ev, const yaml_mark_t *mark)
{
    if (b->depth >= b->limits->max_depth || b->depth >= 64)
        return fail(b, mark, "te diep genest (ten hoogste %u niveaus)", b->limits->max_depth);
    if (count_nodes(b, 1, mark))
        return -1;
    bool sequence = ev->type == YAML_SEQUENCE_START_EVENT;
    ww_node *n = new_node(b, sequence ? WW_NODE_SEQUENCE : WW_NODE_MAPPING, mark);
    remember_anchor(b, sequence ? ev->data.sequence_start.anchor : ev->data.mapping_start.anchor,
                    n);
    b->stack[b->depth] = n;
    b->cap[b->depth] = 0;
    b->key_pending[b->depth] = false;
    b->depth++;
    return 0;
}

static int handle_alias(builder *b, yaml_event_t *ev, const yaml_mark_t *mark)
{
    ww_node *target = find_anchor(b, (const char *)ev->data.alias.anchor);
    if (!target)
        return fail(b, mark, "verwijzing naar onbekend anker '*%s'", ev->data.alias.anchor);
    /* an alias to a list or block that is still open ("a: &x [*x]") would make the node contain
     * itself: no tree any more, and any walk over it endless. */
    for (unsigned i = 0; i < b->depth; i++)
        if (b->stack[i] == target)
            return fail(b, mark, "verwijzing '*%s' naar een lijst of blok waar ze zelf in staat",
                        ev->data.alias.anchor);
    /* An alias costs what it expands to: this bounds the work of every later walk. */
    if (count_nodes(b, target->expanded, mark))
        return -1;
    return attach(b, target, mark);
}

static int handle(builder *b, yaml_event_t *ev)
{
    const yaml_mark_t *mark = &ev->start_mark;
    switch (ev->type) {
    case YAML_SCALAR_EVENT:
        return handle_scalar(b, ev, mark);
    case YAML_SEQUENCE_START_EVENT:
    case YAML_MAPPING_START_EVENT:
        return handle_open(b, ev, mark);
    case YAML_SEQUENCE_END_EVENT:
    case YAML_MAPPING_END_EVENT:
        return attach(b, b->stack[--b->depth], mark);
    case YAML_ALIAS_EVENT:
        return handle_alias(b, ev, mark);
    case YAML_DOCUMENT_START_EVENT:
        if (b->doc->root)
            return fail(b, mark, "het bestand bevat meer dan één document (---)");
        return 0;
    default:
        return 0;
    }
}

/* libyaml's problems in words a volunteer understands, with what to do about them. */
static const char *explain(const char *problem)
{
    static const struct {
        const char *libyaml, *dutch;
    } KNOWN[] = {
        {"mapping values are not allowed in this context",
         "een dubbele punt met een spatie erna midden in een tekst; zet de hele tekst tussen "
         "aanhalingstekens (\"...\") of schrijf hem op een nieuwe regel na '>-'"},
        {"found character that cannot start any token",
         "een teken dat hier niet mag, vaak een tab of een @ of ` aan het begin; gebruik spaties "
         "om in te springen en zet de tekst tussen aanhalingstekens"},
        {"did not find expected key", "de inspringing klopt niet: velden van één blok moeten "
                                      "precies even ver inspringen"},
        {"did not find expected ',' or ']'", "een lijst tussen [ ] is niet goed gesloten"},
        {"did not find expected ',' or '}'", "een blok tussen { } is niet goed gesloten"},
        {"found unexpected end of stream", "het bestand houdt midden in een waarde op, vaak "
                                           "door een aanhalingsteken dat niet gesloten is"},
        {"found a tab character", "een tab waar spaties moeten staan"},
        {"could not find expected ':'", "na een veldnaam hoort een dubbele punt"},
        {"block sequence entries are not allowed in this context",
         "een lijst ('- ...') op een plek waar een waarde hoort; begin de lijst op een nieuwe "
         "regel, ingesprongen"},
    };
    for (size_t i = 0; problem && i < sizeof KNOWN / sizeof *KNOWN; i++)
        if (strstr(problem, KNOWN[i].libyaml))
            return KNOWN[i].dutch;
    return NULL;
}

int ww_yaml_parse(const char *text, size_t len, const ww_yaml_limits *limits, ww_yaml_doc **out,
                  ww_yaml_error *err)
{
    *out = NULL;
    memset(err, 0, sizeof *err);
    yaml_parser_t parser;
    if (!yaml_parser_initialize(&parser)) {
        snprintf(err->message, sizeof err->message, "YAML-lezer kon niet starten");
        return -1;
    }
    yaml_parser_set_input_string(&parser, (const unsigned char *)text, len);
    yaml_parser_set_encoding(&parser, YAML_UTF8_ENCODING);

    builder b = {.doc = ww_xcalloc(1, sizeof(ww_yaml_doc)), .limits = limits, .err = err};
    int rc = 0;
    for (;;) {
        yaml_event_t ev;
        if (!yaml_parser_parse(&parser, &ev)) {
            yaml_mark_t mark = parser.problem_mark;
            const char *dutch = explain(parser.problem);
            if (dutch)
                fail(&b, &mark, "ongeldige YAML: %s", dutch);
            else
                fail(&b, &mark, "ongeldige YAML: %s%s%s", parser.problem ? parser.problem : "fout",
                     parser.context ? " " : "", parser.context ? parser.context : "");
            rc = -1;
            break;
        }
        int done = ev.type == YAML_STREAM_END_EVENT;
        rc = handle(&b, &ev);
        yaml_event_delete(&ev);
        if (rc != 0 || done)
            break;
    }
    yaml_parser_delete(&parser);
    for (size_t i = 0; i < b.anchor_count; i++)
        free(b.anchors[i].name);
    free(b.anchors);
    if (rc == 0 && !b.doc->root) {
        snprintf(err->message, sizeof err->message, "het bestand is leeg");
        err->line = err->column = 1;
        rc = -1;
    }
    if (rc != 0) {
        ww_yaml_free(b.doc);
        return -1;
    }
    *out = b.doc;
    return 0;
}

bool ww_node_is_scalar(const ww_node *n)
{
    return n && n->kind == WW_NODE_SCALAR;
}

const ww_node *ww_node_get(const ww_node *mapping, const char *key)
{
    if (!mapping || mapping->kind != WW_NODE_MAPPING)
        return NULL;
    for (size_t i = 0; i < mapping->count; i++) {
        const ww_node *k = ww_node_key(mapping, i);
        if (k->kind == WW_NODE_SCALAR && strcmp(k->value, key) == 0)
            return ww_node_value(mapping, i);
    }
    return NULL;
}

/* ---- Writing ---------------------------------------------------------------------------- */

static int emit_to_buf(void *data, unsigned char *bytes, size_t size)
{
    ww_buf_append(data, (const char *)bytes, size);
    return 1;
}

static bool emit_scalar(yaml_emitter_t *e, const char *text, size_t len, yaml_scalar_style_t style)
{
    yaml_event_t ev;
    return yaml_scalar_event_initialize(&ev, NULL, NULL, (yaml_char_t *)text, (int)len, 1, 1,
                                        style) &&
           yaml_emitter_emit(e, &ev);
}

static bool emit_value(yaml_emitter_t *e, const json_t *v, unsigned depth)
{
    yaml_event_t ev;
    char number[64];
    if (depth > 64)
        return false;
    switch (json_typeof(v)) {
    case JSON_OBJECT: {
        if (!yaml_mapping_start_event_initialize(&ev, NULL, NULL, 1, YAML_BLOCK_MAPPING_STYLE) ||
            !yaml_emitter_emit(e, &ev))
            return false;
        const char *key;
        const json_t *item;
        json_object_foreach((json_t *)v, key, item)
        {
            if (!emit_scalar(e, key, strlen(key), YAML_ANY_SCALAR_STYLE) ||
                !emit_value(e, item, depth + 1))
                return false;
        }
        return yaml_mapping_end_event_initialize(&ev) && yaml_emitter_emit(e, &ev);
    }
    case JSON_ARRAY: {
        /* Short lists of words read best inline: wijken: [zuid, noord]. */
        bool flat = json_array_size(v) > 0;
        for (size_t i = 0; i < json_array_size(v); i++)
            flat = flat && json_is_string(json_array_get(v, i)) &&
                   json_string_length(json_array_get(v, i)) < 40;
        if (!yaml_sequence_start_event_initialize(
                &ev, NULL, NULL, 1, flat ? YAML_FLOW_SEQUENCE_STYLE : YAML_BLOCK_SEQUENCE_STYLE) ||
            !yaml_emitter_emit(e, &ev))
            return false;
        for (size_t i = 0; i < json_array_size(v); i++)
            if (!emit_value(e, json_array_get(v, i), depth + 1))
                return false;
        return yaml_sequence_end_event_initialize(&ev) && yaml_emitter_emit(e, &ev);
    }
    case JSON_STRING: {
        const char *text = json_string_value(v);
        size_t len = json_string_length(v);
        return emit_scalar(e, text, len,
                           memchr(text, '\n', len) ? YAML_LITERAL_SCALAR_STYLE
                                                   : YAML_ANY_SCALAR_STYLE);
    }
    case JSON_INTEGER:
        snprintf(number, sizeof number, "%" JSON_INTEGER_FORMAT, json_integer_value(v));
        return emit_scalar(e, number, strlen(number), YAML_PLAIN_SCALAR_STYLE);
    case JSON_REAL:
        snprintf(number, sizeof number, "%.17g", json_real_value(v));
        if (!strpbrk(number, "0123456789") || strpbrk(number, "in")) /* inf, nan */
            return false;
        return emit_scalar(e, number, strlen(number), YAML_PLAIN_SCALAR_STYLE);
    case JSON_TRUE:
        return emit_scalar(e, "true", 4, YAML_PLAIN_SCALAR_STYLE);
    case JSON_FALSE:
        return emit_scalar(e, "false", 5, YAML_PLAIN_SCALAR_STYLE);
    case JSON_NULL:
        return emit_scalar(e, "null", 4, YAML_PLAIN_SCALAR_STYLE);
    }
    return false;
}

char *ww_yaml_emit(const json_t *value)
{
    yaml_emitter_t e;
    yaml_event_t ev;
    ww_buf out = {0};
    if (!yaml_emitter_initialize(&e))
        return NULL;
    yaml_emitter_set_output(&e, emit_to_buf, &out);
    yaml_emitter_set_unicode(&e, 1);
    yaml_emitter_set_width(&e, 100);
    bool ok = yaml_stream_start_event_initialize(&ev, YAML_UTF8_ENCODING) &&
              yaml_emitter_emit(&e, &ev) &&
              yaml_document_start_event_initialize(&ev, NULL, NULL, NULL, 1) &&
              yaml_emitter_emit(&e, &ev) && emit_value(&e, value, 0) &&
              yaml_document_end_event_initialize(&ev, 1) && yaml_emitter_emit(&e, &ev) &&
              yaml_stream_end_event_initialize(&ev) && yaml_emitter_emit(&e, &ev) &&
              yaml_emitter_flush(&e);
    yaml_emitter_delete(&e);
    if (!ok) {
        ww_buf_free(&out);
        return NULL;
    }
    return ww_buf_release(&out);
}
