/* ww_partner_pages.c -- the partners' web pages; see ww_partner_pages.h. */
#include "ww_partner_pages.h"

#include "ww_catalog.h"
#include "ww_encoding.h"
#include "ww_entry.h"
#include "ww_form.h"
#include "ww_lookup.h"
#include "ww_overlap.h"
#include "ww_page_kit.h"
#include "ww_record.h"
#include "ww_server.h"
#include "ww_text.h"
#include "ww_time.h"
#include "ww_util.h"
#include "ww_verdicts.h"
#include "ww_validate.h"
#include "ww_write.h"
#include "ww_yaml.h"

#include <ctype.h>
#include <dirent.h>
#include <pthread.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

/* An entry checked longer ago than this is marked for a new check. */
enum { STALE_DAYS = 183 };

static const char ENTRY_PATH[] = "/partner/aanbod/";

static bool is_editor(const ww_session *s)
{
    return strcmp(s->organisation, WW_EDITOR_ORGANISATION) == 0;
}

/* ---- Pages ------------------------------------------------------------------------------ */

/* Field `field` of catalog record `id` as its file is written (valid or not), or the id itself
 * when it has none. Caller frees. */
static char *catalog_text(ww_server *srv, ww_record_kind kind, const char *id, const char *field)
{
    size_t len;
    char *bytes = ww_catalog_read(srv->catalog_dir, kind, id, &len, NULL);
    json_t *values = bytes ? ww_record_values(bytes, len) : NULL;
    const char *text = json_string_value(json_object_get(values, field));
    char *copy = ww_xstrdup(text ? text : id);
    json_decref(values);
    free(bytes);
    return copy;
}

/* The name of organisation `id` from its catalog file, or the id itself. Caller frees. */
static char *organisation_name(ww_server *srv, const char *id)
{
    if (strcmp(id, WW_EDITOR_ORGANISATION) == 0)
        return ww_xstrdup("Gemeente Zwolle (redactie)");
    return catalog_text(srv, WW_RECORD_ORGANISATION, id, "naam");
}

/* Renders a partner page: never cached, and with who is signed in (session may be NULL). */
static void render(ww_server *srv, ww_response *res, unsigned status, const char *name, json_t *ctx,
                   const ww_session *session)
{
    if (session) {
        char *org = organisation_name(srv, session->organisation);
        json_object_set_new(ctx, "ingelogd",
                            json_pack("{s:s,s:s}", "organisatie", org, "csrf", session->csrf));
        free(org);
    }
    ww_page_render(srv, res, status, name, ctx);
    ww_reply_header(res, "Cache-Control", "no-store");
}

static void message_page(ww_server *srv, ww_response *res, unsigned status,
                         const ww_session *session, const char *title, const char *message)
{
    render(srv, res, status, "partner-melding",
           json_pack("{s:s,s:s}", "paginatitel", title, "melding", message), session);
}

static void redirect(ww_response *res, const char *location)
{
    ww_reply_body(res, 303, "text/plain; charset=utf-8", ww_xstrdup("Zie elders\n"), 11);
    ww_reply_header(res, "Location", location);
    ww_reply_header(res, "Cache-Control", "no-store");
}

static void sign_in_page(ww_server *srv, ww_response *res, unsigned status, const char *error,
                         const char *notice)
{
    json_t *ctx = json_pack("{s:s,s:s?,s:s?,s:b}", "paginatitel", "Inloggen voor partners", "fout",
                            error, "melding", notice, "mogelijk", ww_server_writes(srv));
    render(srv, res, status, "partner-inloggen", ctx, NULL);
}

/* ---- Sessions and forged requests ------------------------------------------------------- */

/* A browser says where a POST comes from; a form on another site must not act here with the
 * partner's cookie. Sec-Fetch-Site is the clearest; Origin is "null" under our Referrer-Policy
 * (no-referrer), so it counts only when it names a site. Requests with neither (old browsers,
 * scripts) still need the session's CSRF token. */
static bool same_origin(const ww_request *req)
{
    if (req->fetch_site)
        return strcmp(req->fetch_site, "same-origin") == 0 || strcmp(req->fetch_site, "none") == 0;
    if (!req->origin || strcmp(req->origin, "null") == 0)
        return true;
    const char *host = strstr(req->origin, "://");
    return host && req->host && strcmp(host + 3, req->host) == 0;
}

static const char NOT_SIGNED_IN[] =
    "U bent niet (meer) ingelogd, dus er is niets opgeslagen. Log opnieuw in.";
static const char FORGED[] = "Dit verzoek kwam niet van een formulier van Wegwijzer, dus we hebben "
                             "er niets mee gedaan. Ga terug naar uw aanbod en probeer het daar "
                             "opnieuw.";

/* The session of a page; false after replying: a GET goes to the sign-in page, a POST without
 * a session is refused, and so is one from another site or without the session's CSRF token. */
static bool session_of(ww_server *srv, const ww_request *req, ww_response *res, ww_session *s)
{
    bool post = strcmp(req->method, "POST") == 0;
    if (!ww_server_writes(srv) || !ww_session_find(srv->sessions, req->cookie, s)) {
        if (post)
            sign_in_page(srv, res, ww_server_writes(srv) ? 403 : 503, NOT_SIGNED_IN, NULL);
        else
            redirect(res, "/partner");
        return false;
    }
    if (post && (!same_origin(req) || !ww_session_csrf_ok(s, ww_form_value(req, "csrf")))) {
        message_page(srv, res, 403, s, "Niet uitgevoerd", FORGED);
        return false;
    }
    return true;
}

/* Checks a pasted token and opens a session for it: its cookie value goes into `id`. */
static ww_auth sign_in_with(ww_server *srv, const char *token, ww_session *s, char id[44])
{
    char *bearer = ww_xasprintf("Bearer %s", token ? token + strspn(token, " \t") : "");
    bearer[strcspn(bearer + 7, " \t\r\n") + 7] = '\0'; /* a pasted token may end in a space */
    char org[96], token_id[17];
    ww_auth auth = ww_tokens_check(srv->tokens, bearer, org, token_id);
    sodium_memzero(bearer, strlen(bearer));
    free(bearer);
    if (auth == WW_AUTH_OK)
        ww_session_start(srv->sessions, org, token_id, id, s);
    return auth;
}

static const char *sign_in_problem(ww_auth auth)
{
    return auth == WW_AUTH_THROTTLED
               ? "U heeft te vaak een verkeerde toegangscode ingevuld. Wacht een minuut en "
                 "probeer het dan opnieuw."
               : "Deze toegangscode klopt niet, of hij is ingetrokken. Kijk of u de hele code "
                 "hebt geplakt. Lukt het niet, vraag dan de redactie van de gemeente om een "
                 "nieuwe toegangscode.";
}

static void set_session_cookie(const ww_request *req, ww_response *res, const char *id)
{
    char *cookie = ww_session_cookie(id, req->over_tls);
    ww_reply_header(res, "Set-Cookie", cookie);
    free(cookie);
}

void ww_partner_sign_in(ww_server *srv, const ww_request *req, ww_response *res)
{
    if (!ww_server_writes(srv)) {
        sign_in_page(srv, res, 503, NULL, NULL);
        return;
    }
    if (!same_origin(req)) {
        sign_in_page(srv, res, 403, "Inloggen kan alleen via dit formulier.", NULL);
        return;
    }
    ww_session s;
    char id[44];
    ww_auth auth = sign_in_with(srv, ww_form_value(req, "token"), &s, id);
    if (auth == WW_AUTH_OK) {
        redirect(res, "/partner");
        set_session_cookie(req, res, id);
    } else {
        sign_in_page(srv, res, auth == WW_AUTH_THROTTLED ? 429 : 403, sign_in_problem(auth), NULL);
        if (auth == WW_AUTH_THROTTLED)
            ww_reply_header(res, "Retry-After", "60");
    }
}

