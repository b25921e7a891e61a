/* ww_hsds_api.c -- /api/hsds/ and /open-data (see ww_hsds_api.h). Every answer is made from
 * the published index by lib/ww_hsds_index, as `wegwijzer-indexer --export-hsds` makes its
 * files. */
#include "ww_hsds_api.h"

#include "ww_hsds_index.h"
#include "ww_info_pages.h"
#include "ww_json.h"
#include "ww_lookup.h"
#include "ww_page_kit.h"
#include "ww_server.h"
#include "ww_time.h"
#include "ww_util.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#define HSDS_ROOT "/api/hsds"
/* A search longer than this is no question (the search API holds the same limit). */
#define MAX_SEARCH_BYTES 500

/* What one HSDS request asks, and what it got. */
typedef struct {
    const char *kind; /* "services", ..., or "" for the root */
    const char *id;   /* the {id} of a single object, or NULL */
    ww_hsds_query query;
    bool full_services;
    ww_hsds_context hsds;
    ww_status status;
    const char *why;
} hsds_request;

/* Finds the object with HSDS id `id` among `list` (borrowed); a new reference or NULL. */
static json_t *find_by_id(const json_t *list, const char *id)
{
    size_t i;
    json_t *item;
    json_array_foreach(list, i, item) if (!strcmp(json_string_value(json_object_get(item, "id")),
                                                  id)) return json_incref(item);
    return NULL;
}

/* Taxonomies and their terms come from the schema, not the index. */
static json_t *vocabulary_answer(hsds_request *r)
{
    bool terms = !strcmp(r->kind, "taxonomy_terms");
    json_t *all =
        terms ? ww_hsds_taxonomy_terms(r->hsds.schema) : ww_hsds_taxonomies(r->hsds.schema);
    json_t *answer = NULL;
    if (r->id) {
        answer = find_by_id(all, r->id);
        if (!answer)
            r->status = WW_ERR_NOT_FOUND;
    } else {
        json_t *chosen = json_array();
        size_t i;
        json_t *item;
        json_array_foreach(all, i, item)
        {
            const char *tax = json_string_value(json_object_get(item, "taxonomy_id"));
            if (terms && r->query.taxonomy_id && *r->query.taxonomy_id &&
                (!tax || strcmp(tax, r->query.taxonomy_id)))
                continue;
            json_array_append(chosen, item);
        }
        answer = ww_hsds_page_of(chosen, &r->query);
        json_decref(chosen);
    }
    json_decref(all);
    return answer;
}

/* The answer of an index-backed kind; NULL only when the index failed (ww_lookup_json retries
 * once on a fresh reader). A missing object or a bad parameter gives json null and r->status. */
static json_t *ask_index(ww_reader *reader, void *p)
{
    hsds_request *r = p;
    json_t *answer = NULL;
    const char *kind = r->kind;
    if (!strcmp(kind, "services"))
        r->status = r->id ? ww_hsds_service_by_id(reader, &r->hsds, r->id, &answer)
                          : ww_hsds_services(reader, &r->hsds, &r->query, &answer, &r->why);
    else if (!strcmp(kind, "organizations"))
        r->status =
            r->id ? ww_hsds_organization_by_id(reader, &r->hsds, r->id, r->full_services, &answer)
                  : ww_hsds_organizations(reader, &r->query, &answer, &r->why);
    else
        r->status = ww_hsds_service_at_locations(reader, &r->hsds, &r->query, &answer, &r->why);
    if (r->status == WW_ERR_NOT_FOUND || r->status == WW_ERR_INVALID)
        return json_null();
    return r->status == WW_OK ? answer : NULL;
}

