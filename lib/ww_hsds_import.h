/* ww_hsds_import.h -- Open Referral HSDS 3.0 in: services, with their organisations and
 * locations, become catalog files (aanbod/<id>.yaml, organisaties/<id>.yaml) that pass our
 * validation. Owns the mapping back from HSDS (the inverse of ww_hsds.h's, and what foreign data
 * needs besides: schema/hsds-import.yaml through ww_hsds_mapping), the report of what was not
 * taken over, and writing the files. The documents are read by ww_hsds_read, whose header names
 * the shapes read (one service, lists, organizations with their services, HSDS's tabular form,
 * the folders --export-hsds writes) and the bounds on hostile input.
 *
 * Every generated file starts with a comment naming its source (file, HSDS id, date of import)
 * and listing, one per line, each HSDS field of the input that has no place in the catalog
 * ("service.accreditations") and each default, shortening or guess the import made; the same
 * lines go to the report, prefixed with the file ("aanbod/x.yaml: niet overgenomen: ..."). A
 * record is parsed back with ww_record_parse before it is written: one that would not pass
 * validation is reported as an error and not written. An optional field the validator refuses
 * (a malformed e-mail address, a time that ends before it starts) is left out, and reported. */
#ifndef WW_HSDS_IMPORT_H
#define WW_HSDS_IMPORT_H

#include "ww_catalog.h"
#include "ww_hsds_mapping.h"
#include "ww_hsds_read.h" /* WW_HSDS_MAX_FILE, WW_HSDS_MAX_DEPTH */
#include "ww_schema.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

typedef struct {
    const ww_schema *schema;
    const ww_hsds_mapping *mapping;
    /* The catalog the files go to (aanbod/ and organisaties/ are made when missing), or NULL to
     * write nothing and read nothing of a catalog: then only `accepted` sees the records. */
    const char *catalog_dir;
    const char *today; /* YYYY-MM-DD: the date of import */
    bool overwrite;    /* replace catalog files with the same id */
    FILE *report;      /* the report lines (stderr); NULL: none */
    /* Called with every record that passed validation, before it is written; may be NULL. */
    void (*accepted)(ww_record_kind kind, const char *id, const char *yaml, void *ctx);
    void *ctx;
} ww_hsds_import_options;

typedef struct {
    size_t services;      /* services found */
    size_t entries;       /* aanbod files written (or accepted, without a catalog) */
    size_t organisations; /* organisaties files written */
    size_t existing;      /* records not written because the catalog has them already */
    size_t rejected;      /* services not imported, and input files that could not be read */
} ww_hsds_import_stats;

typedef struct ww_hsds_import ww_hsds_import;

/* A run; borrows the options' strings and objects, which must outlive it. */
ww_hsds_import *ww_hsds_import_new(const ww_hsds_import_options *options);
void ww_hsds_import_free(ww_hsds_import *imp);

/* Reads the services of one document, `len` bytes named `label` in messages. A document that
 * cannot be read is reported and counted as rejected. */
void ww_hsds_import_bytes(ww_hsds_import *imp, const char *label, const char *bytes, size_t len);
/* Reads a file or a folder (see ww_hsds_read.h). -1 with a Dutch message in *errmsg (caller frees)
 * when `path` is neither; a file in it that fails is reported and counted, and the rest read. */
int ww_hsds_import_path(ww_hsds_import *imp, const char *path, char **errmsg);

/* Turns every service read into records, checks and writes them, and reports. 0, or -1 with a
 * Dutch message in *errmsg (caller frees) when the catalog cannot be written. */
int ww_hsds_import_finish(ww_hsds_import *imp, ww_hsds_import_stats *stats, char **errmsg);

#endif
