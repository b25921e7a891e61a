/* ww_pages.c -- the website's search pages, home page and shortlist: every page rendered on the
 * server from web/templates, so that everything works without JavaScript. Handlers build a JSON
 * context; templates escape. The page of one entry is in ww_entry_page.c. */
#include "ww_pages.h"

#include "ww_layout.h"
#include "ww_lookup.h"
#include "ww_page_kit.h"
#include "ww_server.h"
#include "ww_util.h"
#include "ww_validate.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { RESULTS_PER_PAGE = 10 };

/* How the filter form names each filter of WW_FILTERS, in the order it shows them. */
static const struct {
    const char *param, *title;
} FACET_TITLES[] = {
    {"wijk", "Wijk"},       {"doelgroep", "Voor wie"}, {"soort", "Soort"},
    {"toegang", "Toegang"}, {"ambitie", "Ambitie"},    {"leefgebied", "Leefgebied"},
};

/* ---- Results: /zoeken and /ambitie/<id> --------------------------------------------------- */

/* What a results page is about: the search, the page's own path and filter, the parameters its
 * links carry, and the shortlist (lijst) that travels along. */
typedef struct {
    ww_server *srv;
    const ww_search_params *params;
    const char *path;
    const char *fixed; /* a filter the page itself sets (the ambition of /ambitie/<id>), or NULL */
    ww_param_set kept;
    const char *listed[WW_LIST_MAX];
    size_t list_count;
} results_view;

/* The parameters the page's links keep: q, the visitor's filters, gratis, voorliggend, lijst. */
static void keep_params(results_view *v, const ww_request *req)
{
    for (size_t i = 0; i < req->param_count; i++) {
        const ww_param *p = &req->params[i];
        bool is_filter = ww_filter_by_param(p->key) && !(v->fixed && !strcmp(p->key, v->fixed));
        if (!strcmp(p->key, "q") || is_filter || !strcmp(p->key, "gratis") ||
            !strcmp(p->key, "voorliggend")) {
            ww_param_keep(&v->kept, p->key, p->value);
        } else if (!strcmp(p->key, "lijst") && ww_valid_id(p->value) &&
                   v->list_count < WW_LIST_MAX) {
            ww_param_keep(&v->kept, p->key, p->value);
            v->listed[v->list_count++] = p->value;
        }
    }
}

static bool chosen(const ww_search_params *params, const char *param, const char *value)
{
    for (size_t i = 0; i < params->filter_count; i++)
        if (strcmp(params->filters[i].param, param) == 0 &&
            strcmp(params->filters[i].value, value) == 0)
            return true;
    return false;
}

/* A chosen filter as a removable chip: its label and the page without it. */
static void add_active(json_t *active, const results_view *v, const char *label, const char *param,
                       const char *value)
{
    char *url = ww_param_url(v->path, &v->kept, param, value, NULL, NULL);
    json_array_append_new(active, json_pack("{s:s,s:s}", "label", label, "url", url));
    free(url);
}

static void count_into(const char *value, unsigned count, void *ctx)
{
    json_object_set_new(ctx, value, json_integer(count));
}

/* One filter of the form: its values with counts; a value shows when it has matches or is
 * chosen. NULL when no value shows. */
static json_t *filter_options(const results_view *v, const ww_search_result *result,
                              const ww_filter_field *filter, json_t *active)
{
    const ww_schema *schema = v->srv->schema;
    json_t *counts = json_object();
    ww_search_each_facet(result, schema, filter, count_into, counts);
    const ww_vocab *vocab = ww_schema_vocab(schema, filter->vocab);
    json_t *options = json_array();
    for (size_t k = 0; vocab && k < vocab->count; k++) {
        const char *value = vocab->items[k].id, *label = vocab->items[k].label;
        bool checked = chosen(v->params, filter->param, value);
        json_int_t count = json_integer_value(json_object_get(counts, value));
        if (!count && !checked)
            continue;
        char *id = ww_xasprintf("filter-%s-%s", filter->param, value);
        json_array_append_new(options, json_pack("{s:s,s:s,s:s,s:s,s:b,s:I}", "id", id, "param",
                                                 filter->param, "value", value, "label", label,
                                                 "checked", checked, "count", count));
        free(id);
        if (checked)
            add_active(active, v, label, filter->param, value);
    }
    json_decref(counts);
    if (json_array_size(options) == 0) {
        json_decref(options);
        return NULL;
    }
    return options;
}

/* The filter form, and every chosen filter as a chip in `active`. */
static json_t *filter_form(const results_view *v, const ww_search_result *result, json_t *active)
{
    json_t *fields = json_array();
    for (size_t t = 0; t < sizeof FACET_TITLES / sizeof *FACET_TITLES; t++) {
        const ww_filter_field *filter = ww_filter_by_param(FACET_TITLES[t].param);
        if (!filter || (v->fixed && strcmp(filter->param, v->fixed) == 0))
            continue;
        json_t *options = filter_options(v, result, filter, active);
        if (options)
            json_array_append_new(fields,
                                  json_pack("{s:s,s:s,s:o}", "param", filter->param, "title",
                                            FACET_TITLES[t].title, "options", options));
    }
    if (v->params->search.voorliggend)
        add_active(active, v, "Voorliggende voorzieningen", "voorliggend", NULL);
    if (v->params->search.gratis)
        add_active(active, v, "Gratis", "gratis", NULL);
    return fields;
}

