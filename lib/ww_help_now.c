/* ww_help_now.c -- "hulp nu": the rules and help lines of schema/hulp-nu.yaml, and matching a
 * question against them. */
#include "ww_help_now.h"

#include "ww_fs.h"
#include "ww_text.h"
#include "ww_util.h"
#include "ww_yaml.h"

#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

/* Ours, but still bounded: a mistake should fail, not hang. */
static const ww_yaml_limits FILE_LIMITS = {.max_depth = 8, .max_nodes = 20000, .max_scalar = 4096};
static const size_t MAX_FILE = 1024 * 1024;
/* A question's words that count (a search question has at most 500 bytes, so some 250 words),
 * the words of one rule, and how wide a gap (`...`) may be: together they bound the work of
 * matching, which backtracks only over gaps. */
enum { MAX_WORDS = 256, MAX_TOKENS = 16, MAX_GAP = 8 };

/* ---- The rules, loaded ------------------------------------------------------------------- */

typedef enum { TOKEN_EXACT, TOKEN_PREFIX, TOKEN_SUFFIX, TOKEN_CONTAINS, TOKEN_GAP } token_kind;

typedef struct {
    token_kind kind;
    bool typo_ok; /* may differ by one typo (long enough, and not written as =woord) */
    char *text;   /* folded; NULL for a gap */
    size_t len;
} token;

typedef struct {
    token tokens[MAX_TOKENS];
    size_t count;
} pattern;

typedef struct {
    char *id, *label;
    char *text;    /* tekst: the block's first sentence when this kind comes first */
    size_t *lines; /* indexes into ww_help_now.lines */
    size_t line_count;
    pattern *rules;
    size_t rule_count;
} kind;

struct ww_help_now {
    unsigned gap;     /* tussenwoorden: the most words one `...` stands for */
    size_t typo_from; /* tikfout_vanaf: the shortest word that may have a typo */
    ww_help_line *lines;
    size_t line_count;
    kind *kinds;
    size_t kind_count;
    pattern *masks; /* geen_gevaar */
    size_t mask_count;
};

/* ---- Reading the file -------------------------------------------------------------------- */

typedef struct {
    const char *file;
    ww_diag *diag;
    ww_help_now *help;
    bool ok;
} loader;

static void problem(loader *ld, const ww_node *at, const char *fmt, const char *arg)
{
    ww_diag_add(ld->diag, WW_DIAG_ERROR, ld->file, at ? at->line : 0, at ? at->column : 0, "", fmt,
                arg ? arg : "");
    ld->ok = false;
}

/* A mapping's keys must all be in `known` (NULL-terminated): a misspelt key would otherwise
 * silently drop a rule or a phone number. */
static void only_keys(loader *ld, const ww_node *map, const char *const *known)
{
    for (size_t i = 0; i < map->count; i++) {
        const ww_node *key = ww_node_key(map, i);
        bool found = false;
        for (const char *const *k = known; *k && !found; k++)
            found = strcmp(key->value, *k) == 0;
        if (!found)
            problem(ld, key, "onbekende sleutel '%s'", key->value);
    }
}

/* A required (or optional) non-empty text; a new copy, or NULL. */
static char *text_of(loader *ld, const ww_node *map, const char *key, bool required)
{
    const ww_node *n = ww_node_get(map, key);
    if (!n && !required)
        return NULL;
    if (!ww_node_is_scalar(n) || !n->value[0]) {
        problem(ld, n ? n : map, "'%s' moet een tekst zijn", key);
        return NULL;
    }
    return ww_xstrdup(n->value);
}

static bool parse_unsigned(const ww_node *n, unsigned long max, unsigned long *out)
{
    if (!ww_node_is_scalar(n) || !n->value[0])
        return false;
    char *end;
    errno = 0;
    *out = strtoul(n->value, &end, 10);
    return errno == 0 && *end == '\0' && n->value[0] != '-' && *out <= max;
}

/* "0800-0113" -> "tel:08000113"; NULL when it is not a phone number (3 to 15 digits, written
 * with spaces, dashes, brackets and a leading +). */
