/* ww_entry_text.c -- an entry's facts in a resident's words. */
#include "ww_entry_text.h"

#include "ww_page_kit.h"
#include "ww_time.h"
#include "ww_util.h"

#include <stdlib.h>
#include <string.h>

json_t *ww_entry_costs(const ww_schema *schema, const json_t *kosten)
{
    if (!json_is_object(kosten))
        return NULL;
    json_t *k = json_object();
    const char *kind = json_string_value(json_object_get(kosten, "soort"));
    json_object_set_new(k, "label", json_string(ww_page_label(schema, "kosten", kind)));
    const json_t *bedrag = json_object_get(kosten, "bedrag");
    if (json_is_number(bedrag))
        ww_set_owned_string(k, "bedrag", ww_euro(json_number_value(bedrag)));
    json_object_set(k, "toelichting", json_object_get(kosten, "toelichting"));
    return k;
}

/* The label with its first letter small, for the middle of a sentence ("ouderen"). */
static void put_lowered(ww_buf *out, const char *label)
{
    if (label[0] >= 'A' && label[0] <= 'Z') {
        ww_buf_putc(out, (char)(label[0] - 'A' + 'a'));
        label++;
    }
    ww_buf_puts(out, label);
}

char *ww_entry_for_whom(const ww_schema *schema, const json_t *doelgroepen)
{
    const ww_vocab *vocab = ww_schema_vocab(schema, "doelgroepen");
    const char *everyone = NULL;
    const char *others[64];
    size_t n = 0, i;
    const json_t *id;
    json_array_foreach(doelgroepen, i, id)
    {
        const ww_vocab_item *item = ww_vocab_find(vocab, json_string_value(id));
        const char *label = item ? item->label : json_string_value(id);
        if (!label)
            continue;
        if (item && item->everywhere)
            everyone = label;
        else if (n < sizeof others / sizeof *others)
            others[n++] = label;
    }
    if (!everyone && n == 0) {
        const ww_vocab_item *all = NULL;
        for (size_t k = 0; vocab && k < vocab->count && !all; k++)
            if (vocab->items[k].everywhere)
                all = &vocab->items[k];
        return ww_xstrdup(all ? all->label : "Iedereen");
    }
    ww_buf out = {0};
    if (everyone) {
        ww_buf_puts(&out, everyone);
        if (n)
            ww_buf_puts(&out, ", vooral ");
    }
    for (size_t k = 0; k < n; k++) {
        if (k)
            ww_buf_puts(&out, k + 1 == n ? " en " : ", ");
        if (k == 0 && !everyone)
            ww_buf_puts(&out, others[k]); /* the sentence starts with it: keep the capital */
        else
            put_lowered(&out, others[k]);
    }
    return ww_buf_release(&out);
}

/* What comes before the ways to reach the provider, by toegang; after `uitleg` when `explain`. */
static const struct {
    const char *toegang, *intro;
    bool explain;
} JOIN[] = {
    {"vrij", "Heeft u een vraag? ", true},
    {"aanmelden", "Meld u aan: ", false},
    {"verwijzing", "Heeft u een verwijzing? Meld u dan aan: ", true},
    {"indicatie", "Heeft u een indicatie? Neem dan contact op: ", true},
};

/* "https://proef.example.org/buurttafel/" -> "proef.example.org/buurttafel" */
static char *short_site(const char *url)
{
    const char *s = url;
    if (!strncmp(s, "https://", 8))
        s += 8;
    else if (!strncmp(s, "http://", 7))
        s += 7;
    size_t n = strlen(s);
    while (n > 1 && s[n - 1] == '/')
        n--;
    return ww_xstrndup(s, n);
}

static void add_channel(json_t *channels, const char *verb, const char *text, char *url_owned)
{
    json_t *c = json_pack("{s:s,s:s}", "werkwoord", verb, "tekst", text);
    ww_set_owned_string(c, "url", url_owned);
    json_array_append_new(channels, c);
}

