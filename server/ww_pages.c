/* ww_pages.c -- the website: every page rendered on the server from web/templates, so that
 * everything works without JavaScript. Handlers build a JSON context; templates escape. */
#include "ww_pages.h"

#include "ww_api.h"
#include "ww_layout.h"
#include "ww_readers.h"
#include "ww_search.h"
#include "ww_template.h"
#include "ww_util.h"
#include "ww_validate.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

enum { RESULTS_PER_PAGE = 10, MAX_LIST = 50 };

static const ww_schema *schema;
static ww_templates *templates;

/* How the filter form names each filter of WW_FILTERS. */
static const struct {
    const char *param, *title;
} FACET_TITLES[] = {
    {"wijk", "Wijk"},       {"doelgroep", "Voor wie"}, {"soort", "Soort"},
    {"toegang", "Toegang"}, {"ambitie", "Ambitie"},    {"leefgebied", "Leefgebied"},
};

int ww_pages_init(const ww_schema *s, const char *web_dir, char **errmsg)
{
    schema = s;
    char *dir = ww_xasprintf("%s/templates", web_dir);
    templates = ww_templates_load(dir, errmsg);
    free(dir);
    return templates ? 0 : -1;
}

void ww_pages_free(void)
{
    ww_templates_free(templates);
    templates = NULL;
}

/* ---- Helpers ---------------------------------------------------------------------------- */

void ww_page_render(ww_response *res, unsigned status, const char *name, json_t *ctx)
{
    char *html = ww_template_render(templates, name, ctx);
    json_decref(ctx);
    free(res->body);
    res->status = html ? status : 500;
    res->content_type = "text/html; charset=utf-8";
    res->body = html ? html : ww_xstrdup("<!doctype html><title>Fout</title><p>Er ging iets mis.");
    res->body_len = strlen(res->body);
}

static const ww_vocab_item *vocab_item(const char *vocab, const char *id)
{
    return id ? ww_vocab_find(ww_schema_vocab(schema, vocab), id) : NULL;
}

static const char *label_of(const char *vocab, const char *id)
{
    const ww_vocab_item *item = vocab_item(vocab, id);
    return item ? item->label : id ? id : "";
}

/* "a, b en c" of the labels of a list of ids; caller frees. */
static char *joined_labels(const char *vocab, const json_t *ids)
{
    ww_buf out = {0};
    size_t n = json_array_size(ids);
    for (size_t i = 0; i < n; i++)
        ww_buf_printf(&out, "%s%s",
                      i == 0       ? ""
                      : i + 1 == n ? " en "
                                   : ", ",
                      label_of(vocab, json_string_value(json_array_get(ids, i))));
    return ww_buf_release(&out);
}

static void set_owned_string(json_t *obj, const char *key, char *owned)
{
    if (owned)
        json_object_set_new(obj, key, json_string(owned));
    free(owned);
}

static void percent_encode(ww_buf *out, const char *s)
{
    static const char HEX[] = "0123456789ABCDEF";
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
            (*p && strchr("-_.~", *p))) {
            ww_buf_putc(out, (char)*p);
        } else if (*p == ' ') {
            ww_buf_putc(out, '+');
        } else {
            ww_buf_putc(out, '%');
            ww_buf_putc(out, HEX[*p >> 4]);
            ww_buf_putc(out, HEX[*p & 15]);
        }
    }
}

/* The parameters a results page carries in its links and forms: q, the filters and lijst. */
typedef struct {
    ww_param items[400];
    size_t count;
} param_set;

static void keep(param_set *set, const char *key, const char *value)
{
    if (set->count < sizeof set->items / sizeof *set->items)
        set->items[set->count++] = (ww_param){key, value};
}

/* path + the kept parameters, without (skip_key[=skip_value]) and with (add_key=add_value).
 * Caller frees. */
