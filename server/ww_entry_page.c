/* ww_entry_page.c -- the page of one entry, /aanbod/<id>: everything a resident needs to go
 * there, in words rather than codes: for whom, when and whether it is open now (or when it opens
 * again), where (with a map link), what it costs, how to join with whose phone or e-mail, a
 * home's places and waiting time, and whether the data are old. It keeps the reader's shortlist
 * (`lijst` parameters) in every link, puts the entry on it or takes it off, and leads back to
 * the search the reader came from (`terug`). */
#include "ww_entry_text.h"
#include "ww_layout.h"
#include "ww_lookup.h"
#include "ww_opening.h"
#include "ww_page_kit.h"
#include "ww_pages.h"
#include "ww_server.h"
#include "ww_time.h"
#include "ww_util.h"
#include "ww_validate.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

/* Where "Zet op mijn lijst" comes back to: the list block, so the reader keeps her place. */
#define LIST_ANCHOR "mijn-lijst"

enum { BACK_MAX_LEN = 2000, BACK_MAX_PARAMS = 40, BACK_MAX_Q = 200 };

/* The links of an entry page: its shortlist and the search to go back to. Strings are borrowed
 * from the request or from `back_text`, which the view owns. */
typedef struct {
    const char *id;
    ww_param_set list; /* lijst=... as the page received them (valid ids, at most 50) */
    bool listed;       /* this entry is on it */
    char *back_path;   /* "/zoeken" or "/ambitie/<id>", or NULL without a valid terug */
    ww_param_set back; /* the search's parameters that passed the checks */
    char *back_text;   /* decoded copy of terug that `back` points into */
    ww_param back_items[BACK_MAX_PARAMS];
} entry_links;

static void links_free(entry_links *l)
{
    free(l->back_path);
    free(l->back_text);
}

/* ---- Back to the results ------------------------------------------------------------------ */

static bool all_digits(const char *s, size_t max)
{
    size_t n = strlen(s);
    if (n == 0 || n > max)
        return false;
    for (size_t i = 0; i < n; i++)
        if (s[i] < '0' || s[i] > '9')
            return false;
    return true;
}

/* Whether a parameter of the search may travel back: only what a results page reads, with
 * values it accepts; anything else is dropped, never copied into a link. */
static bool back_param_ok(const ww_schema *schema, const char *key, const char *value)
{
    if (!strcmp(key, "q"))
        return strlen(value) <= BACK_MAX_Q;
    if (!strcmp(key, "gratis") || !strcmp(key, "voorliggend"))
        return !strcmp(value, "1");
    if (!strcmp(key, "page"))
        return all_digits(value, 4);
    if (!strcmp(key, "sort")) {
        size_t n = strlen(value);
        return n && n <= 20 && strspn(value, "abcdefghijklmnopqrstuvwxyz-") == n;
    }
    const ww_filter_field *filter = ww_filter_by_param(key);
    return filter && ww_page_vocab_item(schema, filter->vocab, value);
}

/* Reads terug: "/zoeken?q=...&wijk=..." or "/ambitie/<id>?..." (or just the query string of
 * /zoeken). The link back is built from the path and parameters that pass, so no terug can make
 * it point elsewhere (an open redirect) or carry anything but a search. */
static void read_back(const ww_schema *schema, const char *terug, entry_links *l)
{
    if (!terug || strlen(terug) > BACK_MAX_LEN)
        return;
    const char *query = terug;
    if (terug[0] == '/') {
        const char *mark = strchr(terug, '?');
        size_t n = mark ? (size_t)(mark - terug) : strlen(terug);
        char *path = ww_xstrndup(terug, n);
        const char *ambition = strncmp(path, "/ambitie/", 9) == 0 ? path + 9 : NULL;
        if (strcmp(path, "/zoeken") != 0 &&
            !(ambition && ww_page_vocab_item(schema, "ambities", ambition))) {
            free(path);
            return;
        }
        l->back_path = path;
        query = mark ? mark + 1 : "";
    } else {
        l->back_path = ww_xstrdup("/zoeken");
    }
    l->back_text = ww_xstrdup(query);
    long n = ww_form_parse(l->back_text, l->back_items, BACK_MAX_PARAMS);
    for (long i = 0; i < n; i++)
        if (back_param_ok(schema, l->back_items[i].key, l->back_items[i].value))
            ww_param_keep(&l->back, l->back_items[i].key, l->back_items[i].value);
    /* A bare query string that holds no search at all ("https://elsewhere") is no way back. */
    if (terug[0] != '/' && l->back.count == 0) {
        free(l->back_path);
        l->back_path = NULL;
    }
}

