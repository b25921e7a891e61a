/* ww_hsds_read.h -- Open Referral HSDS 3.0 documents read in the shapes they come in, and what
 * they hold gathered into plain JSON: the services, and the organizations, locations and taxonomy
 * terms that services may name by id. Owns the shapes, the limits on hostile input and the report
 * lines about reading; knows nothing of the catalog (ww_hsds_import turns services into records).
 *
 * Shapes read: one service; an array of services; a paged list ({"contents": [...]}); an
 * organization with nested `services`; a service_at_location with its service and location;
 * HSDS's tabular form as JSON ({"services.csv": [...], ...}), joined by its ids, with a report
 * line for every row no service took. A folder with a `services/` subfolder (what --export-hsds
 * writes) is read as services/<id>.json and organizations/<id>.json; any other folder as every
 * <name>.json in it, in the order of their names. What an object is, where the shape does not
 * say, is told by the fields only that kind of object has.
 *
 * Hostile input is bounded: WW_HSDS_MAX_FILE per file, WW_HSDS_MAX_DEPTH of nesting, encodings
 * as ww_encoding reads catalog files (UTF-8, UTF-16 with a BOM, else Windows-1252, never a NUL),
 * duplicate keys refused. A document that fails is reported (in Dutch, naming it) and counted in
 * `rejected`; the others go on. */
#ifndef WW_HSDS_READ_H
#define WW_HSDS_READ_H

#include <jansson.h>
#include <stddef.h>
#include <stdio.h>

#define WW_HSDS_MAX_FILE (16 * 1024 * 1024)
#define WW_HSDS_MAX_DEPTH 40
/* How much of a foreign text (an id, a table name) a report line or a file comment shows. */
#define WW_HSDS_SHOWN_TEXT 300

/* What the documents of one run hold. Every json_t is owned by the struct, valid until
 * ww_hsds_read_free; a caller reads them and does not change them. */
typedef struct {
    FILE *report; /* where the lines about reading go (stderr); NULL: nowhere */
    /* [{"service": {...}, "source": "<file>", "number": n, "organization": {...}}] in the order
     * read, n counting from 1. One per HSDS id: a service read again is kept in its fuller form
     * (and reported). "organization", when there and an object, is the one the service came in:
     * the organization whose `services` held it, or the row its organization_id names in the
     * tabular form. */
    json_t *services;
    json_t *orgs;      /* HSDS organization id -> organization, without its `services` */
    json_t *locations; /* HSDS location id -> location (for service_at_locations by id) */
    json_t *terms;     /* HSDS taxonomy_term id -> term (for attributes by id) */
    size_t rejected;   /* documents, and lists in them, that could not be read: each reported */
} ww_hsds_read;

/* An empty run whose lines go to `report`. */
void ww_hsds_read_init(ww_hsds_read *r, FILE *report);
void ww_hsds_read_free(ww_hsds_read *r);

/* Reads one document, `len` bytes (borrowed) named `label` in the report. */
void ww_hsds_read_bytes(ww_hsds_read *r, const char *label, const char *bytes, size_t len);
/* Reads a file or a folder (see above). -1 with a Dutch message in *errmsg (caller frees) when
 * `path` is neither; a file in it that fails is reported and counted, and the rest read. */
int ww_hsds_read_path(ww_hsds_read *r, const char *path, char **errmsg);

#endif
