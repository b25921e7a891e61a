/* ww_form.h -- the partners' entry form, made from the entry schema (schema/aanbod.yaml).
 *
 * The schema says which fields there are, of which type, with which label, help text and
 * choices; this module turns that into the data of the form's templates, and the posted form
 * back into a record. A new field or a new wijk in the schema appears in the form without a
 * change here. Form controls are named after the field's path: `titel`, `kosten.soort`,
 * `locaties.0.postcode` (rows count from 0; the validator's paths count from 1). */
#ifndef WW_FORM_H
#define WW_FORM_H

#include "ww_http.h"
#include "ww_schema.h"

#include <jansson.h>
#include <stdbool.h>

/* The fields of the form filled with `values` (a record as JSON, as ww_record_values or
 * ww_form_record made it; NULL for an empty form), for the template `veld`. `errors` (may be
 * NULL) is the validator's array of {path, message}: each error is shown beside the field it
 * concerns, and gets that field's HTML id as "anker" for the summary above the form. Fields that
 * the server fills in itself (id, laatst_gecontroleerd, and organisatie unless `editor`) are
 * left out. Returns a new JSON array (caller owns). */
json_t *ww_form_fields(const ww_schema *schema, const json_t *values, json_t *errors, bool editor);

/* The fields of ww_form_fields (the reference is taken) grouped into the form's sections, so that
 * a volunteer on a phone takes one part at a time: a new JSON array (caller owns) of {id, titel,
 * stap, open, velden, alleen_bij_veld, alleen_bij_waarde}. The first section is open, and so is
 * every section that shows an error; a section for one soort only (wonen) is open when `values`
 * has that soort, and names the field and value it depends on so that the page's script can hide
 * it for another soort. A field no section names (new in the schema) goes to the last section,
 * "Overige gegevens". */
json_t *ww_form_sections(const ww_schema *schema, json_t *fields, const json_t *values);

/* The record that the posted form describes (caller owns), in the schema's order of fields.
 * Values in `managed` (id, organisatie, laatst_gecontroleerd) come from there instead of the
 * form. Empty fields are left out, and so are rows of a list that were left wholly empty. A web
 * address typed without https:// ("www.buurthuis.nl") gets it. A field for one soort only
 * (alleen_bij: wonen) is left out when the form chose another soort. */
json_t *ww_form_record(const ww_schema *schema, const ww_request *req, const json_t *managed);

#endif