static bool on_list(const results_view *v, const char *id)
{
    for (size_t k = 0; k < v->list_count; k++)
        if (strcmp(v->listed[k], id) == 0)
            return true;
    return false;
}

static json_t *result_items(const results_view *v, const ww_search_result *result)
{
    const ww_schema *schema = v->srv->schema;
    json_t *items = json_array();
    for (unsigned i = 0; i < ww_mset_size(result->mset); i++) {
        size_t len;
        const char *data = ww_mset_data(result->mset, i, &len);
        json_t *r = json_loadb(data, len, 0, NULL);
        const char *id = json_string_value(json_object_get(r, "id"));
        if (!id) {
            json_decref(r);
            continue;
        }
        bool listed = on_list(v, id);
        if (!listed && v->list_count < WW_LIST_MAX)
            ww_set_owned_string(r, "zet_op_lijst_url",
                                ww_param_url(v->path, &v->kept, NULL, NULL, "lijst", id));
        if (listed)
            ww_set_owned_string(r, "haal_weg_url",
                                ww_param_url(v->path, &v->kept, "lijst", id, NULL, NULL));
        ww_set_owned_string(r, "wijken_tekst",
                            ww_page_joined_labels(schema, "wijken", json_object_get(r, "wijken")));
        const char *access = json_string_value(json_object_get(r, "toegang"));
        const char *kind = json_string_value(json_object_get(r, "soort"));
        json_object_set_new(r, "toegang_label",
                            json_string(ww_page_label(schema, "toegang", access)));
        json_object_set_new(r, "soort_label", json_string(ww_page_label(schema, "soorten", kind)));
        json_array_append_new(items, r);
    }
    return items;
}

/* The total, "bedoelde u" and the ambition the question is about. */
static void describe_result(const results_view *v, const ww_search_result *result, json_t *ctx)
{
    json_object_set_new(ctx, "heeft_resultaten", json_boolean(ww_mset_size(result->mset) > 0));
    json_object_set_new(ctx, "totaal", json_integer(result->total));
    ww_set_owned_string(ctx, "totaal_tekst",
                        result->total == 1
                            ? ww_xstrdup("1 resultaat")
                            : ww_xasprintf("%s%u resultaten",
                                           result->total_exact ? "" : "ongeveer ", result->total));
    if (result->suggestion) {
        ww_param_set only_q = {.count = 0};
        ww_param_keep(&only_q, "q", result->suggestion);
        json_object_set_new(ctx, "suggestie", json_string(result->suggestion));
        ww_set_owned_string(ctx, "suggestie_url",
                            ww_param_url("/zoeken", &only_q, NULL, NULL, NULL, NULL));
        json_object_set_new(ctx, "suggestie_gebruikt", json_boolean(result->suggestion_used));
    }
    if (result->ambition_count)
        json_object_set_new(
            ctx, "vraag_ambitie",
            json_pack("{s:s,s:s}", "id", result->ambitions[0].id, "label",
                      ww_page_label(v->srv->schema, "ambities", result->ambitions[0].id)));
}

/* The shortlist that travels along: hidden fields for the forms, and a link to the list. */
static void carry_list(const results_view *v, json_t *ctx)
{
    json_t *hidden = json_array();
    ww_param_set ids = {.count = 0};
    for (size_t i = 0; i < v->list_count; i++) {
        json_array_append_new(hidden,
                              json_pack("{s:s,s:s}", "name", "lijst", "value", v->listed[i]));
        ww_param_keep(&ids, "id", v->listed[i]);
    }
    json_object_set_new(ctx, "verborgen", hidden);
    if (v->list_count) {
        ww_set_owned_string(ctx, "lijst_url", ww_param_url("/lijst", &ids, NULL, NULL, NULL, NULL));
        json_object_set_new(ctx, "lijst_aantal", json_integer((json_int_t)v->list_count));
    }
}

static void paging(const results_view *v, unsigned total, json_t *ctx)
{
    long page = v->params->page,
         pages = ((long)total + v->params->per_page - 1) / v->params->per_page;
    char number[24];
    if (page > 1) {
        snprintf(number, sizeof number, "%ld", page - 1);
        ww_set_owned_string(ctx, "vorige_url",
                            ww_param_url(v->path, &v->kept, NULL, NULL, "page", number));
    }
    if (page < pages && page < 500) {
        snprintf(number, sizeof number, "%ld", page + 1);
        ww_set_owned_string(ctx, "volgende_url",
                            ww_param_url(v->path, &v->kept, NULL, NULL, "page", number));
    }
    if (pages > 1)
        ww_set_owned_string(ctx, "pagina_tekst", ww_xasprintf("Pagina %ld van %ld", page, pages));
}

