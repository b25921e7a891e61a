/* ww_template.c -- compiling and rendering the Mustache subset of ww_template.h. */
#include "ww_template.h"

#include "ww_fs.h"
#include "ww_util.h"

#include <dirent.h>
#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

enum { MAX_DEPTH = 16 }; /* nesting of sections and partials while rendering */

typedef enum { NODE_TEXT, NODE_VALUE, NODE_SECTION, NODE_INVERTED, NODE_PARTIAL } node_kind;

typedef struct node node;
struct node {
    node_kind kind;
    char *text;     /* literal text, or the name */
    size_t len;     /* of literal text */
    node *children; /* sections */
    size_t child_count;
};

typedef struct {
    char *name;
    node root;
} template;

struct ww_templates {
    template *items;
    size_t count;
};

/* ---- Compiling -------------------------------------------------------------------------- */

static void add_child(node *parent, node child)
{
    parent->children =
        ww_xrealloc(parent->children, (parent->child_count + 1) * sizeof *parent->children);
    parent->children[parent->child_count++] = child;
}

static unsigned line_at(const char *text, const char *p)
{
    unsigned line = 1;
    for (; text < p; text++)
        line += *text == '\n';
    return line;
}

static char *trimmed(const char *start, const char *end)
{
    while (start < end && *start == ' ')
        start++;
    while (end > start && end[-1] == ' ')
        end--;
    return ww_xstrndup(start, (size_t)(end - start));
}

/* Parses text from *p into `parent` until {{/closing}} (or the end when closing is NULL). */
static bool parse(const char *text, const char **p, node *parent, const char *closing,
                  const char *name, char **errmsg)
{
    for (;;) {
        const char *open = strstr(*p, "{{");
        if (!open) {
            if (closing) {
                *errmsg = ww_xasprintf("%s: {{#%s}} wordt niet gesloten", name, closing);
                return false;
            }
            if (**p)
                add_child(parent, (node){NODE_TEXT, ww_xstrdup(*p), strlen(*p), NULL, 0});
            *p += strlen(*p);
            return true;
        }
        if (open > *p)
            add_child(parent, (node){NODE_TEXT, ww_xstrndup(*p, (size_t)(open - *p)),
                                     (size_t)(open - *p), NULL, 0});
        const char *close = strstr(open + 2, "}}");
        if (!close) {
            *errmsg = ww_xasprintf("%s:%u: '{{' zonder '}}'", name, line_at(text, open));
            return false;
        }
        char sigil = open[2];
        bool has_sigil = strchr("#^/>!", sigil) != NULL;
        char *tag = trimmed(open + 2 + has_sigil, close);
        *p = close + 2;
        if (sigil == '!') {
            free(tag);
            continue;
        }
        if (!*tag || strchr(tag, '{') || strchr(tag, '}')) {
            *errmsg = ww_xasprintf("%s:%u: ongeldige naam in {{...}}", name, line_at(text, open));
            free(tag);
            return false;
        }
        if (sigil == '/') {
            bool matches = closing && strcmp(tag, closing) == 0;
            if (!matches)
                *errmsg = ww_xasprintf("%s:%u: {{/%s}} sluit niets dat open is", name,
                                       line_at(text, open), tag);
            free(tag);
            return matches;
        }
        if (sigil == '#' || sigil == '^') {
            node section = {sigil == '#' ? NODE_SECTION : NODE_INVERTED, tag, 0, NULL, 0};
            if (!parse(text, p, &section, tag, name, errmsg)) {
                add_child(parent, section); /* so that it is freed */
                return false;
            }
            add_child(parent, section);
        } else {
            add_child(parent, (node){sigil == '>' ? NODE_PARTIAL : NODE_VALUE, tag, 0, NULL, 0});
        }
    }
}

static void free_node(node *n)
{
    for (size_t i = 0; i < n->child_count; i++)
        free_node(&n->children[i]);
    free(n->children);
    free(n->text);
}

void ww_templates_free(ww_templates *set)
{
    if (!set)
        return;
    for (size_t i = 0; i < set->count; i++) {
        free(set->items[i].name);
        free_node(&set->items[i].root);
    }
    free(set->items);
    free(set);
}

static bool add_template(ww_templates *set, const char *name, const char *text, char **errmsg)
{
    template t = {ww_xstrdup(name), {NODE_SECTION, NULL, 0, NULL, 0}};
    const char *p = text;
    bool ok = parse(text, &p, &t.root, NULL, name, errmsg);
    set->items = ww_xrealloc(set->items, (set->count + 1) * sizeof *set->items);
    set->items[set->count++] = t;
    return ok;
}

ww_templates *ww_templates_from_text(const char *name, const char *text, char **errmsg)
{
    ww_templates *set = ww_xcalloc(1, sizeof *set);
    if (!add_template(set, name, text, errmsg)) {
        ww_templates_free(set);
        return NULL;
    }
    return set;
}

ww_templates *ww_templates_load(const char *dir, char **errmsg)
{
    DIR *d = opendir(dir);
    if (!d) {
        *errmsg =
            ww_xasprintf("kan de map met sjablonen %s niet openen: %s", dir, ww_errno_text(errno));
        return NULL;
    }
    ww_templates *set = ww_xcalloc(1, sizeof *set);
    struct dirent *de;
    bool ok = true;
    while (ok && (de = readdir(d)) != NULL) {
        size_t n = strlen(de->d_name);
        if (n <= 5 || strcmp(de->d_name + n - 5, ".html") != 0 || de->d_name[0] == '.')
            continue;
        char *path = ww_xasprintf("%s/%s", dir, de->d_name);
        char *text;
        size_t len;
        if (ww_read_file(path, 1024 * 1024, &text, &len) != 0) {
            *errmsg = ww_xasprintf("kan %s niet lezen: %s", path, ww_errno_text(errno));
            ok = false;
        } else {
            char *name = ww_xstrndup(de->d_name, n - 5);
            ok = add_template(set, name, text, errmsg);
            free(name);
            free(text);
        }
        free(path);
    }
    closedir(d);
    if (!ok) {
        ww_templates_free(set);
        return NULL;
    }
    return set;
}

