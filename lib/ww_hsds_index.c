/* ww_hsds_index.c -- HSDS answers from the index (see ww_hsds_index.h). */
#include "ww_hsds_index.h"

#include "ww_fs.h"
#include "ww_layout.h"
#include "ww_text.h"
#include "ww_util.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* ---- Pages ------------------------------------------------------------------------------ */

static unsigned page_of(const ww_hsds_query *q)
{
    return q->page ? q->page : 1;
}

static unsigned per_page_of(const ww_hsds_query *q)
{
    if (!q->per_page)
        return WW_HSDS_DEFAULT_PER_PAGE;
    return q->per_page > WW_HSDS_MAX_PER_PAGE ? WW_HSDS_MAX_PER_PAGE : q->per_page;
}

json_t *ww_hsds_page(json_t *items, unsigned total, const ww_hsds_query *q)
{
    unsigned per_page = per_page_of(q), page = page_of(q);
    unsigned pages = total ? (total + per_page - 1) / per_page : 0;
    return json_pack("{s:i,s:i,s:i,s:i,s:b,s:b,s:b,s:o}", "total_items", (int)total, "total_pages",
                     (int)pages, "page_number", (int)page, "size", (int)json_array_size(items),
                     "first_page", page == 1, "last_page", page >= pages, "empty",
                     json_array_size(items) == 0, "contents", items);
}

json_t *ww_hsds_page_of(const json_t *all, const ww_hsds_query *q)
{
    size_t per_page = per_page_of(q), first = (size_t)(page_of(q) - 1) * per_page;
    json_t *items = json_array();
    for (size_t i = first; i < json_array_size(all) && i < first + per_page; i++)
        json_array_append(items, json_array_get(all, i));
    return ww_hsds_page(items, (unsigned)json_array_size(all), q);
}

/* ---- Which entries ---------------------------------------------------------------------- */

/* The filter prefix of vocabulary `vocab` (kosten has its own), or NULL. */
static const char *prefix_of_vocab(const char *vocab)
{
    if (strcmp(vocab, "kosten") == 0)
        return WW_PREFIX_COSTS;
    for (size_t i = 0; i < WW_FILTER_COUNT; i++)
        if (strcmp(WW_FILTERS[i].vocab, vocab) == 0)
            return WW_FILTERS[i].prefix;
    return NULL;
}

/* The filter term of the taxonomy term with HSDS id `id`, or NULL when it is none of ours. */
static char *term_of_taxonomy_term(const ww_schema *schema, const char *id)
{
    for (size_t i = 0; i < WW_HSDS_TAXONOMY_COUNT; i++) {
        const char *name = WW_HSDS_TAXONOMIES[i].vocab;
        const ww_vocab *vocab = ww_schema_vocab(schema, name);
        for (size_t k = 0; vocab && k < vocab->count; k++) {
            char uuid[37];
            ww_hsds_uuidf(uuid, "taxonomie/wegwijzer:%s/%s", name, vocab->items[k].id);
            if (strcmp(uuid, id) == 0)
                return ww_xasprintf("%s%s", prefix_of_vocab(name), vocab->items[k].id);
        }
    }
    return NULL;
}

/* The filter prefix of the taxonomy with HSDS id `id`, or NULL. */
static const char *prefix_of_taxonomy(const char *id)
{
    for (size_t i = 0; i < WW_HSDS_TAXONOMY_COUNT; i++) {
        char uuid[37];
        ww_hsds_uuidf(uuid, "taxonomie/wegwijzer:%s", WW_HSDS_TAXONOMIES[i].vocab);
        if (strcmp(uuid, id) == 0)
            return prefix_of_vocab(WW_HSDS_TAXONOMIES[i].vocab);
    }
    return NULL;
}