/* Renders a results page for `params` on `path`; `fixed` names a filter the page sets. */
static void results_page(ww_server *srv, const ww_request *req, ww_response *res,
                         const ww_search_params *params, const char *path, const char *fixed,
                         json_t *ctx)
{
    ww_search_result result;
    ww_response failed = {0};
    bool found = ww_lookup_search(srv, &params->search, &result, &failed);
    ww_response_free(&failed);
    if (!found) {
        json_object_set_new(ctx, "fout",
                            json_string("Zoeken lukt nu even niet. Probeer het over "
                                        "een paar minuten opnieuw."));
        ww_page_render(srv, res, 503, "zoeken", ctx);
        return;
    }
    results_view v = {.srv = srv, .params = params, .path = path, .fixed = fixed};
    keep_params(&v, req);
    json_t *active = json_array();
    json_object_set_new(ctx, "filters", filter_form(&v, &result, active));
    json_object_set_new(ctx, "heeft_actief", json_boolean(json_array_size(active) > 0));
    json_object_set_new(ctx, "actief", active);
    json_object_set_new(ctx, "voorliggend", json_boolean(params->search.voorliggend));
    json_object_set_new(ctx, "gratis", json_boolean(params->search.gratis));
    json_object_set_new(ctx, "actie", json_string(path));
    json_object_set_new(ctx, "resultaten", result_items(&v, &result));
    describe_result(&v, &result, ctx);
    carry_list(&v, ctx);
    paging(&v, result.total, ctx);
    ww_search_result_free(&result);
    ww_page_render(srv, res, 200, "zoeken", ctx);
}

static const char *const PAGE_PARAMS[] = {"lijst", NULL};

void ww_page_search(ww_server *srv, const ww_request *req, ww_response *res)
{
    ww_search_params params;
    json_t *ctx = json_pack("{s:s}", "paginatitel", "Zoekresultaten");
    if (!ww_search_params_read(srv->schema, req, PAGE_PARAMS, RESULTS_PER_PAGE, &params)) {
        json_object_set_new(ctx, "fout", json_string(params.problem));
        ww_page_render(srv, res, 400, "zoeken", ctx);
        return;
    }
    json_object_set_new(ctx, "zoekvraag", json_string(params.q ? params.q : ""));
    json_object_set_new(ctx, "kop", json_string("Zoekresultaten"));
    results_page(srv, req, res, &params, "/zoeken", NULL, ctx);
}

void ww_page_ambition(ww_server *srv, const ww_request *req, ww_response *res)
{
    const char *id = req->path + strlen("/ambitie/");
    const ww_vocab_item *ambition = ww_page_vocab_item(srv->schema, "ambities", id);
    if (!ambition) {
        ww_page_not_found(srv, req, res);
        return;
    }
    ww_search_params params;
    json_t *ctx = json_pack("{s:s,s:s,s:s?}", "paginatitel", ambition->label, "kop",
                            ambition->label, "intro", ambition->explanation);
    if (!ww_search_params_read(srv->schema, req, PAGE_PARAMS, RESULTS_PER_PAGE, &params)) {
        json_object_set_new(ctx, "fout", json_string(params.problem));
        ww_page_render(srv, res, 400, "zoeken", ctx);
        return;
    }
    /* The ambition is this page's own filter, on top of what the visitor chose. */
    if (params.filter_count < sizeof params.filters / sizeof *params.filters) {
        params.filters[params.filter_count++] = (ww_filter_value){"ambitie", ambition->id};
        params.search.filter_count = params.filter_count;
    }
    json_object_set_new(ctx, "zoekvraag", json_string(params.q ? params.q : ""));
    char *path = ww_xasprintf("/ambitie/%s", ambition->id);
    results_page(srv, req, res, &params, path, "ambitie", ctx);
    free(path);
}

/* ---- The home page ---------------------------------------------------------------------- */

void ww_page_home(ww_server *srv, const ww_request *req, ww_response *res)
{
    (void)req;
    ww_response failed = {0};
    json_t *counts = ww_lookup_ambition_counts(srv, &failed);
    ww_response_free(&failed);
    const ww_vocab *ambities = ww_schema_vocab(srv->schema, "ambities");
    json_t *list = json_array();
    for (size_t i = 0; ambities && i < ambities->count; i++) {
        const ww_vocab_item *a = &ambities->items[i];
        char *url = ww_xasprintf("/ambitie/%s", a->id);
        json_array_append_new(list,
                              json_pack("{s:s,s:s,s:s?,s:s,s:I}", "id", a->id, "label", a->label,
                                        "uitleg", a->explanation, "url", url, "aantal",
                                        json_integer_value(json_object_get(counts, a->id))));
        free(url);
    }
    json_decref(counts);
    ww_page_render(srv, res, 200, "home",
                   json_pack("{s:s,s:o,s:b}", "paginatitel", "Vind hulp en activiteiten in Zwolle",
                             "ambities", list, "is_home", 1));
}

/* ---- Not found -------------------------------------------------------------------------- */

void ww_page_not_found(ww_server *srv, const ww_request *req, ww_response *res)
{
    (void)req;
    ww_page_render(srv, res, 404, "niet-gevonden",
                   json_pack("{s:s}", "paginatitel", "Deze pagina bestaat niet"));
}
