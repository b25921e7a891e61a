/* fuzz_template.c -- libFuzzer target for the page template parser and renderer: arbitrary
 * bytes as a template, rendered with a small context. A clean refusal or any output is fine; a
 * crash, leak, hang or sanitizer report is a finding. */
#include "ww_template.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static json_t *context;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    context = json_loads("{\"titel\": \"<b>&\\\"'\", \"items\": [{\"a\": 1}, {\"a\": null}],"
                         " \"vlag\": true, \"leeg\": [], \"org\": {\"naam\": \"x\"}}",
                         0, NULL);
    return context ? 0 : 1;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *text = malloc(size + 1);
    memcpy(text, data, size);
    text[size] = '\0';
    char *err = NULL;
    ww_templates *set = ww_templates_from_text("t", text, &err);
    if (set) {
        free(ww_template_render(set, "t", context));
        ww_templates_free(set);
    }
    free(err);
    free(text);
    return 0;
}
