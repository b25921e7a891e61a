/* fuzz_form.c -- libFuzzer target for the partners' entry form: arbitrary bytes as a posted
 * form body through the form parser (ww_form_parse), the fields into a record (ww_form_record),
 * the record as YAML (ww_yaml_emit) and back into the form's fields with the validator's errors
 * (ww_form_fields). Whatever a browser or an attacker posts must end in a record the server can
 * store, or a clean refusal. */
#include "ww_record.h"
#include "ww_form.h"
#include "fuzz_schema.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *body = malloc(size + 1);
    memcpy(body, data, size);
    body[size] = '\0';
    static ww_param fields[2000];
    long n = ww_form_parse(body, fields, sizeof fields / sizeof *fields);
    if (n >= 0) {
        ww_request req = {
            .method = "POST", .path = "/partner/nieuw", .form = fields, .form_count = (size_t)n};
        json_t *managed =
            json_pack("{s:s,s:s}", "id", "fuzz-aanbod", "laatst_gecontroleerd", "2026-11-23");
        json_t *record = ww_form_record(schema, &req, managed);
        char *yaml = ww_yaml_emit(record);
        if (!yaml)
            abort(); /* a form's record is text, lists and blocks: always writable */
        ww_diag diag = {0};
        json_decref(ww_record_parse(schema, WW_RECORD_ENTRY, yaml, strlen(yaml), "fuzz", NULL, NULL,
                                    NULL, &diag));
        json_t *errors = json_array();
        for (size_t i = 0; i < diag.count; i++)
            json_array_append_new(errors, json_pack("{s:s,s:s}", "path", diag.items[i].path,
                                                    "message", diag.items[i].message));
        json_decref(ww_form_fields(schema, record, errors, true));
        json_decref(errors);
        ww_diag_free(&diag);
        free(yaml);
        json_decref(record);
        json_decref(managed);
    }
    free(body);
    return 0;
}
