/* fuzz_help_now.c -- libFuzzer target for "hulp nu": arbitrary bytes as a search question
 * through the matcher of schema/hulp-nu.yaml (ww_help_now_answer). Whatever a resident types
 * must end in no answer or in a well-formed one (kinds, a first sentence, at least one line, each
 * with a name), quickly: the matcher backtracks over gaps, and a long or odd question must not
 * make it slow (libFuzzer's -timeout catches that). */
#include "ww_help_now.h"
#include "fuzz_schema.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *text = malloc(size + 1);
    memcpy(text, data, size);
    text[size] = '\0'; /* a NUL inside ends the question, as it would in a parameter */
    json_t *answer = ww_help_now_answer(schema->help_now, text, NULL);
    if (answer) {
        json_t *kinds = json_object_get(answer, "soort"),
               *lines = json_object_get(answer, "lijnen");
        if (json_array_size(kinds) == 0 || json_array_size(lines) == 0 ||
            !json_is_string(json_object_get(answer, "tekst")))
            abort();
        for (size_t i = 0; i < json_array_size(lines); i++)
            if (!json_is_string(json_object_get(json_array_get(lines, i), "naam")))
                abort();
    }
    json_decref(answer);
    free(text);
    return 0;
}