/* modified_after as the slot holds moments ("2026-11-29T00:00:00Z"), or false. */
static bool moment_of(const char *text, char out[64])
{
    int y, mo, d, h = 0, mi = 0, s = 0, used = 0;
    size_t len = strlen(text);
    if (len == 10 && sscanf(text, "%4d-%2d-%2d%n", &y, &mo, &d, &used) == 3 && used == 10) {
    } else if (len == 20 &&
               sscanf(text, "%4d-%2d-%2dT%2d:%2d:%2dZ%n", &y, &mo, &d, &h, &mi, &s, &used) == 6 &&
               used == 20) {
    } else {
        return false;
    }
    if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || s > 60 || y < 0 || y > 9999 ||
        h < 0 || mi < 0 || s < 0)
        return false;
    snprintf(out, 64, "%04d-%02d-%02dT%02d:%02d:%02dZ", y % 10000, mo % 100, d % 100, h % 100,
             mi % 100, s % 100);
    return true;
}

/* A query that matches nothing: a term no document has. */
static ww_query *nothing(void)
{
    return ww_query_term(WW_PREFIX_HSDS_SERVICE "-");
}

/* The entries q asks for, as a new query; NULL with *why when a parameter is malformed. */
static ww_query *entries_query(ww_reader *reader, const ww_schema *schema, const ww_hsds_query *q,
                               const char **why)
{
    ww_query *subs[5];
    size_t n = 0;
    char *folded = q->search && *q->search ? ww_fold(q->search) : NULL;
    subs[n++] = folded && *folded ? ww_query_parse(reader, folded) : ww_query_all();
    free(folded);
    char moment[64];
    if (q->modified_after && *q->modified_after) {
        if (!moment_of(q->modified_after, moment)) {
            ww_query_free(subs[0]);
            *why = "modified_after moet een datum (2026-11-29) of een tijdstip in UTC "
                   "(2026-11-29T09:30:00Z) zijn";
            return NULL;
        }
        subs[n++] = ww_query_value_at_least(WW_SLOT_MODIFIED, moment);
    }
    if (q->organization_id && *q->organization_id) {
        char *term = ww_xasprintf("%s%s", WW_PREFIX_HSDS_ORGANIZATION, q->organization_id);
        subs[n++] = ww_query_term(term);
        free(term);
    }
    if (q->taxonomy_term_id && *q->taxonomy_term_id) {
        char *term = term_of_taxonomy_term(schema, q->taxonomy_term_id);
        subs[n++] = term ? ww_query_term(term) : nothing();
        free(term);
    }
    if (q->taxonomy_id && *q->taxonomy_id) {
        const char *prefix = prefix_of_taxonomy(q->taxonomy_id);
        subs[n++] = prefix ? ww_query_prefix(prefix, 1000) : nothing();
    }
    ww_query *query =
        n == 1 ? subs[0] : ww_query_combine(WW_OP_FILTER, (const ww_query *const *)subs, n);
    if (n > 1)
        for (size_t i = 0; i < n; i++)
            ww_query_free(subs[i]);
    return query;
}

/* Calls `each` with every entry (parsed; borrowed) on results [offset, offset+limit) of `query`,
 * best first when `ranked`, else by title, and when its file was written; *total gets the number
 * of all matches. */
static ww_status each_entry(ww_reader *reader, const ww_query *query, bool ranked, unsigned offset,
                            unsigned limit, unsigned *total,
                            void (*each)(const json_t *entry, const char *modified, void *ctx),
                            void *ctx)
{
    ww_search_options options = {.offset = offset,
                                 .limit = limit,
                                 .sort_slot = ranked ? -1 : WW_SLOT_TITLE,
                                 .result_slot = -1,
                                 .facet_slot = -1,
                                 .mask_slot = -1,
                                 .exact_up_to = offset + limit,
                                 .extra = true,
                                 .extra_slot = WW_SLOT_MODIFIED};
    unsigned all = 0;
    ww_status st = ww_reader_doc_count(reader, &all);
    options.exact_up_to = all; /* HSDS pages need an exact total_items */
    ww_mset *mset = NULL;
    if (st == WW_OK)
        st = ww_reader_search(reader, query, &options, &mset);
    if (st != WW_OK)
        return st;
    *total = ww_mset_total(mset);
    for (unsigned i = 0; i < ww_mset_size(mset); i++) {
        size_t len, mlen;
        const char *data = ww_mset_data(mset, i, &len);
        const char *m = ww_mset_extra(mset, i, &mlen);
        json_t *entry = json_loadb(data, len, 0, NULL);
        char *modified = mlen ? ww_xstrndup(m, mlen) : NULL;
        if (entry)
            each(entry, modified, ctx);
        json_decref(entry);
        free(modified);
    }
    ww_mset_free(mset);
    return WW_OK;
}