static char *tel_url(const char *phone)
{
    ww_buf url = {0};
    ww_buf_puts(&url, "tel:");
    size_t digits = 0;
    for (const char *p = phone; *p; p++) {
        if ((*p >= '0' && *p <= '9') || (*p == '+' && p == phone)) {
            digits += *p != '+';
            ww_buf_putc(&url, *p);
        } else if (!strchr(" -()", *p)) {
            digits = 0;
            break;
        }
    }
    if (digits < 3 || digits > 15) {
        ww_buf_free(&url);
        return NULL;
    }
    return ww_buf_release(&url);
}

static const char *const LINE_KEYS[] = {"naam", "telefoon", "url", "url_tekst", "uitleg", NULL};

static void load_line(loader *ld, const ww_node *id, const ww_node *def, ww_help_line *line)
{
    line->id = ww_xstrdup(id->value);
    if (def->kind != WW_NODE_MAPPING) {
        problem(ld, def, "de lijn '%s' heeft een blok met naam en uitleg nodig", id->value);
        return;
    }
    only_keys(ld, def, LINE_KEYS);
    line->name = text_of(ld, def, "naam", true);
    line->explanation = text_of(ld, def, "uitleg", true);
    line->phone = text_of(ld, def, "telefoon", false);
    if (line->phone && !(line->tel = tel_url(line->phone)))
        problem(ld, ww_node_get(def, "telefoon"), "'%s' is geen telefoonnummer", line->phone);
    line->url = text_of(ld, def, "url", false);
    if (line->url && strncmp(line->url, "https://", 8) != 0)
        problem(ld, ww_node_get(def, "url"), "de url '%s' moet met https:// beginnen", line->url);
    line->url_text = text_of(ld, def, "url_tekst", line->url != NULL);
    if (line->url_text && !line->url)
        problem(ld, ww_node_get(def, "url_tekst"), "'url_tekst' zonder 'url'%s", NULL);
}

static void load_lines(loader *ld, const ww_node *map)
{
    if (!map || map->kind != WW_NODE_MAPPING || map->count == 0) {
        problem(ld, map, "'lijnen' moet een blok met hulplijnen zijn%s", NULL);
        return;
    }
    ww_help_now *h = ld->help;
    h->lines = ww_xcalloc(map->count, sizeof *h->lines);
    for (size_t i = 0; i < map->count; i++)
        load_line(ld, ww_node_key(map, i), ww_node_value(map, i), &h->lines[h->line_count++]);
}

/* ---- Rules: a row of words ----------------------------------------------------------------- */

typedef struct {
    const char *start;
    size_t len, count;
} one_word;

static void count_word(const char *word, size_t len, void *ctx)
{
    one_word *w = ctx;
    if (w->count++ == 0) {
        w->start = word;
        w->len = len;
    }
}

/* One piece of a rule ("mishandel*", "=beroerte", "..."), folded, into *t; false when it is not
 * one word with at most a * on either side. */
static bool parse_token(const ww_help_now *h, const char *piece, token *t)
{
    if (strcmp(piece, "...") == 0) {
        *t = (token){.kind = TOKEN_GAP};
        return true;
    }
    bool exact_spelling = piece[0] == '=';
    piece += exact_spelling;
    size_t n = strlen(piece);
    bool star_before = n > 0 && piece[0] == '*', star_after = n > 1 && piece[n - 1] == '*';
    const char *core = piece + star_before;
    size_t core_len = n - star_before - star_after;
    one_word w = {0};
    char *copy = ww_xstrndup(core, core_len);
    ww_each_word(copy, count_word, &w);
    bool ok =
        w.count == 1 && w.start == copy && w.len == core_len && !(exact_spelling && star_before);
    if (ok)
        *t = (token){.kind = star_before ? (star_after ? TOKEN_CONTAINS : TOKEN_SUFFIX)
                                         : (star_after ? TOKEN_PREFIX : TOKEN_EXACT),
                     .typo_ok = !exact_spelling && core_len >= h->typo_from,
                     .text = copy,
                     .len = core_len};
    else
        free(copy);
    return ok;
}

