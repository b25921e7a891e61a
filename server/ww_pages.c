/* ww_pages.c -- the website's search pages, home page and shortlist: every page rendered on the
 * server from web/templates, so that everything works without JavaScript. Handlers build a JSON
 * context; templates escape. The page of one entry is in ww_entry_page.c. */
#include "ww_pages.h"

#include "ww_entry_text.h"
#include "ww_layout.h"
#include "ww_lookup.h"
#include "ww_opening.h"
#include "ww_page_kit.h"
#include "ww_server.h"
#include "ww_time.h"
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
    {"wijk", "Wijk"},
    {"doelgroep", "Voor wie"},
    {"ambitie", "Waar wilt u aan werken?"},
    {"leefgebied", "Onderwerp"},
    {"soort", "Soort aanbod"},
    {"toegang", "Hoe doet u mee?"},
    {"woonvorm", "Woonvorm"},
    {"begeleiding", "Begeleiding"},
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
            !strcmp(p->key, "voorliggend") || !strcmp(p->key, "sort")) {
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

/* This page's address without skip and with add (as ww_param_url), at the page number shown
 * and ending in `fragment` ("#..." or NULL). Caller frees. */
static char *page_url(const results_view *v, const char *skip_key, const char *skip_value,
                      const char *add_key, const char *add_value, const char *fragment)
{
    ww_param_set set = v->kept;
    char page[24];
    snprintf(page, sizeof page, "%ld", v->params->page);
    if (v->params->page > 1)
        ww_param_keep(&set, "page", page);
    char *url = ww_param_url(v->path, &set, skip_key, skip_value, add_key, add_value);
    if (!fragment)
        return url;
    char *with = ww_xasprintf("%s%s", url, fragment);
    free(url);
    return with;
}

static void find_houses(const char *value, unsigned count, void *houses)
{
    if (count && strcmp(value, "beschermd-thuis") == 0)
        *(bool *)houses = true;
}

static bool on_list(const results_view *v, const char *id)
{
    for (size_t k = 0; k < v->list_count; k++)
        if (strcmp(v->listed[k], id) == 0)
            return true;
    return false;
}

/* What a card says beyond the title: the cost, how to join, and for a house its waiting time
 * and woonvorm (a house has no opening times). */
static void card_facts(const ww_schema *schema, json_t *r, time_t now)
{
    /* A house is not "on" at a time; its hours, if any, say when one can ask about it. */
    ww_set_owned_string(
        r, json_is_object(json_object_get(r, "wonen")) ? "bereikbaar" : "volgende_keer",
        ww_opening_next(schema, json_object_get(r, "tijden"), now));
    /* The amount when there is one to pay, else the kind ("Gratis"). */
    const json_t *kosten = json_object_get(r, "kosten");
    json_t *costs = ww_entry_costs(schema, kosten);
    const json_t *amount = json_object_get(kosten, "bedrag");
    bool pay = json_is_number(amount) && json_number_value(amount) > 0;
    if (costs && (pay || json_object_get(kosten, "soort")))
        json_object_set(r, "kosten_tekst", json_object_get(costs, pay ? "bedrag" : "label"));
    json_decref(costs);
    const json_t *housing = json_object_get(r, "wonen");
    if (json_is_object(housing)) {
        const json_t *weeks = json_object_get(housing, "wachttijd_weken");
        json_int_t w = json_integer_value(weeks);
        if (json_is_integer(weeks))
            ww_set_owned_string(
                r, "wachttijd_tekst",
                w == 0 ? ww_xstrdup("geen wachttijd")
                       : ww_xasprintf("ongeveer %lld %s", (long long)w, w == 1 ? "week" : "weken"));
        json_object_set_new(
            r, "woonvorm_label",
            json_string(ww_page_label(schema, "woonvormen",
                                      json_string_value(json_object_get(housing, "woonvorm")))));
    }
}

/* The link to an entry carries the way back to these results and the shortlist. */
static char *entry_link(const results_view *v, const char *id)
{
    ww_param_set back = {.count = 0}, along = {.count = 0};
    for (size_t i = 0; i < v->kept.count; i++)
        if (strcmp(v->kept.items[i].key, "lijst") != 0)
            ww_param_keep(&back, v->kept.items[i].key, v->kept.items[i].value);
        else
            ww_param_keep(&along, "lijst", v->kept.items[i].value);
    char page[24];
    snprintf(page, sizeof page, "%ld", v->params->page);
    char *results =
        ww_param_url(v->path, &back, NULL, NULL, v->params->page > 1 ? "page" : NULL, page);
    char *path = ww_xasprintf("/aanbod/%s", id);
    char *url = ww_param_url(path, &along, NULL, NULL, "terug", results);
    free(path);
    free(results);
    return url;
}

static json_t *result_items(const results_view *v, const ww_search_result *result)
{
    time_t now = ww_now();
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
        /* Adding or removing brings the reader back to this very card. */
        char *here = ww_xasprintf("#aanbod-%s", id);
        if (!listed && v->list_count < WW_LIST_MAX)
            ww_set_owned_string(r, "zet_op_lijst_url", page_url(v, NULL, NULL, "lijst", id, here));
        if (listed)
            ww_set_owned_string(r, "haal_weg_url", page_url(v, "lijst", id, NULL, NULL, here));
        free(here);
        ww_set_owned_string(r, "url", entry_link(v, id));
        card_facts(schema, r, now);
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
/* The leefgebieden and doelgroepen the question is about, as one-click filters (those not yet
 * chosen): "Mantelzorgers", "Zorgen voor een ander". */
static void question_filters(const results_view *v, const ww_search_result *result, json_t *ctx)
{
    json_t *offers = json_array();
    const struct {
        const char *param, *vocab;
        const ww_ambition_score *codes;
        size_t count;
    } KINDS[] = {
        {"doelgroep", "doelgroepen", result->doelgroepen, result->doelgroep_count},
        {"leefgebied", "leefgebieden", result->leefgebieden, result->leefgebied_count},
    };
    for (size_t k = 0; k < sizeof KINDS / sizeof *KINDS; k++)
        for (size_t i = 0; i < KINDS[k].count; i++) {
            const char *id = KINDS[k].codes[i].id;
            if (chosen(v->params, KINDS[k].param, id))
                continue;
            char *url = page_url(v, NULL, NULL, KINDS[k].param, id, NULL);
            json_array_append_new(
                offers, json_pack("{s:s,s:s}", "label",
                                  ww_page_label(v->srv->schema, KINDS[k].vocab, id), "url", url));
            free(url);
        }
    json_object_set_new(ctx, "heeft_vraag_filters", json_boolean(json_array_size(offers) > 0));
    json_object_set_new(ctx, "vraag_filters", offers);
}

static void describe_result(const results_view *v, const ww_search_result *result, json_t *ctx)
{
    question_filters(v, result, ctx);
    json_object_set_new(ctx, "heeft_resultaten", json_boolean(ww_mset_size(result->mset) > 0));
    json_object_set_new(ctx, "totaal", json_integer(result->total));
    ww_set_owned_string(ctx, "totaal_tekst",
                        result->total == 1
                            ? ww_xstrdup("1 resultaat")
                            : ww_xasprintf("%s%u resultaten",
                                           result->total_exact ? "" : "ongeveer ", result->total));
    /* "Bedoelde u: ik wil door?" must not answer "ik wil dood": beside help lines a correction
     * is only shown when its results are the ones on the page. */
    bool help_shown = json_object_get(ctx, "hulp_nu") != NULL;
    if (result->suggestion && (!help_shown || result->suggestion_used)) {
        ww_param_set only_q = {.count = 0};
        ww_param_keep(&only_q, "q", result->suggestion);
        for (size_t i = 0; i < v->list_count; i++)
            ww_param_keep(&only_q, "lijst", v->listed[i]);
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
static void carry_list(const char *const *listed, size_t count, json_t *ctx)
{
    json_t *hidden = json_array();
    ww_param_set ids = {.count = 0}, along = {.count = 0};
    for (size_t i = 0; i < count; i++) {
        json_array_append_new(hidden, json_pack("{s:s,s:s}", "name", "lijst", "value", listed[i]));
        ww_param_keep(&ids, "id", listed[i]);
        ww_param_keep(&along, "lijst", listed[i]);
    }
    json_object_set_new(ctx, "verborgen", hidden);
    /* The header's and footer's links carry it too ("lijst=a&lijst=b", without the "?"). */
    char *query = ww_param_url("", &along, NULL, NULL, NULL, NULL);
    json_object_set_new(ctx, "meenemen", json_string(query[0] == '?' ? query + 1 : ""));
    free(query);
    if (count) {
        ww_set_owned_string(ctx, "lijst_url", ww_param_url("/lijst", &ids, NULL, NULL, NULL, NULL));
        json_object_set_new(ctx, "lijst_aantal", json_integer((json_int_t)count));
    }
}

static void paging(const results_view *v, unsigned total, json_t *ctx)
{
    long page = v->params->page,
         pages = ((long)total + v->params->per_page - 1) / v->params->per_page;
    char number[24];
    if (pages > 0 && page > pages) { /* an old link, or a hand-made one */
        snprintf(number, sizeof number, "%ld", pages);
        ww_set_owned_string(ctx, "voorbij_laatste",
                            ww_xasprintf("Pagina %ld bestaat niet: er %s %ld %s met resultaten.",
                                         page, pages == 1 ? "is" : "zijn", pages,
                                         pages == 1 ? "pagina" : "pagina's"));
        ww_set_owned_string(ctx, "laatste_url",
                            ww_param_url(v->path, &v->kept, NULL, NULL, "page", number));
        return;
    }
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

/* The order of the results can be chosen where it matters: when there are houses among them. */
static void sort_choice(const results_view *v, const ww_search_result *result, json_t *ctx)
{
    bool houses = v->params->search.sort == WW_SORT_WAITING;
    bool kind_chosen = false;
    for (size_t i = 0; i < v->params->filter_count; i++)
        if (strcmp(v->params->filters[i].param, "soort") == 0) {
            kind_chosen = true;
            houses = houses || strcmp(v->params->filters[i].value, "beschermd-thuis") == 0;
        }
    /* Without a chosen soort, the soort counts are those of the results themselves. */
    if (!kind_chosen)
        ww_search_each_facet(result, v->srv->schema, ww_filter_by_param("soort"), find_houses,
                             &houses);
    json_object_set_new(ctx, "toon_volgorde", json_boolean(houses));
    json_object_set_new(ctx, "volgorde_wachttijd",
                        json_boolean(v->params->search.sort == WW_SORT_WAITING));
}

/* The labels of the chosen values of filter `param`, joined: "Zuid en Noord"; NULL for none.
 * Caller frees. */
static char *chosen_labels(const ww_schema *schema, const ww_search_params *params,
                           const char *param, bool lower_first)
{
    const ww_filter_field *filter = ww_filter_by_param(param);
    json_t *ids = json_array();
    for (size_t i = 0; i < params->filter_count; i++)
        if (strcmp(params->filters[i].param, param) == 0)
            json_array_append_new(ids, json_string(params->filters[i].value));
    char *text = json_array_size(ids) ? ww_page_joined_labels(schema, filter->vocab, ids) : NULL;
    json_decref(ids);
    if (text && lower_first && text[0] >= 'A' && text[0] <= 'Z')
        text[0] = (char)(text[0] - 'A' + 'a');
    return text;
}

/* What the page is about, in words: "Resultaten voor ‘koffie’ in Zuid voor ouderen". Caller
 * frees. */
static char *question_title(const ww_schema *schema, const ww_search_params *params)
{
    ww_buf title = {0};
    if (params->q && params->q[strspn(params->q, " ")])
        ww_buf_printf(&title, "Resultaten voor ‘%s’", params->q);
    else
        ww_buf_printf(&title, "Al het aanbod");
    char *where = chosen_labels(schema, params, "wijk", false);
    char *who = chosen_labels(schema, params, "doelgroep", true);
    if (where)
        ww_buf_printf(&title, " in %s", where);
    if (who)
        ww_buf_printf(&title, " voor %s", who);
    free(where);
    free(who);
    return title.data;
}

/* Renders a results page for `params` on `path`; `fixed` names a filter the page sets. */
static void results_page(ww_server *srv, const ww_request *req, ww_response *res,
                         const ww_search_params *params, const char *path, const char *fixed,
                         json_t *ctx)
{
    /* Help lines above everything when the question signals danger (schema/hulp-nu.yaml),
     * also when the search itself fails. */
    json_t *help = ww_help_now_answer(srv->schema->help_now, params->q, NULL);
    if (help)
        json_object_set_new(ctx, "hulp_nu", help);
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
    json_object_set_new(ctx, "aantal_actief", json_integer((json_int_t)json_array_size(active)));
    /* Few results or none: the wijkteam may know more (the template shows its number). */
    json_object_set_new(ctx, "weinig",
                        json_boolean(result.total > 0 && result.total < 3 && !result.weak));
    /* Nothing fits well: say so plainly above what comes closest, with the wijkteam. */
    json_object_set_new(ctx, "zwak", json_boolean(result.weak));
    sort_choice(&v, &result, ctx);
    json_object_set_new(ctx, "actief", active);
    json_object_set_new(ctx, "voorliggend", json_boolean(params->search.voorliggend));
    json_object_set_new(ctx, "gratis", json_boolean(params->search.gratis));
    json_object_set_new(ctx, "actie", json_string(path));
    json_object_set_new(ctx, "resultaten", result_items(&v, &result));
    describe_result(&v, &result, ctx);
    carry_list(v.listed, v.list_count, ctx);
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
    char *title = question_title(srv->schema, &params);
    json_object_set_new(ctx, "kop", json_string(title));
    json_object_set_new(ctx, "paginatitel", json_string(title));
    free(title);
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
    /* The title names the ambition and, when the visitor narrowed it, the question. */
    if (params.filter_count > 1 || (params.q && params.q[strspn(params.q, " ")])) {
        char *question = question_title(srv->schema, &params);
        ww_set_owned_string(ctx, "paginatitel", ww_xasprintf("%s: %s", ambition->label, question));
        free(question);
    }
    char *path = ww_xasprintf("/ambitie/%s", ambition->id);
    results_page(srv, req, res, &params, path, "ambitie", ctx);
    free(path);
}

/* ---- The home page ---------------------------------------------------------------------- */

void ww_page_home(ww_server *srv, const ww_request *req, ww_response *res)
{
    /* The shortlist travels on through the home page's links and search box. */
    const char *values[WW_LIST_MAX + 1], *listed[WW_LIST_MAX];
    ww_param_set along = {.count = 0};
    size_t found = ww_request_params(req, "lijst", values, WW_LIST_MAX + 1), count = 0;
    for (size_t i = 0; i < found && i < WW_LIST_MAX; i++)
        if (ww_valid_id(values[i])) {
            listed[count++] = values[i];
            ww_param_keep(&along, "lijst", values[i]);
        }
    ww_response failed = {0};
    json_t *counts = ww_lookup_ambition_counts(srv, &failed);
    ww_response_free(&failed);
    const ww_vocab *ambities = ww_schema_vocab(srv->schema, "ambities");
    json_t *list = json_array();
    for (size_t i = 0; ambities && i < ambities->count; i++) {
        const ww_vocab_item *a = &ambities->items[i];
        char *path = ww_xasprintf("/ambitie/%s", a->id);
        char *url = ww_param_url(path, &along, NULL, NULL, NULL, NULL);
        free(path);
        json_array_append_new(list,
                              json_pack("{s:s,s:s,s:s?,s:s,s:I}", "id", a->id, "label", a->label,
                                        "uitleg", a->explanation, "url", url, "aantal",
                                        json_integer_value(json_object_get(counts, a->id))));
        free(url);
    }
    json_decref(counts);
    json_t *ctx = json_pack("{s:s,s:o,s:b}", "paginatitel", "Vind hulp en activiteiten in Zwolle",
                            "ambities", list, "is_home", 1);
    carry_list(listed, count, ctx);
    ww_page_render(srv, res, 200, "home", ctx);
}

/* ---- Not found -------------------------------------------------------------------------- */

void ww_page_not_found(ww_server *srv, const ww_request *req, ww_response *res)
{
    (void)req;
    ww_page_render(srv, res, 404, "niet-gevonden",
                   json_pack("{s:s}", "paginatitel", "Deze pagina bestaat niet"));
}
