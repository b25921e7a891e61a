/* ww_entry_page.c -- the page of one entry, /aanbod/<id>: everything a resident needs to go
 * there, in words rather than codes: for whom, when and whether it is open now, where (with a
 * map link), what it costs, how to join, and whom to call. */
#include "ww_layout.h"
#include "ww_lookup.h"
#include "ww_page_kit.h"
#include "ww_pages.h"
#include "ww_server.h"
#include "ww_time.h"
#include "ww_util.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

static const char *const DAYS[] = {"zo", "ma", "di", "wo", "do", "vr", "za"}; /* tm_wday order */

/* Whether one line of tijden ({dagen, van, tot}) is on now: day `wday`, time `hhmm`. */
static bool open_at(const json_t *time, int wday, const char *hhmm)
{
    const char *van = json_string_value(json_object_get(time, "van"));
    const char *tot = json_string_value(json_object_get(time, "tot"));
    size_t k;
    const json_t *day;
    json_array_foreach(json_object_get(time, "dagen"), k, day)
    {
        if (van && tot && json_is_string(day) && !strcmp(json_string_value(day), DAYS[wday]) &&
            strcmp(van, hhmm) <= 0 && strcmp(hhmm, tot) < 0)
            return true;
    }
    return false;
}

/* Opening hours as sentences, and whether it is open right now (in Zwolle's time). */
static json_t *opening_hours(const ww_schema *schema, const json_t *tijden, bool *open_now)
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
        *open_now |= open_at(t, tm.tm_wday, hhmm);
        const char *van = json_string_value(json_object_get(t, "van"));
        const char *tot = json_string_value(json_object_get(t, "tot"));
        char *days = ww_page_joined_labels(schema, "dagen", json_object_get(t, "dagen"));
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

/* What it costs: the kind in words, the amount as "€ 2,50", and the explanation. */
static json_t *costs(const ww_schema *schema, const json_t *kosten)
{
    json_t *k = json_object();
    const char *kind = json_string_value(json_object_get(kosten, "soort"));
    json_object_set_new(k, "label", json_string(ww_page_label(schema, "kosten", kind)));
    const json_t *bedrag = json_object_get(kosten, "bedrag");
    if (json_is_number(bedrag)) {
        char *euro = ww_xasprintf("€ %.2f", json_number_value(bedrag));
        char *dot = strchr(euro, '.');
        if (dot)
            *dot = ','; /* € 2,50 */
        ww_set_owned_string(k, "bedrag", euro);
    }
    json_object_set(k, "toelichting", json_object_get(kosten, "toelichting"));
    return k;
}

/* Who it is for, where, in which languages, and how to get in. */
static void describe_access(const ww_schema *schema, const json_t *entry, json_t *ctx)
{
    json_object_set_new(
        ctx, "doelgroepen",
        ww_page_labels(schema, "doelgroepen", json_object_get(entry, "doelgroepen")));
    json_object_set_new(ctx, "ambities",
                        ww_page_labels(schema, "ambities", json_object_get(entry, "ambities")));
    ww_set_owned_string(ctx, "wijken_tekst",
                        ww_page_joined_labels(schema, "wijken", json_object_get(entry, "wijken")));
    ww_set_owned_string(ctx, "talen_tekst",
                        ww_page_joined_labels(schema, "talen", json_object_get(entry, "talen")));
    const char *kind = json_string_value(json_object_get(entry, "soort"));
    json_object_set_new(ctx, "soort_label", json_string(ww_page_label(schema, "soorten", kind)));
    const ww_vocab_item *access =
        ww_page_vocab_item(schema, "toegang", json_string_value(json_object_get(entry, "toegang")));
    if (access)
        json_object_set_new(ctx, "toegang",
                            json_pack("{s:s,s:s?,s:b}", "label", access->label, "uitleg",
                                      access->explanation, "voorliggend", access->voorliggend));
}

/* When and where, what it costs, whom to call, and whether it is still on. */
static void describe_visit(const ww_schema *schema, const json_t *entry, json_t *ctx)
{
    const json_t *tijden = json_object_get(entry, "tijden");
    if (json_array_size(tijden)) {
        bool open_now;
        json_object_set_new(ctx, "tijden", opening_hours(schema, tijden, &open_now));
        json_object_set_new(ctx, "nu_open", json_boolean(open_now));
        json_object_set_new(ctx, "heeft_tijden", json_true());
    }
    json_object_set_new(ctx, "locaties", places(json_object_get(entry, "locaties")));
    const json_t *kosten = json_object_get(entry, "kosten");
    if (kosten)
        json_object_set_new(ctx, "kosten", costs(schema, kosten));
    const char *phone =
        json_string_value(json_object_get(json_object_get(entry, "contact"), "telefoon"));
    if (phone)
        ww_set_owned_string(ctx, "tel_url", ww_tel_url(phone));
    const char *checked = json_string_value(json_object_get(entry, "laatst_gecontroleerd"));
    ww_set_owned_string(ctx, "gecontroleerd", ww_dutch_date(checked));
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
    if (req->bad_encoding || !ww_lookup_entry(srv, id, &entry, NULL, &failed)) {
        if (req->bad_encoding || failed.status == 404)
            ww_page_not_found(srv, req, res);
        else
            ww_page_render(srv, res, 503, "fout",
                           json_pack("{s:s}", "paginatitel", "Even niet beschikbaar"));
        ww_response_free(&failed);
        return;
    }
    json_t *ctx =
        json_pack("{s:O,s:O}", "aanbod", entry, "paginatitel", json_object_get(entry, "titel"));
    json_object_set_new(ctx, "alineas",
                        paragraphs(json_string_value(json_object_get(entry, "beschrijving"))));
    describe_access(srv->schema, entry, ctx);
    describe_visit(srv->schema, entry, ctx);
    json_decref(entry);
    ww_page_render(srv, res, 200, "aanbod", ctx);
}