static void free_pattern(pattern *p)
{
    for (size_t i = 0; i < p->count; i++)
        free(p->tokens[i].text);
    p->count = 0;
}

/* A rule as written in the file into *p; false after saying what is wrong. */
static bool load_pattern(loader *ld, const ww_node *n, pattern *p)
{
    char *folded = ww_node_is_scalar(n) ? ww_fold(n->value) : NULL;
    if (!folded) {
        problem(ld, n, "een regel is een tekst van woorden%s", NULL);
        return false;
    }
    p->count = 0;
    bool ok = true;
    char *save = NULL;
    for (char *piece = strtok_r(folded, " ", &save); ok && piece;
         piece = strtok_r(NULL, " ", &save)) {
        ok = p->count < MAX_TOKENS && parse_token(ld->help, piece, &p->tokens[p->count]);
        if (ok)
            p->count++;
    }
    /* A gap needs a word on both sides, or it would match anything (or nothing more). */
    ok = ok && p->count > 0 && p->tokens[0].kind != TOKEN_GAP &&
         p->tokens[p->count - 1].kind != TOKEN_GAP;
    for (size_t i = 1; ok && i < p->count; i++)
        ok = !(p->tokens[i].kind == TOKEN_GAP && p->tokens[i - 1].kind == TOKEN_GAP);
    if (!ok) {
        problem(ld, n,
                "de regel '%s' is geen rij van losse woorden (woord, woord*, *woord, *woord*, "
                "=woord, met ... tussen twee woorden; ten hoogste 16)",
                n->value);
        free_pattern(p);
    }
    free(folded);
    return ok;
}

static void load_patterns(loader *ld, const ww_node *list, pattern **out, size_t *count)
{
    *out = ww_xcalloc(list->count ? list->count : 1, sizeof **out);
    for (size_t i = 0; i < list->count; i++)
        if (load_pattern(ld, list->items[i], &(*out)[*count]))
            (*count)++;
}

/* ---- Kinds of danger ------------------------------------------------------------------------ */

static const char *const KIND_KEYS[] = {"label", "tekst", "lijnen", "regels", NULL};

static void load_kind_lines(loader *ld, const ww_node *list, kind *k)
{
    const ww_help_now *h = ld->help;
    k->lines = ww_xcalloc(list->count, sizeof *k->lines);
    for (size_t i = 0; i < list->count; i++) {
        const ww_node *id = list->items[i];
        size_t j = 0;
        while (ww_node_is_scalar(id) && j < h->line_count && strcmp(h->lines[j].id, id->value) != 0)
            j++;
        if (!ww_node_is_scalar(id) || j == h->line_count)
            problem(ld, id, "onbekende lijn '%s' (zie 'lijnen')",
                    ww_node_is_scalar(id) ? id->value : "?");
        else
            k->lines[k->line_count++] = j;
    }
}

static void load_kind(loader *ld, const ww_node *id, const ww_node *def, kind *k)
{
    k->id = ww_xstrdup(id->value);
    if (def->kind != WW_NODE_MAPPING) {
        problem(ld, def, "de soort '%s' heeft label, lijnen en regels nodig", id->value);
        return;
    }
    only_keys(ld, def, KIND_KEYS);
    k->label = text_of(ld, def, "label", true);
    k->text = text_of(ld, def, "tekst", true);
    const ww_node *lines = ww_node_get(def, "lijnen"), *rules = ww_node_get(def, "regels");
    if (!lines || lines->kind != WW_NODE_SEQUENCE || lines->count == 0)
        problem(ld, lines ? lines : def, "de soort '%s' heeft een lijst 'lijnen' nodig", id->value);
    else
        load_kind_lines(ld, lines, k);
    if (!rules || rules->kind != WW_NODE_SEQUENCE || rules->count == 0)
        problem(ld, rules ? rules : def, "de soort '%s' heeft een lijst 'regels' nodig", id->value);
    else
        load_patterns(ld, rules, &k->rules, &k->rule_count);
}

