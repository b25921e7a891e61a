/* fuzz_verdicts.c -- libFuzzer target for the editor's verdicts file (catalog/dubbelingen.yaml,
 * ww_verdicts_parse): arbitrary bytes end in a list whose every verdict has two ids, a known
 * kind and two versions, or in NULL with at least one error; and a list read back from the text
 * it is written as is the same list. */
#include "ww_verdicts.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    ww_diag diag = {0};
    json_t *list = ww_verdicts_parse((const char *)data, size, "dubbelingen.yaml", &diag);
    if (!list && diag.errors == 0)
        abort();
    size_t i;
    const json_t *v;
    json_array_foreach(list, i, v)
    {
        if (json_array_size(json_object_get(v, "aanbod")) != 2 ||
            json_array_size(json_object_get(v, "versies")) != 2 ||
            !ww_verdict_known(json_string_value(json_object_get(v, "oordeel"))))
            abort();
    }
    if (list) {
        char *text = ww_verdicts_text(list);
        ww_diag again = {0};
        json_t *back = ww_verdicts_parse(text, strlen(text), "dubbelingen.yaml", &again);
        if (!back || !json_equal(back, list))
            abort();
        json_decref(back);
        ww_diag_free(&again);
        free(text);
    }
    json_decref(list);
    ww_diag_free(&diag);
    return 0;
}