/* ---- Services --------------------------------------------------------------------------- */

/* Makes each entry that each_entry gives a service, with when its file was written, for `each`. */
typedef struct {
    const ww_hsds_context *ctx;
    void (*each)(const json_t *service, void *ctx);
    void *each_ctx;
} walk;

static void walk_one(const json_t *entry, const char *modified, void *p)
{
    walk *w = p;
    ww_hsds_context ctx = *w->ctx;
    ctx.modified = modified;
    json_t *service = ww_hsds_service(&ctx, entry);
    w->each(service, w->each_ctx);
    json_decref(service);
}

/* Services gathered into a list: whole, or their one-to-one fields. */
typedef struct {
    bool full;
    json_t *list;
} collect;

static void add_service(const json_t *service, void *p)
{
    collect *c = p;
    json_array_append_new(c->list,
                          c->full ? json_incref((json_t *)service) : ww_hsds_brief(service));
}

ww_status ww_hsds_services(ww_reader *reader, const ww_hsds_context *ctx, const ww_hsds_query *q,
                           json_t **out, const char **why)
{
    *out = NULL;
    ww_query *query = entries_query(reader, ctx->schema, q, why);
    if (!query)
        return WW_ERR_INVALID;
    unsigned per_page = per_page_of(q), total = 0;
    collect c = {q->full, json_array()};
    walk w = {ctx, add_service, &c};
    ww_status st = each_entry(reader, query, q->search && *q->search, (page_of(q) - 1) * per_page,
                              per_page, &total, walk_one, &w);
    ww_query_free(query);
    if (st != WW_OK) {
        json_decref(c.list);
        return st;
    }
    *out = ww_hsds_page(c.list, total, q);
    return WW_OK;
}

/* The first entry with `term` through `each`; WW_ERR_NOT_FOUND when none has it. */
static ww_status entry_with(ww_reader *reader, const char *prefix, const char *id,
                            void (*each)(const json_t *, const char *, void *), void *ctx)
{
    if (strlen(id) != 36) /* not a UUID: not one of ours */
        return WW_ERR_NOT_FOUND;
    char *term = ww_xasprintf("%s%s", prefix, id);
    ww_query *query = ww_query_term(term);
    free(term);
    unsigned total = 0;
    ww_status st = each_entry(reader, query, false, 0, 1, &total, each, ctx);
    ww_query_free(query);
    return st == WW_OK && total == 0 ? WW_ERR_NOT_FOUND : st;
}

ww_status ww_hsds_service_by_id(ww_reader *reader, const ww_hsds_context *ctx, const char *id,
                                json_t **out)
{
    collect c = {true, json_array()};
    walk w = {ctx, add_service, &c};
    ww_status st = entry_with(reader, WW_PREFIX_HSDS_SERVICE, id, walk_one, &w);
    *out = st == WW_OK ? json_incref(json_array_get(c.list, 0)) : NULL;
    json_decref(c.list);
    return st;
}

/* ---- Organizations ---------------------------------------------------------------------- */

static void add_org_id(const char *value, size_t len, unsigned count, void *p)
{
    (void)count;
    json_array_append_new(p, json_stringn(value, len));
}

static void take_organisation(const json_t *entry, const char *modified, void *p)
{
    (void)modified;
    json_t **org = p;
    *org = ww_hsds_organization(json_object_get(entry, "organisatie"));
}