void ww_partner_sign_out(ww_server *srv, const ww_request *req, ww_response *res)
{
    ww_session s;
    if (!session_of(srv, req, res, &s))
        return;
    ww_session_end(srv->sessions, req->cookie);
    char *cookie = ww_session_cookie(NULL, req->over_tls);
    redirect(res, "/partner?uitgelogd=1");
    ww_reply_header(res, "Set-Cookie", cookie);
    free(cookie);
}

/* ---- The overview ----------------------------------------------------------------------- */

/* Days since the date `iso` (-1 when it is none). */
static long days_since(const char *iso, const char *today)
{
    return iso && ww_valid_date(iso) ? ww_days_between(iso, today) : -1;
}

/* "3 maanden geleden" and the like. Caller frees. */
static char *age_text(long days)
{
    if (days <= 0)
        return ww_xstrdup(days == 0 ? "vandaag" : "in de toekomst");
    if (days == 1)
        return ww_xstrdup("gisteren");
    if (days < 14)
        return ww_xasprintf("%ld dagen geleden", days);
    if (days < 61)
        return ww_xasprintf("%ld weken geleden", days / 7);
    if (days < 730)
        return ww_xasprintf("%ld maanden geleden", days / 30);
    return ww_xasprintf("%ld jaar geleden", days / 365);
}

static int by_last_check(const void *a, const void *b)
{
    const json_t *x = *(json_t *const *)a, *y = *(json_t *const *)b;
    json_int_t dx = json_integer_value(json_object_get(x, "dagen")),
               dy = json_integer_value(json_object_get(y, "dagen"));
    return dx != dy ? (dx < dy ? 1 : -1) /* the oldest check first */
                    : strcmp(json_string_value(json_object_get(x, "titel")),
                             json_string_value(json_object_get(y, "titel")));
}

/* One entry of the overview, or NULL when it belongs to someone else. */
static json_t *overview_item(ww_server *srv, const ww_session *s, const char *id, const char *today)
{
    size_t len;
    char *etag = NULL, *bytes = ww_catalog_read(srv->catalog_dir, WW_RECORD_ENTRY, id, &len, &etag);
    json_t *values = bytes ? ww_record_values(bytes, len) : NULL;
    const char *owner = json_string_value(json_object_get(values, "organisatie"));
    json_t *item = NULL;
    if (bytes && (is_editor(s) || (owner && strcmp(owner, s->organisation) == 0))) {
        ww_diag diag = {0};
        json_t *record =
            ww_record_parse_as(srv->schema, WW_RECORD_ENTRY, id, bytes, len, NULL, NULL, &diag);
        const char *title = json_string_value(json_object_get(values, "titel"));
        const char *checked = json_string_value(json_object_get(values, "laatst_gecontroleerd"));
        const char *until = json_string_value(json_object_get(values, "geldig_tot"));
        long days = days_since(checked, today);
        item = json_pack("{s:s,s:s,s:s,s:I,s:b,s:b,s:b,s:s,s:n}", "id", id, "titel",
                         title ? title : id, "etag", etag, "dagen",
                         (json_int_t)(days < 0 ? 1000000 : days), "fouten", record == NULL, "oud",
                         days < 0 || days > STALE_DAYS, "verlopen",
                         until && ww_valid_date(until) && strcmp(until, today) < 0, "organisatie",
                         owner ? owner : "", "ongedaan");
        char *date = ww_dutch_date(checked);
        if (date) {
            char *age = age_text(days);
            json_object_set_new(item, "gecontroleerd", json_string(date));
            json_object_set_new(item, "leeftijd", json_string(age));
            free(age);
        }
        free(date);
        json_decref(record);
        ww_diag_free(&diag);
    }
    json_decref(values);
    free(bytes);
    free(etag);
    return item;
}

/* Sorts a jansson array with `cmp` (jansson cannot sort in place: sort the pointers, then
 * rebuild). */
static void sort_items(json_t *items, int (*cmp)(const void *, const void *))
{
    size_t n = json_array_size(items);
    json_t **sorted = ww_xcalloc(n ? n : 1, sizeof *sorted);
    for (size_t i = 0; i < n; i++)
        sorted[i] = json_incref(json_array_get(items, i));
    qsort(sorted, n, sizeof *sorted, cmp);
    json_array_clear(items);
    for (size_t i = 0; i < n; i++)
        json_array_append_new(items, sorted[i]);
    free(sorted);
}

static json_t *own_entries(ww_server *srv, const ww_session *s)
{
    char today[WW_DATE_SIZE];
    ww_today(today);
    char *dir_path = ww_catalog_folder(srv->catalog_dir, WW_RECORD_ENTRY);
    DIR *dir = opendir(dir_path);
    free(dir_path);
    json_t *items = json_array();
    for (struct dirent *e; dir && (e = readdir(dir));) {
        char *id = ww_catalog_id_of(e->d_name);
        json_t *item = id && ww_valid_id(id) ? overview_item(srv, s, id, today) : NULL;
        if (item)
            json_array_append_new(items, item);
        free(id);
    }
    if (dir)
        closedir(dir);
    sort_items(items, by_last_check);
    return items;
}

/* ---- The editor's overview: by organisation, searched and in pages ---------------------- */

/* The gemeente's editors see every entry (hundreds): they get them grouped by organisation,
 * PER_PAGE at a time, with a search in title and organisation, a choice of organisation and
 * "alleen niet gecontroleerd sinds een half jaar". A partner sees its own few as one list. */
enum { PER_PAGE = 25, MAX_SEARCH = 200, MAX_PAGE = 100000 };

/* What GET /partner asks of the overview (strings borrowed from the request). */
typedef struct {
    const char *text;         /* q: in title or organisation name; NULL for all */
    const char *organisation; /* organisatie: one organisation's id; NULL for all */
    bool stale_only;          /* oud=1 */
    long page;                /* pagina, from 1 */
} overview_query;

/* The names of every organisation in the catalog, {id: naam}: a new object. */
static json_t *organisation_names(ww_server *srv)
{
    json_t *names = json_object();
    char *dir_path = ww_catalog_folder(srv->catalog_dir, WW_RECORD_ORGANISATION);
    DIR *dir = opendir(dir_path);
    free(dir_path);
    for (struct dirent *e; dir && (e = readdir(dir));) {
        char *id = ww_catalog_id_of(e->d_name);
        if (id && ww_valid_id(id))
            ww_set_owned_string(names, id, organisation_name(srv, id));
        free(id);
    }
    if (dir)
        closedir(dir);
    return names;
}

static int by_name(const void *a, const void *b)
{
    return strcmp(json_string_value(json_object_get(*(json_t *const *)a, "naam")),
                  json_string_value(json_object_get(*(json_t *const *)b, "naam")));
}

static int by_organisation(const void *a, const void *b)
{
    const json_t *x = *(json_t *const *)a, *y = *(json_t *const *)b;
    int c = strcmp(json_string_value(json_object_get(x, "sorteer")),
                   json_string_value(json_object_get(y, "sorteer")));
    return c ? c : by_last_check(a, b);
}