static void load_kinds(loader *ld, const ww_node *map)
{
    if (!map || map->kind != WW_NODE_MAPPING || map->count == 0 || map->count > WW_HELP_MAX_KINDS) {
        problem(ld, map, "'soorten' moet een blok met 1 tot 32 soorten zijn%s", NULL);
        return;
    }
    ww_help_now *h = ld->help;
    h->kinds = ww_xcalloc(map->count, sizeof *h->kinds);
    for (size_t i = 0; i < map->count; i++)
        load_kind(ld, ww_node_key(map, i), ww_node_value(map, i), &h->kinds[h->kind_count++]);
}

static const char *const ROOT_KEYS[] = {"tussenwoorden", "tikfout_vanaf", "lijnen",
                                        "soorten",       "geen_gevaar",   NULL};

static void load_root(loader *ld, const ww_node *root)
{
    ww_help_now *h = ld->help;
    only_keys(ld, root, ROOT_KEYS);
    unsigned long n;
    const ww_node *gap = ww_node_get(root, "tussenwoorden"),
                  *typo = ww_node_get(root, "tikfout_vanaf");
    h->gap = 3;
    if (gap && !parse_unsigned(gap, MAX_GAP, &n))
        problem(ld, gap, "'tussenwoorden' moet een getal van 0 tot 8 zijn%s", NULL);
    else if (gap)
        h->gap = (unsigned)n;
    h->typo_from = 8;
    if (typo && (!parse_unsigned(typo, 100, &n) || n < 4))
        problem(ld, typo, "'tikfout_vanaf' moet een getal van 4 tot 100 zijn%s", NULL);
    else if (typo)
        h->typo_from = n;
    load_lines(ld, ww_node_get(root, "lijnen"));
    load_kinds(ld, ww_node_get(root, "soorten"));
    const ww_node *masks = ww_node_get(root, "geen_gevaar");
    if (masks && masks->kind != WW_NODE_SEQUENCE)
        problem(ld, masks, "'geen_gevaar' moet een lijst van uitdrukkingen zijn%s", NULL);
    else if (masks)
        load_patterns(ld, masks, &h->masks, &h->mask_count);
}

ww_help_now *ww_help_now_load(const char *path, ww_diag *diag)
{
    loader ld = {
        .file = path, .diag = diag, .help = ww_xcalloc(1, sizeof(ww_help_now)), .ok = true};
    char *text = NULL;
    size_t len = 0;
    ww_yaml_doc *doc = NULL;
    ww_yaml_error err;
    if (ww_read_file(path, MAX_FILE, &text, &len) != 0) {
        ww_diag_add(diag, WW_DIAG_ERROR, path, 0, 0, "", "kan het bestand niet lezen: %s",
                    ww_errno_text(errno));
        ld.ok = false;
    } else if (ww_yaml_parse(text, len, &FILE_LIMITS, &doc, &err) != 0) {
        ww_diag_add(diag, WW_DIAG_ERROR, path, err.line, err.column, "", "%s", err.message);
        ld.ok = false;
    } else if (ww_yaml_root(doc)->kind != WW_NODE_MAPPING) {
        problem(&ld, ww_yaml_root(doc), "het bestand moet een blok met lijnen en soorten zijn%s",
                NULL);
    } else {
        load_root(&ld, ww_yaml_root(doc));
    }
    ww_yaml_free(doc);
    free(text);
    if (!ld.ok) {
        ww_help_now_free(ld.help);
        return NULL;
    }
    return ld.help;
}

static void free_patterns(pattern *p, size_t count)
{
    for (size_t i = 0; i < count; i++)
        free_pattern(&p[i]);
    free(p);
}

/* The lines of the file are the module's own copies (const only to the callers that read them). */
static void free_line(ww_help_line *l)
{
    free((void *)l->id);
    free((void *)l->name);
    free((void *)l->phone);
    free((void *)l->tel);
    free((void *)l->url);
    free((void *)l->url_text);
    free((void *)l->explanation);
}