ww_status ww_hsds_organizations(ww_reader *reader, const ww_hsds_query *q, json_t **out,
                                const char **why)
{
    *out = NULL;
    ww_hsds_query only_search = {.search = q->search};
    ww_query *query = entries_query(reader, NULL, &only_search, why);
    json_t *ids = json_array();
    ww_status st = ww_reader_count_values(reader, query, WW_SLOT_ORGANISATION, add_org_id, ids);
    ww_query_free(query);
    size_t per_page = per_page_of(q), first = (size_t)(page_of(q) - 1) * per_page;
    json_t *items = json_array();
    for (size_t i = first; st == WW_OK && i < json_array_size(ids) && i < first + per_page; i++) {
        json_t *org = NULL;
        char uuid[37];
        ww_hsds_uuidf(uuid, "organisatie/%s", json_string_value(json_array_get(ids, i)));
        st = entry_with(reader, WW_PREFIX_HSDS_ORGANIZATION, uuid, take_organisation, &org);
        if (org)
            json_array_append_new(items, ww_hsds_brief(org));
        json_decref(org);
    }
    unsigned total = (unsigned)json_array_size(ids);
    json_decref(ids);
    if (st != WW_OK) {
        json_decref(items);
        return st;
    }
    *out = ww_hsds_page(items, total, q);
    return WW_OK;
}

ww_status ww_hsds_organization_by_id(ww_reader *reader, const ww_hsds_context *ctx, const char *id,
                                     bool full_services, json_t **out)
{
    json_t *org = NULL;
    *out = NULL;
    ww_status st = entry_with(reader, WW_PREFIX_HSDS_ORGANIZATION, id, take_organisation, &org);
    if (st != WW_OK)
        return st;
    ww_hsds_query q = {
        .organization_id = id, .per_page = WW_HSDS_MAX_PER_PAGE, .full = full_services};
    json_t *services = NULL;
    const char *why;
    json_t *list = json_array();
    for (unsigned page = 1; st == WW_OK; page++) {
        q.page = page;
        st = ww_hsds_services(reader, ctx, &q, &services, &why);
        if (st != WW_OK)
            break;
        json_array_extend(list, json_object_get(services, "contents"));
        bool last = json_is_true(json_object_get(services, "last_page"));
        json_decref(services);
        if (last)
            break;
    }
    if (st != WW_OK) {
        json_decref(org);
        json_decref(list);
        return st;
    }
    json_object_set_new(org, "services", list);
    *out = org;
    return WW_OK;
}

/* ---- Services at locations -------------------------------------------------------------- */

typedef struct {
    const ww_hsds_context *ctx;
    size_t first, last; /* the page: [first, last) of all service_at_locations */
    size_t seen;
    json_t *items;
} located;

static void add_locations(const json_t *entry, const char *modified, void *p)
{
    located *l = p;
    size_t places = json_array_size(json_object_get(entry, "locaties"));
    if (l->seen + places > l->first && l->seen < l->last) {
        ww_hsds_context ctx = *l->ctx;
        ctx.modified = modified;
        json_t *service = ww_hsds_service(&ctx, entry);
        json_t *all = ww_hsds_locations_of(service, true);
        for (size_t i = 0; i < places; i++)
            if (l->seen + i >= l->first && l->seen + i < l->last)
                json_array_append(l->items, json_array_get(all, i));
        json_decref(all);
        json_decref(service);
    }
    l->seen += places;
}

/* The number of locations of every entry in title order (WW_SLOT_PLACE_COUNT, read without the
 * entries themselves): a new array of `*count` numbers, or NULL when the index failed. */