/* Whether item `item` passes the editor's query; `folded` is the folded search text. */
static bool wanted(const json_t *item, const overview_query *q, const char *folded)
{
    const char *org = json_string_value(json_object_get(item, "organisatie"));
    if (q->organisation && strcmp(org, q->organisation) != 0)
        return false;
    if (q->stale_only && !json_is_true(json_object_get(item, "oud")))
        return false;
    if (!folded || !folded[0])
        return true;
    char *title = ww_fold(json_string_value(json_object_get(item, "titel")));
    bool found = strstr(title, folded) ||
                 strstr(json_string_value(json_object_get(item, "sorteer")), folded);
    free(title);
    return found;
}

/* The link to page `page` of the same query. Caller frees. */
static char *page_url(const overview_query *q, long page)
{
    ww_param_set set = {.count = 0};
    if (q->text)
        ww_param_keep(&set, "q", q->text);
    if (q->organisation)
        ww_param_keep(&set, "organisatie", q->organisation);
    if (q->stale_only)
        ww_param_keep(&set, "oud", "1");
    char number[24];
    snprintf(number, sizeof number, "%ld", page);
    return ww_param_url("/partner", &set, NULL, NULL, "pagina", number);
}

/* The items of page q->page (clamped to the last) as groups per organisation, and the paging
 * and filter values, into `ctx`. Takes `items` (every entry, filtered here). */
static void editor_pages(json_t *ctx, json_t *items, json_t *names, const overview_query *q)
{
    char *folded = q->text ? ww_fold(q->text) : NULL;
    json_t *kept = json_array();
    for (size_t i = 0; i < json_array_size(items); i++) {
        json_t *item = json_array_get(items, i);
        const char *org = json_string_value(json_object_get(item, "organisatie"));
        const char *name = json_string_value(json_object_get(names, org));
        if (!name) /* an organisation without a file, or an entry that names none */
            name = org[0] ? org : "Zonder organisatie";
        json_object_set_new(item, "organisatie_naam", json_string(name));
        ww_set_owned_string(item, "sorteer", ww_fold(name));
        if (wanted(item, q, folded))
            json_array_append(kept, item);
    }
    free(folded);
    sort_items(kept, by_organisation);
    size_t n = json_array_size(kept);
    long pages = n ? (long)((n + PER_PAGE - 1) / PER_PAGE) : 1;
    long page = q->page > pages ? pages : q->page;
    json_t *groups = json_array(), *group = NULL;
    for (size_t i = (size_t)(page - 1) * PER_PAGE; i < n && i < (size_t)page * PER_PAGE; i++) {
        json_t *item = json_array_get(kept, i);
        const char *org = json_string_value(json_object_get(item, "organisatie"));
        if (!group || strcmp(json_string_value(json_object_get(group, "id")), org) != 0) {
            group = json_pack("{s:s,s:O,s:[]}", "id", org, "naam",
                              json_object_get(item, "organisatie_naam"), "items");
            json_array_append_new(groups, group);
        }
        json_array_append(json_object_get(group, "items"), item);
    }
    json_object_set_new(ctx, "groepen", groups);
    json_object_set_new(ctx, "gevonden", json_integer((json_int_t)n));
    json_object_set_new(ctx, "gefilterd",
                        json_boolean(q->text || q->organisation || q->stale_only));
    if (pages > 1) {
        json_t *paging =
            json_pack("{s:I,s:I}", "huidige", (json_int_t)page, "totaal", (json_int_t)pages);
        if (page > 1)
            ww_set_owned_string(paging, "vorige", page_url(q, page - 1));
        if (page < pages)
            ww_set_owned_string(paging, "volgende", page_url(q, page + 1));
        json_object_set_new(ctx, "paginas", paging);
    }
    json_t *choices = json_array();
    const char *id;
    json_t *name;
    json_object_foreach(names, id, name)
    {
        json_array_append_new(choices,
                              json_pack("{s:s,s:O,s:b}", "id", id, "naam", name, "gekozen",
                                        q->organisation && strcmp(q->organisation, id) == 0));
    }
    sort_items(choices, by_name);
    json_object_set_new(ctx, "filter",
                        json_pack("{s:s,s:o,s:b}", "q", q->text ? q->text : "", "organisaties",
                                  choices, "oud", q->stale_only));
    json_decref(kept);
    json_decref(items);
}

/* The query of GET /partner for an editor; false after replying 400 with what is wrong. */
static bool editor_query(ww_server *srv, const ww_request *req, ww_response *res,
                         const ww_session *s, overview_query *q);

/* "Klopt nog" just confirmed: what it takes to undo it (strings borrowed). */
typedef struct {
    const char *id, *previous, *when, *version, *signature;
} undo_ticket;

/* The overview, with `notice` (or an error) above it; `q` is the editor's query (NULL: all, page
 * 1) and `undo` (may be NULL) the "Klopt nog" that can still be undone. */
static void overview(ww_server *srv, ww_response *res, unsigned status, const ww_session *s,
                     const char *notice, const char *error, const overview_query *q,
                     const undo_ticket *undo)
{
    json_t *items = own_entries(srv, s);
    size_t stale = 0;
    for (size_t i = 0; i < json_array_size(items); i++) {
        json_t *item = json_array_get(items, i);
        stale += json_is_true(json_object_get(item, "oud"));
        if (undo && strcmp(json_string_value(json_object_get(item, "id")), undo->id) == 0) {
            char *date = ww_dutch_date(undo->previous);
            json_object_set_new(item, "ongedaan",
                                json_pack("{s:s,s:s,s:s,s:s,s:s}", "vorige", undo->previous,
                                          "vorige_tekst", date ? date : undo->previous, "tijd",
                                          undo->when, "versie", undo->version, "teken",
                                          undo->signature));
            free(date);
        }
    }
    json_t *ctx = json_pack("{s:s,s:i,s:i,s:s?,s:s?,s:b}", "paginatitel", "Uw aanbod", "aantal",
                            (json_int_t)json_array_size(items), "aantal_oud", (json_int_t)stale,
                            "melding", notice, "fout", error, "redacteur", is_editor(s));
    if (is_editor(s)) {
        overview_query all = {NULL, NULL, false, 1};
        json_t *names = organisation_names(srv);
        editor_pages(ctx, items, names, q ? q : &all);
        json_decref(names);
    } else {
        json_object_set_new(ctx, "groepen", json_pack("[{s:n,s:o}]", "naam", "items", items));
    }
    render(srv, res, status, "partner-overzicht", ctx, s);
}

/* The title of entry `id` for a message, or the id. Caller frees. */
static char *title_of(ww_server *srv, const char *id)
{
    return catalog_text(srv, WW_RECORD_ENTRY, id, "titel");
}

/* `text` as a whole number from 1 to `max` (digits only), or -1. */
static long long whole_number(const char *text, long long max)
{
    if (!text || !text[0] || strspn(text, "0123456789") != strlen(text) || strlen(text) > 15)
        return -1;
    long long n = strtoll(text, NULL, 10);
    return n >= 1 && n <= max ? n : -1;
}