static char *url_of(const char *path, const param_set *set, const char *skip_key,
                    const char *skip_value, const char *add_key, const char *add_value)
{
    ww_buf url = {0};
    ww_buf_puts(&url, path);
    char sep = '?';
    for (size_t i = 0; i < set->count; i++) {
        const ww_param *p = &set->items[i];
        if (skip_key && strcmp(p->key, skip_key) == 0 &&
            (!skip_value || strcmp(p->value, skip_value) == 0))
            continue;
        ww_buf_putc(&url, sep);
        sep = '&';
        percent_encode(&url, p->key);
        ww_buf_putc(&url, '=');
        percent_encode(&url, p->value);
    }
    if (add_key) {
        ww_buf_putc(&url, sep);
        percent_encode(&url, add_key);
        ww_buf_putc(&url, '=');
        percent_encode(&url, add_value);
    }
    return ww_buf_release(&url);
}

static const char *const MONTHS[] = {"januari",   "februari", "maart",    "april",
                                     "mei",       "juni",     "juli",     "augustus",
                                     "september", "oktober",  "november", "december"};

char *ww_dutch_date(const char *iso)
{
    if (!iso || !ww_valid_date(iso))
        return NULL;
    return ww_xasprintf("%d %s %.4s", atoi(iso + 8), MONTHS[atoi(iso + 5) - 1], iso);
}

/* ---- Results: /zoeken and /ambitie/<id> --------------------------------------------------- */

static void count_into(const char *value, unsigned count, void *ctx)
{
    json_object_set_new(ctx, value, json_integer(count));
}

/* The filter form: per filter its values with counts; a value shows when it has matches or is
 * chosen. `fixed` is a filter the page itself sets (the ambition of /ambitie/<id>). */
static json_t *filter_form(const ww_search_result *result, const ww_search_params *params,
                           const char *fixed, param_set *kept, const char *path, json_t *active)
{
    json_t *fields = json_array();
    for (size_t t = 0; t < sizeof FACET_TITLES / sizeof *FACET_TITLES; t++) {
        const char *param = FACET_TITLES[t].param;
        size_t f = 0;
        while (f < WW_FILTER_COUNT && strcmp(WW_FILTERS[f].param, param) != 0)
            f++;
        if (f == WW_FILTER_COUNT || (fixed && strcmp(param, fixed) == 0))
            continue;
        json_t *counts = json_object();
        ww_search_each_facet(result, schema, f, count_into, counts);
        const ww_vocab *vocab = ww_schema_vocab(schema, WW_FILTERS[f].vocab);
        json_t *options = json_array();
        for (size_t k = 0; vocab && k < vocab->count; k++) {
            const char *value = vocab->items[k].id;
            bool checked = false;
            for (size_t i = 0; i < params->filter_count; i++)
                checked |= strcmp(params->filters[i].param, param) == 0 &&
                           strcmp(params->filters[i].value, value) == 0;
            json_int_t count = json_integer_value(json_object_get(counts, value));
            if (!count && !checked)
                continue;
            char *id = ww_xasprintf("filter-%s-%s", param, value);
            json_array_append_new(options,
                                  json_pack("{s:s,s:s,s:s,s:s,s:b,s:I}", "id", id, "param", param,
                                            "value", value, "label", vocab->items[k].label,
                                            "checked", checked, "count", count));
            free(id);
            if (checked) {
                char *remove = url_of(path, kept, param, value, NULL, NULL);
                json_array_append_new(
                    active, json_pack("{s:s,s:s}", "label", vocab->items[k].label, "url", remove));
                free(remove);
            }
        }
        json_decref(counts);
        if (json_array_size(options))
            json_array_append_new(fields, json_pack("{s:s,s:s,s:o}", "param", param, "title",
                                                    FACET_TITLES[t].title, "options", options));
        else
            json_decref(options);
    }
    return fields;
}

