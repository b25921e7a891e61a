/* ww_insight_pages.c -- /inzicht and /api/v1/inzicht: the gemeente's views as pages, CSV and
 * JSON. */
#include "ww_insight_pages.h"

#include "ww_api.h"
#include "ww_chart.h"
#include "ww_insight.h"
#include "ww_lookup.h"
#include "ww_overlap.h"
#include "ww_page_kit.h"
#include "ww_readers.h"
#include "ww_server.h"
#include "ww_time.h"
#include "ww_util.h"
#include "ww_verdicts.h"

#include <errno.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Actualiteit lives among the partners' pages, where their sign-in cookie is sent (the public
 * site never sees it); /inzicht/actualiteit leads there. */
#define CURRENCY_PATH "/partner/actualiteit"
#define OVERLAP_PATH "/partner/overlap"
#define QUESTIONS_PATH "/partner/vragen"

/* ---- Parameters ------------------------------------------------------------------------- */

typedef enum { AS_PAGE, AS_CSV, AS_JSON } output;

/* What a view is asked for. Strings are borrowed from the request or static. */
typedef struct {
    ww_insight_filter filter;
    char today[WW_DATE_SIZE];
    const char *dimension; /* dekking: ambitie, doelgroep or leefgebied */
    bool offered;          /* dekking: weergave=aangeboden (heel-zwolle its own row) */
    long threshold;        /* dekking: below it a cell is thin */
    const char *table;     /* which table a CSV holds (ambities: trend; actualiteit: herinnering) */
    double min_score;      /* overlap: pairs from this score */
    bool by_wijk;          /* overlap: volgorde=wijk (else by score) */
    const char *csrf;      /* the signed-in editor's form token (overlap's verdict forms) */
    output out;
    char problem[256];
} view;