static bool editor_query(ww_server *srv, const ww_request *req, ww_response *res,
                         const ww_session *s, overview_query *q)
{
    const char *text = NULL, *org = NULL, *stale = NULL, *page = NULL;
    ww_request_params(req, "q", &text, 1);
    ww_request_params(req, "organisatie", &org, 1);
    ww_request_params(req, "oud", &stale, 1);
    ww_request_params(req, "pagina", &page, 1);
    const char *problem = NULL;
    char *org_file = org && org[0] && ww_valid_id(org)
                         ? ww_catalog_file(srv->catalog_dir, WW_RECORD_ORGANISATION, org)
                         : NULL;
    struct stat st;
    if (text && ww_utf8_length(text, strlen(text)) > MAX_SEARCH)
        problem = "De zoektekst is te lang. Gebruik hoogstens 200 tekens.";
    else if (org && org[0] && (!org_file || stat(org_file, &st) != 0))
        problem = "Deze organisatie staat niet in Wegwijzer. Kies een organisatie uit de lijst.";
    else if (stale && stale[0] && strcmp(stale, "1") != 0)
        problem = "Voor 'alleen niet gecontroleerd' kan alleen 1 staan.";
    else if (page && whole_number(page, MAX_PAGE) < 0)
        problem = "Het paginanummer moet een heel getal zijn, 1 of hoger.";
    free(org_file);
    if (problem) {
        message_page(srv, res, 400, s, "Dit zoeken lukte niet", problem);
        return false;
    }
    *q = (overview_query){text && text[0] ? text : NULL, org && org[0] ? org : NULL,
                          stale && stale[0], page ? (long)whole_number(page, MAX_PAGE) : 1};
    return true;
}

static bool undo_valid(const ww_session *s, const undo_ticket *t, bool *expired);

/* What the index makes of entry `id`'s locations, for the partner who just saved it (as the API's
 * answer says it): " Let op: ..." for each location placed only by its postcode, or not at
 * all; NULL when there is nothing to say. Caller frees. */
static char *place_warnings(ww_server *srv, const char *id)
{
    size_t len;
    char *bytes = ww_catalog_read(srv->catalog_dir, WW_RECORD_ENTRY, id, &len, NULL);
    ww_diag parsed = {0}, diag = {0};
    json_t *record = bytes ? ww_record_parse_as(srv->schema, WW_RECORD_ENTRY, id, bytes, len, NULL,
                                                NULL, &parsed)
                           : NULL;
    ww_diag_free(&parsed);
    if (record)
        ww_entry_place_warnings(srv->schema, record, "", &diag);
    ww_buf text = {0};
    for (size_t i = 0; i < diag.count; i++) { /* path "locaties[2]": "locatie 2" */
        const char *number = diag.items[i].path + strcspn(diag.items[i].path, "0123456789");
        ww_buf_printf(&text, " Let op, locatie %.*s: %s", (int)strspn(number, "0123456789"), number,
                      diag.items[i].message);
    }
    json_decref(record);
    free(bytes);
    ww_diag_free(&diag);
    return text.len ? ww_buf_release(&text) : NULL;
}

/* The notice above the overview after a save, a check, an undo or archiving. Caller frees. */
static char *overview_notice(ww_server *srv, const ww_request *req)
{
    static const char *const KEYS[] = {"opgeslagen", "klopt", "teruggezet", "gearchiveerd"};
    const char *v[4] = {NULL}, *later = NULL;
    for (size_t i = 0; i < 4; i++)
        ww_request_params(req, KEYS[i], &v[i], 1);
    ww_request_params(req, "later", &later, 1);
    if (v[3] && ww_valid_id(v[3]))
        return ww_xasprintf("Het aanbod '%s' is gearchiveerd. Het is niet meer te vinden; de "
                            "gemeente bewaart het in het archief.",
                            v[3]);
    const char *id = v[0] ? v[0] : v[1] ? v[1] : v[2];
    if (!id || !ww_valid_id(id))
        return NULL;
    char *title = title_of(srv, id), *notice;
    if (v[0]) {
        char *places = place_warnings(srv, id);
        notice = ww_xasprintf("'%s' is opgeslagen. %s%s", title,
                              later ? "Het staat in de zoekresultaten zodra de index vrij is, "
                                      "meestal binnen een minuut."
                                    : "Het staat nu zo in de zoekresultaten.",
                              places ? places : "");
        free(places);
    } else if (v[1])
        notice = ww_xasprintf("Dank u. '%s' staat nu op gecontroleerd: vandaag.", title);
    else
        notice = ww_xasprintf("'%s' staat weer op de datum van de vorige controle.", title);
    free(title);
    return notice;
}

void ww_partner_home(ww_server *srv, const ww_request *req, ww_response *res)
{
    ww_session s;
    if (!ww_server_writes(srv) || !ww_session_find(srv->sessions, req->cookie, &s)) {
        const char *out = NULL;
        sign_in_page(srv, res, ww_server_writes(srv) ? 200 : 503, NULL,
                     ww_request_params(req, "uitgelogd", &out, 1) ? "U bent uitgelogd." : NULL);
        return;
    }
    overview_query q = {NULL, NULL, false, 1};
    if (is_editor(&s) && !editor_query(srv, req, res, &s, &q))
        return;
    undo_ticket t = {NULL, NULL, NULL, NULL, NULL};
    static const char *const UNDO_KEYS[] = {"klopt", "vorige", "tijd", "versie", "teken"};
    const char **fields[] = {&t.id, &t.previous, &t.when, &t.version, &t.signature};
    for (size_t i = 0; i < 5; i++)
        ww_request_params(req, UNDO_KEYS[i], fields[i], 1);
    bool expired;
    char *notice = overview_notice(srv, req);
    overview(srv, res, 200, &s, notice, NULL, &q, undo_valid(&s, &t, &expired) ? &t : NULL);
    free(notice);
}

/* ---- The form --------------------------------------------------------------------------- */

/* The form for entry `id` (NULL: a new one) with `values`, `errors` beside the fields and
 * `notice` above them; `etag` is the version the form changes. Without a session (it ended
 * while the partner typed), the form asks for the token again, with `token_error` if the last
 * one was wrong, so that nothing typed is lost. */
static void form_page(ww_server *srv, ww_response *res, unsigned status, const ww_session *s,
                      const char *id, const json_t *values, json_t *errors, const char *etag,
                      const char *notice, const char *token_error)
{
    bool editor = s ? is_editor(s) : json_object_get(values, "organisatie") != NULL;
    json_t *sections =
        ww_form_sections(srv->schema, ww_form_fields(srv->schema, values, errors, editor), values);
    /* The heading names the entry as it is stored, not as it is being typed. */
    char *title = id ? title_of(srv, id) : NULL;
    char *heading = id ? ww_xasprintf("Wijzig: %s", title) : ww_xstrdup("Nieuw aanbod");
    free(title);
    char *action = id ? ww_xasprintf("%s%s", ENTRY_PATH, id) : ww_xstrdup("/partner/nieuw");
    json_t *ctx = json_pack(
        "{s:s,s:s,s:o,s:O,s:i,s:s?,s:s?,s:s?,s:b,s:b,s:s?}", "paginatitel", heading, "actie",
        action, "delen", sections, "fouten", errors ? errors : json_null(), "aantal_fouten",
        (json_int_t)json_array_size(errors), "etag", etag, "melding", notice, "id", id, "nieuw",
        id == NULL, "opnieuw_inloggen", s == NULL, "token_fout", token_error);
    render(srv, res, status, "partner-formulier", ctx, s);
    free(action);
    free(heading);
}

