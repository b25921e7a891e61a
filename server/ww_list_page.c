/* ww_list_page.c -- the shortlist (/lijst): the entries a resident put on "mijn lijst", read
 * from the link itself, for printing, sharing and searching on. For each entry it shows what a
 * resident needs on paper (times, costs, address, phone, how to join); the page adds today's
 * date and the list's own address, as text and as a QR code, to copy, mail or scan. The list is
 * never stored on the server, and nothing is sent from it. */
#include "ww_pages.h"

#include "ww_entry.h"
#include "ww_entry_text.h"
#include "ww_lookup.h"
#include "ww_opening.h"
#include "ww_page_kit.h"
#include "ww_qr.h"
#include "ww_server.h"
#include "ww_time.h"
#include "ww_util.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

/* An entry as the list shows it: opening, costs, phone and how to join in words, and a link to
 * its page that keeps the list (`carried`: "?lijst=a&lijst=b"). */
static void list_item(const ww_schema *schema, json_t *entry, time_t now, const char *carried)
{
    const json_t *contact = json_object_get(entry, "contact");
    const char *phone = json_string_value(json_object_get(contact, "telefoon"));
    if (phone)
        ww_set_owned_string(entry, "tel_url", ww_tel_url(phone));
    const json_t *tijden = json_object_get(entry, "tijden");
    if (json_array_size(tijden)) {
        json_object_set_new(entry, "tijden_tekst", ww_opening_lines(schema, tijden));
        ww_set_owned_string(entry, "opening_tekst", ww_opening_text(schema, tijden, now));
    }
    json_t *costs = ww_entry_costs(schema, json_object_get(entry, "kosten"));
    if (costs)
        json_object_set_new(entry, "kosten_tekst", costs);
    json_t *how = ww_entry_how_to_join(schema, entry);
    if (how)
        json_object_set_new(entry, "meedoen", how);
    json_t *home = ww_entry_housing(schema, entry);
    if (home)
        json_object_set_new(entry, "wonen_tekst", home);
    const char *id = json_string_value(json_object_get(entry, "id"));
    ww_set_owned_string(entry, "pagina_url", ww_xasprintf("/aanbod/%s%s", id, carried));
}

/* How far an entry is from the resident's postcode area: its nearest location, in distance and
 * in time ("1,2 km van postcode 8014, ongeveer 15 minuten lopen": the paper says from where),
 * or that it is for the whole gemeente. */
static void list_distance(const ww_schema *schema, json_t *entry, const ww_postcode_area *from)
{
    enum { MAX_PLACES = 64 };
    double lat[MAX_PLACES], lon[MAX_PLACES], nearest = -1;
    size_t n = ww_entry_places(schema, entry, lat, lon, MAX_PLACES);
    for (size_t i = 0; i < n; i++) {
        double m = ww_geo_distance_m(from->lat, from->lon, lat[i], lon[i]);
        if (m >= 0 && (nearest < 0 || m < nearest))
            nearest = m;
    }
    if (nearest >= 0) {
        char *far = ww_page_distance_text(nearest), *time = ww_page_travel_text(nearest);
        ww_set_owned_string(entry, "afstand_tekst",
                            ww_xasprintf("%s van postcode %s, %s", far, from->code, time));
        free(far);
        free(time);
        return;
    }
    const ww_vocab *wijken = ww_schema_vocab(schema, "wijken");
    size_t i;
    const json_t *wijk;
    json_array_foreach(json_object_get(entry, "wijken"), i, wijk)
    {
        const ww_vocab_item *item = ww_vocab_find(wijken, json_string_value(wijk));
        if (item && item->everywhere) {
            ww_set_owned_string(entry, "afstand_tekst",
                                ww_xasprintf("voor heel %s, ook bij u in de buurt",
                                             ww_places_gemeente(schema->places)));
            return;
        }
    }
}

/* The postcode the list measures distances from (its area), or NULL; a postcode that is none
 * or lies outside the gemeente is said in ctx "postcode_fout". */
static const ww_postcode_area *list_place(const ww_schema *schema, const ww_request *req,
                                          json_t *ctx)
{
    const char *given[2];
    if (ww_request_params(req, "postcode", given, 2) != 1 || !given[0][0])
        return NULL;
    char area[WW_POSTCODE_AREA_SIZE];
    const ww_postcode_area *found =
        ww_postcode_read(given[0], area, NULL) ? ww_places_find(schema->places, area) : NULL;
    if (found)
        json_object_set_new(ctx, "postcode_invoer", json_string(found->code));
    else
        ww_set_owned_string(ctx, "postcode_fout",
                            ww_xasprintf("‘%.20s’ is geen postcode in %s. Afstanden staan er "
                                         "daarom niet bij.",
                                         given[0], ww_places_gemeente(schema->places)));
    return found;
}