static json_t *result_items(const ww_search_result *result, const param_set *kept, const char *path,
                            const char *const *listed, size_t list_count)
{
    json_t *items = json_array();
    for (unsigned i = 0; i < ww_mset_size(result->mset); i++) {
        size_t len;
        const char *data = ww_mset_data(result->mset, i, &len);
        json_t *r = json_loadb(data, len, 0, NULL);
        if (!r)
            continue;
        const char *id = json_string_value(json_object_get(r, "id"));
        bool on_list = false;
        for (size_t k = 0; id && k < list_count; k++)
            on_list |= strcmp(listed[k], id) == 0;
        if (id && !on_list && list_count < MAX_LIST)
            set_owned_string(r, "zet_op_lijst_url", url_of(path, kept, NULL, NULL, "lijst", id));
        if (id && on_list)
            set_owned_string(r, "haal_weg_url", url_of(path, kept, "lijst", id, NULL, NULL));
        set_owned_string(r, "wijken_tekst", joined_labels("wijken", json_object_get(r, "wijken")));
        json_object_set_new(
            r, "toegang_label",
            json_string(label_of("toegang", json_string_value(json_object_get(r, "toegang")))));
        json_object_set_new(
            r, "soort_label",
            json_string(label_of("soorten", json_string_value(json_object_get(r, "soort")))));
        json_array_append_new(items, r);
    }
    return items;
}

/* Renders a results page for `params` on `path`; `fixed` names a filter the page sets. */
static void results_page(const ww_request *req, ww_response *res, const ww_search_params *params,
                         const char *path, const char *fixed, json_t *ctx)
{
    ww_search_result result;
    ww_response failed = {0};
    if (!ww_run_search(&params->search, &result, &failed)) {
        ww_response_free(&failed);
        json_object_set_new(ctx, "fout",
                            json_string("Zoeken lukt nu even niet. Probeer het over "
                                        "een paar minuten opnieuw."));
        ww_page_render(res, 503, "zoeken", ctx);
        return;
    }
    param_set kept = {.count = 0};
    const char *listed[MAX_LIST];
    size_t list_count = 0;
    for (size_t i = 0; i < req->param_count; i++) {
        const ww_param *p = &req->params[i];
        bool is_filter = ww_filter_by_param(p->key) && !(fixed && !strcmp(p->key, fixed));
        if (!strcmp(p->key, "q") || is_filter || !strcmp(p->key, "gratis") ||
            !strcmp(p->key, "voorliggend"))
            keep(&kept, p->key, p->value);
        else if (!strcmp(p->key, "lijst") && ww_valid_id(p->value) && list_count < MAX_LIST) {
            keep(&kept, p->key, p->value);
            listed[list_count++] = p->value;
        }
    }
    json_t *active = json_array();
    json_object_set_new(ctx, "filters", filter_form(&result, params, fixed, &kept, path, active));
    if (params->search.voorliggend) {
        char *url = url_of(path, &kept, "voorliggend", NULL, NULL, NULL);
        json_array_append_new(
            active, json_pack("{s:s,s:s}", "label", "Voorliggende voorzieningen", "url", url));
        free(url);
    }
    if (params->search.gratis) {
        char *url = url_of(path, &kept, "gratis", NULL, NULL, NULL);
        json_array_append_new(active, json_pack("{s:s,s:s}", "label", "Gratis", "url", url));
        free(url);
    }
    json_object_set_new(ctx, "heeft_actief", json_boolean(json_array_size(active) > 0));
    json_object_set_new(ctx, "actief", active);
    json_object_set_new(ctx, "voorliggend", json_boolean(params->search.voorliggend));
    json_object_set_new(ctx, "gratis", json_boolean(params->search.gratis));
    json_object_set_new(ctx, "actie", json_string(path));
    json_object_set_new(ctx, "heeft_resultaten", json_boolean(ww_mset_size(result.mset) > 0));
    json_object_set_new(ctx, "resultaten", result_items(&result, &kept, path, listed, list_count));
    json_object_set_new(ctx, "totaal", json_integer(result.total));
    set_owned_string(
        ctx, "totaal_tekst",
        result.total == 1
            ? ww_xstrdup("1 resultaat")
            : ww_xasprintf("%s%u resultaten", result.total_exact ? "" : "ongeveer ", result.total));
    if (result.suggestion) {
        param_set only_q = {.count = 0};
        keep(&only_q, "q", result.suggestion);
        json_object_set_new(ctx, "suggestie", json_string(result.suggestion));
        set_owned_string(ctx, "suggestie_url", url_of("/zoeken", &only_q, NULL, NULL, NULL, NULL));
        json_object_set_new(ctx, "suggestie_gebruikt", json_boolean(result.suggestion_used));
    }
    if (result.ambition_count) {
        json_object_set_new(ctx, "vraag_ambitie",
                            json_pack("{s:s,s:s}", "id", result.ambitions[0].id, "label",
                                      label_of("ambities", result.ambitions[0].id)));
    }
    /* Hidden fields keep the list and the fixed filter when a form is sent again. */
    json_t *hidden = json_array();
    for (size_t i = 0; i < kept.count; i++)
        if (!strcmp(kept.items[i].key, "lijst"))
            json_array_append_new(
                hidden, json_pack("{s:s,s:s}", "name", "lijst", "value", kept.items[i].value));
    json_object_set_new(ctx, "verborgen", hidden);
    if (list_count) {
        param_set ids = {.count = 0};
        for (size_t i = 0; i < list_count; i++)
            keep(&ids, "id", listed[i]);
        set_owned_string(ctx, "lijst_url", url_of("/lijst", &ids, NULL, NULL, NULL, NULL));
        json_object_set_new(ctx, "lijst_aantal", json_integer((json_int_t)list_count));
    }
    long pages = ((long)result.total + params->per_page - 1) / params->per_page;
    if (params->page > 1) {
        char number[24];
        snprintf(number, sizeof number, "%ld", params->page - 1);
        set_owned_string(ctx, "vorige_url", url_of(path, &kept, NULL, NULL, "page", number));
    }
    if (params->page < pages && params->page < 500) {
        char number[24];
        snprintf(number, sizeof number, "%ld", params->page + 1);
        set_owned_string(ctx, "volgende_url", url_of(path, &kept, NULL, NULL, "page", number));
    }
    if (pages > 1) {
        char *where = ww_xasprintf("Pagina %ld van %ld", params->page, pages);
        set_owned_string(ctx, "pagina_tekst", where);
    }
    ww_search_result_free(&result);
    ww_page_render(res, 200, "zoeken", ctx);
}

