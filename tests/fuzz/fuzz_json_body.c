/* fuzz_json_body.c -- libFuzzer target for a partner's JSON body: arbitrary bytes through
 * jansson, and every object that parses through the YAML writer (ww_yaml_emit) and back through
 * the bounded YAML reader. A written document that the reader refuses is a finding too: what
 * the server stores must be readable by the indexer. The indexer's own JSON writer (ww_json)
 * must write exactly what jansson's json_dumps writes for every such object. */
#include "ww_json.h"
#include "ww_yaml.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    json_t *json = json_loadb((const char *)data, size, JSON_REJECT_DUPLICATES, NULL);
    if (!json_is_object(json)) {
        json_decref(json);
        return 0;
    }
    char *dumped = json_dumps(json, JSON_COMPACT);
    ww_buf ours = {0};
    if (!ww_json_append(&ours, json) || !dumped || strcmp(ours.data, dumped) != 0)
        abort();
    ww_buf_free(&ours);
    free(dumped);
    char *yaml = ww_yaml_emit(json);
    json_decref(json);
    if (!yaml)
        return 0;
    ww_yaml_doc *doc = NULL;
    ww_yaml_error err;
    ww_yaml_limits limits = {.max_depth = 100, .max_nodes = 1u << 20, .max_scalar = 1u << 20};
    if (ww_yaml_parse(yaml, strlen(yaml), &limits, &doc, &err) != 0)
        abort();
    ww_yaml_free(doc);
    free(yaml);
    return 0;
}
