/* fuzz_catalog.c -- libFuzzer target for the catalog loader: arbitrary bytes through encoding
 * detection, the bounded YAML reader and the schema validator, as an entry and as an
 * organisation. Anything but a clean reject or a clean accept (a crash, a leak, a hang, a
 * sanitizer report) is a finding. */
#include "ww_record.h"
#include "ww_diag.h"
#include "fuzz_schema.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static bool known_organisation(const char *folder, const char *id, void *ctx)
{
    (void)ctx;
    return strcmp(folder, "organisaties") == 0 && strcmp(id, "buurtwerk-zwolle") == 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    for (int kind = 0; kind < 2; kind++) {
        ww_diag diag = {0};
        json_t *record = ww_record_parse(
            schema, kind ? WW_RECORD_ORGANISATION : WW_RECORD_ENTRY, (const char *)data, size,
            "fuzz.yaml", kind ? NULL : "koffieochtend", known_organisation, NULL, &diag);
        /* Either a record or a reason, never both and never neither. */
        if ((record != NULL) == (diag.errors > 0))
            abort();
        json_decref(record);
        ww_diag_free(&diag);
    }
    return 0;
}