static const char *const PAGE_PARAMS[] = {"lijst", NULL};

void ww_page_search(const ww_request *req, ww_response *res)
{
    ww_search_params params;
    json_t *ctx = json_pack("{s:s}", "paginatitel", "Zoekresultaten");
    if (!ww_search_params_read(req, PAGE_PARAMS, RESULTS_PER_PAGE, &params)) {
        json_object_set_new(ctx, "fout", json_string(params.problem));
        ww_page_render(res, 400, "zoeken", ctx);
        return;
    }
    json_object_set_new(ctx, "zoekvraag", json_string(params.q ? params.q : ""));
    json_object_set_new(ctx, "kop", json_string("Zoekresultaten"));
    results_page(req, res, &params, "/zoeken", NULL, ctx);
}

void ww_page_ambition(const ww_request *req, ww_response *res)
{
    const char *id = req->path + strlen("/ambitie/");
    const ww_vocab_item *ambition = vocab_item("ambities", id);
    if (!ambition) {
        ww_page_not_found(req, res);
        return;
    }
    ww_search_params params;
    json_t *ctx = json_pack("{s:s,s:s,s:s?}", "paginatitel", ambition->label, "kop",
                            ambition->label, "intro", ambition->explanation);
    if (!ww_search_params_read(req, PAGE_PARAMS, RESULTS_PER_PAGE, &params)) {
        json_object_set_new(ctx, "fout", json_string(params.problem));
        ww_page_render(res, 400, "zoeken", ctx);
        return;
    }
    /* The ambition is this page's own filter, on top of what the visitor chose. */
    if (params.filter_count < sizeof params.filters / sizeof *params.filters) {
        params.filters[params.filter_count++] = (ww_filter_value){"ambitie", ambition->id};
        params.search.filter_count = params.filter_count;
    }
    json_object_set_new(ctx, "zoekvraag", json_string(params.q ? params.q : ""));
    char *path = ww_xasprintf("/ambitie/%s", ambition->id);
    results_page(req, res, &params, path, "ambitie", ctx);
    free(path);
}