/* The entry's file for a signed-in partner; false after replying (404, 403). */
static bool own_entry(ww_server *srv, ww_response *res, const ww_session *s, const char *id,
                      char **bytes, size_t *len, char **etag)
{
    *bytes =
        ww_valid_id(id) ? ww_catalog_read(srv->catalog_dir, WW_RECORD_ENTRY, id, len, etag) : NULL;
    if (!*bytes) {
        message_page(srv, res, 404, s, "Niet gevonden", "Er is geen aanbod met deze code.");
        return false;
    }
    bool mine = ww_may_change(s->organisation, *bytes, *len);
    if (!mine) {
        message_page(srv, res, 403, s, "Niet van uw organisatie",
                     "Dit aanbod is van een andere organisatie. U kunt alleen uw eigen aanbod "
                     "wijzigen.");
        free(*bytes);
        *bytes = NULL;
        free(*etag);
        *etag = NULL;
    }
    return mine;
}

typedef enum { FORM, CONFIRM, ARCHIVE, UNDO } entry_action;

/* The id (caller frees) and the action of a path /partner/aanbod/<id>[/klopt|/archiveren];
 * NULL when it names no entry. */
static char *entry_of_path(const ww_request *req, entry_action *action)
{
    static const struct {
        const char *suffix;
        entry_action action;
    } SUFFIXES[] = {{"/klopt", CONFIRM}, {"/archiveren", ARCHIVE}, {"/ongedaan", UNDO}};
    char *id = ww_xstrdup(req->path + strlen(ENTRY_PATH));
    *action = FORM;
    for (size_t i = 0; i < sizeof SUFFIXES / sizeof *SUFFIXES; i++) {
        size_t n = strlen(id), k = strlen(SUFFIXES[i].suffix);
        if (n > k && strcmp(id + n - k, SUFFIXES[i].suffix) == 0) {
            id[n - k] = '\0';
            *action = SUFFIXES[i].action;
        }
    }
    if (req->bad_encoding || !ww_valid_id(id)) {
        free(id);
        return NULL;
    }
    return id;
}

static void confirm_page(ww_server *srv, ww_response *res, const ww_session *s, const char *id,
                         const json_t *values, const char *etag);

void ww_partner_edit(ww_server *srv, const ww_request *req, ww_response *res)
{
    ww_session s;
    if (!session_of(srv, req, res, &s))
        return;
    entry_action action;
    char *id = entry_of_path(req, &action), *bytes = NULL, *etag = NULL;
    size_t len;
    if (!id || action == UNDO) {
        message_page(srv, res, 404, &s, "Niet gevonden", "Er is geen aanbod met deze code.");
    } else if (own_entry(srv, res, &s, id, &bytes, &len, &etag)) {
        json_t *values = ww_record_values(bytes, len);
        if (action == CONFIRM) {
            confirm_page(srv, res, &s, id, values, etag);
        } else if (action == ARCHIVE) {
            const char *title = json_string_value(json_object_get(values, "titel"));
            render(srv, res, 200, "partner-archiveren",
                   json_pack("{s:s,s:s,s:s,s:s}", "paginatitel", "Aanbod archiveren", "id", id,
                             "titel", title ? title : id, "etag", etag),
                   &s);
        } else {
            /* The file's own problems are shown at once, beside the fields they concern. */
            ww_diag diag = {0};
            json_decref(ww_record_parse_as(srv->schema, WW_RECORD_ENTRY, id, bytes, len, NULL, NULL,
                                           &diag));
            json_t *errors = ww_diag_to_json(&diag, WW_DIAG_ERROR, false);
            form_page(srv, res, 200, &s, id, values, errors, etag,
                      json_array_size(errors)
                          ? "Dit aanbod heeft fouten, en staat daarom niet in de zoekresultaten. "
                            "Verbeter ze hieronder."
                          : NULL,
                      NULL);
            json_decref(errors);
            ww_diag_free(&diag);
        }
        json_decref(values);
    }
    free(bytes);
    free(etag);
    free(id);
}

void ww_partner_new(ww_server *srv, const ww_request *req, ww_response *res)
{
    ww_session s;
    if (session_of(srv, req, res, &s))
        form_page(srv, res, 200, &s, NULL, NULL, NULL, NULL, NULL, NULL);
}

/* An id for a new entry from its title ("Koffie & praat!" -> "koffie-praat"), free in the
 * catalog. Caller frees. */