/* ---- Rendering -------------------------------------------------------------------------- */

static const template *find(const ww_templates *set, const char *name)
{
    for (size_t i = 0; i < set->count; i++)
        if (strcmp(set->items[i].name, name) == 0)
            return &set->items[i];
    return NULL;
}

/* The most nodes one rendering may visit. The depth bound alone does not bound the work: a
 * partial that includes itself inside a loop grows exponentially with the depth. A real page
 * visits a few thousand. */
enum { MAX_STEPS = 4 * 1000 * 1000 };

typedef struct {
    const json_t *stack[MAX_DEPTH * 2];
    size_t depth;
    size_t steps;
} context;

/* A dotted name: the first part is looked up from the innermost context outwards. */
static const json_t *lookup(const context *ctx, const char *name)
{
    if (strcmp(name, ".") == 0)
        return ctx->depth ? ctx->stack[ctx->depth - 1] : NULL;
    char first[128];
    size_t n = strcspn(name, ".");
    if (n >= sizeof first)
        return NULL;
    memcpy(first, name, n);
    first[n] = '\0';
    const json_t *value = NULL;
    for (size_t i = ctx->depth; i-- > 0 && !value;)
        value = json_is_object(ctx->stack[i]) ? json_object_get(ctx->stack[i], first) : NULL;
    for (const char *rest = name + n; value && *rest == '.';) {
        rest++;
        size_t m = strcspn(rest, ".");
        if (m >= sizeof first)
            return NULL;
        memcpy(first, rest, m);
        first[m] = '\0';
        value = json_object_get(value, first);
        rest += m;
    }
    return value;
}

static bool truthy(const json_t *v)
{
    if (!v || json_is_null(v) || json_is_false(v))
        return false;
    if (json_is_array(v))
        return json_array_size(v) > 0;
    if (json_is_string(v))
        return json_string_length(v) > 0;
    if (json_is_integer(v))
        return json_integer_value(v) != 0;
    return true;
}

static void escape(ww_buf *out, const char *s, size_t len)
{
    for (size_t i = 0; i < len; i++) {
        switch (s[i]) {
        case '&':
            ww_buf_puts(out, "&amp;");
            break;
        case '<':
            ww_buf_puts(out, "&lt;");
            break;
        case '>':
            ww_buf_puts(out, "&gt;");
            break;
        case '"':
            ww_buf_puts(out, "&quot;");
            break;
        case '\'':
            ww_buf_puts(out, "&#39;");
            break;
        default:
            ww_buf_putc(out, s[i]);
        }
    }
}

static void write_value(ww_buf *out, const json_t *v)
{
    char number[64];
    if (json_is_string(v))
        escape(out, json_string_value(v), json_string_length(v));
    else if (json_is_integer(v)) {
        snprintf(number, sizeof number, "%lld", (long long)json_integer_value(v));
        ww_buf_puts(out, number);
    } else if (json_is_real(v)) {
        snprintf(number, sizeof number, "%g", json_real_value(v));
        ww_buf_puts(out, number);
    }
}

static void render_node(const ww_templates *set, const node *n, context *ctx, ww_buf *out);

static void render_children(const ww_templates *set, const node *n, context *ctx, ww_buf *out)
{
    for (size_t i = 0; i < n->child_count; i++)
        render_node(set, &n->children[i], ctx, out);
}

static void render_node(const ww_templates *set, const node *n, context *ctx, ww_buf *out)
{
    if (++ctx->steps > MAX_STEPS)
        return;
    switch (n->kind) {
    case NODE_TEXT:
        ww_buf_append(out, n->text, n->len);
        break;
    case NODE_VALUE:
        write_value(out, lookup(ctx, n->text));
        break;
    case NODE_INVERTED:
        if (!truthy(lookup(ctx, n->text)))
            render_children(set, n, ctx, out);
        break;
    case NODE_SECTION: {
        const json_t *v = lookup(ctx, n->text);
        if (!truthy(v) || ctx->depth >= sizeof ctx->stack / sizeof *ctx->stack)
            break;
        if (json_is_array(v)) {
            size_t i;
            const json_t *item;
            json_array_foreach(v, i, item)
            {
                ctx->stack[ctx->depth++] = item;
                render_children(set, n, ctx, out);
                ctx->depth--;
            }
        } else {
            ctx->stack[ctx->depth++] = v;
            render_children(set, n, ctx, out);
            ctx->depth--;
        }
        break;
    }
    case NODE_PARTIAL: {
        const template *t = find(set, n->text);
        /* Partials share the context; the depth bound stops a partial that includes itself. */
        if (t && ctx->depth < sizeof ctx->stack / sizeof *ctx->stack) {
            const json_t *current = ctx->stack[ctx->depth - 1];
            ctx->stack[ctx->depth++] = current;
            render_children(set, &t->root, ctx, out);
            ctx->depth--;
        }
        break;
    }
    }
}

char *ww_template_render(const ww_templates *set, const char *name, const json_t *data)
{
    const template *t = find(set, name);
    if (!t)
        return NULL;
    context ctx = {.depth = 1};
    ctx.stack[0] = data;
    ww_buf out = {0};
    render_children(set, &t->root, &ctx, &out);
    if (ctx.steps > MAX_STEPS) {
        ww_buf_free(&out);
        return NULL;
    }
    return ww_buf_release(&out);
}