/* ---- The home page ---------------------------------------------------------------------- */

void ww_page_home(const ww_request *req, ww_response *res)
{
    (void)req;
    char today[11];
    ww_today(today);
    ww_search_request browse = {.today = today, .limit = 0, .exact_up_to = 1u << 30};
    ww_search_result result;
    ww_response failed = {0};
    json_t *counts = json_object();
    if (ww_run_search(&browse, &result, &failed)) {
        for (size_t f = 0; f < WW_FILTER_COUNT; f++)
            if (!strcmp(WW_FILTERS[f].param, "ambitie"))
                ww_search_each_facet(&result, schema, f, count_into, counts);
        ww_search_result_free(&result);
    }
    ww_response_free(&failed);
    const ww_vocab *ambities = ww_schema_vocab(schema, "ambities");
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
    ww_page_render(res, 200, "home",
                   json_pack("{s:s,s:o,s:b}", "paginatitel", "Vind hulp en activiteiten in Zwolle",
                             "ambities", list, "is_home", 1));
}

/* ---- One entry -------------------------------------------------------------------------- */

static const char *const DAYS[] = {"zo", "ma", "di", "wo", "do", "vr", "za"}; /* tm_wday order */

/* Opening hours as sentences, and whether it is open right now (in Zwolle's time). */
static json_t *opening_hours(const json_t *tijden, bool *open_now)
{
    time_t now = time(NULL);
    struct tm tm;
    localtime_r(&now, &tm);
    char hhmm[6];
    strftime(hhmm, sizeof hhmm, "%H:%M", &tm);
    *open_now = false;
    json_t *lines = json_array();
    size_t i;
    const json_t *t;
    json_array_foreach(tijden, i, t)
    {
        const json_t *dagen = json_object_get(t, "dagen");
        const char *van = json_string_value(json_object_get(t, "van"));
        const char *tot = json_string_value(json_object_get(t, "tot"));
        size_t k;
        const json_t *day;
        json_array_foreach(dagen, k, day)
        {
            if (van && tot && json_is_string(day) &&
                !strcmp(json_string_value(day), DAYS[tm.tm_wday]) && strcmp(van, hhmm) <= 0 &&
                strcmp(hhmm, tot) < 0)
                *open_now = true;
        }
        char *days = joined_labels("dagen", dagen);
        char *line =
            van && tot ? ww_xasprintf("%s van %s tot %s uur", days, van, tot) : ww_xstrdup(days);
        /* Sentences start with a capital: "Dinsdag en donderdag van ..." */
        if (line[0] >= 'a' && line[0] <= 'z')
            line[0] = (char)(line[0] - 'a' + 'A');
        json_array_append_new(lines, json_string(line));
        free(line);
        free(days);
    }
    return lines;
}

static json_t *places(const json_t *locaties)
{
    json_t *out = json_array();
    size_t i;
    const json_t *loc;
    json_array_foreach(locaties, i, loc)
    {
        json_t *p = json_deep_copy(loc);
        const json_t *lat = json_object_get(loc, "lat"), *lon = json_object_get(loc, "lon");
        if (json_is_number(lat) && json_is_number(lon)) {
            double la = json_number_value(lat), lo = json_number_value(lon);
            set_owned_string(p, "kaart_url",
                             ww_xasprintf("https://www.openstreetmap.org/?mlat=%.5f&mlon=%.5f"
                                          "#map=17/%.5f/%.5f",
                                          la, lo, la, lo));
        }
        json_array_append_new(out, p);
    }
    return out;
}