/* The search to go back to, as terug carries it on: normalised. Caller frees. */
static char *back_value(const entry_links *l)
{
    return ww_param_url(l->back_path, &l->back, NULL, NULL, NULL, NULL);
}

/* ---- The shortlist ------------------------------------------------------------------------ */

static void read_links(const ww_server *srv, const ww_request *req, entry_links *l)
{
    size_t kept = 0;
    for (size_t i = 0; i < req->param_count; i++) {
        const ww_param *p = &req->params[i];
        if (!strcmp(p->key, "lijst") && ww_valid_id(p->value) && kept < WW_LIST_MAX) {
            ww_param_keep(&l->list, "lijst", p->value);
            kept++;
            l->listed |= !strcmp(p->value, l->id);
        }
    }
    const char *terug[1];
    if (ww_request_params(req, "terug", terug, 1) >= 1)
        read_back(srv->schema, terug[0], l);
}

/* `path` with the list (and `extra`: the search's parameters), optionally with or without this
 * entry, and a fragment. Caller frees. */
static char *list_link(const entry_links *l, const char *path, const ww_param_set *extra,
                       int change, const char *fragment)
{
    ww_param_set set = {.count = 0};
    for (size_t i = 0; extra && i < extra->count; i++)
        ww_param_keep(&set, extra->items[i].key, extra->items[i].value);
    for (size_t i = 0; i < l->list.count; i++)
        if (!(change < 0 && !strcmp(l->list.items[i].value, l->id)))
            ww_param_keep(&set, "lijst", l->list.items[i].value);
    char *url = ww_param_url(path, &set, NULL, NULL, change > 0 ? "lijst" : NULL, l->id);
    if (!fragment)
        return url;
    char *with = ww_xasprintf("%s#%s", url, fragment);
    free(url);
    return with;
}

/* The list block, the links back and the header's `meenemen`. */
static void describe_links(const entry_links *l, json_t *ctx)
{
    ww_param_set self = {.count = 0};
    char *back = l->back_path ? back_value(l) : NULL;
    if (back)
        ww_param_keep(&self, "terug", back);
    char *path = ww_xasprintf("/aanbod/%s", l->id);
    bool room = l->list.count < WW_LIST_MAX;
    if (!l->listed && room)
        ww_set_owned_string(ctx, "zet_op_lijst_url", list_link(l, path, &self, 1, LIST_ANCHOR));
    if (l->listed)
        ww_set_owned_string(ctx, "haal_weg_url", list_link(l, path, &self, -1, LIST_ANCHOR));
    json_object_set_new(ctx, "op_lijst", json_boolean(l->listed));
    json_object_set_new(ctx, "lijst_anker", json_string(LIST_ANCHOR));
    if (l->list.count) {
        ww_param_set ids = {.count = 0};
        for (size_t i = 0; i < l->list.count; i++)
            ww_param_keep(&ids, "id", l->list.items[i].value);
        ww_set_owned_string(ctx, "lijst_url", ww_param_url("/lijst", &ids, NULL, NULL, NULL, NULL));
        json_object_set_new(ctx, "lijst_aantal", json_integer((json_int_t)l->list.count));
        char *carried = ww_param_url("", &l->list, NULL, NULL, NULL, NULL);
        json_object_set_new(ctx, "meenemen", json_string(carried + 1)); /* without the "?" */
        free(carried);
    } else {
        json_object_set_new(ctx, "meenemen", json_string(""));
    }
    if (l->back_path)
        ww_set_owned_string(ctx, "terug_url", list_link(l, l->back_path, &l->back, 0, NULL));
    else
        ww_set_owned_string(ctx, "zoek_ander_url", list_link(l, "/zoeken", NULL, 0, NULL));
    json_t *hidden = json_array();
    for (size_t i = 0; i < l->list.count; i++)
        json_array_append_new(
            hidden, json_pack("{s:s,s:s}", "name", "lijst", "value", l->list.items[i].value));
    json_object_set_new(ctx, "verborgen", hidden);
    free(path);
    free(back);
}

/* The ambitions as links that keep the list. */
static json_t *ambition_links(const ww_schema *schema, const entry_links *l, const json_t *ids)
{
    json_t *out = ww_page_labels(schema, "ambities", ids);
    size_t i;
    json_t *a;
    json_array_foreach(out, i, a)
    {
        char *path = ww_xasprintf("/ambitie/%s", json_string_value(json_object_get(a, "id")));
        ww_set_owned_string(a, "url", list_link(l, path, NULL, 0, NULL));
        free(path);
    }
    return out;
}

