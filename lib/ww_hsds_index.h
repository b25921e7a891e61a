/* ww_hsds_index.h -- the HSDS API profile's answers (services, organizations,
 * service_at_locations, taxonomies, taxonomy terms; pages as HSDS pages them) read from a
 * published index. The server answers /api/hsds/ with these and `wegwijzer-indexer
 * --export-hsds` writes the same objects as files, so the two cannot differ. The mapping itself
 * is ww_hsds.h's. */
#ifndef WW_HSDS_INDEX_H
#define WW_HSDS_INDEX_H

#include "ww_hsds.h"
#include "ww_xapian.h"

#include <jansson.h>
#include <stdbool.h>

/* The largest per_page; a client that wants everything pages through. */
#define WW_HSDS_MAX_PER_PAGE 1000
#define WW_HSDS_DEFAULT_PER_PAGE 50

/* A list request's parameters, as HSDS names them; NULL or 0 when not given. */
typedef struct {
    const char *search;           /* words to find (in an organisation's entries, for them) */
    const char *taxonomy_term_id; /* services with this term (one of ww_hsds_taxonomy_terms) */
    const char *taxonomy_id;      /* services with any term of this taxonomy */
    const char *organization_id;  /* services of this organization */
    const char *modified_after;   /* services whose file was written at or after this moment:
                                     YYYY-MM-DD or YYYY-MM-DDTHH:MM:SSZ */
    unsigned page;                /* from 1; 0 means 1 */
    unsigned per_page;            /* 0 means WW_HSDS_DEFAULT_PER_PAGE; at most ..._MAX_... */
    bool full;                    /* services: fully nested, not their one-to-one fields only */
} ww_hsds_query;

/* Each function below makes a new JSON value in *out (caller owns) and returns WW_OK; or returns
 * WW_ERR_INVALID with a Dutch reason in *why (static text) when a parameter is malformed,
 * WW_ERR_NOT_FOUND for an id that is not there, or the index's error (ww_reader_last_error). */

/* A page of services, best match first with `search`, else by title. */
ww_status ww_hsds_services(ww_reader *reader, const ww_hsds_context *ctx, const ww_hsds_query *q,
                           json_t **out, const char **why);
/* The fully nested service with this id. */
ww_status ww_hsds_service_by_id(ww_reader *reader, const ww_hsds_context *ctx, const char *id,
                                json_t **out);
/* A page of the organizations that have entries (matching `search` when given), by id. */
ww_status ww_hsds_organizations(ww_reader *reader, const ww_hsds_query *q, json_t **out,
                                const char **why);
/* The organization with this id, with its services (brief, or fully nested with
 * `full_services`). */
ww_status ww_hsds_organization_by_id(ww_reader *reader, const ww_hsds_context *ctx, const char *id,
                                     bool full_services, json_t **out);
/* A page of the service_at_locations of all services, in the order of the services. */
ww_status ww_hsds_service_at_locations(ww_reader *reader, const ww_hsds_context *ctx,
                                       const ww_hsds_query *q, json_t **out, const char **why);
/* The HSDS API's "/" answer: the version, profile and OpenAPI description it follows. */
json_t *ww_hsds_about(void);
/* Calls `each` with every service, fully nested, in title order (borrowed during the call): a
 * thousand entries are read at a time, so the catalog is never in memory whole. */
ww_status ww_hsds_each_service(ww_reader *reader, const ww_hsds_context *ctx,
                               void (*each)(const json_t *service, void *ctx), void *each_ctx);
/* Every organization with entries, fully nested with its services brief, in the order of the
 * services' titles: a new array, or NULL when the index failed. */
json_t *ww_hsds_organizations_of_all(ww_reader *reader, const ww_hsds_context *ctx);
/* Writes what /api/hsds answers as files under `dir` (made when missing): index.json (the "/"
 * answer) and one <id>.json per object in services/, organizations/ (with their services brief),
 * service_at_locations/, taxonomies/ and taxonomy_terms/. 0, with the number of services in
 * *services; -1 with a Dutch message in *errmsg (caller frees). */
int ww_hsds_export(ww_reader *reader, const ww_hsds_context *ctx, const char *dir, size_t *services,
                   char **errmsg);
/* A page of `items` (taken), as HSDS pages: total_items, total_pages, page_number, size,
 * first_page, last_page, empty, contents. `total` is the number of all items; `items` the
 * page's. */
json_t *ww_hsds_page(json_t *items, unsigned total, const ww_hsds_query *q);
/* The page of a whole list (borrowed) that q asks for, by ww_hsds_page. */
json_t *ww_hsds_page_of(const json_t *all, const ww_hsds_query *q);

#endif