/* "038 012 34 56" -> "tel:0380123456" */
static char *tel_url(const char *phone)
{
    ww_buf url = {0};
    ww_buf_puts(&url, "tel:");
    for (const char *p = phone; *p; p++)
        if ((*p >= '0' && *p <= '9') || *p == '+')
            ww_buf_putc(&url, *p);
    return ww_buf_release(&url);
}

static json_t *vocab_labels(const char *vocab, const json_t *ids)
{
    json_t *out = json_array();
    size_t i;
    const json_t *id;
    json_array_foreach(ids, i, id)
    {
        const char *s = json_string_value(id);
        if (s)
            json_array_append_new(out,
                                  json_pack("{s:s,s:s}", "id", s, "label", label_of(vocab, s)));
    }
    return out;
}

static json_t *paragraphs(const char *text)
{
    json_t *out = json_array();
    while (text && *text) {
        const char *end = strstr(text, "\n\n");
        size_t n = end ? (size_t)(end - text) : strlen(text);
        while (n && (text[n - 1] == '\n' || text[n - 1] == ' '))
            n--;
        if (n) {
            char *p = ww_xstrndup(text, n);
            json_array_append_new(out, json_string(p));
            free(p);
        }
        if (!end)
            break;
        text = end + 2;
        while (*text == '\n')
            text++;
    }
    return out;
}

void ww_page_entry(const ww_request *req, ww_response *res)
{
    const char *id = req->path + strlen("/aanbod/");
    if (req->bad_encoding || !ww_valid_id(id)) {
        ww_page_not_found(req, res);
        return;
    }
    const char *why;
    ww_reader *reader = ww_thread_reader(&why);
    char *term = ww_xasprintf("%s%s", WW_PREFIX_ID, id), *data = NULL;
    size_t len = 0;
    ww_status st = reader ? ww_reader_get_data(reader, term, &data, &len) : WW_ERR_IO;
    free(term);
    json_t *entry = st == WW_OK ? json_loadb(data, len, 0, NULL) : NULL;
    free(data);
    if (!entry) {
        if (st == WW_ERR_NOT_FOUND)
            ww_page_not_found(req, res);
        else
            ww_page_render(res, 503, "fout",
                           json_pack("{s:s}", "paginatitel", "Even niet beschikbaar"));
        return;
    }
    json_t *ctx =
        json_pack("{s:O,s:O}", "aanbod", entry, "paginatitel", json_object_get(entry, "titel"));
    json_object_set_new(ctx, "alineas",
                        paragraphs(json_string_value(json_object_get(entry, "beschrijving"))));
    json_object_set_new(ctx, "doelgroepen",
                        vocab_labels("doelgroepen", json_object_get(entry, "doelgroepen")));
    json_object_set_new(ctx, "ambities",
                        vocab_labels("ambities", json_object_get(entry, "ambities")));
    set_owned_string(ctx, "wijken_tekst",
                     joined_labels("wijken", json_object_get(entry, "wijken")));
    set_owned_string(ctx, "talen_tekst", joined_labels("talen", json_object_get(entry, "talen")));
    json_object_set_new(
        ctx, "soort_label",
        json_string(label_of("soorten", json_string_value(json_object_get(entry, "soort")))));
    const ww_vocab_item *access =
        vocab_item("toegang", json_string_value(json_object_get(entry, "toegang")));
    if (access)
        json_object_set_new(ctx, "toegang",
                            json_pack("{s:s,s:s?,s:b}", "label", access->label, "uitleg",
                                      access->explanation, "voorliggend", access->voorliggend));
    const json_t *tijden = json_object_get(entry, "tijden");
    if (json_array_size(tijden)) {
        bool open_now;
        json_object_set_new(ctx, "tijden", opening_hours(tijden, &open_now));
        json_object_set_new(ctx, "nu_open", json_boolean(open_now));
        json_object_set_new(ctx, "heeft_tijden", json_true());
    }
    json_object_set_new(ctx, "locaties", places(json_object_get(entry, "locaties")));
    const json_t *kosten = json_object_get(entry, "kosten");
    if (kosten) {
        json_t *k = json_object();
        json_object_set_new(
            k, "label",
            json_string(label_of("kosten", json_string_value(json_object_get(kosten, "soort")))));
        const json_t *bedrag = json_object_get(kosten, "bedrag");
        if (json_is_number(bedrag)) {
            char *euro = ww_xasprintf("€ %.2f", json_number_value(bedrag));
            char *dot = strchr(euro, '.');
            if (dot)
                *dot = ','; /* € 2,50 */
            set_owned_string(k, "bedrag", euro);
        }
        json_object_set(k, "toelichting", json_object_get(kosten, "toelichting"));
        json_object_set_new(ctx, "kosten", k);
    }
    const json_t *contact = json_object_get(entry, "contact");
    const char *phone = json_string_value(json_object_get(contact, "telefoon"));
    if (phone)
        set_owned_string(ctx, "tel_url", tel_url(phone));
    set_owned_string(
        ctx, "gecontroleerd",
        ww_dutch_date(json_string_value(json_object_get(entry, "laatst_gecontroleerd"))));
    const char *until = json_string_value(json_object_get(entry, "geldig_tot"));
    char today[11];
    ww_today(today);
    if (until && strcmp(until, today) < 0) {
        json_object_set_new(ctx, "afgelopen", json_true());
        set_owned_string(ctx, "afgelopen_op", ww_dutch_date(until));
    }
    json_decref(entry);
    ww_page_render(res, 200, "aanbod", ctx);
}