/* Reads page, per_page and the filters; false after a 400. */
static bool read_query(const ww_request *req, ww_response *res, hsds_request *r)
{
    static const char *const NUMBERS[] = {"page", "per_page"};
    unsigned *targets[] = {&r->query.page, &r->query.per_page};
    for (size_t i = 0; i < 2; i++) {
        const char *values[2];
        if (ww_request_params(req, NUMBERS[i], values, 2) == 0)
            continue;
        char *end;
        errno = 0;
        long v = strtol(values[0], &end, 10);
        if (errno || end == values[0] || *end || v < 1 || v > 1000000) {
            ww_reply_error(res, 400, "bad_request", "'%s' moet een geheel getal vanaf 1 zijn",
                           NUMBERS[i]);
            return false;
        }
        *targets[i] = (unsigned)v;
    }
    const char *v;
    ww_request_params(req, "search", &r->query.search, 1);
    ww_request_params(req, "taxonomy_term_id", &r->query.taxonomy_term_id, 1);
    ww_request_params(req, "taxonomy_id", &r->query.taxonomy_id, 1);
    ww_request_params(req, "organization_id", &r->query.organization_id, 1);
    ww_request_params(req, "modified_after", &r->query.modified_after, 1);
    if (ww_request_params(req, "full", &v, 1))
        r->query.full = !strcmp(v, "true") || !strcmp(v, "1");
    if (ww_request_params(req, "full_service", &v, 1))
        r->full_services = !strcmp(v, "true") || !strcmp(v, "1");
    if (r->query.search && strlen(r->query.search) > MAX_SEARCH_BYTES) {
        ww_reply_error(res, 400, "bad_request", "'search' mag hooguit %d tekens zijn",
                       MAX_SEARCH_BYTES);
        return false;
    }
    return true;
}

/* Splits the path after /api/hsds into kind and id; false when it names nothing we serve. */
static bool read_path(const char *path, hsds_request *r, char *buf, size_t size)
{
    static const char *const KINDS[] = {"services", "organizations", "service_at_locations",
                                        "taxonomies", "taxonomy_terms"};
    const char *rest = path + strlen(HSDS_ROOT);
    if (!*rest || !strcmp(rest, "/")) {
        r->kind = "";
        return true;
    }
    if (strlen(rest) >= size)
        return false;
    strcpy(buf, rest + 1);
    char *slash = strchr(buf, '/');
    if (slash) {
        *slash = '\0';
        r->id = slash + 1;
        if (!*r->id || strchr(r->id, '/'))
            return false;
    }
    for (size_t i = 0; i < sizeof KINDS / sizeof *KINDS; i++)
        if (!strcmp(buf, KINDS[i])) {
            r->kind = KINDS[i];
            /* HSDS has no single service_at_location by id in its API */
            return !(r->id && !strcmp(r->kind, "service_at_locations"));
        }
    return false;
}

void ww_api_hsds(ww_server *srv, const ww_request *req, ww_response *res)
{
    char buf[200], today[WW_DATE_SIZE];
    ww_today(today);
    hsds_request r = {
        .hsds = {.schema = srv->schema,
                 .today = today,
                 .province = json_string_value(json_object_get(srv->open_data, "provincie"))}};
    if (req->bad_encoding || !read_path(req->path, &r, buf, sizeof buf)) {
        ww_reply_error(res, 404, "not_found", "dit adres bestaat niet in de HSDS-API");
        return;
    }
    if (!read_query(req, res, &r))
        return;
    json_t *answer;
    if (!*r.kind)
        answer = ww_hsds_about();
    else if (!strcmp(r.kind, "taxonomies") || !strcmp(r.kind, "taxonomy_terms"))
        answer = vocabulary_answer(&r);
    else if (!(answer = ww_lookup_json(srv, ask_index, &r, res)))
        return; /* 503 sent */
    if (r.status == WW_ERR_NOT_FOUND) {
        json_decref(answer);
        ww_reply_error(res, 404, "not_found", "geen %s met dit id", r.kind);
    } else if (r.status == WW_ERR_INVALID) {
        json_decref(answer);
        ww_reply_error(res, 400, "bad_request", "%s", r.why);
    } else {
        ww_reply_json(res, 200, answer);
    }
}

/* ---- /open-data ------------------------------------------------------------------------- */

/* The download of every service: compact JSON written service by service into a buffer, so
 * that the catalog is never in memory as objects (a JSON string holds the buffer). */