static unsigned *place_counts(ww_reader *reader, unsigned *count)
{
    unsigned all = 0;
    if (ww_reader_doc_count(reader, &all) != WW_OK)
        return NULL;
    ww_search_options options = {.limit = all,
                                 .sort_slot = WW_SLOT_TITLE,
                                 .result_slot = WW_SLOT_PLACE_COUNT,
                                 .facet_slot = -1,
                                 .mask_slot = -1};
    ww_query *query = ww_query_all();
    ww_mset *mset = NULL;
    ww_status st = ww_reader_search(reader, query, &options, &mset);
    ww_query_free(query);
    if (st != WW_OK)
        return NULL;
    *count = ww_mset_size(mset);
    unsigned *counts = ww_xcalloc(*count + 1, sizeof *counts);
    for (unsigned i = 0; i < *count; i++) {
        size_t len;
        const char *value = ww_mset_data(mset, i, &len);
        char text[16] = "";
        memcpy(text, value, len < sizeof text - 1 ? len : sizeof text - 1);
        counts[i] = (unsigned)strtoul(text, NULL, 10);
    }
    ww_mset_free(mset);
    return counts;
}

ww_status ww_hsds_service_at_locations(ww_reader *reader, const ww_hsds_context *ctx,
                                       const ww_hsds_query *q, json_t **out, const char **why)
{
    (void)why;
    *out = NULL;
    size_t per_page = per_page_of(q);
    located l = {ctx, (size_t)(page_of(q) - 1) * per_page, (size_t)page_of(q) * per_page, 0,
                 json_array()};
    unsigned entries = 0;
    unsigned *counts = place_counts(reader, &entries);
    if (!counts) {
        json_decref(l.items);
        return WW_ERR_IO;
    }
    /* Only the entries whose locations fall on the page are read. */
    size_t total = 0, from = entries, to = 0, before = 0;
    for (unsigned i = 0; i < entries; i++) {
        if (counts[i] && total + counts[i] > l.first && total < l.last) {
            if (from == entries) {
                from = i;
                before = total;
            }
            to = i + 1;
        }
        total += counts[i];
    }
    free(counts);
    ww_status st = WW_OK;
    if (from < to) {
        l.seen = before;
        unsigned ignored;
        ww_query *query = ww_query_all();
        st = each_entry(reader, query, false, (unsigned)from, (unsigned)(to - from), &ignored,
                        add_locations, &l);
        ww_query_free(query);
    }
    if (st != WW_OK) {
        json_decref(l.items);
        return st;
    }
    *out = ww_hsds_page(l.items, (unsigned)total, q);
    return WW_OK;
}

/* ---- Every service, and the export ----------------------------------------------------- */

ww_status ww_hsds_each_service(ww_reader *reader, const ww_hsds_context *ctx,
                               void (*each)(const json_t *service, void *ctx), void *each_ctx)
{
    walk w = {ctx, each, each_ctx};
    ww_query *all = ww_query_all();
    unsigned total = 0;
    ww_status st = WW_OK;
    /* A thousand at a time: the whole catalog is never in memory at once. */
    for (unsigned offset = 0; st == WW_OK && (offset == 0 || offset < total); offset += 1000)
        st = each_entry(reader, all, false, offset, 1000, &total, walk_one, &w);
    ww_query_free(all);
    return st;
}

json_t *ww_hsds_about(void)
{
    return json_pack("{s:s,s:s,s:s}", "version", WW_HSDS_VERSION, "profile",
                     "https://docs.openreferral.org/en/latest/hsds/overview.html", "openapi_url",
                     "https://raw.githubusercontent.com/openreferral/specification/3.0/schema/"
                     "openapi.json");
}

/* The export's state: where it writes (NULL: nowhere, only the organisations are gathered), the
 * organisations met so far, and the first failure. */
typedef struct {
    const char *dir;
    json_t *orgs;  /* organization id -> organization with its services brief */
    json_t *order; /* the organizations in the order first met */
    size_t services;
    char *errmsg;
} exporter;

/* Writes `object` as <dir>/<kind>/<id>.json; false, with the reason kept, on failure. An export
 * is made again whole when it fails, so a file needs no fsync of its own. */