void ww_help_now_free(ww_help_now *h)
{
    if (!h)
        return;
    for (size_t i = 0; i < h->line_count; i++)
        free_line(&h->lines[i]);
    free(h->lines);
    for (size_t i = 0; i < h->kind_count; i++) {
        free(h->kinds[i].id);
        free(h->kinds[i].label);
        free(h->kinds[i].text);
        free(h->kinds[i].lines);
        free_patterns(h->kinds[i].rules, h->kinds[i].rule_count);
    }
    free(h->kinds);
    free_patterns(h->masks, h->mask_count);
    free(h);
}

size_t ww_help_now_kind_count(const ww_help_now *h)
{
    return h ? h->kind_count : 0;
}

const char *ww_help_now_kind_id(const ww_help_now *h, size_t i)
{
    return h && i < h->kind_count ? h->kinds[i].id : NULL;
}

/* ---- Matching ------------------------------------------------------------------------------ */

/* Whether a and b differ by at most one typo: a letter more, less or other, or two neighbours
 * swapped (so "zelfmoort", "zelfmord", "zelmfoord" are all zelfmoord). Bytes of folded text. */
static bool within_one_typo(const char *a, size_t an, const char *b, size_t bn)
{
    if (an > bn + 1 || bn > an + 1)
        return false;
    size_t i = 0;
    while (i < an && i < bn && a[i] == b[i])
        i++;
    if (i == an || i == bn)
        return true; /* equal, or one letter more at the end */
    if (an == bn)
        return memcmp(a + i + 1, b + i + 1, an - i - 1) == 0 ||
               (i + 1 < an && a[i] == b[i + 1] && a[i + 1] == b[i] &&
                memcmp(a + i + 2, b + i + 2, an - i - 2) == 0);
    if (an > bn)
        return memcmp(a + i + 1, b + i, bn - i) == 0;
    return memcmp(a + i, b + i + 1, an - i) == 0;
}

static bool contains(const char *w, size_t wl, const char *s, size_t sl)
{
    for (size_t i = 0; i + sl <= wl; i++)
        if (memcmp(w + i, s, sl) == 0)
            return true;
    return false;
}

static bool token_matches(const token *t, const char *w, size_t wl)
{
    switch (t->kind) {
    case TOKEN_EXACT:
        return (wl == t->len && memcmp(w, t->text, wl) == 0) ||
               (t->typo_ok && within_one_typo(w, wl, t->text, t->len));
    case TOKEN_PREFIX:
        if (wl >= t->len && memcmp(w, t->text, t->len) == 0)
            return true;
        /* The word begins with the stem, give or take one typo: try its first len-1, len and
         * len+1 bytes. */
        for (size_t k = t->len - 1; t->typo_ok && k <= t->len + 1 && k <= wl; k++)
            if (within_one_typo(w, k, t->text, t->len))
                return true;
        return false;
    case TOKEN_SUFFIX:
        return wl >= t->len && memcmp(w + wl - t->len, t->text, t->len) == 0;
    case TOKEN_CONTAINS:
        return contains(w, wl, t->text, t->len);
    case TOKEN_GAP:
        break;
    }
    return false;
}

/* The words of a question; `masked` words (in a geen_gevaar phrase) match no rule's word. */
typedef struct {
    const char *start[MAX_WORDS];
    size_t len[MAX_WORDS];
    bool masked[MAX_WORDS];
    size_t count;
} words;

static void add_word(const char *word, size_t len, void *ctx)
{
    words *ws = ctx;
    if (ws->count < MAX_WORDS) {
        ws->start[ws->count] = word;
        ws->len[ws->count] = len;
        ws->masked[ws->count++] = false;
    }
}

/* Whether tokens [ti..] of `p` match from word wi on; the word each token matched goes to
 * at[ti]. Backtracks over gaps only, at most (gap + 1) ways each. */
