/* fuzz_hsds_import.c -- libFuzzer target for the HSDS import: arbitrary bytes as an HSDS document
 * (any of its shapes) through ww_hsds_import, with schema/hsds-import.yaml, writing nothing. Every
 * record it accepts must read back through ww_record_parse, and an entry must name an
 * organisation accepted before it. A crash, a leak, a hang, a sanitizer report or a broken
 * promise is a finding. */
#include "ww_hsds_import.h"
#include "ww_record.h"
#include "ww_util.h"
#include "fuzz_schema.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static ww_hsds_mapping *mapping;

static void load_mapping(void)
{
    const char *dir = getenv("WW_SCHEMA");
    char *path = ww_xasprintf("%s/%s", dir ? dir : "schema", WW_HSDS_MAPPING_FILE);
    ww_diag diag = {0};
    mapping = ww_hsds_mapping_load(path, schema, &diag);
    ww_diag_free(&diag);
    free(path);
    if (!mapping)
        abort();
}

static void accepted(ww_record_kind kind, const char *id, const char *yaml, void *ctx)
{
    json_t *orgs = ctx;
    ww_diag diag = {0};
    json_t *record =
        ww_record_parse(schema, kind, yaml, strlen(yaml), "fuzz.yaml", id, NULL, NULL, &diag);
    if (!record)
        abort();
    const char *org = json_string_value(json_object_get(record, "organisatie"));
    if (kind == WW_RECORD_ORGANISATION)
        json_object_set_new(orgs, id, json_true());
    else if (!org || !json_object_get(orgs, org))
        abort();
    json_decref(record);
    ww_diag_free(&diag);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!mapping)
        load_mapping();
    json_t *orgs = json_object();
    ww_hsds_import_options o = {.schema = schema,
                                .mapping = mapping,
                                .today = "2026-11-29",
                                .accepted = accepted,
                                .ctx = orgs};
    ww_hsds_import *imp = ww_hsds_import_new(&o);
    ww_hsds_import_bytes(imp, "fuzz.json", (const char *)data, size);
    ww_hsds_import_stats stats;
    char *errmsg = NULL;
    if (ww_hsds_import_finish(imp, &stats, &errmsg) != 0) /* nothing to write: cannot fail */
        abort();
    ww_hsds_import_free(imp);
    json_decref(orgs);
    return 0;
}