static bool write_object(exporter *x, const char *kind, const json_t *object)
{
    if (x->errmsg || !x->dir)
        return !x->errmsg;
    char *path = ww_xasprintf("%s/%s/%s.json", x->dir, kind,
                              json_string_value(json_object_get(object, "id")));
    if (json_dump_file(object, path, JSON_INDENT(2) | JSON_PRESERVE_ORDER) != 0)
        x->errmsg = ww_xasprintf("kan %s niet schrijven: %s", path, ww_errno_text(errno));
    free(path);
    return !x->errmsg;
}

static void export_service(const json_t *service, void *p)
{
    exporter *x = p;
    x->services++;
    write_object(x, "services", service);
    json_t *places = ww_hsds_locations_of(service, false);
    size_t i;
    json_t *place;
    json_array_foreach(places, i, place) write_object(x, "service_at_locations", place);
    json_decref(places);
    const json_t *org = json_object_get(service, "organization");
    const char *id = json_string_value(json_object_get(org, "id"));
    json_t *known = json_object_get(x->orgs, id);
    if (!known) {
        known = json_copy((json_t *)org);
        json_object_set_new(known, "services", json_array());
        json_object_set_new(x->orgs, id, known);
        json_array_append(x->order, known);
    }
    json_array_append_new(json_object_get(known, "services"), ww_hsds_brief(service));
}

json_t *ww_hsds_organizations_of_all(ww_reader *reader, const ww_hsds_context *ctx)
{
    exporter x = {.orgs = json_object(), .order = json_array()};
    ww_status st = ww_hsds_each_service(reader, ctx, export_service, &x);
    json_decref(x.orgs);
    if (st != WW_OK) {
        json_decref(x.order);
        return NULL;
    }
    return x.order;
}

int ww_hsds_export(ww_reader *reader, const ww_hsds_context *ctx, const char *dir, size_t *services,
                   char **errmsg)
{
    static const char *const FOLDERS[] = {"",
                                          "/services",
                                          "/organizations",
                                          "/service_at_locations",
                                          "/taxonomies",
                                          "/taxonomy_terms"};
    exporter x = {.dir = dir, .orgs = json_object(), .order = json_array()};
    for (size_t i = 0; i < sizeof FOLDERS / sizeof *FOLDERS && !x.errmsg; i++) {
        char *folder = ww_xasprintf("%s%s", dir, FOLDERS[i]);
        if (mkdir(folder, 0755) != 0 && errno != EEXIST)
            x.errmsg = ww_xasprintf("kan de map %s niet maken: %s", folder, ww_errno_text(errno));
        free(folder);
    }
    if (!x.errmsg) {
        char *path = ww_xasprintf("%s/index.json", dir);
        json_t *about = ww_hsds_about();
        if (json_dump_file(about, path, JSON_INDENT(2) | JSON_PRESERVE_ORDER) != 0)
            x.errmsg = ww_xasprintf("kan %s niet schrijven: %s", path, ww_errno_text(errno));
        json_decref(about);
        free(path);
    }
    if (!x.errmsg && ww_hsds_each_service(reader, ctx, export_service, &x) != WW_OK)
        x.errmsg = ww_xasprintf("de index lezen mislukte: %s", ww_reader_last_error(reader));
    json_t *taxonomies = ww_hsds_taxonomies(ctx->schema),
           *terms = ww_hsds_taxonomy_terms(ctx->schema);
    const struct {
        const char *kind;
        const json_t *list;
    } REST[] = {{"organizations", x.order}, {"taxonomies", taxonomies}, {"taxonomy_terms", terms}};
    for (size_t k = 0; k < sizeof REST / sizeof *REST; k++) {
        size_t i;
        json_t *object;
        json_array_foreach(REST[k].list, i, object) write_object(&x, REST[k].kind, object);
    }
    json_decref(taxonomies);
    json_decref(terms);
    json_decref(x.orgs);
    json_decref(x.order);
    *services = x.services;
    *errmsg = x.errmsg;
    return x.errmsg ? -1 : 0;
}