static bool match_from(const ww_help_now *h, const pattern *p, size_t ti, const words *ws,
                       size_t wi, size_t *at)
{
    if (ti == p->count)
        return true;
    const token *t = &p->tokens[ti];
    if (t->kind == TOKEN_GAP) {
        for (size_t skip = 0; skip <= h->gap && wi + skip < ws->count; skip++)
            if (match_from(h, p, ti + 1, ws, wi + skip, at))
                return true;
        return false;
    }
    if (wi >= ws->count || ws->masked[wi] || !token_matches(t, ws->start[wi], ws->len[wi]))
        return false;
    at[ti] = wi;
    return match_from(h, p, ti + 1, ws, wi + 1, at);
}

/* Whether `p` matches anywhere; with `mask`, the words it matched are masked. */
static bool match_anywhere(const ww_help_now *h, const pattern *p, words *ws, bool mask)
{
    size_t at[MAX_TOKENS];
    bool found = false;
    for (size_t wi = 0; wi < ws->count; wi++) {
        if (!match_from(h, p, 0, ws, wi, at))
            continue;
        if (!mask)
            return true;
        found = true;
        for (size_t ti = 0; ti < p->count; ti++)
            if (p->tokens[ti].kind != TOKEN_GAP)
                ws->masked[at[ti]] = true;
    }
    return found;
}

ww_help_kinds ww_help_now_match(const ww_help_now *h, const char *text)
{
    char *folded = h && text ? ww_fold(text) : NULL;
    if (!folded)
        return 0;
    words *ws = ww_xmalloc(sizeof *ws);
    ws->count = 0;
    ww_each_word(folded, add_word, ws);
    for (size_t m = 0; m < h->mask_count; m++)
        match_anywhere(h, &h->masks[m], ws, true);
    ww_help_kinds kinds = 0;
    for (size_t k = 0; k < h->kind_count; k++)
        for (size_t r = 0; r < h->kinds[k].rule_count && !(kinds & (1u << k)); r++)
            if (match_anywhere(h, &h->kinds[k].rules[r], ws, false))
                kinds |= 1u << k;
    free(ws);
    free(folded);
    return kinds;
}

/* ---- The answer ---------------------------------------------------------------------------- */

static json_t *line_json(const ww_help_line *l)
{
    json_t *o = json_pack("{s:s,s:s,s:s}", "id", l->id, "naam", l->name, "uitleg", l->explanation);
    if (l->phone && l->tel) {
        json_object_set_new(o, "telefoon", json_string(l->phone));
        json_object_set_new(o, "tel", json_string(l->tel));
    }
    if (l->url && l->url_text) {
        json_object_set_new(o, "url", json_string(l->url));
        json_object_set_new(o, "url_tekst", json_string(l->url_text));
    }
    return o;
}

json_t *ww_help_now_json(const ww_help_now *h, ww_help_kinds kinds, const ww_help_line *extra)
{
    if (!h || !kinds)
        return NULL;
    json_t *ids = json_array(), *lines = json_array();
    const char *text = NULL;
    bool *shown = ww_xcalloc(h->line_count + 1, sizeof *shown);
    for (size_t k = 0; k < h->kind_count; k++) {
        if (!(kinds & (1u << k)))
            continue;
        json_array_append_new(ids, json_string(h->kinds[k].id));
        if (!text)
            text = h->kinds[k].text;
        for (size_t i = 0; i < h->kinds[k].line_count; i++) {
            size_t l = h->kinds[k].lines[i];
            if (!shown[l])
                json_array_append_new(lines, line_json(&h->lines[l]));
            shown[l] = true;
        }
    }
    free(shown);
    if (extra && extra->id && extra->name && extra->explanation)
        json_array_append_new(lines, line_json(extra));
    return json_pack("{s:o,s:s,s:o}", "soort", ids, "tekst", text, "lijnen", lines);
}

json_t *ww_help_now_answer(const ww_help_now *h, const char *text, const ww_help_line *extra)
{
    return ww_help_now_json(h, ww_help_now_match(h, text), extra);
}
