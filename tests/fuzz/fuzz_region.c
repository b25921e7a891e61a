/* fuzz_region.c -- libFuzzer target for a region's configuration (regio.yaml, ww_region_parse):
 * arbitrary bytes end in a region of 1 to WW_REGION_MAX gemeenten with distinct codes, a name and
 * a location each, or in NULL with at least one error. */
#include "ww_region.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    ww_diag diag = {0};
    ww_region *region = ww_region_parse((const char *)data, size, "dir/regio.yaml", &diag);
    if (!region && diag.errors == 0)
        abort();
    if (region && (region->count == 0 || region->count > WW_REGION_MAX || !region->name))
        abort();
    for (size_t i = 0; region && i < region->count; i++) {
        const ww_region_member *m = &region->members[i];
        if (!m->id || !m->name || !m->location || ww_region_find(region, m->id) != (int)i)
            abort();
    }
    ww_region_free(region);
    ww_diag_free(&diag);
    return 0;
}
