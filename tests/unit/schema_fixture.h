/* schema_fixture.h -- the group fixture of the unit tests that need the schema: the project's
 * schema/ (or $WW_SCHEMA) in `schema`, loaded once in Zwolle's time zone, as the programs run.
 * Include it in one test file, after the headers it uses; pass load_schema and free_schema to
 * cmocka_run_group_tests. */
#ifndef SCHEMA_FIXTURE_H
#define SCHEMA_FIXTURE_H

#include "ww_diag.h"
#include "ww_schema.h"

#include <stdio.h>
#include <stdlib.h>
#include <time.h>

static ww_schema *schema;

static const char *schema_dir(void)
{
    return getenv("WW_SCHEMA") ? getenv("WW_SCHEMA") : "schema";
}

static int load_schema(void **state)
{
    (void)state;
    setenv("TZ", "Europe/Amsterdam", 1);
    tzset();
    ww_diag diag = {0};
    schema = ww_schema_load(schema_dir(), &diag);
    if (!schema)
        ww_diag_print(&diag, 0, stderr);
    ww_diag_free(&diag);
    return schema ? 0 : -1;
}

static int free_schema(void **state)
{
    (void)state;
    ww_schema_free(schema);
    schema = NULL;
    return 0;
}

#endif
