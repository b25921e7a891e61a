/* fuzz_schema.h -- the schema for fuzz targets that need one: schema/ or $WW_SCHEMA, loaded
 * once in LLVMFuzzerInitialize; a broken schema stops the run at once. */
#ifndef FUZZ_SCHEMA_H
#define FUZZ_SCHEMA_H

#include "ww_schema.h"

#include <stdlib.h>

static ww_schema *schema;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    ww_diag diag = {0};
    const char *dir = getenv("WW_SCHEMA");
    schema = ww_schema_load(dir ? dir : "schema", &diag);
    ww_diag_free(&diag);
    if (!schema)
        abort();
    return 0;
}

#endif