static bool problem(view *v, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static bool problem(view *v, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(v->problem, sizeof v->problem, fmt, ap);
    va_end(ap);
    return false;
}

static bool one_of(const char *value, const char *const *allowed)
{
    for (size_t i = 0; allowed[i]; i++)
        if (strcmp(value, allowed[i]) == 0)
            return true;
    return false;
}

/* The one value of `key`, or NULL; false (with v->problem) when it repeats or is not allowed. */
static bool single(const ww_request *req, view *v, const char *key, const char *const *allowed,
                   const char **out)
{
    const char *values[2];
    size_t n = ww_request_params(req, key, values, 2);
    *out = n ? values[0] : NULL;
    if (n > 1)
        return problem(v, "'%s' mag maar één keer voorkomen", key);
    if (*out && allowed && !one_of(*out, allowed)) {
        ww_buf names = {0};
        for (size_t i = 0; allowed[i]; i++)
            ww_buf_printf(&names, "%s%s", i ? ", " : "", allowed[i]);
        problem(v, "onbekende waarde '%.40s' voor %s; kies uit: %s", *out, key, names.data);
        ww_buf_free(&names);
        return false;
    }
    return true;
}

static const char *const FLAG[] = {"0", "1", NULL};
static const char *const FORMATS[] = {"html", "csv", "json", NULL};
static const char *const DIMENSIONS[] = {"ambitie", "doelgroep", "leefgebied", NULL};
static const char *const VIEWS[] = {"beschikbaar", "aangeboden", NULL};

/* The parameters every view takes, and those of dekking. */
static bool read_filter(const ww_schema *schema, const ww_request *req, view *v)
{
    const char *soort, *voorliggend, *gratis, *format;
    if (!single(req, v, "soort", NULL, &soort) ||
        !single(req, v, "voorliggend", FLAG, &voorliggend) ||
        !single(req, v, "gratis", FLAG, &gratis) || !single(req, v, "formaat", FORMATS, &format))
        return false;
    if (soort && *soort && !ww_vocab_find(ww_schema_vocab(schema, "soorten"), soort))
        return problem(v, "onbekende soort '%.40s'", soort);
    v->filter.soort = soort && *soort ? soort : NULL;
    v->filter.voorliggend = voorliggend && !strcmp(voorliggend, "1");
    v->filter.gratis = gratis && !strcmp(gratis, "1");
    v->out = !format || !strcmp(format, "html") ? AS_PAGE
             : !strcmp(format, "csv")           ? AS_CSV
                                                : AS_JSON;
    return true;
}

static bool read_coverage(const ww_schema *schema, const ww_request *req, view *v)
{
    const char *dimension, *weergave, *threshold, *ambition, *group;
    if (!single(req, v, "dimensie", DIMENSIONS, &dimension) ||
        !single(req, v, "weergave", VIEWS, &weergave) ||
        !single(req, v, "drempel", NULL, &threshold) ||
        !single(req, v, "ambitie", NULL, &ambition) || !single(req, v, "doelgroep", NULL, &group))
        return false;
    if (ambition && *ambition && !ww_vocab_find(ww_schema_vocab(schema, "ambities"), ambition))
        return problem(v, "onbekende ambitie '%.40s'", ambition);
    if (group && *group && !ww_vocab_find(ww_schema_vocab(schema, "doelgroepen"), group))
        return problem(v, "onbekende doelgroep '%.40s'", group);
    v->filter.ambitie = ambition && *ambition ? ambition : NULL;
    v->filter.doelgroep = group && *group ? group : NULL;
    v->dimension = dimension ? dimension : "ambitie";
    v->offered = weergave && !strcmp(weergave, "aangeboden");
    v->threshold = 2;
    if (threshold) {
        char *end;
        errno = 0;
        v->threshold = strtol(threshold, &end, 10);
        if (errno || end == threshold || *end || v->threshold < 1 || v->threshold > 1000)
            return problem(v, "'drempel' moet een geheel getal van 1 tot 1000 zijn");
    }
    return true;
}

static bool read_overlap(const ww_request *req, view *v)
{
    static const char *const ORDERS[] = {"score", "wijk", NULL};
    const char *threshold, *order;
    if (!single(req, v, "drempel", NULL, &threshold) || !single(req, v, "volgorde", ORDERS, &order))
        return false;
    v->by_wijk = order && !strcmp(order, "wijk");
    v->min_score = WW_OVERLAP_THRESHOLD;
    if (threshold) {
        char *end;
        errno = 0;
        v->min_score = strtod(threshold, &end);
        if (errno || end == threshold || *end || !(v->min_score >= 0 && v->min_score <= 1))
            return problem(v, "'drempel' moet een getal van 0 tot 1 zijn, zoals 0.35");
    }
    return true;
}

/* Reads a view's parameters: the filter, `known` (NULL-terminated names the view takes besides
 * it: dekking's own, or "tabel" with the names in `tables`). False with v->problem for
 * anything else. */
static bool read_view(const ww_schema *schema, const ww_request *req, const char *const *known,
                      const char *const *tables, view *v)
{
    memset(v, 0, sizeof *v);
    ww_today(v->today);
    v->filter.today = v->today;
    static const char *const COMMON[] = {"soort", "voorliggend", "gratis", "formaat", NULL};
    for (size_t i = 0; i < req->param_count; i++)
        if (!one_of(req->params[i].key, COMMON) && !(known && one_of(req->params[i].key, known)))
            return problem(v, "onbekende parameter '%.40s'", req->params[i].key);
    if (req->bad_encoding)
        return problem(v, "de vraag bevat een ongeldige %%-codering");
    return read_filter(schema, req, v) &&
           (!known || !one_of("dimensie", known) || read_coverage(schema, req, v)) &&
           (!known || !one_of("volgorde", known) || read_overlap(req, v)) &&
           (!tables || single(req, v, "tabel", tables, &v->table));
}

/* ---- Shared ------------------------------------------------------------------------------ */

/* The filter as parameters of a link: soort, voorliggend, gratis. */
static void keep_filter(const view *v, ww_param_set *set)
{
    if (v->filter.soort)
        ww_param_keep(set, "soort", v->filter.soort);
    if (v->filter.ambitie)
        ww_param_keep(set, "ambitie", v->filter.ambitie);
    if (v->filter.doelgroep)
        ww_param_keep(set, "doelgroep", v->filter.doelgroep);
    if (v->filter.voorliggend)
        ww_param_keep(set, "voorliggend", "1");
    if (v->filter.gratis)
        ww_param_keep(set, "gratis", "1");
}

/* Adds "peildatum" and "filters" to an answer. */
static void describe_filter(const view *v, json_t *answer)
{
    json_object_set_new(answer, "peildatum", json_string(v->today));
    json_object_set_new(answer, "filters",
                        json_pack("{s:s?,s:s?,s:s?,s:b,s:b}", "soort", v->filter.soort, "ambitie",
                                  v->filter.ambitie, "doelgroep", v->filter.doelgroep,
                                  "voorliggend", v->filter.voorliggend, "gratis",
                                  v->filter.gratis));
}

/* ---- CSV -------------------------------------------------------------------------------- */

/* One cell: quoted when it holds ; " or a line break, and a leading = + - @ made harmless, so
 * that a title cannot become a formula in a spreadsheet. */
static void csv_cell(ww_buf *csv, const char *text, bool last)
{
    text = text ? text : "";
    bool quote = strpbrk(text, ";\"\r\n") != NULL || strchr("=+-@\t", text[0]) != NULL;
    if (quote)
        ww_buf_putc(csv, '"');
    if (text[0] && strchr("=+-@\t", text[0]))
        ww_buf_putc(csv, '\'');
    for (const char *p = text; *p; p++) {
        if (*p == '"')
            ww_buf_putc(csv, '"');
        ww_buf_putc(csv, *p);
    }
    if (quote)
        ww_buf_putc(csv, '"');
    ww_buf_puts(csv, last ? "\r\n" : ";");
}

static void csv_number(ww_buf *csv, const json_t *value, bool last)
{
    char text[32] = "";
    if (json_is_integer(value))
        snprintf(text, sizeof text, "%lld", (long long)json_integer_value(value));
    else if (json_is_real(value)) {
        snprintf(text, sizeof text, "%.2f", json_real_value(value));
        char *point = strchr(text, '.');
        if (point)
            *point = ','; /* as a Dutch spreadsheet reads a decimal */
    }
    csv_cell(csv, text, last);
}

/* Replies `csv` (taken) as a download named `name`, with the BOM Dutch spreadsheets look for. */
static void reply_csv(ww_response *res, const char *name, ww_buf *csv)
{
    ww_buf body = {0};
    ww_buf_puts(&body, "\xEF\xBB\xBF");
    ww_buf_append(&body, csv->data ? csv->data : "", csv->len);
    ww_buf_free(csv);
    size_t len = body.len;
    ww_reply_body(res, 200, "text/csv; charset=utf-8", ww_buf_release(&body), len);
    char *disposition = ww_xasprintf("attachment; filename=\"%s.csv\"", name);
    ww_reply_header(res, "Content-Disposition", disposition);
    free(disposition);
}

/* ---- The figures, as the API answers them -------------------------------------------------- */

typedef struct {
    ww_server *srv;
    const view *v;
    const char *organisation; /* actualiteit: one organisation's row, or NULL for all */
} asked;

static json_t *ask_coverage(ww_reader *reader, void *ctx)
{
    const asked *a = ctx;
    return ww_insight_coverage(reader, a->srv->schema, a->v->dimension, &a->v->filter);
}

static json_t *ask_ambitions(ww_reader *reader, void *ctx)
{
    const asked *a = ctx;
    return ww_insight_ambitions(reader, a->srv->schema, &a->v->filter);
}

static json_t *ask_housing(ww_reader *reader, void *ctx)
{
    const asked *a = ctx;
    return ww_insight_housing(reader, a->srv->schema, &a->v->filter);
}

static json_t *ask_currency(ww_reader *reader, void *ctx)
{
    const asked *a = ctx;
    return ww_insight_currency(reader, a->srv->schema, a->v->today, a->organisation);
}

static const char *cell_status(json_int_t n, long threshold)
{
    return n == 0 ? "witte-vlek" : n < threshold ? "dun" : "genoeg";
}

/* The search that lists a cell's entries: the wijk and the value, with the view's filter. */
static char *cell_search(const view *v, const char *wijk, const char *value)
{
    ww_param_set set = {.count = 0};
    ww_param_keep(&set, "wijk", wijk);
    ww_param_keep(&set, v->dimension, value);
    keep_filter(v, &set);
    return ww_param_url("/zoeken", &set, NULL, NULL, NULL, NULL);
}

/* Adds to each row of a coverage answer the status of each cell ("witte-vlek", "dun",
 * "genoeg") in both views and the search that lists it. */
static void mark_coverage(const view *v, json_t *answer)
{
    json_object_set_new(answer, "drempel", json_integer(v->threshold));
    describe_filter(v, answer);
    const json_t *cols = json_object_get(answer, "kolommen");
    size_t i;
    json_t *row;
    json_array_foreach(json_object_get(answer, "rijen"), i, row)
    {
        static const char *const VIEW_KEYS[] = {"aangeboden", "beschikbaar"};
        for (size_t k = 0; k < 2; k++) {
            json_t *marks = json_array();
            const json_t *counts = json_object_get(row, VIEW_KEYS[k]);
            for (size_t c = 0; c < json_array_size(counts); c++)
                json_array_append_new(
                    marks, json_string(cell_status(json_integer_value(json_array_get(counts, c)),
                                                   v->threshold)));
            char key[32];
            snprintf(key, sizeof key, "%s_status", VIEW_KEYS[k]);
            json_object_set_new(row, key, marks);
        }
        json_t *links = json_array();
        for (size_t c = 0; c < json_array_size(cols); c++) {
            char *url =
                cell_search(v, json_string_value(json_object_get(row, "id")),
                            json_string_value(json_object_get(json_array_get(cols, c), "id")));
            json_array_append_new(links, json_string(url));
            free(url);
        }
        json_object_set_new(row, "zoeken", links);
    }
}

/* The answer of a view, or NULL after replying (503). */
static json_t *coverage_answer(ww_server *srv, const view *v, ww_response *res)
{
    asked a = {srv, v, NULL};
    json_t *answer = ww_lookup_json(srv, ask_coverage, &a, res);
    if (answer)
        mark_coverage(v, answer);
    return answer;
}

static json_t *ambitions_answer(ww_server *srv, const view *v, ww_response *res)
{
    asked a = {srv, v, NULL};
    json_t *answer = ww_lookup_json(srv, ask_ambitions, &a, res);
    if (answer) {
        describe_filter(v, answer);
        json_object_set_new(answer, "trend", ww_insight_history(srv->index_dir, srv->schema));
    }
    return answer;
}

static json_t *housing_answer(ww_server *srv, const view *v, ww_response *res)
{
    asked a = {srv, v, NULL};
    json_t *answer = ww_lookup_json(srv, ask_housing, &a, res);
    if (answer)
        describe_filter(v, answer);
    return answer;
}

/* Adds to each overdue entry the page where it is changed. */
static void link_overdue(json_t *answer)
{
    size_t i, k;
    json_t *org, *entry;
    json_array_foreach(json_object_get(answer, "organisaties"), i, org)
    {
        json_array_foreach(json_object_get(org, "achterstallig"), k, entry)
        {
            const char *id = json_string_value(json_object_get(entry, "id"));
            if (id)
                ww_set_owned_string(entry, "wijzig_url", ww_xasprintf("/partner/aanbod/%s", id));
        }
    }
}

static json_t *currency_answer(ww_server *srv, const view *v, const char *organisation,
                               ww_response *res)
{
    asked a = {srv, v, organisation};
    json_t *answer = ww_lookup_json(srv, ask_currency, &a, res);
    if (answer) {
        json_object_set_new(answer, "peildatum", json_string(v->today));
        link_overdue(answer);
    }
    return answer;
}

typedef struct {
    ww_server *srv;
    const view *v;
    const json_t *verdicts;
} asked_overlap;

/* The last overview worked out, for the index version and day it was worked out on: it reads
 * every entry (seconds at 10,000), and the editor looks at it again after each verdict. Verdicts
 * are applied to a copy, so the memo holds every pair. */
static struct {
    pthread_mutex_t lock;
    char *key;
    json_t *answer;
} overlap_memo = {PTHREAD_MUTEX_INITIALIZER, NULL, NULL};

static json_t *ask_overlap(ww_reader *reader, void *ctx)
{
    const asked_overlap *a = ctx;
    char *key = ww_xasprintf("%s|%s|%.6f", ww_readers_version(a->srv->readers), a->v->today,
                             a->v->min_score);
    pthread_mutex_lock(&overlap_memo.lock);
    json_t *answer = overlap_memo.key && !strcmp(key, overlap_memo.key)
                         ? json_deep_copy(overlap_memo.answer)
                         : NULL;
    pthread_mutex_unlock(&overlap_memo.lock);
    if (!answer) {
        ww_overlap_request req = {.threshold = a->v->min_score, .today = a->v->today};
        json_t *fresh = ww_overlap_pairs(reader, a->srv->schema, &req);
        if (fresh) {
            answer = json_deep_copy(fresh);
            pthread_mutex_lock(&overlap_memo.lock);
            json_decref(overlap_memo.answer);
            free(overlap_memo.key);
            overlap_memo.answer = fresh;
            overlap_memo.key = key;
            key = NULL;
            pthread_mutex_unlock(&overlap_memo.lock);
        }
    }
    free(key);
    if (answer && a->verdicts)
        ww_overlap_drop_judged(reader, answer, a->verdicts);
    return answer;
}

/* The wijk a pair is listed under: the first wijk of the vocabulary that both serve. */
static const ww_vocab_item *pair_wijk(const ww_schema *schema, const json_t *pair)
{
    const ww_vocab *wijken = ww_schema_vocab(schema, "wijken");
    for (size_t i = 0; i < wijken->count; i++) {
        size_t k;
        const json_t *w;
        json_array_foreach(json_object_get(pair, "wijken"), k, w)
        {
            if (!strcmp(json_string_value(w), wijken->items[i].id))
                return &wijken->items[i];
        }
    }
    return NULL;
}

static int by_wijk_then_score(const void *x, const void *y)
{
    const json_t *a = *(json_t *const *)x, *b = *(json_t *const *)y;
    json_int_t wa = json_integer_value(json_object_get(a, "wijk_volgorde")),
               wb = json_integer_value(json_object_get(b, "wijk_volgorde"));
    if (wa != wb)
        return wa < wb ? -1 : 1;
    double sa = json_real_value(json_object_get(a, "score")),
           sb = json_real_value(json_object_get(b, "score"));
    return (sa < sb) - (sa > sb);
}

/* Names each pair's wijk ("wijk", "wijk_label") and sorts by it when asked. */
static void place_pairs(const ww_schema *schema, const view *v, json_t *answer)
{
    json_t *pairs = json_object_get(answer, "paren");
    const ww_vocab *wijken = ww_schema_vocab(schema, "wijken");
    size_t i, n = json_array_size(pairs);
    json_t *pair;
    json_array_foreach(pairs, i, pair)
    {
        const ww_vocab_item *w = pair_wijk(schema, pair);
        json_object_set_new(pair, "wijk", w ? json_string(w->id) : json_null());
        json_object_set_new(pair, "wijk_label", json_string(w ? w->label : "Onbekend"));
        json_object_set_new(pair, "wijk_volgorde",
                            json_integer(w ? (json_int_t)(w - wijken->items) : 1000));
    }
    if (!v->by_wijk)
        return;
    json_t **sorted = ww_xcalloc(n + 1, sizeof *sorted);
    for (i = 0; i < n; i++)
        sorted[i] = json_incref(json_array_get(pairs, i));
    qsort(sorted, n, sizeof *sorted, by_wijk_then_score);
    json_array_clear(pairs);
    for (i = 0; i < n; i++)
        json_array_append_new(pairs, sorted[i]);
    free(sorted);
}

static json_t *overlap_answer(ww_server *srv, const view *v, const char *org, ww_response *res)
{
    (void)org;
    ww_diag diag = {0};
    json_t *verdicts = ww_verdicts_read(srv->catalog_dir, &diag);
    ww_diag_free(&diag);
    asked_overlap a = {srv, v, verdicts};
    json_t *answer = ww_lookup_json(srv, ask_overlap, &a, res);
    if (answer) {
        place_pairs(srv->schema, v, answer);
        json_object_set_new(answer, "peildatum", json_string(v->today));
        json_object_set_new(answer, "oordelen",
                            json_integer((json_int_t)json_array_size(verdicts)));
    }
    json_decref(verdicts);
    return answer;
}

/* ---- The figures as CSV -------------------------------------------------------------------- */

/* Whether a coverage row shows in the view: "available here" counts heel-zwolle in every wijk,
 * so it has no row of its own there. */
static bool row_shown(const view *v, const json_t *row)
{
    return v->offered || !json_is_true(json_object_get(row, "overal"));
}

static void coverage_csv(const ww_request *req, const view *v, const json_t *answer,
                         ww_response *res)
{
    (void)req;
    ww_buf csv = {0};
    const json_t *cols = json_object_get(answer, "kolommen");
    csv_cell(&csv, "Wijk", false);
    size_t i;
    const json_t *col, *row;
    json_array_foreach(cols, i, col)
        csv_cell(&csv, json_string_value(json_object_get(col, "label")), false);
    csv_cell(&csv, "Totaal", true);
    const char *key = v->offered ? "aangeboden" : "beschikbaar";
    char total_key[32];
    snprintf(total_key, sizeof total_key, "%s_totaal", key);
    json_array_foreach(json_object_get(answer, "rijen"), i, row)
    {
        if (!row_shown(v, row))
            continue;
        csv_cell(&csv, json_string_value(json_object_get(row, "label")), false);
        size_t c;
        const json_t *n;
        json_array_foreach(json_object_get(row, key), c, n) csv_number(&csv, n, false);
        csv_number(&csv, json_object_get(row, total_key), true);
    }
    char name[64];
    snprintf(name, sizeof name, "dekking-%s-%s", v->dimension, key);
    reply_csv(res, name, &csv);
}

/* Cells of `object` under `keys`, numbers as numbers, the rest as text; the last ends the row. */
static void csv_fields(ww_buf *csv, const json_t *object, const char *const *keys, size_t n)
{
    for (size_t k = 0; k < n; k++) {
        const json_t *value = json_object_get(object, keys[k]);
        if (json_is_number(value))
            csv_number(csv, value, k + 1 == n);
        else
            csv_cell(csv, json_string_value(value), k + 1 == n);
    }
}

static void csv_header(ww_buf *csv, const char *const *names, size_t n)
{
    for (size_t k = 0; k < n; k++)
        csv_cell(csv, names[k], k + 1 == n);
}

static void ambitions_csv(const ww_request *req, const view *v, const json_t *answer,
                          ww_response *res)
{
    (void)req;
    ww_buf csv = {0};
    if (v->table && !strcmp(v->table, "trend")) {
        const json_t *trend = json_object_get(answer, "trend"),
                     *series = json_object_get(trend, "reeksen");
        csv_cell(&csv, "Maand", json_array_size(series) == 0);
        for (size_t s = 0; s < json_array_size(series); s++)
            csv_cell(&csv, json_string_value(json_object_get(json_array_get(series, s), "label")),
                     s + 1 == json_array_size(series));
        size_t m;
        const json_t *month;
        json_array_foreach(json_object_get(trend, "maanden"), m, month)
        {
            csv_cell(&csv, json_string_value(month), json_array_size(series) == 0);
            for (size_t s = 0; s < json_array_size(series); s++)
                csv_number(
                    &csv,
                    json_array_get(json_object_get(json_array_get(series, s), "aantallen"), m),
                    s + 1 == json_array_size(series));
        }
        reply_csv(res, "ambities-trend", &csv);
        return;
    }
    static const char *const NAMES[] = {"Ambitie",         "Aanbod",
                                        "Organisaties",    "Wijken",
                                        "Van wijken",      "Voorliggend",
                                        "Gratis",          "Ambitie opgegeven",
                                        "Ambitie afgeleid"},
                             *const KEYS[] = {"label",  "aanbod",     "organisaties",
                                              "wijken", "wijken_van", "voorliggend",
                                              "gratis", "expliciet",  "afgeleid"};
    csv_header(&csv, NAMES, 9);
    size_t i;
    const json_t *a;
    json_array_foreach(json_object_get(answer, "ambities"), i, a) csv_fields(&csv, a, KEYS, 9);
    reply_csv(res, "ambities", &csv);
}

static void housing_csv(const ww_request *req, const view *v, const json_t *answer,
                        ww_response *res)
{
    (void)req;
    (void)v;
    static const char *const NAMES[] = {"Woonvorm",
                                        "Wijk",
                                        "Opties",
                                        "Plaatsen",
                                        "Plaatsen onbekend",
                                        "Wachttijd mediaan (weken)",
                                        "Wachttijd langst (weken)"},
                             *const KEYS[] = {
                                 "woonvorm_label",  "wijk_label",        "opties",
                                 "plaatsen",        "plaatsen_onbekend", "wachttijd_mediaan",
                                 "wachttijd_langst"};
    ww_buf csv = {0};
    csv_header(&csv, NAMES, 7);
    size_t i;
    const json_t *g;
    json_array_foreach(json_object_get(answer, "groepen"), i, g) csv_fields(&csv, g, KEYS, 7);
    reply_csv(res, "beschermd-thuis", &csv);
}

/* The overview per organisation, or (tabel=herinnering) one line per overdue entry with the
 * organisation's e-mail and the address where it is changed: a reminder mailing's list. */
static void currency_csv(const ww_request *req, const view *v, const json_t *answer,
                         ww_response *res)
{
    ww_buf csv = {0};
    bool reminder = v->table && !strcmp(v->table, "herinnering");
    static const char *const OVERVIEW[] = {"Organisatie",
                                           "E-mail",
                                           "Aanbod",
                                           "Gecontroleerd binnen 6 maanden",
                                           "Gecontroleerd binnen 12 maanden",
                                           "Oudste controle",
                                           "Verlopen",
                                           "Afgekeurd"},
                             *const OVERVIEW_KEYS[] = {"naam",
                                                       "email",
                                                       "aanbod",
                                                       "binnen_6_maanden",
                                                       "binnen_12_maanden",
                                                       "oudste_controle",
                                                       "verlopen",
                                                       "afgekeurd"},
                             *const REMINDER[] = {"Organisatie",   "E-mail",
                                                  "Titel",         "Laatst gecontroleerd",
                                                  "Dagen geleden", "Wijzigen"};
    csv_header(&csv, reminder ? REMINDER : OVERVIEW, reminder ? 6 : 8);
    size_t i, k;
    const json_t *org, *entry;
    json_array_foreach(json_object_get(answer, "organisaties"), i, org)
    {
        if (!reminder) {
            csv_fields(&csv, org, OVERVIEW_KEYS, 8);
            continue;
        }
        json_array_foreach(json_object_get(org, "achterstallig"), k, entry)
        {
            csv_cell(&csv, json_string_value(json_object_get(org, "naam")), false);
            csv_cell(&csv, json_string_value(json_object_get(org, "email")), false);
            csv_cell(&csv, json_string_value(json_object_get(entry, "titel")), false);
            csv_cell(&csv, json_string_value(json_object_get(entry, "laatst_gecontroleerd")),
                     false);
            csv_number(&csv, json_object_get(entry, "dagen"), false);
            char *url =
                ww_page_absolute_url(req, json_string_value(json_object_get(entry, "wijzig_url")));
            csv_cell(&csv, url, true);
            free(url);
        }
    }
    reply_csv(res, reminder ? "actualiteit-herinnering" : "actualiteit", &csv);
}

/* The words of a list, joined: "koffie, buurtkamer". A new string. */
static char *joined(const json_t *list)
{
    ww_buf out = {0};
    size_t i;
    const json_t *w;
    json_array_foreach(list, i, w) ww_buf_printf(&out, "%s%s", i ? ", " : "", json_string_value(w));
    return out.data ? ww_buf_release(&out) : ww_xstrdup("");
}

static void overlap_csv(const ww_request *req, const view *v, const json_t *answer,
                        ww_response *res)
{
    (void)req;
    (void)v;
    static const char *const NAMES[] = {
        "Score",       "Wijk",          "Aanbod A",           "Organisatie A",
        "Aanbod B",    "Organisatie B", "Zelfde organisatie", "Gedeelde woorden",
        "Doelgroepen", "Ambities"};
    ww_buf csv = {0};
    csv_header(&csv, NAMES, 10);
    size_t i;
    const json_t *p;
    json_array_foreach(json_object_get(answer, "paren"), i, p)
    {
        csv_number(&csv, json_object_get(p, "score"), false);
        csv_cell(&csv, json_string_value(json_object_get(p, "wijk_label")), false);
        for (int k = 0; k < 2; k++) {
            const json_t *side = json_object_get(p, k ? "b" : "a");
            csv_cell(&csv, json_string_value(json_object_get(side, "titel")), false);
            csv_cell(
                &csv,
                json_string_value(json_object_get(json_object_get(side, "organisatie"), "naam")),
                false);
        }
        csv_cell(&csv, json_is_true(json_object_get(p, "zelfde_organisatie")) ? "ja" : "nee",
                 false);
        static const char *const LISTS[] = {"woorden", "doelgroepen", "ambities"};
        for (int k = 0; k < 3; k++) {
            char *text = joined(json_object_get(p, LISTS[k]));
            csv_cell(&csv, text, k == 2);
            free(text);
        }
    }
    reply_csv(res, "overlap", &csv);
}

/* ---- Pages ----------------------------------------------------------------------------- */

static const char *const
    COVERAGE_PARAMS[] = {"dimensie", "weergave", "drempel", "ambitie", "doelgroep", NULL},
    *const TABLE_PARAM[] = {"tabel", NULL}, *const AMBITION_TABLES[] = {"cijfers", "trend", NULL},
    *const CURRENCY_TABLES[] = {"overzicht", "herinnering", NULL};

/* The frame of an insight page: titles, the views as navigation (this one marked), and the
 * addresses of the same view as CSV and JSON. A new object. */
static json_t *page_ctx(const ww_request *req, const char *title, const char *current)
{
    static const struct {
        const char *path, *label;
    } VIEWS_NAV[] = {{"/inzicht/dekking", "Dekking per wijk"},
                     {"/inzicht/ambities", "De drie ambities"},
                     {"/inzicht/beschermd-thuis", "Beschermd thuis"},
                     {CURRENCY_PATH, "Actualiteit (redactie)"},
                     {OVERLAP_PATH, "Dubbelingen (redactie)"},
                     {QUESTIONS_PATH, "Vragen zonder antwoord (redactie)"}};
    json_t *nav = json_array();
    for (size_t i = 0; i < sizeof VIEWS_NAV / sizeof *VIEWS_NAV; i++)
        json_array_append_new(nav, json_pack("{s:s,s:s,s:b}", "url", VIEWS_NAV[i].path, "label",
                                             VIEWS_NAV[i].label, "huidig",
                                             current && !strcmp(VIEWS_NAV[i].path, current)));
    json_t *ctx = json_pack("{s:s,s:s,s:o,s:b}", "paginatitel", title, "kop", title, "inzicht_nav",
                            nav, "is_inzicht", 1);
    if (current) {
        ww_param_set set = {.count = 0};
        for (size_t i = 0; i < req->param_count; i++)
            if (strcmp(req->params[i].key, "formaat") && strcmp(req->params[i].key, "tabel"))
                ww_param_keep(&set, req->params[i].key, req->params[i].value);
        ww_set_owned_string(ctx, "csv_url",
                            ww_param_url(current, &set, NULL, NULL, "formaat", "csv"));
        ww_set_owned_string(ctx, "json_url",
                            ww_param_url(current, &set, NULL, NULL, "formaat", "json"));
    }
    return ctx;
}

/* A chart's geometry with its title and id, for the grafiek-* partials. */
static json_t *titled(json_t *chart, const char *id, const char *title)
{
    json_object_set_new(chart, "id", json_string(id));
    json_object_set_new(chart, "titel", json_string(title));
    return chart;
}

/* The values of a vocabulary for a choice of the filter form, the chosen one marked. */
static json_t *vocab_options(const ww_schema *schema, const char *vocab_name, const char *chosen)
{
    const ww_vocab *vocab = ww_schema_vocab(schema, vocab_name);
    json_t *options = json_array();
    for (size_t i = 0; vocab && i < vocab->count; i++)
        json_array_append_new(options, json_pack("{s:s,s:s,s:b}", "id", vocab->items[i].id, "label",
                                                 vocab->items[i].label, "gekozen",
                                                 chosen && !strcmp(chosen, vocab->items[i].id)));
    return options;
}

static void describe_form(const ww_schema *schema, const view *v, json_t *ctx)
{
    json_object_set_new(ctx, "soorten", vocab_options(schema, "soorten", v->filter.soort));
    json_object_set_new(ctx, "voorliggend", json_boolean(v->filter.voorliggend));
    json_object_set_new(ctx, "gratis", json_boolean(v->filter.gratis));
    json_object_set_new(ctx, "peildatum", json_string(v->today));
    ww_set_owned_string(ctx, "peildatum_tekst", ww_dutch_date(v->today));
}

/* Renders a page, or the same figures as CSV or JSON; takes `answer` and `ctx`. */
static void reply_view(ww_server *srv, const ww_request *req, const view *v, ww_response *res,
                       json_t *answer, json_t *ctx, const char *template,
                       void (*csv)(const ww_request *, const view *, const json_t *, ww_response *))
{
    if (v->out == AS_JSON) {
        json_decref(ctx);
        ww_reply_json(res, 200, answer);
        return;
    }
    if (v->out == AS_CSV) {
        json_decref(ctx);
        csv(req, v, answer, res);
        json_decref(answer);
        return;
    }
    json_decref(answer);
    ww_page_render(srv, res, 200, template, ctx);
}

/* A page that cannot be made: the problem in plain Dutch, on the page or as the API's error. */
static void reply_problem(ww_server *srv, const ww_request *req, ww_response *res, unsigned status,
                          const char *message, bool api)
{
    if (api) {
        ww_reply_error(res, status, "bad_parameter", "%s", message);
        return;
    }
    json_t *ctx = page_ctx(req, "Inzicht", NULL);
    json_object_set_new(ctx, "fout", json_string(message));
    ww_page_render(srv, res, status, "inzicht", ctx);
}

/* ---- Dekking ------------------------------------------------------------------------------ */

static const char *dimension_title(const char *dimension)
{
    return !strcmp(dimension, "doelgroep")    ? "Doelgroepen"
           : !strcmp(dimension, "leefgebied") ? "Leefgebieden"
                                              : "Ambities";
}

/* Links to the same page with one parameter changed: the dimensions, then the two views. */
static json_t *coverage_tabs(const ww_request *req, const view *v)
{
    json_t *tabs = json_object(), *dims = json_array(), *views = json_array();
    ww_param_set set = {.count = 0};
    for (size_t i = 0; i < req->param_count; i++)
        ww_param_keep(&set, req->params[i].key, req->params[i].value);
    for (size_t i = 0; DIMENSIONS[i]; i++) {
        char *url =
            ww_param_url("/inzicht/dekking", &set, "dimensie", NULL, "dimensie", DIMENSIONS[i]);
        json_array_append_new(dims, json_pack("{s:s,s:s,s:b}", "label",
                                              dimension_title(DIMENSIONS[i]), "url", url, "huidig",
                                              !strcmp(v->dimension, DIMENSIONS[i])));
        free(url);
    }
    static const char *const VIEW_LABELS[] = {"Beschikbaar in de wijk", "Aangeboden in de wijk"};
    for (size_t i = 0; VIEWS[i]; i++) {
        char *url = ww_param_url("/inzicht/dekking", &set, "weergave", NULL, "weergave", VIEWS[i]);
        json_array_append_new(views, json_pack("{s:s,s:s,s:b}", "label", VIEW_LABELS[i], "url", url,
                                               "huidig", v->offered == (i == 1)));
        free(url);
    }
    json_object_set_new(tabs, "dimensies", dims);
    json_object_set_new(tabs, "weergaven", views);
    return tabs;
}

/* The table of the view and the numbers its chart needs; counts the white spots and thin cells
 * into ctx. */
static json_t *coverage_table(const view *v, const json_t *answer, json_t *ctx, json_t *labels,
                              unsigned **counts)
{
    const char *key = v->offered ? "aangeboden" : "beschikbaar";
    char status_key[32], total_key[32];
    snprintf(status_key, sizeof status_key, "%s_status", key);
    snprintf(total_key, sizeof total_key, "%s_totaal", key);
    json_t *rows = json_array();
    size_t cols = json_array_size(json_object_get(answer, "kolommen")), n = 0, i;
    unsigned white = 0, thin = 0;
    *counts =
        ww_xcalloc(json_array_size(json_object_get(answer, "rijen")) * cols + 1, sizeof **counts);
    const json_t *row;
    json_array_foreach(json_object_get(answer, "rijen"), i, row)
    {
        if (!row_shown(v, row))
            continue;
        json_array_append(labels, json_object_get(row, "label"));
        json_t *cells = json_array();
        for (size_t c = 0; c < cols; c++) {
            json_int_t value = json_integer_value(json_array_get(json_object_get(row, key), c));
            const char *status =
                json_string_value(json_array_get(json_object_get(row, status_key), c));
            white += !strcmp(status, "witte-vlek");
            thin += !strcmp(status, "dun");
            (*counts)[n * cols + c] = (unsigned)value;
            json_array_append_new(
                cells, json_pack("{s:I,s:O,s:b,s:b}", "waarde", value, "url",
                                 json_array_get(json_object_get(row, "zoeken"), c), "leeg",
                                 !strcmp(status, "witte-vlek"), "dun", !strcmp(status, "dun")));
        }
        json_array_append_new(rows, json_pack("{s:O,s:o,s:O}", "label",
                                              json_object_get(row, "label"), "cellen", cells,
                                              "totaal", json_object_get(row, total_key)));
        n++;
    }
    json_object_set_new(ctx, "witte_vlekken", json_integer(white));
    json_object_set_new(ctx, "dunne_cellen", json_integer(thin));
    return rows;
}

static json_t *coverage_page(ww_server *srv, const ww_request *req, const view *v,
                             const json_t *answer)
{
    json_t *ctx = page_ctx(req, "Dekking per wijk", "/inzicht/dekking");
    describe_form(srv->schema, v, ctx);
    json_object_set_new(ctx, "tabs", coverage_tabs(req, v));
    json_object_set_new(ctx, "dimensie", json_string(v->dimension));
    json_object_set_new(ctx, "dimensie_titel", json_string(dimension_title(v->dimension)));
    json_object_set_new(ctx, "weergave", json_string(v->offered ? "aangeboden" : "beschikbaar"));
    json_object_set_new(ctx, "aangeboden", json_boolean(v->offered));
    json_object_set_new(ctx, "drempel", json_integer(v->threshold));
    json_object_set_new(ctx, "ambitie_keuzes",
                        vocab_options(srv->schema, "ambities", v->filter.ambitie));
    json_object_set_new(ctx, "doelgroep_keuzes",
                        vocab_options(srv->schema, "doelgroepen", v->filter.doelgroep));
    json_t *labels = json_array(), *col_labels = json_array();
    unsigned *counts = NULL;
    json_t *rows = coverage_table(v, answer, ctx, labels, &counts);
    size_t i;
    const json_t *col;
    json_array_foreach(json_object_get(answer, "kolommen"), i, col)
        json_array_append(col_labels, json_object_get(col, "label"));
    json_object_set_new(ctx, "kolommen", json_incref(col_labels));
    json_object_set_new(ctx, "rijen", rows);
    const char **rl = ww_xcalloc(json_array_size(labels) + 1, sizeof *rl),
               **cl = ww_xcalloc(json_array_size(col_labels) + 1, sizeof *cl);
    for (size_t r = 0; r < json_array_size(labels); r++)
        rl[r] = json_string_value(json_array_get(labels, r));
    for (size_t c = 0; c < json_array_size(col_labels); c++)
        cl[c] = json_string_value(json_array_get(col_labels, c));
    /* The chart has no links: the table beside it has them, with the same figures. */
    json_t *chart = ww_chart_heatmap(rl, json_array_size(labels), cl, json_array_size(col_labels),
                                     counts, (unsigned)v->threshold, NULL);
    json_object_set_new(ctx, "kaart", titled(chart, "dekking-kaart", "Aantal aanbod per wijk"));
    free(rl);
    free(cl);
    free(counts);
    json_decref(labels);
    json_decref(col_labels);
    return ctx;
}

/* ---- Ambities -------------------------------------------------------------------------------- */

static char *percent_text(const json_t *fraction)
{
    return ww_xasprintf("%.0f%%", json_number_value(fraction) * 100);
}

/* "nov 2026" of "2026-11". */
static char *month_text(const char *month)
{
    static const char *const NAMES[] = {"jan", "feb", "mrt", "apr", "mei", "jun",
                                        "jul", "aug", "sep", "okt", "nov", "dec"};
    int m = month && strlen(month) == 7 ? atoi(month + 5) : 0;
    return m >= 1 && m <= 12 ? ww_xasprintf("%s %.4s", NAMES[m - 1], month)
                             : ww_xstrdup(month ? month : "");
}

static json_t *ambition_rows(const json_t *answer, json_t *labels, double *values, size_t max)
{
    json_t *rows = json_array();
    size_t i;
    json_t *a;
    json_array_foreach(json_object_get(answer, "ambities"), i, a)
    {
        json_t *row = json_deep_copy(a);
        ww_set_owned_string(row, "voorliggend_tekst",
                            percent_text(json_object_get(a, "aandeel_voorliggend")));
        ww_set_owned_string(row, "gratis_tekst",
                            percent_text(json_object_get(a, "aandeel_gratis")));
        ww_set_owned_string(row, "afgeleid_tekst",
                            percent_text(json_object_get(a, "aandeel_afgeleid")));
        json_array_append_new(rows, row);
        json_array_append(labels, json_object_get(a, "label"));
        if (i < max)
            values[i] = (double)json_integer_value(json_object_get(a, "aanbod"));
    }
    return rows;
}

/* The trend as a line chart and a table (months down, ambitions across). */
static void describe_trend(const json_t *trend, json_t *ctx)
{
    const json_t *months = json_object_get(trend, "maanden"),
                 *series = json_object_get(trend, "reeksen");
    size_t np = json_array_size(months), ns = json_array_size(series);
    const char **x = ww_xcalloc(np + 1, sizeof *x), **names = ww_xcalloc(ns + 1, sizeof *names);
    char **texts = ww_xcalloc(np + 1, sizeof *texts);
    double *values = ww_xcalloc(np * ns + 1, sizeof *values);
    json_t *rows = json_array();
    for (size_t p = 0; p < np; p++) {
        texts[p] = month_text(json_string_value(json_array_get(months, p)));
        x[p] = texts[p];
        json_t *cells = json_array();
        for (size_t s = 0; s < ns; s++) {
            const json_t *n =
                json_array_get(json_object_get(json_array_get(series, s), "aantallen"), p);
            values[s * np + p] = json_is_integer(n) ? (double)json_integer_value(n) : 0;
            json_array_append(cells, (json_t *)n);
        }
        json_array_append_new(rows, json_pack("{s:s,s:o}", "maand", texts[p], "aantallen", cells));
    }
    for (size_t s = 0; s < ns; s++)
        names[s] = json_string_value(json_object_get(json_array_get(series, s), "label"));
    json_t *chart = ww_chart_line(x, np, names, ns, values);
    json_object_set_new(ctx, "trend",
                        titled(chart, "ambities-trend", "Aanbod per ambitie per maand"));
    json_object_set_new(ctx, "trend_rijen", rows);
    json_object_set_new(ctx, "trend_reeksen", json_incref((json_t *)series));
    json_object_set_new(ctx, "heeft_trend", json_boolean(np > 0));
    if (np)
        json_object_set_new(ctx, "trend_sinds", json_string(texts[0]));
    for (size_t p = 0; p < np; p++)
        free(texts[p]);
    free(texts);
    free(x);
    free(names);
    free(values);
}

static json_t *ambitions_page(ww_server *srv, const ww_request *req, const view *v,
                              const json_t *answer)
{
    json_t *ctx = page_ctx(req, "De drie ambities", "/inzicht/ambities");
    describe_form(srv->schema, v, ctx);
    enum { MAX_BARS = 16 };
    double values[MAX_BARS] = {0};
    json_t *labels = json_array();
    json_object_set_new(ctx, "rijen", ambition_rows(answer, labels, values, MAX_BARS));
    size_t n = json_array_size(labels) < MAX_BARS ? json_array_size(labels) : MAX_BARS;
    const char *names[MAX_BARS];
    for (size_t i = 0; i < n; i++)
        names[i] = json_string_value(json_array_get(labels, i));
    json_object_set_new(ctx, "staven",
                        titled(ww_chart_bars(names, values, n, NULL, 0), "ambities-staven",
                               "Aantal aanbod per ambitie"));
    json_decref(labels);
    describe_trend(json_object_get(answer, "trend"), ctx);
    ww_param_set set = {.count = 0};
    keep_filter(v, &set);
    ww_param_keep(&set, "formaat", "csv");
    ww_set_owned_string(ctx, "trend_csv_url",
                        ww_param_url("/inzicht/ambities", &set, NULL, NULL, "tabel", "trend"));
    return ctx;
}

/* ---- Beschermd thuis ------------------------------------------------------------------------ */

/* "6 weken", "6,5 weken", "1 week"; NULL for null. Caller frees. */
static char *weeks_text(const json_t *weeks)
{
    if (!json_is_number(weeks))
        return NULL;
    double w = json_number_value(weeks);
    char *text = w == (long)w ? ww_xasprintf("%ld %s", (long)w, w == 1 ? "week" : "weken")
                              : ww_xasprintf("%.1f weken", w);
    char *point = strchr(text, '.');
    if (point)
        *point = ',';
    return text;
}

/* Adds the waiting times in words to each object of `list`. */
static void wait_texts(json_t *list)
{
    size_t i;
    json_t *o;
    json_array_foreach(list, i, o)
    {
        ww_set_owned_string(o, "mediaan_tekst",
                            weeks_text(json_object_get(o, "wachttijd_mediaan")));
        ww_set_owned_string(o, "langst_tekst", weeks_text(json_object_get(o, "wachttijd_langst")));
        size_t k;
        json_t *item;
        json_array_foreach(json_object_get(o, "aanbod"), k, item)
        {
            ww_set_owned_string(
                item, "url",
                ww_xasprintf("/aanbod/%s", json_string_value(json_object_get(item, "id"))));
            ww_set_owned_string(item, "wachttijd_tekst",
                                weeks_text(json_object_get(item, "wachttijd_weken")));
        }
    }
}

static json_t *housing_page(ww_server *srv, const ww_request *req, const view *v,
                            const json_t *answer)
{
    json_t *ctx = page_ctx(req, "Beschermd thuis", "/inzicht/beschermd-thuis");
    describe_form(srv->schema, v, ctx);
    json_t *forms = json_deep_copy(json_object_get(answer, "woonvormen")),
           *groups = json_deep_copy(json_object_get(answer, "groepen")),
           *wijken = json_deep_copy(json_object_get(answer, "wijken"));
    wait_texts(forms);
    wait_texts(groups);
    wait_texts(wijken);
    size_t i;
    json_t *form;
    json_array_foreach(forms, i, form)
    {
        json_t *mine = json_array();
        size_t k;
        json_t *g;
        json_array_foreach(groups, k, g)
        {
            if (json_equal(json_object_get(g, "woonvorm"), json_object_get(form, "id")))
                json_array_append(mine, g);
        }
        json_object_set_new(form, "groepen", mine);
        json_object_set_new(form, "heeft_groepen", json_boolean(json_array_size(mine) > 0));
    }
    json_object_set_new(ctx, "woonvormen", forms);
    json_object_set_new(ctx, "wijken", wijken);
    json_decref(groups);
    return ctx;
}

/* ---- Actualiteit ------------------------------------------------------------------------------
 */

enum { PAGE_OVERDUE = 20 };

static json_t *currency_page(ww_server *srv, const ww_request *req, const view *v,
                             const json_t *answer)
{
    (void)srv;
    json_t *ctx = page_ctx(req, "Actualiteit van het aanbod", CURRENCY_PATH);
    json_t *rows = json_deep_copy(json_object_get(answer, "organisaties"));
    size_t i, late = 0;
    json_t *row;
    json_array_foreach(rows, i, row)
    {
        ww_set_owned_string(row, "aandeel_6_tekst",
                            percent_text(json_object_get(row, "aandeel_6")));
        ww_set_owned_string(row, "aandeel_12_tekst",
                            percent_text(json_object_get(row, "aandeel_12")));
        ww_set_owned_string(
            row, "oudste_tekst",
            ww_dutch_date(json_string_value(json_object_get(row, "oudste_controle"))));
        json_t *overdue = json_object_get(row, "achterstallig");
        size_t n = json_array_size(overdue);
        json_object_set_new(row, "achterstallig_aantal", json_integer((json_int_t)n));
        late += n;
        /* A page lists the oldest few per organisation; the CSV and the JSON have them all. */
        if (n > PAGE_OVERDUE) {
            json_object_set_new(row, "achterstallig_meer",
                                json_integer((json_int_t)(n - PAGE_OVERDUE)));
            while (json_array_size(overdue) > PAGE_OVERDUE)
                json_array_remove(overdue, json_array_size(overdue) - 1);
        }
        size_t k;
        json_t *e;
        json_array_foreach(json_object_get(row, "achterstallig"), k, e) ww_set_owned_string(
            e, "datum_tekst",
            ww_dutch_date(json_string_value(json_object_get(e, "laatst_gecontroleerd"))));
    }
    json_object_set_new(ctx, "organisaties", rows);
    json_object_set_new(ctx, "achterstallig_totaal", json_integer((json_int_t)late));
    json_object_set_new(ctx, "peildatum", json_string(v->today));
    ww_set_owned_string(ctx, "peildatum_tekst", ww_dutch_date(v->today));
    ww_set_owned_string(ctx, "herinnering_url",
                        ww_xstrdup(CURRENCY_PATH "?formaat=csv&tabel=herinnering"));
    return ctx;
}

/* ---- Overlap --------------------------------------------------------------------------------- */

/* What the page shows of a pair: percentages, links, labels, the verdict form's fields. */
static void describe_pair(const ww_schema *schema, json_t *pair)
{
    ww_set_owned_string(pair, "score_tekst", percent_text(json_object_get(pair, "score")));
    for (int k = 0; k < 2; k++) {
        json_t *side = json_object_get(pair, k ? "b" : "a");
        ww_set_owned_string(
            side, "url",
            ww_xasprintf("/aanbod/%s", json_string_value(json_object_get(side, "id"))));
    }
    ww_set_owned_string(pair, "woorden_tekst", joined(json_object_get(pair, "woorden")));
    ww_set_owned_string(
        pair, "doelgroepen_tekst",
        ww_page_joined_labels(schema, "doelgroepen", json_object_get(pair, "doelgroepen")));
    ww_set_owned_string(
        pair, "ambities_tekst",
        ww_page_joined_labels(schema, "ambities", json_object_get(pair, "ambities")));
    ww_set_owned_string(
        pair, "vorm_id",
        ww_xasprintf("paar-%s-%s",
                     json_string_value(json_object_get(json_object_get(pair, "a"), "id")),
                     json_string_value(json_object_get(json_object_get(pair, "b"), "id"))));
}

static json_t *overlap_page(ww_server *srv, const ww_request *req, const view *v,
                            const json_t *answer)
{
    json_t *ctx = page_ctx(req, "Overlappend aanbod", OVERLAP_PATH);
    json_t *groups = json_array(), *pairs = json_deep_copy(json_object_get(answer, "paren"));
    json_t *group = NULL;
    size_t i;
    json_t *pair;
    json_array_foreach(pairs, i, pair)
    {
        describe_pair(srv->schema, pair);
        const char *wijk = json_string_value(json_object_get(pair, "wijk_label"));
        if (!v->by_wijk || !group ||
            strcmp(json_string_value(json_object_get(group, "label")), wijk)) {
            if (!group || v->by_wijk) {
                group =
                    json_pack("{s:s,s:[]}", "label", v->by_wijk ? wijk : "Alle wijken", "paren");
                json_array_append_new(groups, group);
            }
        }
        json_array_append(json_object_get(group, "paren"), pair);
    }
    json_object_set_new(ctx, "groepen", groups);
    json_object_set_new(ctx, "aantal", json_integer((json_int_t)json_array_size(pairs)));
    json_object_set_new(ctx, "per_wijk", json_boolean(v->by_wijk));
    json_object_set_new(ctx, "oordelen", json_incref(json_object_get(answer, "oordelen")));
    ww_set_owned_string(ctx, "drempel_tekst", percent_text(json_object_get(answer, "drempel")));
    ww_set_owned_string(ctx, "drempel", ww_xasprintf("%.2f", v->min_score));
    json_object_set_new(ctx, "csrf", json_string(v->csrf ? v->csrf : ""));
    const char *saved[1];
    json_object_set_new(ctx, "opgeslagen",
                        json_boolean(ww_request_params(req, "opgeslagen", saved, 1) > 0));
    json_decref(pairs);
    return ctx;
}

/* ---- Handlers -------------------------------------------------------------------------------- */

/* A view: where it lives, what it takes, and how its answer becomes a page or a CSV. */
typedef struct {
    const char *path, *template;
    const char *const *known, *const *tables;
    json_t *(*answer)(ww_server *, const view *, const char *organisation, ww_response *);
    json_t *(*page)(ww_server *, const ww_request *, const view *, const json_t *);
    void (*csv)(const ww_request *, const view *, const json_t *, ww_response *);
} view_kind;

static json_t *coverage_of(ww_server *srv, const view *v, const char *org, ww_response *res)
{
    (void)org;
    return coverage_answer(srv, v, res);
}

static json_t *ambitions_of(ww_server *srv, const view *v, const char *org, ww_response *res)
{
    (void)org;
    return ambitions_answer(srv, v, res);
}

static json_t *housing_of(ww_server *srv, const view *v, const char *org, ww_response *res)
{
    (void)org;
    return housing_answer(srv, v, res);
}

static json_t *overlap_of(ww_server *srv, const view *v, const char *org, ww_response *res)
{
    return overlap_answer(srv, v, org, res);
}

static const char *const OVERLAP_PARAMS[] = {"drempel", "volgorde", "opgeslagen", NULL};

static const view_kind COVERAGE = {"/inzicht/dekking", "inzicht-dekking", COVERAGE_PARAMS, NULL,
                                   coverage_of,        coverage_page,     coverage_csv},
                       AMBITIONS = {"/inzicht/ambities", "inzicht-ambities", TABLE_PARAM,
                                    AMBITION_TABLES,     ambitions_of,       ambitions_page,
                                    ambitions_csv},
                       HOUSING = {"/inzicht/beschermd-thuis",
                                  "inzicht-wonen",
                                  NULL,
                                  NULL,
                                  housing_of,
                                  housing_page,
                                  housing_csv},
                       OVERLAP = {OVERLAP_PATH, "inzicht-overlap", OVERLAP_PARAMS, NULL,
                                  overlap_of,   overlap_page,      overlap_csv},
                       CURRENCY = {CURRENCY_PATH,   "inzicht-actualiteit", TABLE_PARAM,
                                   CURRENCY_TABLES, currency_answer,       currency_page,
                                   currency_csv};

/* Answers a view as a page, CSV or JSON (`api`: always JSON, errors as the API's). */
static void serve_view(ww_server *srv, const ww_request *req, ww_response *res,
                       const view_kind *kind, const char *organisation, const char *csrf, bool api)
{
    view v;
    if (!read_view(srv->schema, req, kind->known, kind->tables, &v)) {
        reply_problem(srv, req, res, 400, v.problem, api);
        return;
    }
    v.csrf = csrf;
    if (api)
        v.out = AS_JSON;
    ww_response failed = {0};
    json_t *answer = kind->answer(srv, &v, organisation, api ? res : &failed);
    ww_response_free(&failed);
    if (!answer) {
        if (!api)
            reply_problem(srv, req, res, 503,
                          "Het inzicht is nu even niet beschikbaar. Probeer het over een paar "
                          "minuten opnieuw.",
                          false);
        return;
    }
    json_t *ctx = v.out == AS_PAGE ? kind->page(srv, req, &v, answer) : NULL;
    reply_view(srv, req, &v, res, answer, ctx, kind->template, kind->csv);
}

void ww_page_insight(ww_server *srv, const ww_request *req, ww_response *res)
{
    json_t *ctx = page_ctx(req, "Inzicht in het aanbod", NULL);
    json_object_set_new(ctx, "is_overzicht", json_true());
    ww_page_render(srv, res, 200, "inzicht", ctx);
}

void ww_page_insight_coverage(ww_server *srv, const ww_request *req, ww_response *res)
{
    serve_view(srv, req, res, &COVERAGE, NULL, NULL, false);
}

void ww_page_insight_ambitions(ww_server *srv, const ww_request *req, ww_response *res)
{
    serve_view(srv, req, res, &AMBITIONS, NULL, NULL, false);
}

void ww_page_insight_housing(ww_server *srv, const ww_request *req, ww_response *res)
{
    serve_view(srv, req, res, &HOUSING, NULL, NULL, false);
}

/* The editor sees every organisation, a partner its own; without a session the page says how to
 * sign in. Never cached: it is not public. */
void ww_page_insight_currency(ww_server *srv, const ww_request *req, ww_response *res)
{
    ww_session s;
    if (!srv->sessions || !ww_session_find(srv->sessions, req->cookie, &s)) {
        json_t *ctx = page_ctx(req, "Actualiteit van het aanbod", CURRENCY_PATH);
        json_object_set_new(ctx, "niet_ingelogd", json_true());
        ww_page_render(srv, res, 403, "inzicht-actualiteit", ctx);
    } else {
        bool editor = !strcmp(s.organisation, WW_EDITOR_ORGANISATION);
        serve_view(srv, req, res, &CURRENCY, editor ? NULL : s.organisation, NULL, false);
    }
    ww_reply_header(res, "Cache-Control", "no-store");
}

/* 303 to `path` with the request's parameters: an /inzicht address of a page that lives among
 * the partners' pages. */
static void lead_to(const ww_request *req, ww_response *res, const char *path)
{
    ww_param_set set = {.count = 0};
    for (size_t i = 0; i < req->param_count; i++)
        ww_param_keep(&set, req->params[i].key, req->params[i].value);
    char *url = ww_param_url(path, &set, NULL, NULL, NULL, NULL);
    ww_reply_body(res, 303, "text/plain; charset=utf-8", ww_xstrdup(""), 0);
    ww_reply_header(res, "Location", url);
    free(url);
}

void ww_page_insight_currency_link(ww_server *srv, const ww_request *req, ww_response *res)
{
    (void)srv;
    lead_to(req, res, CURRENCY_PATH);
}

void ww_api_insight_coverage(ww_server *srv, const ww_request *req, ww_response *res)
{
    serve_view(srv, req, res, &COVERAGE, NULL, NULL, true);
}

void ww_api_insight_ambitions(ww_server *srv, const ww_request *req, ww_response *res)
{
    serve_view(srv, req, res, &AMBITIONS, NULL, NULL, true);
}

void ww_api_insight_housing(ww_server *srv, const ww_request *req, ww_response *res)
{
    serve_view(srv, req, res, &HOUSING, NULL, NULL, true);
}

void ww_api_insight_currency(ww_server *srv, const ww_request *req, ww_response *res)
{
    char org[96], token_id[17];
    if (!ww_api_authenticate(srv, req, res, org, token_id))
        return;
    bool editor = !strcmp(org, WW_EDITOR_ORGANISATION);
    serve_view(srv, req, res, &CURRENCY, editor ? NULL : org, NULL, true);
    ww_reply_header(res, "Cache-Control", "no-store");
}

/* The signed-in editor's session; false after a 403 page (`template` with `title`) that tells
 * a partner the page is the editor's and anyone else how to sign in. */
static bool editor_session(ww_server *srv, const ww_request *req, ww_response *res,
                           const char *title, const char *path, const char *template, ww_session *s)
{
    bool signed_in = srv->sessions && ww_session_find(srv->sessions, req->cookie, s);
    if (signed_in && !strcmp(s->organisation, WW_EDITOR_ORGANISATION))
        return true;
    json_t *ctx = page_ctx(req, title, path);
    json_object_set_new(ctx, signed_in ? "geen_redactie" : "niet_ingelogd", json_true());
    ww_page_render(srv, res, 403, template, ctx);
    return false;
}

void ww_page_insight_overlap(ww_server *srv, const ww_request *req, ww_response *res)
{
    ww_session s;
    if (editor_session(srv, req, res, "Overlappend aanbod", OVERLAP_PATH, "inzicht-overlap", &s))
        serve_view(srv, req, res, &OVERLAP, NULL, s.csrf, false);
    ww_reply_header(res, "Cache-Control", "no-store");
}

void ww_page_insight_overlap_link(ww_server *srv, const ww_request *req, ww_response *res)
{
    (void)srv;
    lead_to(req, res, OVERLAP_PATH);
}

void ww_api_insight_overlap(ww_server *srv, const ww_request *req, ww_response *res)
{
    char org[96], token_id[17];
    if (!ww_api_authenticate(srv, req, res, org, token_id))
        return;
    if (strcmp(org, WW_EDITOR_ORGANISATION) != 0)
        ww_reply_error(res, 403, "forbidden", "het overzicht van dubbelingen is voor de redactie");
    else
        serve_view(srv, req, res, &OVERLAP, NULL, NULL, true);
    ww_reply_header(res, "Cache-Control", "no-store");
}

/* ---- Unanswered questions ------------------------------------------------------------------ */

/* What the page shows of a question: labels, the search, the coverage of its ambition, and an
 * id for its synonym form. */
static void describe_question(const ww_schema *schema, json_t *q, size_t n)
{
    const char *text = json_string_value(json_object_get(q, "vraag"));
    const char *ambition = json_string_value(json_object_get(q, "ambitie")),
               *area = json_string_value(json_object_get(q, "leefgebied"));
    ww_param_set set = {.count = 0};
    ww_param_keep(&set, "q", text);
    ww_set_owned_string(q, "zoek_url", ww_param_url("/zoeken", &set, NULL, NULL, NULL, NULL));
    ww_param_set cover = {.count = 0};
    ww_param_keep(&cover, "dimensie", "leefgebied");
    if (ambition)
        ww_param_keep(&cover, "ambitie", ambition);
    ww_set_owned_string(q, "dekking_url",
                        ww_param_url("/inzicht/dekking", &cover, NULL, NULL, NULL, NULL));
    if (ambition)
        json_object_set_new(q, "ambitie_label",
                            json_string(ww_page_label(schema, "ambities", ambition)));
    if (area)
        json_object_set_new(q, "leefgebied_label",
                            json_string(ww_page_label(schema, "leefgebieden", area)));
    ww_set_owned_string(q, "vorm_id", ww_xasprintf("vraag-%zu", n));
}

static json_t *questions_page(ww_server *srv, const ww_request *req, const json_t *answer,
                              const char *csrf)
{
    json_t *ctx = page_ctx(req, "Vragen zonder antwoord", QUESTIONS_PATH);
    json_t *weeks = json_deep_copy(json_object_get(answer, "weken"));
    size_t i, k, n = 0;
    json_t *week, *q;
    json_array_foreach(weeks, i, week)
    {
        const char *name = json_string_value(json_object_get(week, "week"));
        ww_set_owned_string(week, "label", ww_xasprintf("Week %s van %.4s", name + 6, name));
        json_array_foreach(json_object_get(week, "vragen"), k, q)
            describe_question(srv->schema, q, n++);
    }
    json_object_set_new(ctx, "weken", weeks);
    json_object_set_new(ctx, "aan", json_boolean(srv->questions != NULL));
    json_object_set_new(ctx, "minimum", json_integer(WW_QUESTIONS_MIN));
    json_object_set_new(ctx, "bewaartermijn", json_integer(WW_QUESTIONS_WEEKS));
    json_object_set_new(ctx, "csrf", json_string(csrf));
    const char *saved[1];
    json_object_set_new(ctx, "opgeslagen",
                        json_boolean(ww_request_params(req, "opgeslagen", saved, 1) > 0));
    return ctx;
}

static json_t *questions_answer(ww_server *srv)
{
    return srv->questions ? ww_questions_json(srv->questions, ww_now())
                          : json_pack("{s:[]}", "weken");
}

void ww_page_insight_questions(ww_server *srv, const ww_request *req, ww_response *res)
{
    ww_session s;
    if (editor_session(srv, req, res, "Vragen zonder antwoord", QUESTIONS_PATH, "inzicht-vragen",
                       &s)) {
        json_t *answer = questions_answer(srv);
        ww_page_render(srv, res, 200, "inzicht-vragen", questions_page(srv, req, answer, s.csrf));
        json_decref(answer);
    }
    ww_reply_header(res, "Cache-Control", "no-store");
}

void ww_page_insight_questions_link(ww_server *srv, const ww_request *req, ww_response *res)
{
    (void)srv;
    lead_to(req, res, QUESTIONS_PATH);
}

void ww_api_insight_questions(ww_server *srv, const ww_request *req, ww_response *res)
{
    char org[96], token_id[17];
    if (!ww_api_authenticate(srv, req, res, org, token_id))
        return;
    if (strcmp(org, WW_EDITOR_ORGANISATION) != 0)
        ww_reply_error(res, 403, "forbidden", "de vragen zonder antwoord zijn voor de redactie");
    else
        ww_reply_json(res, 200, questions_answer(srv));
    ww_reply_header(res, "Cache-Control", "no-store");
}