static char *new_id(ww_server *srv, const char *title)
{
    char *folded = title ? ww_fold(title) : NULL;
    ww_buf slug = {0};
    for (const char *p = folded ? folded : ""; *p && slug.len < 60; p++) {
        if ((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9'))
            ww_buf_putc(&slug, *p);
        else if (slug.len && slug.data[slug.len - 1] != '-')
            ww_buf_putc(&slug, '-');
    }
    free(folded);
    while (slug.len && slug.data[slug.len - 1] == '-')
        slug.data[--slug.len] = '\0';
    char *base = slug.len >= 3 && slug.data[0] >= 'a' && slug.data[0] <= 'z'
                     ? ww_buf_release(&slug)
                     : (ww_buf_free(&slug), ww_xstrdup("aanbod"));
    char *id = ww_xstrdup(base);
    for (unsigned n = 2; n < 10000; n++) {
        char *path = ww_catalog_file(srv->catalog_dir, WW_RECORD_ENTRY, id);
        struct stat st;
        bool taken = stat(path, &st) == 0;
        free(path);
        if (!taken)
            break;
        free(id);
        id = ww_xasprintf("%s-%u", base, n);
    }
    free(base);
    return id;
}

/* The write path's message when it refused for another reason than the form's content. */
static void refused_page(ww_server *srv, ww_response *res, const ww_session *s, const char *title,
                         const ww_write_result *r)
{
    message_page(srv, res, ww_write_status(r->outcome), s, title,
                 r->message ? r->message : "Er ging iets mis. Probeer het later opnieuw.");
}

static bool written(const ww_write_result *r)
{
    return r->outcome == WW_WRITE_CREATED || r->outcome == WW_WRITE_CHANGED ||
           r->outcome == WW_WRITE_UNCHANGED;
}

/* The record the posted form describes, as entry `id` of the signed-in organisation. Saving the
 * form is checking the entry: its date of the last check becomes today. Caller owns. */
static json_t *posted_record(ww_server *srv, const ww_request *req, const ww_session *s,
                             const char *id)
{
    char today[WW_DATE_SIZE];
    ww_today(today);
    json_t *managed = json_pack("{s:s,s:s}", "id", id, "laatst_gecontroleerd", today);
    if (!is_editor(s))
        json_object_set_new(managed, "organisatie", json_string(s->organisation));
    json_t *record = ww_form_record(srv->schema, req, managed);
    json_decref(managed);
    return record;
}

/* Stores the posted form as entry `id` (NULL: a new entry). */
static void save_form(ww_server *srv, const ww_request *req, ww_response *res, const ww_session *s,
                      const char *id)
{
    char *fresh_id = id ? NULL : new_id(srv, ww_form_value(req, "titel"));
    const char *entry_id = id ? id : fresh_id;
    json_t *record = posted_record(srv, req, s, entry_id);
    char *bytes = ww_yaml_emit(record);
    const char *etag = ww_form_value(req, "etag");
    if (etag && !etag[0])
        etag = NULL;
    ww_write_result r;
    ww_write_entry(srv, s->organisation, s->token_id, entry_id, bytes ? bytes : "",
                   bytes ? strlen(bytes) : 0, etag, &r);
    if (written(&r)) {
        char *location =
            ww_xasprintf("/partner?opgeslagen=%s%s", entry_id,
                         r.outcome != WW_WRITE_UNCHANGED && !r.indexed ? "&later=1" : "");
        redirect(res, location);
        free(location);
    } else if (r.outcome == WW_WRITE_INVALID) {
        json_t *errors = ww_diag_to_json(&r.diag, WW_DIAG_ERROR, false);
        form_page(srv, res, 422, s, id, record, errors, etag,
                  "Het aanbod is nog niet opgeslagen. Verbeter de punten hieronder.", NULL);
        json_decref(errors);
    } else if (r.outcome == WW_WRITE_STALE || r.outcome == WW_WRITE_VERSION_REQUIRED) {
        /* Someone else saved in between: keep this partner's text, and let them decide. */
        form_page(srv, res, 409, s, id, record, NULL, r.etag,
                  id ? "Iemand anders heeft dit aanbod intussen gewijzigd. Uw wijzigingen staan "
                       "hieronder nog. Kijk ze na en sla opnieuw op: dan vervangt uw versie die "
                       "van de ander."
                     : "Er bestaat intussen al aanbod met deze titel. Kies een andere titel.",
                  NULL);
    } else {
        refused_page(srv, res, s, "Niet opgeslagen", &r);
    }
    ww_write_result_free(&r);
    json_decref(record);
    free(bytes);
    free(fresh_id);
}

/* The session for saving a form. When it ended while the partner typed (idle too long, a
 * restart), the form comes back with everything typed and a field for the token; the next POST
 * signs in with it and saves. False after replying. */
static bool session_to_save(ww_server *srv, const ww_request *req, ww_response *res, ww_session *s,
                            const char *id)
{
    if (!ww_server_writes(srv) || !same_origin(req) ||
        ww_session_find(srv->sessions, req->cookie, s))
        return session_of(srv, req, res, s);
    const char *token = ww_form_value(req, "token");
    char cookie_id[44];
    ww_auth auth = token && token[0] ? sign_in_with(srv, token, s, cookie_id) : WW_AUTH_MISSING;
    if (auth == WW_AUTH_OK) {
        set_session_cookie(req, res, cookie_id);
        return true; /* the token itself shows that this partner sent the form */
    }
    json_t *values = ww_form_record(srv->schema, req, NULL);
    const char *etag = ww_form_value(req, "etag");
    form_page(srv, res, 403, NULL, id, values, NULL, etag && etag[0] ? etag : NULL,
              "U was te lang niet actief en bent uitgelogd. Er is nog niets opgeslagen, maar uw "
              "tekst staat hieronder nog. Vul uw toegangscode in en sla opnieuw op.",
              auth == WW_AUTH_MISSING ? NULL : sign_in_problem(auth));
    json_decref(values);
    return false;
}

void ww_partner_create(ww_server *srv, const ww_request *req, ww_response *res)
{
    ww_session s;
    if (session_to_save(srv, req, res, &s, NULL))
        save_form(srv, req, res, &s, NULL);
}

static void archive(ww_server *srv, const ww_request *req, ww_response *res, const ww_session *s,
                    const char *id)
{
    ww_write_result r;
    ww_write_archive(srv, s->organisation, s->token_id, id, ww_form_value(req, "etag"), &r);
    if (r.outcome == WW_WRITE_ARCHIVED) {
        char *location = ww_xasprintf("/partner?gearchiveerd=%s", id);
        redirect(res, location);
        free(location);
    } else if (r.outcome == WW_WRITE_STALE) {
        overview(srv, res, 409, s, NULL,
                 "Dit aanbod is intussen gewijzigd en daarom niet gearchiveerd. Bekijk het eerst.",
                 NULL, NULL);
    } else {
        refused_page(srv, res, s, "Niet gearchiveerd", &r);
    }
    ww_write_result_free(&r);
}

/* The file's text with laatst_gecontroleerd set to `date`, changed on that one line so that
 * the partner's own layout and comments stay. Caller frees. */
static char *with_check_date(const char *text, const char *date)
{
    static const char KEY[] = "laatst_gecontroleerd:";
    ww_buf out = {0};
    bool done = false;
    for (const char *line = text; *line;) {
        size_t len = strcspn(line, "\n");
        if (!done && strncmp(line, KEY, sizeof KEY - 1) == 0) {
            ww_buf_printf(&out, "%s %s", KEY, date);
            done = true;
        } else {
            ww_buf_append(&out, line, len);
        }
        line += len;
        if (*line == '\n') {
            ww_buf_putc(&out, '\n');
            line++;
        }
    }
    if (!done)
        ww_buf_printf(&out, "%s%s %s\n", out.len && out.data[out.len - 1] != '\n' ? "\n" : "", KEY,
                      date);
    return out.data ? ww_buf_release(&out) : ww_xstrdup("");
}

/* ---- "Klopt nog", and undoing it --------------------------------------------------------- */

/* "Klopt nog" can be undone for a while (UNDO_SECONDS, or WW_UNDO_SECONDS from the environment:
 * tests set a second or two). The overview carries what the undo needs (the entry, the date
 * before, the moment and the version the check wrote) in its link, signed with a key of this
 * process, so that neither the moment nor the date can be made up; a restart ends every undo. */
enum { UNDO_SECONDS = 60 };
static const long long MAX_TIME = 99999999999LL; /* seconds since 1970, beyond any clock */
static unsigned char undo_key[crypto_auth_KEYBYTES];
static long long undo_window = UNDO_SECONDS;
static pthread_once_t undo_once = PTHREAD_ONCE_INIT;

static void undo_init(void)
{
    if (sodium_init() < 0)
        abort(); /* the tokens need libsodium too: the server does not start without it */
    crypto_auth_keygen(undo_key);
    long long seconds = whole_number(getenv("WW_UNDO_SECONDS"), 3600);
    if (seconds > 0)
        undo_window = seconds;
}

/* The signature of ticket `t` for organisation `org`, in hex. Caller frees. */
static char *undo_signature(const char *org, const undo_ticket *t)
{
    pthread_once(&undo_once, undo_init);
    char *message =
        ww_xasprintf("%s\n%s\n%s\n%s\n%s", org, t->id, t->previous, t->when, t->version);
    unsigned char mac[crypto_auth_BYTES];
    crypto_auth(mac, (const unsigned char *)message, strlen(message), undo_key);
    free(message);
    char *hex = ww_xmalloc(2 * sizeof mac + 1);
    sodium_bin2hex(hex, 2 * sizeof mac + 1, mac, sizeof mac);
    return hex;
}

/* Whether `t` is whole, made by this server for this organisation, and (unless *expired) still
 * in its window. */
static bool undo_valid(const ww_session *s, const undo_ticket *t, bool *expired)
{
    *expired = false;
    if (!t->id || !ww_valid_id(t->id) || !t->previous || !ww_valid_date(t->previous) || !t->when ||
        whole_number(t->when, MAX_TIME) < 0 || !t->version || !t->signature)
        return false;
    char *expected = undo_signature(s->organisation, t);
    bool genuine = strlen(t->signature) == strlen(expected) &&
                   sodium_memcmp(expected, t->signature, strlen(expected)) == 0;
    free(expected);
    long long age = (long long)time(NULL) - whole_number(t->when, MAX_TIME);
    *expired = genuine && (age < 0 || age >= undo_window);
    return genuine && !*expired;
}

/* The file's text (decoded to UTF-8) with its check date set to `date`. Caller frees. */
static char *text_with_date(const char *bytes, size_t len, const char *date)
{
    ww_utf8_text text;
    ww_encoding_error err;
    if (ww_decode(bytes, len, &text, &err) != 0) {
        text.text = NULL;
        text.len = 0;
    }
    char *updated = with_check_date(text.text ? text.text : "", date);
    free(text.text);
    return updated;
}

/* Where the browser goes after a check: the overview, with the undo when there is one. */
static char *confirmed_location(const ww_session *s, const char *id, const char *previous,
                                const ww_write_result *r)
{
    if (!previous || !ww_valid_date(previous) || r->outcome == WW_WRITE_UNCHANGED || !r->etag)
        return ww_xasprintf("/partner?klopt=%s", id);
    char when[24];
    snprintf(when, sizeof when, "%lld", (long long)time(NULL));
    undo_ticket t = {id, previous, when, r->etag, NULL};
    char *signature = undo_signature(s->organisation, &t);
    ww_param_set set = {.count = 0};
    ww_param_keep(&set, "klopt", id);
    ww_param_keep(&set, "vorige", previous);
    ww_param_keep(&set, "tijd", when);
    ww_param_keep(&set, "versie", r->etag);
    ww_param_keep(&set, "teken", signature);
    char *location = ww_param_url("/partner", &set, NULL, NULL, NULL, NULL);
    free(signature);
    return location;
}

/* "Klopt nog" for the partner's entry `id`, whose file holds `bytes`. */
static void confirm(ww_server *srv, const ww_request *req, ww_response *res, const ww_session *s,
                    const char *id, const char *bytes, size_t len)
{
    char today[WW_DATE_SIZE];
    ww_today(today);
    json_t *values = ww_record_values(bytes, len);
    char *updated = text_with_date(bytes, len, today);
    ww_write_result r;
    ww_write_entry(srv, s->organisation, s->token_id, id, updated, strlen(updated),
                   ww_form_value(req, "etag"), &r);
    if (written(&r)) {
        char *location = confirmed_location(
            s, id, json_string_value(json_object_get(values, "laatst_gecontroleerd")), &r);
        redirect(res, location);
        free(location);
    } else if (r.outcome == WW_WRITE_STALE || r.outcome == WW_WRITE_VERSION_REQUIRED) {
        overview(srv, res, 409, s, NULL,
                 "Dit aanbod is intussen gewijzigd. Open het en kijk of het nog klopt.", NULL,
                 NULL);
    } else if (r.outcome == WW_WRITE_INVALID) {
        overview(srv, res, 422, s, NULL,
                 "Dit aanbod heeft fouten. Open het en verbeter ze; bij opslaan staat het ook "
                 "meteen op gecontroleerd.",
                 NULL, NULL);
    } else {
        refused_page(srv, res, s, "Niet opgeslagen", &r);
    }
    ww_write_result_free(&r);
    json_decref(values);
    free(updated);
}

/* Undoes a "Klopt nog": the date of the check before goes back, through the same write path
 * (If-Match on the version the check wrote, a line in the audit trail). */
static void undo(ww_server *srv, const ww_request *req, ww_response *res, const ww_session *s,
                 const char *id, const char *bytes, size_t len)
{
    undo_ticket t = {id, ww_form_value(req, "vorige"), ww_form_value(req, "tijd"),
                     ww_form_value(req, "versie"), ww_form_value(req, "teken")};
    bool expired;
    if (!undo_valid(s, &t, &expired)) {
        if (expired)
            overview(srv, res, 409, s, NULL,
                     "Ongedaan maken kan alleen in de eerste minuut na 'Klopt nog'. Die minuut is "
                     "voorbij, dus er is niets veranderd.",
                     NULL, NULL);
        else
            message_page(srv, res, 400, s, "Niet uitgevoerd",
                         "Dit verzoek om ongedaan te maken klopt niet, dus er is niets gewijzigd. "
                         "Ga terug naar uw aanbod.");
        return;
    }
    char *restored = text_with_date(bytes, len, t.previous);
    ww_write_result r;
    ww_write_entry(srv, s->organisation, s->token_id, id, restored, strlen(restored), t.version,
                   &r);
    if (written(&r)) {
        char *location = ww_xasprintf("/partner?teruggezet=%s", id);
        redirect(res, location);
        free(location);
    } else if (r.outcome == WW_WRITE_STALE || r.outcome == WW_WRITE_VERSION_REQUIRED) {
        overview(srv, res, 409, s, NULL,
                 "Dit aanbod is na 'Klopt nog' nog eens gewijzigd. Daarom is de controle niet "
                 "ongedaan gemaakt.",
                 NULL, NULL);
    } else {
        refused_page(srv, res, s, "Niet ongedaan gemaakt", &r);
    }
    ww_write_result_free(&r);
    free(restored);
}

/* ---- The entry's summary for "Klopt nog" -------------------------------------------------- */

/* "dinsdag en donderdag, 09:30 tot 11:30" for each time of the entry. */
static json_t *times_of(ww_server *srv, const json_t *values)
{
    json_t *lines = json_array();
    const json_t *times = json_object_get(values, "tijden");
    for (size_t i = 0; i < json_array_size(times); i++) {
        const json_t *t = json_array_get(times, i);
        const json_t *days = json_object_get(t, "dagen");
        char *day_text = json_array_size(days) ? ww_page_joined_labels(srv->schema, "dagen", days)
                                               : ww_xstrdup("");
        const char *from = json_string_value(json_object_get(t, "van"));
        const char *to = json_string_value(json_object_get(t, "tot"));
        json_array_append_new(lines,
                              json_sprintf("%s%s%s%s%s", day_text, from && day_text[0] ? ", " : "",
                                           from ? from : "", to ? " tot " : "", to ? to : ""));
        free(day_text);
    }
    return lines;
}

/* "Buurthuis De Kern, Assendorperstraat 1, 8012 AB Zwolle" for each location. */
static json_t *places_of(const json_t *values)
{
    json_t *lines = json_array();
    const json_t *places = json_object_get(values, "locaties");
    static const char *const PARTS[] = {"naam", "adres", "postcode", "plaats"};
    for (size_t i = 0; i < json_array_size(places); i++) {
        ww_buf line = {0};
        for (size_t k = 0; k < 4; k++) {
            const char *part =
                json_string_value(json_object_get(json_array_get(places, i), PARTS[k]));
            if (part && part[0])
                ww_buf_printf(&line, "%s%s", line.len ? (k == 3 ? " " : ", ") : "", part);
        }
        if (line.len)
            json_array_append_new(lines, json_string(line.data));
        ww_buf_free(&line);
    }
    return lines;
}

/* What a partner must check before saying it is still right: a new object (caller owns). */
static json_t *entry_summary(ww_server *srv, const json_t *values)
{
    const json_t *wijken = json_object_get(values, "wijken");
    const json_t *contact = json_object_get(values, "contact");
    const json_t *costs = json_object_get(values, "kosten");
    char *where =
        json_array_size(wijken) ? ww_page_joined_labels(srv->schema, "wijken", wijken) : NULL;
    char *checked =
        ww_dutch_date(json_string_value(json_object_get(values, "laatst_gecontroleerd")));
    json_t *summary = json_pack(
        "{s:O?,s:O?,s:o,s:O?,s:o,s:s?,s:O?,s:O?,s:O?,s:s?,s:s?,s:O?,s:s?}", "titel",
        json_object_get(values, "titel"), "samenvatting", json_object_get(values, "samenvatting"),
        "tijden", times_of(srv, values), "tijden_toelichting",
        json_object_get(values, "tijden_toelichting"), "locaties", places_of(values), "wijken",
        where, "telefoon", json_object_get(contact, "telefoon"), "email",
        json_object_get(contact, "email"), "website", json_object_get(contact, "website"), "kosten",
        ww_page_label(srv->schema, "kosten", json_string_value(json_object_get(costs, "soort"))),
        "toegang",
        ww_page_label(srv->schema, "toegang",
                      json_string_value(json_object_get(values, "toegang"))),
        "kosten_toelichting", json_object_get(costs, "toelichting"), "gecontroleerd", checked);
    free(where);
    free(checked);
    return summary;
}

/* GET /partner/aanbod/<id>/klopt: the entry as residents read it, and the button. */
static void confirm_page(ww_server *srv, ww_response *res, const ww_session *s, const char *id,
                         const json_t *values, const char *etag)
{
    json_t *ctx = json_pack("{s:s,s:s,s:s,s:o}", "paginatitel", "Klopt dit nog?", "id", id, "etag",
                            etag, "aanbod", entry_summary(srv, values));
    render(srv, res, 200, "partner-klopt", ctx, s);
}

bool ww_partner_post_head(ww_server *srv, const ww_request *req, ww_response *res)
{
    entry_action action = FORM;
    if (strncmp(req->path, ENTRY_PATH, strlen(ENTRY_PATH)) == 0)
        free(entry_of_path(req, &action));
    bool form = action == FORM && strcmp(req->path, "/partner/uitloggen") != 0;
    if (!ww_server_writes(srv))
        sign_in_page(srv, res, 503, NOT_SIGNED_IN, NULL);
    else if (!same_origin(req))
        message_page(srv, res, 403, NULL, "Niet uitgevoerd", FORGED);
    else if (!form && !ww_session_named(req->cookie))
        sign_in_page(srv, res, 403, NOT_SIGNED_IN, NULL);
    else
        return true;
    return false;
}

void ww_partner_save(ww_server *srv, const ww_request *req, ww_response *res)
{
    entry_action action;
    char *id = entry_of_path(req, &action);
    ww_session s;
    bool signed_in = action == FORM && id ? session_to_save(srv, req, res, &s, id)
                                          : session_of(srv, req, res, &s);
    char *bytes = NULL, *etag = NULL;
    size_t len;
    if (!signed_in) {
        /* replied */
    } else if (!id) {
        message_page(srv, res, 404, &s, "Niet gevonden", "Er is geen aanbod met deze code.");
    } else if (own_entry(srv, res, &s, id, &bytes, &len, &etag)) {
        if (action == CONFIRM)
            confirm(srv, req, res, &s, id, bytes, len);
        else if (action == UNDO)
            undo(srv, req, res, &s, id, bytes, len);
        else if (action == ARCHIVE)
            archive(srv, req, res, &s, id);
        else
            save_form(srv, req, res, &s, id);
    }
    free(bytes);
    free(etag);
    free(id);
}

/* ---- The editor's verdict on a pair of overlapping offers ----------------------------------- */

/* The version of entry `id` as the index has it (what the editor saw); NULL when unknown. */
static char *indexed_version(ww_server *srv, const char *id)
{
    json_t *entry = NULL;
    char *version = NULL;
    ww_response missing = {0};
    if (ww_valid_id(id) && ww_lookup_entry(srv, id, &entry, &version, &missing))
        json_decref(entry);
    ww_response_free(&missing);
    return version;
}

void ww_partner_overlap_verdict(ww_server *srv, const ww_request *req, ww_response *res)
{
    ww_session s;
    if (!session_of(srv, req, res, &s))
        return;
    if (!is_editor(&s)) {
        message_page(srv, res, 403, &s, "Niet toegestaan",
                     "Alleen de redactie van de gemeente beoordeelt dubbelingen.");
        return;
    }
    const char *a = ww_form_value(req, "a"), *b = ww_form_value(req, "b"),
               *verdict = ww_form_value(req, "oordeel"), *note = ww_form_value(req, "toelichting");
    char *va = a ? indexed_version(srv, a) : NULL, *vb = b ? indexed_version(srv, b) : NULL;
    char *why = NULL;
    if (!va || !vb || (a && b && !strcmp(a, b)))
        message_page(srv, res, 404, &s, "Niet gevonden",
                     "Een van deze twee aanbiedingen bestaat niet (meer). Ga terug naar het "
                     "overzicht.");
    else if (!ww_verdict_known(verdict))
        message_page(srv, res, 400, &s, "Kies een oordeel",
                     "Kies 'geen dubbeling' of 'dubbeling, besproken' en sla het opnieuw op.");
    else if (note && strlen(note) > 500)
        message_page(srv, res, 400, &s, "Te lang", "De toelichting mag 500 tekens lang zijn.");
    else if (ww_write_overlap_verdict(srv, a, b, verdict, note, va, vb, &why) != 0)
        message_page(srv, res, 500, &s, "Niet opgeslagen", why);
    else
        redirect(res, "/partner/overlap?opgeslagen=1");
    free(why);
    free(va);
    free(vb);
}

/* ---- A synonym proposed for an unanswered question ----------------------------------------- */

/* Whether `text` is a short line of words: letters, digits, spaces, '-' and '\''; nothing that
 * could break the proposals file or the synonym list it is meant for. */
static bool plain_words(const char *text, size_t max)
{
    size_t n = text ? strlen(text) : 0;
    if (n == 0 || n > max || !ww_utf8_valid(text, n, NULL))
        return false;
    for (const unsigned char *p = (const unsigned char *)text; *p; p++)
        if (*p < 0x80 && !(isalnum(*p) || *p == ' ' || *p == '-' || *p == '\''))
            return false;
    return true;
}

/* Appends "<question> = <word>" to <schema>/synoniemen-voorstellen.txt (made with a header when
 * new): a proposal for the catalog's editor to review into synoniemen.txt, never applied here. */
static int append_proposal(ww_server *srv, const char *question, const char *word)
{
    char *path = ww_xasprintf("%s/synoniemen-voorstellen.txt", srv->schema_dir),
         today[WW_DATE_SIZE];
    ww_today(today);
    pthread_mutex_lock(&srv->write_lock);
    struct stat st;
    bool fresh = stat(path, &st) != 0;
    FILE *f = fopen(path, "ae");
    int rc = f ? 0 : -1;
    if (f && fresh)
        fputs("# Voorstellen voor synoniemen.txt, gedaan op /inzicht/vragen: een vraag die niets "
              "vond\n"
              "# en een woord dat de catalogus wel gebruikt. Bekijk ze en zet wat klopt in een "
              "groep\n"
              "# van synoniemen.txt; dit bestand zelf doet niets.\n",
              f);
    if (f) {
        fprintf(f, "%s = %s   # %s\n", question, word, today);
        rc = fclose(f) == 0 ? 0 : -1;
    }
    pthread_mutex_unlock(&srv->write_lock);
    free(path);
    return rc;
}

void ww_partner_synonym_proposal(ww_server *srv, const ww_request *req, ww_response *res)
{
    ww_session s;
    if (!session_of(srv, req, res, &s))
        return;
    const char *question = ww_form_value(req, "vraag"), *word = ww_form_value(req, "woord");
    if (!is_editor(&s))
        message_page(srv, res, 403, &s, "Niet toegestaan",
                     "Alleen de redactie van de gemeente stelt synoniemen voor.");
    else if (!plain_words(question, 200) || !plain_words(word, 60))
        message_page(srv, res, 400, &s, "Niet opgeslagen",
                     "Vul een woord in, met alleen letters, cijfers, spaties of een streepje.");
    else if (append_proposal(srv, question, word) != 0)
        message_page(srv, res, 500, &s, "Niet opgeslagen",
                     "Het bestand met voorstellen kon niet worden bijgewerkt.");
    else
        redirect(res, "/partner/vragen?opgeslagen=1");
}