/* ---- The entry's facts -------------------------------------------------------------------- */

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
            ww_set_owned_string(p, "kaart_url",
                                ww_xasprintf("https://www.openstreetmap.org/?mlat=%.5f&mlon=%.5f"
                                             "#map=17/%.5f/%.5f",
                                             la, lo, la, lo));
        }
        json_array_append_new(out, p);
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

/* Who it is for, where, in which languages, how to join, and a home's details. */
static void describe_access(const ww_schema *schema, const json_t *entry, json_t *ctx)
{
    ww_set_owned_string(ctx, "voor_wie",
                        ww_entry_for_whom(schema, json_object_get(entry, "doelgroepen")));
    ww_set_owned_string(ctx, "wijken_tekst",
                        ww_page_joined_labels(schema, "wijken", json_object_get(entry, "wijken")));
    ww_set_owned_string(ctx, "talen_tekst",
                        ww_page_joined_labels(schema, "talen", json_object_get(entry, "talen")));
    const char *kind = json_string_value(json_object_get(entry, "soort"));
    json_object_set_new(ctx, "soort_label", json_string(ww_page_label(schema, "soorten", kind)));
    json_t *how = ww_entry_how_to_join(schema, entry);
    if (how)
        json_object_set_new(ctx, "meedoen", how);
    json_t *home = ww_entry_housing(schema, entry);
    if (home) {
        json_object_set_new(ctx, "wonen", home);
        json_object_set_new(ctx, "is_wonen", json_true());
    }
}

/* When and where, what it costs, whom to call, whether it is still on and recently checked. */
static void describe_visit(const ww_schema *schema, const json_t *entry, time_t now, json_t *ctx)
{
    const json_t *tijden = json_object_get(entry, "tijden");
    if (json_array_size(tijden)) {
        json_object_set_new(ctx, "tijden", ww_opening_lines(schema, tijden));
        json_object_set_new(ctx, "nu_open", json_boolean(ww_opening_is_open(tijden, now)));
        ww_set_owned_string(ctx, "opening_tekst", ww_opening_text(schema, tijden, now));
        json_object_set_new(ctx, "heeft_tijden", json_true());
    }
    json_object_set_new(ctx, "locaties", places(json_object_get(entry, "locaties")));
    json_t *costs = ww_entry_costs(schema, json_object_get(entry, "kosten"));
    if (costs)
        json_object_set_new(ctx, "kosten", costs);
    const char *phone =
        json_string_value(json_object_get(json_object_get(entry, "contact"), "telefoon"));
    if (phone)
        ww_set_owned_string(ctx, "tel_url", ww_tel_url(phone));
    const char *checked = json_string_value(json_object_get(entry, "laatst_gecontroleerd"));
    ww_set_owned_string(ctx, "gecontroleerd", ww_dutch_date(checked));
    json_object_set_new(ctx, "lang_niet_gecontroleerd",
                        json_boolean(ww_entry_unchecked_long(entry, now)));
    const char *until = json_string_value(json_object_get(entry, "geldig_tot"));
    char today[WW_DATE_SIZE];
    ww_today(today);
    if (until && strcmp(until, today) < 0) {
        json_object_set_new(ctx, "afgelopen", json_true());
        ww_set_owned_string(ctx, "afgelopen_op", ww_dutch_date(until));
    }
}

void ww_page_entry(ww_server *srv, const ww_request *req, ww_response *res)
{
    const char *id = req->path + strlen("/aanbod/");
    json_t *entry = NULL;
    ww_response failed = {0};
    uint64_t shards = 0;
    bool known = !req->bad_encoding && ww_lookup_gemeente(srv, req, &shards);
    if (!known || !ww_lookup_entry_in(srv, shards, id, &entry, NULL, &failed)) {
        if (!known || failed.status == 404)
            ww_page_not_found(srv, req, res);
        else
            ww_page_render(srv, res, 503, "fout",
                           json_pack("{s:s}", "paginatitel", "Even niet beschikbaar"));
        ww_response_free(&failed);
        return;
    }
    entry_links links = {.id = json_string_value(json_object_get(entry, "id"))};
    if (!links.id)
        links.id = id;
    read_links(srv, req, &links);
    json_t *ctx =
        json_pack("{s:O,s:O}", "aanbod", entry, "paginatitel", json_object_get(entry, "titel"));
    json_object_set_new(ctx, "alineas",
                        paragraphs(json_string_value(json_object_get(entry, "beschrijving"))));
    describe_access(srv->schema, entry, ctx);
    describe_visit(srv->schema, entry, ww_now(), ctx);
    describe_links(&links, ctx);
    json_object_set_new(ctx, "ambities",
                        ambition_links(srv->schema, &links, json_object_get(entry, "ambities")));
    links_free(&links);
    json_decref(entry);
    ww_page_render(srv, res, 200, "aanbod", ctx);
}
