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
    {"dag", "Dag"},
    {"dagdeel", "Dagdeel"},
};

/* The filters that make up the group "Wanneer", with "Nu open". */
static bool is_when_filter(const char *param)
{
    return strcmp(param, "dag") == 0 || strcmp(param, "dagdeel") == 0;
}

/* The parameters besides q and the filters that a results page keeps in its links: the flags,
 * the order and the place (which is kept in the address only, never stored). */
static const char *const KEPT_PARAMS[] = {"gratis",   "voorliggend", "sort", "nu_open",
                                          "postcode", "lat",         "lon",  "straal_km"};

static bool kept_param(const char *key)
{
    for (size_t i = 0; i < sizeof KEPT_PARAMS / sizeof *KEPT_PARAMS; i++)
        if (strcmp(key, KEPT_PARAMS[i]) == 0)
            return true;
    return false;
}

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
        bool is_filter = (ww_filter_by_param(p->key) && !(v->fixed && !strcmp(p->key, v->fixed))) ||
                         (v->srv->region && !strcmp(p->key, "gemeente"));
        if (!strcmp(p->key, "q") || is_filter || (kept_param(p->key) && p->value[0])) {
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
        /* A list shows its values as items: "Dinsdag", where a sentence says "op dinsdag". */
        char *shown = ww_xstrdup(label);
        if (shown[0] >= 'a' && shown[0] <= 'z')
            shown[0] = (char)(shown[0] - 'a' + 'A');
        json_array_append_new(options, json_pack("{s:s,s:s,s:s,s:s,s:b,s:I}", "id", id, "param",
                                                 filter->param, "value", value, "label", shown,
                                                 "checked", checked, "count", count));
        free(shown);
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

/* A region's gemeenten as a filter: each with its matches (what choosing it gives); NULL on a
 * single gemeente's server. */
static json_t *region_options(const results_view *v, const ww_search_result *result, json_t *active)
{
    const ww_region *region = v->srv->region;
    if (!region)
        return NULL;
    json_t *options = json_array();
    for (size_t i = 0; i < region->count; i++) {
        const ww_region_member *m = &region->members[i];
        bool checked = (v->params->search.shards >> i) & 1;
        if (!result->shard_counts[i] && !checked)
            continue;
        char *id = ww_xasprintf("filter-gemeente-%s", m->id);
        json_array_append_new(options,
                              json_pack("{s:s,s:s,s:s,s:s,s:b,s:I}", "id", id, "param", "gemeente",
                                        "value", m->id, "label", m->name, "checked", checked,
                                        "count", (json_int_t)result->shard_counts[i]));
        free(id);
        if (checked)
            add_active(active, v, m->name, "gemeente", m->id);
    }
    return options;
}

/* The filter form (the when-filters apart, in ctx "wanneer" with "Nu open"), and every chosen
 * filter as a chip in `active`. */
static json_t *filter_form(const results_view *v, const ww_search_result *result, json_t *active,
                           json_t *ctx)
{
    json_t *fields = json_array(), *when = json_array();
    json_t *gemeenten = region_options(v, result, active);
    if (gemeenten)
        json_array_append_new(fields, json_pack("{s:s,s:s,s:o,s:b}", "param", "gemeente", "title",
                                                "Gemeente", "options", gemeenten, "binnen", false));
    for (size_t t = 0; t < sizeof FACET_TITLES / sizeof *FACET_TITLES; t++) {
        const ww_filter_field *filter = ww_filter_by_param(FACET_TITLES[t].param);
        if (!filter || (v->fixed && strcmp(filter->param, v->fixed) == 0))
            continue;
        json_t *options = filter_options(v, result, filter, active);
        if (options)
            json_array_append_new(is_when_filter(filter->param) ? when : fields,
                                  json_pack("{s:s,s:s,s:o,s:b}", "param", filter->param, "title",
                                            FACET_TITLES[t].title, "options", options, "binnen",
                                            is_when_filter(filter->param)));
    }
    json_object_set_new(
        ctx, "wanneer",
        json_pack("{s:o,s:b}", "velden", when, "nu_open", v->params->search.open_now));
    if (v->params->search.open_now)
        add_active(active, v, "Nu open", "nu_open", NULL);
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
static char *entry_link(const results_view *v, const char *id, const char *gemeente)
{
    ww_param_set back = {.count = 0}, along = {.count = 0};
    if (gemeente) /* a region: two gemeenten may use one id */
        ww_param_keep(&along, "gemeente", gemeente);
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
        const ww_region *region = v->srv->region;
        unsigned place = ww_search_shard(result, i);
        const ww_region_member *member =
            region && place < region->count ? &region->members[place] : NULL;
        ww_set_owned_string(r, "url", entry_link(v, id, member ? member->id : NULL));
        card_facts(schema, r, now);
        double metres = ww_search_distance_m(result, i);
        if (metres >= 0)
            ww_set_owned_string(r, "afstand_tekst", ww_page_distance_text(metres));
        if (member) /* which gemeente offers it */
            json_object_set_new(r, "gemeente_naam", json_string(member->name));
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

/* The leefgebieden and doelgroepen the question is about and the wijken it names, as one-click
 * filters (those not yet chosen): "Mantelzorgers", "Zorgen voor een ander", "Wijk Stadshagen". */
static void question_filters(const results_view *v, const ww_search_result *result, json_t *ctx)
{
    json_t *offers = json_array();
    const struct {
        const char *param, *vocab, *label_format;
        const ww_ambition_score *codes;
        size_t count;
    } KINDS[] = {
        {"doelgroep", "doelgroepen", "%s", result->doelgroepen, result->doelgroep_count},
        {"leefgebied", "leefgebieden", "%s", result->leefgebieden, result->leefgebied_count},
        {"wijk", "wijken", "Wijk %s", result->wijken, v->fixed ? 0 : result->wijk_count},
    };
    for (size_t k = 0; k < sizeof KINDS / sizeof *KINDS; k++)
        for (size_t i = 0; i < KINDS[k].count; i++) {
            const char *id = KINDS[k].codes[i].id;
            if (chosen(v->params, KINDS[k].param, id))
                continue;
            char *url = page_url(v, NULL, NULL, KINDS[k].param, id, NULL);
            char *label = ww_xasprintf(KINDS[k].label_format,
                                       ww_page_label(v->srv->schema, KINDS[k].vocab, id));
            json_array_append_new(offers, json_pack("{s:s,s:s}", "label", label, "url", url));
            free(label);
            free(url);
        }
    /* The wijk of the resident's postcode, to see only what is offered there. */
    const ww_postcode_area *area = v->params->place.found;
    for (size_t i = 0; area && i < area->wijk_count && !v->fixed; i++) {
        bool named = false; /* offered above already */
        for (size_t k = 0; k < result->wijk_count; k++)
            named = named || strcmp(result->wijken[k].id, area->wijken[i]) == 0;
        if (named || chosen(v->params, "wijk", area->wijken[i]))
            continue;
        char *url = page_url(v, NULL, NULL, "wijk", area->wijken[i], NULL);
        char *label = ww_xasprintf("Wijk %s (uw buurt)",
                                   ww_page_label(v->srv->schema, "wijken", area->wijken[i]));
        json_array_append_new(offers, json_pack("{s:s,s:s}", "label", label, "url", url));
        free(label);
        free(url);
    }
    json_object_set_new(ctx, "heeft_vraag_filters", json_boolean(json_array_size(offers) > 0));
    json_object_set_new(ctx, "vraag_filters", offers);
}

/* One-click filters, the total, "bedoelde u" and the ambition the question is about. */
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

/* Where the page searches from, for the search box and the filter form: the postcode as typed,
 * or the location in use with a way to stop using it; the place's parameters as hidden fields
 * (kept in the page's address only, never stored). */
static void describe_place(const results_view *v, json_t *ctx)
{
    static const char *const PLACE[] = {"postcode", "lat", "lon", "straal_km"};
    json_t *hidden = json_array();
    ww_param_set elsewhere = {.count = 0};
    for (size_t i = 0; i < v->kept.count; i++) {
        const ww_param *p = &v->kept.items[i];
        bool place = false;
        for (size_t k = 0; k < sizeof PLACE / sizeof *PLACE; k++)
            place = place || !strcmp(p->key, PLACE[k]);
        if (place)
            json_array_append_new(hidden,
                                  json_pack("{s:s,s:s}", "name", p->key, "value", p->value));
        else
            ww_param_keep(&elsewhere, p->key, p->value);
    }
    json_object_set_new(ctx, "plaats_verborgen", hidden);
    const ww_search_place *place = &v->params->place;
    if (place->postcode[0]) {
        json_object_set_new(ctx, "postcode_invoer", json_string(place->postcode));
    } else if (place->found) {
        char lat[32], lon[32];
        snprintf(lat, sizeof lat, "%.4f", place->lat);
        snprintf(lon, sizeof lon, "%.4f", place->lon);
        char *off = ww_param_url(v->path, &elsewhere, NULL, NULL, NULL, NULL);
        json_object_set_new(
            ctx, "locatie",
            json_pack("{s:s,s:s,s:s,s:s}", "lat", lat, "lon", lon, "wijk",
                      ww_page_label(v->srv->schema, "wijken", place->found->wijken[0]), "wis_url",
                      off));
        free(off);
    }
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

/* The order of the results can be chosen where it matters: nearness when there is a place, the
 * waiting time when there are houses among the results. */
static void sort_choice(const results_view *v, const ww_search_result *result, json_t *ctx)
{
    const ww_search_request *s = &v->params->search;
    bool question = v->params->q && v->params->q[strspn(v->params->q, " ")];
    bool nearest =
        !s->no_distance_order &&
        (s->sort == WW_SORT_DISTANCE || (s->near && !question && s->sort == WW_SORT_RELEVANCE));
    json_object_set_new(ctx, "volgorde_afstand_kan",
                        json_boolean(s->near && !s->no_distance_order));
    json_object_set_new(ctx, "volgorde_afstand", json_boolean(nearest));
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
    json_object_set_new(ctx, "toon_volgorde", json_boolean(houses || s->near));
    /* Beschermd thuis is regional: a gemeente in a region (site.yaml `regio`) offers the
     * region's search too. */
    const char *region_site = ww_site_text(v->srv->site, "regio.website");
    if (houses && region_site && !v->srv->region) {
        size_t n = strlen(region_site);
        n -= n && region_site[n - 1] == '/';
        ww_set_owned_string(ctx, "ook_in_regio_url",
                            ww_xasprintf("%.*s/zoeken?soort=beschermd-thuis", (int)n, region_site));
    }
    json_object_set_new(ctx, "volgorde_wachttijd_kan", json_boolean(houses));
    json_object_set_new(ctx, "volgorde_wachttijd",
                        json_boolean(v->params->search.sort == WW_SORT_WAITING));
    json_object_set_new(ctx, "volgorde_relevantie",
                        json_boolean(!nearest && s->sort != WW_SORT_WAITING));
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

/* What the page is about, in words: "Resultaten voor ‘koffie’ in Zuid voor ouderen bij 8014 VB".
 * Caller frees. */
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
    if (params->place.postcode[0])
        ww_buf_printf(&title, " bij %s", params->place.postcode);
    else if (params->place.found)
        ww_buf_printf(&title, " bij uw locatie");
    free(where);
    free(who);
    return title.data;
}

/* A region's one plain line when a gemeente's results are missing: "De resultaten van Kampen
 * ontbreken nu: ...". */
static void incomplete_notice(ww_server *srv, json_t *ctx)
{
    uint64_t missing = srv->region ? ww_readers_missing(srv->readers) : 0;
    if (!missing)
        return;
    ww_buf names = {0};
    size_t shown = 0, total = (size_t)__builtin_popcountll(missing);
    for (size_t i = 0; i < srv->region->count; i++)
        if ((missing >> i) & 1) {
            shown++;
            ww_buf_printf(&names, "%s%s",
                          shown == 1       ? ""
                          : shown == total ? " en "
                                           : ", ",
                          srv->region->members[i].name);
        }
    ww_set_owned_string(ctx, "onvolledig_tekst",
                        ww_xasprintf("De resultaten van %s ontbreken nu: %s even niet bereikbaar. "
                                     "Probeer het later nog eens.",
                                     names.data,
                                     total == 1 ? "die gemeente is" : "die gemeenten zijn"));
    ww_buf_free(&names);
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
    if (result.total == 0 || result.weak)
        ww_lookup_note_question(srv, params->q, &result);
    results_view v = {.srv = srv, .params = params, .path = path, .fixed = fixed};
    keep_params(&v, req);
    json_t *active = json_array();
    json_object_set_new(ctx, "filters", filter_form(&v, &result, active, ctx));
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
    incomplete_notice(srv, ctx);
    describe_result(&v, &result, ctx);
    carry_list(v.listed, v.list_count, ctx);
    describe_place(&v, ctx);
    if (params->place.postcode[0] && json_object_get(ctx, "lijst_url")) {
        /* The shortlist says how far each offer is from the resident's postcode. */
        char *with =
            ww_xasprintf("%s&postcode=%s", json_string_value(json_object_get(ctx, "lijst_url")),
                         params->place.area);
        ww_set_owned_string(ctx, "lijst_url", with);
    }
    paging(&v, result.total, ctx);
    ww_search_result_free(&result);
    ww_page_render(srv, res, 200, "zoeken", ctx);
}

static const char *const PAGE_PARAMS[] = {"lijst", NULL};
static const char *const REGION_PAGE_PARAMS[] = {"lijst", "gemeente", NULL};

/* The parameters of a results page (a region's `gemeente` too); false after a 400 page. */
static bool read_page_params(ww_server *srv, const ww_request *req, ww_search_params *params,
                             json_t *ctx, ww_response *res)
{
    if (ww_search_params_read(srv->schema, req, srv->region ? REGION_PAGE_PARAMS : PAGE_PARAMS,
                              RESULTS_PER_PAGE, params) &&
        ww_lookup_read_gemeenten(srv, req, params))
        return true;
    json_object_set_new(ctx, "fout", json_string(params->problem));
    ww_page_render(srv, res, 400, "zoeken", ctx);
    return false;
}

/* Whether words[i] (and words[i + 1]) of a question are a postcode: "8014VB", "8014 VB", or a
 * lone "8014" that is one of the gemeente's areas (not a year or a house number). Writes it to
 * `postcode` and returns how many words it took (0: none). */
static size_t postcode_words(const ww_schema *schema, char **words, size_t count, size_t i,
                             char postcode[16])
{
    char area[WW_POSTCODE_AREA_SIZE], letters[3];
    size_t len = strlen(words[i]);
    if (len == 6 && ww_postcode_read(words[i], area, letters) && letters[0]) {
        snprintf(postcode, 16, "%s %s", area, letters);
        return 1;
    }
    if (len != 4 || !ww_postcode_read(words[i], area, letters))
        return 0;
    if (i + 1 < count && strlen(words[i + 1]) == 2) {
        char both[8];
        snprintf(both, sizeof both, "%s%s", words[i], words[i + 1]);
        if (ww_postcode_read(both, area, letters) && letters[0]) {
            snprintf(postcode, 16, "%s %s", area, letters);
            return 2;
        }
    }
    if (!ww_places_find(schema->places, area))
        return 0;
    snprintf(postcode, 16, "%s", area);
    return 1;
}

/* A page's request as the search reads it. The search box may send what the API does not take:
 * a postcode inside the question ("koffie 8014 VB") is the place, not words; and a postcode typed
 * while a location (lat, lon) was in use replaces that location. */
typedef struct {
    ww_request req;
    ww_param *params;
    char *question, postcode[16];
} page_request;

static void page_request_read(const ww_schema *schema, const ww_request *in, page_request *out)
{
    *out = (page_request){.req = *in};
    const char *q = NULL, *typed = NULL;
    for (size_t i = 0; i < in->param_count; i++) {
        if (!strcmp(in->params[i].key, "q"))
            q = in->params[i].value;
        else if (!strcmp(in->params[i].key, "postcode") && in->params[i].value[0])
            typed = in->params[i].value;
    }
    /* The question's words, with a postcode taken out when no place came with it. */
    char *copy = ww_xstrdup(q && strlen(q) <= 500 ? q : ""), *save = NULL;
    char *words[128];
    size_t count = 0;
    for (char *w = strtok_r(copy, " \t", &save); w && count < 128; w = strtok_r(NULL, " \t", &save))
        words[count++] = w;
    ww_buf rest = {0};
    for (size_t i = 0; i < count; i++) {
        size_t taken =
            typed || out->postcode[0] ? 0 : postcode_words(schema, words, count, i, out->postcode);
        if (taken) {
            i += taken - 1;
            continue;
        }
        ww_buf_printf(&rest, "%s%s", rest.len ? " " : "", words[i]);
    }
    free(copy);
    bool moved = out->postcode[0] != '\0';
    if (!moved && !typed) {
        ww_buf_free(&rest);
        return;
    }
    out->question = ww_buf_release(&rest);
    out->params = ww_xcalloc(in->param_count + 1, sizeof *out->params);
    size_t n = 0;
    for (size_t i = 0; i < in->param_count; i++) {
        const char *key = in->params[i].key;
        if (typed && (!strcmp(key, "lat") || !strcmp(key, "lon")))
            continue; /* the postcode typed now wins over the location used before */
        if (moved && !strcmp(key, "postcode"))
            continue; /* the form's empty postcode field */
        out->params[n] = in->params[i];
        if (moved && !strcmp(key, "q"))
            out->params[n].value = out->question;
        n++;
    }
    if (moved)
        out->params[n++] = (ww_param){"postcode", out->postcode};
    out->req.params = out->params;
    out->req.param_count = n;
}

static void page_request_free(page_request *p)
{
    free(p->params);
    free(p->question);
}

void ww_page_search(ww_server *srv, const ww_request *asked, ww_response *res)
{
    page_request page;
    page_request_read(srv->schema, asked, &page);
    const ww_request *req = &page.req;
    ww_search_params params;
    json_t *ctx = json_pack("{s:s}", "paginatitel", "Zoekresultaten");
    if (!read_page_params(srv, req, &params, ctx, res)) {
        page_request_free(&page);
        return;
    }
    json_object_set_new(ctx, "zoekvraag", json_string(params.q ? params.q : ""));
    char *title = question_title(srv->schema, &params);
    json_object_set_new(ctx, "kop", json_string(title));
    json_object_set_new(ctx, "paginatitel", json_string(title));
    free(title);
    results_page(srv, req, res, &params, "/zoeken", NULL, ctx);
    page_request_free(&page);
}

void ww_page_ambition(ww_server *srv, const ww_request *asked, ww_response *res)
{
    const char *id = asked->path + strlen("/ambitie/");
    const ww_vocab_item *ambition = ww_page_vocab_item(srv->schema, "ambities", id);
    if (!ambition) {
        ww_page_not_found(srv, asked, res);
        return;
    }
    page_request page;
    page_request_read(srv->schema, asked, &page);
    const ww_request *req = &page.req;
    ww_search_params params;
    json_t *ctx = json_pack("{s:s,s:s,s:s?}", "paginatitel", ambition->label, "kop",
                            ambition->label, "intro", ambition->explanation);
    if (!read_page_params(srv, req, &params, ctx, res)) {
        page_request_free(&page);
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
    page_request_free(&page);
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