/* mailto: wants %20 for a space (RFC 6068), not a form's '+'. */
static void mail_encode(ww_buf *out, const char *s)
{
    static const char HEX[] = "0123456789ABCDEF";
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
            strchr("-_.~", *p)) {
            ww_buf_putc(out, (char)*p);
        } else {
            ww_buf_putc(out, '%');
            ww_buf_putc(out, HEX[*p >> 4]);
            ww_buf_putc(out, HEX[*p & 15]);
        }
    }
}

/* "Mail deze lijst": a mailto: link whose body holds the titles and the list's address. */
static char *mail_link(const json_t *items, const char *address)
{
    ww_buf body = {0};
    ww_buf_puts(&body, "Op mijn lijst staan:\r\n");
    size_t i;
    const json_t *item;
    json_array_foreach(items, i, item)
    {
        ww_buf_printf(&body, "- %s\r\n", json_string_value(json_object_get(item, "titel")));
    }
    ww_buf_printf(&body, "\r\nBekijk de lijst: %s\r\n", address);
    char *text = ww_buf_release(&body);
    ww_buf url = {0};
    ww_buf_puts(&url, "mailto:?subject=");
    mail_encode(&url, "Mijn lijst met hulp en activiteiten");
    ww_buf_puts(&url, "&body=");
    mail_encode(&url, text);
    free(text);
    return ww_buf_release(&url);
}

/* The list's address as text, QR code, copy and mail link, and today's date. */
static void describe_sharing(const ww_request *req, const json_t *items, const char *path,
                             time_t now, json_t *ctx)
{
    char *address = ww_page_absolute_url(req, path);
    int size = 0;
    char *qr = json_array_size(items) ? ww_qr_svg_path(address, &size) : NULL;
    if (qr) {
        json_object_set_new(ctx, "qr", json_pack("{s:s,s:i}", "pad", qr, "maat", size));
        free(qr);
    }
    ww_set_owned_string(ctx, "mail_url", mail_link(items, address));
    json_object_set_new(ctx, "lijst_adres", json_string(address));
    free(address);
    struct tm tm;
    localtime_r(&now, &tm);
    char today[11];
    strftime(today, sizeof today, "%Y-%m-%d", &tm);
    ww_set_owned_string(ctx, "datum", ww_dutch_date(today));
}

void ww_page_list(ww_server *srv, const ww_request *req, ww_response *res)
{
    const char *ids[WW_LIST_MAX];
    size_t n = ww_request_params(req, "id", ids, WW_LIST_MAX);
    if (n > WW_LIST_MAX)
        n = WW_LIST_MAX;
    json_t *items = json_array();
    ww_param_set kept = {.count = 0}, carried = {.count = 0};
    for (size_t i = 0; i < n; i++) {
        json_t *entry;
        ww_response missing = {0}; /* an entry that went is left off the list */
        if (ww_lookup_entry(srv, ids[i], &entry, NULL, &missing)) {
            json_array_append_new(items, entry);
            ww_param_keep(&kept, "id", ids[i]);
            ww_param_keep(&carried, "lijst", ids[i]);
        }
        ww_response_free(&missing);
    }
    time_t now = ww_now();
    json_t *ctx = json_object();
    const ww_postcode_area *from = list_place(srv->schema, req, ctx);
    char *carry = ww_param_url("", &carried, NULL, NULL, NULL, NULL); /* "?lijst=a&lijst=b" */
    /* Each entry can be taken off the list, and searching on from here keeps the list. */
    json_t *hidden = json_array(), *ids_json = json_array();
    for (size_t i = 0; i < kept.count; i++) {
        json_array_append_new(ids_json, json_string(kept.items[i].value));
        json_t *item = json_array_get(items, i);
        list_item(srv->schema, item, now, carry);
        if (from)
            list_distance(srv->schema, item, from);
        ww_set_owned_string(item, "haal_weg_url",
                            ww_param_url("/lijst", &kept, "id", kept.items[i].value,
                                         from ? "postcode" : NULL, from ? from->code : NULL));
        json_array_append_new(
            hidden, json_pack("{s:s,s:s}", "name", "lijst", "value", kept.items[i].value));
    }
    json_object_update_new(ctx, json_pack("{s:s,s:o,s:i,s:o,s:s,s:o}", "paginatitel", "Mijn lijst",
                                          "items", items, "aantal",
                                          (json_int_t)json_array_size(items), "verborgen", hidden,
                                          "meenemen", carry[0] ? carry + 1 : "", "ids", ids_json));
    free(carry);
    /* The postcode goes with the list's address, so the printed or mailed list keeps its
     * distances; it is in the address only, never stored. */
    char *path = ww_param_url("/lijst", &kept, NULL, NULL, from ? "postcode" : NULL,
                              from ? from->code : NULL);
    describe_sharing(req, items, path, now, ctx);
    json_object_set_new(ctx, "deel_url", json_string(path));
    free(path);
    ww_page_render(srv, res, 200, "lijst", ctx);
}