typedef struct {
    const ww_hsds_context *hsds;
    ww_buf text;
} package;

static void append_service(const json_t *service, void *p)
{
    package *pkg = p;
    if (pkg->text.len > 1) /* after the opening '[' and a service */
        ww_buf_putc(&pkg->text, ',');
    ww_json_append(&pkg->text, service);
}

static json_t *ask_services(ww_reader *reader, void *p)
{
    package *pkg = p;
    ww_buf_free(&pkg->text);
    pkg->text = (ww_buf){0};
    ww_buf_putc(&pkg->text, '[');
    if (ww_hsds_each_service(reader, pkg->hsds, append_service, pkg) != WW_OK)
        return NULL;
    ww_buf_putc(&pkg->text, ']');
    return json_true(); /* the answer is in pkg->text */
}

static json_t *ask_organizations(ww_reader *reader, void *p)
{
    return ww_hsds_organizations_of_all(reader, p);
}

/* How many entries the index holds and when it was last written: {"aantal", "gebouwd"}. */
static json_t *ask_facts(ww_reader *reader, void *p)
{
    (void)p;
    unsigned n = 0;
    char *built = NULL;
    if (ww_reader_doc_count(reader, &n) != WW_OK)
        return NULL;
    json_t *facts = json_pack("{s:i}", "aantal", (int)n);
    if (ww_reader_metadata(reader, WW_META_BUILT, &built) == WW_OK && built &&
        strlen(built) >= 10) {
        built[10] = '\0'; /* the date of "2026-11-29T09:30:00Z" */
        ww_set_owned_string(facts, "datum", ww_dutch_date(built));
    }
    free(built);
    return facts;
}

void ww_page_open_data(ww_server *srv, const ww_request *req, ww_response *res)
{
    json_t *facts = ww_lookup_json(srv, ask_facts, NULL, res);
    if (!facts)
        return;
    json_t *ctx = ww_info_page_context(req, "Open data");
    json_object_set(ctx, "voorwaarden", srv->open_data);
    json_object_set_new(ctx, "gegevens", facts);
    ww_page_render(srv, res, 200, "open-data", ctx);
}

void ww_open_data_download(ww_server *srv, const ww_request *req, ww_response *res)
{
    const char *file = req->path + strlen("/open-data/");
    char today[WW_DATE_SIZE];
    ww_today(today);
    ww_hsds_context hsds = {.schema = srv->schema,
                            .today = today,
                            .province =
                                json_string_value(json_object_get(srv->open_data, "provincie"))};
    if (!strcmp(file, "hsds-services.json")) {
        package pkg = {.hsds = &hsds};
        json_t *done = ww_lookup_json(srv, ask_services, &pkg, res);
        if (!done) {
            ww_buf_free(&pkg.text);
            return;
        }
        json_decref(done);
        size_t len = pkg.text.len;
        ww_reply_body(res, 200, WW_JSON_TYPE, ww_buf_release(&pkg.text), len);
    } else {
        json_t *answer = NULL;
        if (!strcmp(file, "hsds-organizations.json")) {
            if (!(answer = ww_lookup_json(srv, ask_organizations, &hsds, res)))
                return;
        } else if (!strcmp(file, "hsds-taxonomies.json")) {
            answer = ww_hsds_taxonomies(srv->schema);
        } else if (!strcmp(file, "hsds-taxonomy-terms.json")) {
            answer = ww_hsds_taxonomy_terms(srv->schema);
        } else {
            ww_reply_error(res, 404, "not_found", "dit bestand bestaat niet");
            return;
        }
        ww_reply_json(res, 200, answer);
    }
    char *disposition = ww_xasprintf("attachment; filename=\"%s\"", file);
    ww_reply_header(res, "Content-Disposition", disposition);
    free(disposition);
    char *licence =
        ww_xasprintf("<%s>; rel=\"license\"",
                     json_string_value(json_object_get(srv->open_data, "licentie_url")));
    ww_reply_header(res, "Link", licence);
    free(licence);
}