/* The entry's phone, e-mail and website; those of its organisation when it has none. */
static json_t *channels_of(const json_t *entry)
{
    const json_t *contact = json_object_get(entry, "contact");
    const json_t *org = json_object_get(entry, "organisatie");
    const char *phone = json_string_value(json_object_get(contact, "telefoon"));
    const char *mail = json_string_value(json_object_get(contact, "email"));
    const char *site = json_string_value(json_object_get(contact, "website"));
    if (!phone && !mail && !site) {
        phone = json_string_value(json_object_get(org, "telefoon"));
        mail = json_string_value(json_object_get(org, "email"));
        site = json_string_value(json_object_get(org, "website"));
    }
    json_t *channels = json_array();
    if (phone)
        add_channel(channels, "bel", phone, ww_tel_url(phone));
    if (mail)
        add_channel(channels, "mail", mail, ww_xasprintf("mailto:%s", mail));
    if (site) {
        char *shown = short_site(site);
        add_channel(channels, "kijk op", shown, ww_xstrdup(site));
        free(shown);
    }
    size_t n = json_array_size(channels);
    for (size_t k = 0; k < n; k++)
        json_object_set_new(json_array_get(channels, k), "voor",
                            json_string(k == 0       ? ""
                                        : k + 1 == n ? " of "
                                                     : ", "));
    return channels;
}

json_t *ww_entry_how_to_join(const ww_schema *schema, const json_t *entry)
{
    const char *toegang = json_string_value(json_object_get(entry, "toegang"));
    const ww_vocab_item *access = ww_page_vocab_item(schema, "toegang", toegang);
    if (!access)
        return NULL;
    const char *intro = "Heeft u een vraag? ";
    bool explain = true;
    for (size_t i = 0; i < sizeof JOIN / sizeof *JOIN; i++)
        if (!strcmp(JOIN[i].toegang, access->id)) {
            intro = JOIN[i].intro;
            explain = JOIN[i].explain;
        }
    json_t *channels = channels_of(entry);
    bool reachable = json_array_size(channels) > 0;
    /* After a question mark the next word starts a sentence: "Heeft u een vraag? Bel ..." */
    if (reachable && strstr(intro, "? ") == intro + strlen(intro) - 2) {
        json_t *first = json_array_get(channels, 0);
        char *verb = ww_xstrdup(json_string_value(json_object_get(first, "werkwoord")));
        verb[0] = (char)(verb[0] - 'a' + 'A');
        ww_set_owned_string(first, "werkwoord", verb);
    }
    json_t *how = json_pack("{s:s,s:o,s:b}", "label", access->label, "kanalen", channels,
                            "bereikbaar", reachable);
    if ((explain || !reachable) && access->explanation)
        json_object_set_new(how, "uitleg", json_string(access->explanation));
    if (reachable)
        json_object_set_new(how, "intro", json_string(intro));
    return how;
}

json_t *ww_entry_housing(const ww_schema *schema, const json_t *entry)
{
    const json_t *wonen = json_object_get(entry, "wonen");
    const char *kind = json_string_value(json_object_get(entry, "soort"));
    if (!kind || strcmp(kind, "beschermd-thuis") != 0 || !json_is_object(wonen))
        return NULL;
    json_t *home = json_pack(
        "{s:s,s:s}", "woonvorm",
        ww_page_label(schema, "woonvormen", json_string_value(json_object_get(wonen, "woonvorm"))),
        "begeleiding",
        ww_page_label(schema, "begeleiding",
                      json_string_value(json_object_get(wonen, "begeleiding"))));
    const json_t *places = json_object_get(wonen, "plaatsen");
    if (json_is_integer(places)) {
        json_int_t n = json_integer_value(places);
        ww_set_owned_string(home, "plaatsen_tekst",
                            ww_xasprintf("%lld %s", (long long)n, n == 1 ? "plaats" : "plaatsen"));
    }
    const json_t *wait = json_object_get(wonen, "wachttijd_weken");
    if (json_is_integer(wait)) {
        json_int_t n = json_integer_value(wait);
        ww_set_owned_string(home, "wachttijd_tekst",
                            n == 0 ? ww_xstrdup("Er is nu geen wachttijd")
                                   : ww_xasprintf("Ongeveer %lld %s wachttijd", (long long)n,
                                                  n == 1 ? "week" : "weken"));
    }
    return home;
}

bool ww_entry_unchecked_long(const json_t *entry, time_t now)
{
    const char *checked = json_string_value(json_object_get(entry, "laatst_gecontroleerd"));
    struct tm tm;
    localtime_r(&now, &tm);
    char today[WW_DATE_SIZE];
    strftime(today, sizeof today, "%Y-%m-%d", &tm);
    return checked && ww_days_between(checked, today) > 365;
}
