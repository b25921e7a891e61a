/* fuzz_open_data.c -- libFuzzer target for the open-data terms (catalog/open-data.yaml,
 * ww_open_data_parse): arbitrary bytes end in an object with each of the five terms as text, or
 * in NULL with at least one error. */
#include "ww_open_data.h"

#include <stdint.h>
#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    ww_diag diag = {0};
    json_t *terms = ww_open_data_parse((const char *)data, size, "open-data.yaml", &diag);
    if (!terms && diag.errors == 0)
        abort();
    static const char *const KEYS[] = {"uitgever", "provincie", "licentie", "licentie_naam",
                                       "licentie_url"};
    for (size_t i = 0; terms && i < sizeof KEYS / sizeof *KEYS; i++)
        if (!json_is_string(json_object_get(terms, KEYS[i])))
            abort();
    if (terms && json_object_size(terms) != sizeof KEYS / sizeof *KEYS)
        abort();
    json_decref(terms);
    ww_diag_free(&diag);
    return 0;
}
