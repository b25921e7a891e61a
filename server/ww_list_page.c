/* ww_list_page.c -- the shortlist (/lijst): the entries a resident put on "mijn lijst", read
 * from the link itself, for printing, sharing and searching on. The list is never stored on the
 * server. */
#include "ww_pages.h"

#include "ww_lookup.h"
#include "ww_page_kit.h"
#include "ww_server.h"
#include "ww_util.h"

#include <stdlib.h>
#include <string.h>

/* An entry as the list shows it: with a link to call and the label of its access. */
static void list_item(const ww_schema *schema, json_t *entry)
{
    const json_t *contact = json_object_get(entry, "contact");
    const char *phone = json_string_value(json_object_get(contact, "telefoon"));
    if (phone)
        ww_set_owned_string(entry, "tel_url", ww_tel_url(phone));
    const ww_vocab_item *access =
        ww_page_vocab_item(schema, "toegang", json_string_value(json_object_get(entry, "toegang")));
    if (access)
        json_object_set_new(entry, "toegang_label", json_string(access->label));
}

void ww_page_list(ww_server *srv, const ww_request *req, ww_response *res)
{
    const char *ids[WW_LIST_MAX];
    size_t n = ww_request_params(req, "id", ids, WW_LIST_MAX);
    if (n > WW_LIST_MAX)
        n = WW_LIST_MAX;
    json_t *items = json_array();
    ww_param_set kept = {.count = 0};
    for (size_t i = 0; i < n; i++) {
        json_t *entry;
        ww_response missing = {0}; /* an entry that went is left off the list */
        if (ww_lookup_entry(srv, ids[i], &entry, NULL, &missing)) {
            list_item(srv->schema, entry);
            json_array_append_new(items, entry);
            ww_param_keep(&kept, "id", ids[i]);
        }
        ww_response_free(&missing);
    }
    /* Each entry can be taken off the list, and searching on from here keeps the list. */
    json_t *hidden = json_array();
    for (size_t i = 0; i < kept.count; i++) {
        ww_set_owned_string(json_array_get(items, i), "haal_weg_url",
                            ww_param_url("/lijst", &kept, "id", kept.items[i].value, NULL, NULL));
        json_array_append_new(
            hidden, json_pack("{s:s,s:s}", "name", "lijst", "value", kept.items[i].value));
    }
    json_t *ctx = json_pack("{s:s,s:o,s:i,s:o}", "paginatitel", "Mijn lijst", "items", items,
                            "aantal", (json_int_t)json_array_size(items), "verborgen", hidden);
    ww_set_owned_string(ctx, "deel_url", ww_param_url("/lijst", &kept, NULL, NULL, NULL, NULL));
    ww_page_render(srv, res, 200, "lijst", ctx);
}