/* ---- The shortlist ---------------------------------------------------------------------- */

void ww_page_list(const ww_request *req, ww_response *res)
{
    const char *ids[MAX_LIST];
    size_t n = ww_request_params(req, "id", ids, MAX_LIST);
    if (n > MAX_LIST)
        n = MAX_LIST;
    const char *why;
    ww_reader *reader = ww_thread_reader(&why);
    json_t *items = json_array();
    param_set kept = {.count = 0};
    for (size_t i = 0; reader && i < n; i++) {
        if (!ww_valid_id(ids[i]))
            continue;
        char *term = ww_xasprintf("%s%s", WW_PREFIX_ID, ids[i]), *data = NULL;
        size_t len;
        if (ww_reader_get_data(reader, term, &data, &len) == WW_OK) {
            json_t *entry = json_loadb(data, len, 0, NULL);
            if (entry) {
                const json_t *contact = json_object_get(entry, "contact");
                const char *phone = json_string_value(json_object_get(contact, "telefoon"));
                if (phone)
                    set_owned_string(entry, "tel_url", tel_url(phone));
                const ww_vocab_item *access =
                    vocab_item("toegang", json_string_value(json_object_get(entry, "toegang")));
                if (access)
                    json_object_set_new(entry, "toegang_label", json_string(access->label));
                json_array_append_new(items, entry);
                keep(&kept, "id", ids[i]);
            }
        }
        free(data);
        free(term);
    }
    /* Each entry can be taken off the list, and searching on from here keeps the list. */
    json_t *hidden = json_array();
    for (size_t i = 0; i < kept.count; i++) {
        set_owned_string(json_array_get(items, i), "haal_weg_url",
                         url_of("/lijst", &kept, "id", kept.items[i].value, NULL, NULL));
        json_array_append_new(
            hidden, json_pack("{s:s,s:s}", "name", "lijst", "value", kept.items[i].value));
    }
    json_t *ctx = json_pack("{s:s,s:o,s:i,s:o}", "paginatitel", "Mijn lijst", "items", items,
                            "aantal", (json_int_t)json_array_size(items), "verborgen", hidden);
    set_owned_string(ctx, "deel_url", url_of("/lijst", &kept, NULL, NULL, NULL, NULL));
    ww_page_render(res, 200, "lijst", ctx);
}

/* ---- Not found -------------------------------------------------------------------------- */

void ww_page_not_found(const ww_request *req, ww_response *res)
{
    (void)req;
    ww_page_render(res, 404, "niet-gevonden",
                   json_pack("{s:s}", "paginatitel", "Deze pagina bestaat niet"));
}
