/* ww_hsds_mapping.h -- how foreign HSDS words become our codes: schema/hsds-import.yaml, which a
 * user may edit. Owns reading that file and matching against it; ww_hsds_import uses it.
 *
 * The file holds, per field of an entry whose values are codes (soort, ambities, doelgroepen,
 * leefgebieden, wijken, toegang, kosten.soort, wonen.woonvorm, wonen.begeleiding, talen) or words
 * (trefwoorden), a list of rules {match, value}: a foreign taxonomy term whose code or name is
 * `match` (case and accents aside, the whole of it) gives that field `value`. In free text that
 * a field is looked for in (a cost option for kosten.soort, a service area for wijken, the
 * application process for toegang) `match` is a word or words of the text. Under `standaard`,
 * the value a field gets when the data says nothing about it (required fields that foreign data
 * lacks); the importer reports each use. Every value must be one of its field's codes: a wrong
 * one is an error with its line, like any schema file. */
#ifndef WW_HSDS_MAPPING_H
#define WW_HSDS_MAPPING_H

#include "ww_diag.h"
#include "ww_schema.h"

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

/* The file's name in the schema folder. */
#define WW_HSDS_MAPPING_FILE "hsds-import.yaml"

typedef struct ww_hsds_mapping ww_hsds_mapping;

/* Reads `len` bytes of the mapping file (named `file` in messages) against the schema, which
 * must outlive the mapping. NULL when anything is wrong; the reasons are in `diag`. */
ww_hsds_mapping *ww_hsds_mapping_parse(const char *bytes, size_t len, const char *file,
                                       const ww_schema *schema, ww_diag *diag);
/* The same for the file at `path`; a file that cannot be read is an error in `diag` too. */
ww_hsds_mapping *ww_hsds_mapping_load(const char *path, const ww_schema *schema, ww_diag *diag);
void ww_hsds_mapping_free(ww_hsds_mapping *mapping);

/* The file's name as given, for messages (owned by the mapping). */
const char *ww_hsds_mapping_file(const ww_hsds_mapping *mapping);

/* The fields the file may name, in the order the importer fills them. */
extern const char *const WW_HSDS_MAPPED_FIELDS[];
extern const size_t WW_HSDS_MAPPED_FIELD_COUNT;

/* Whether `field` (one of WW_HSDS_MAPPED_FIELDS) holds a list rather than one value. */
bool ww_hsds_mapping_is_list(const ww_hsds_mapping *mapping, const char *field);
/* Whether `code` is a value `field` allows (any text for trefwoorden). */
bool ww_hsds_mapping_allows(const ww_hsds_mapping *mapping, const char *field, const char *code);

/* Appends to `values` (an array of strings, without repeating one) the values of the rules of
 * `field` that match `text`: the whole of it, or with `in_words` a word or words of it. A code
 * or label of the field's own vocabulary matches too (the whole text). True when any did. */
bool ww_hsds_mapping_match(const ww_hsds_mapping *mapping, const char *field, const char *text,
                           bool in_words, json_t *values);

/* The default of `field` (a string, or an array for lists), or NULL when the file gives none.
 * Borrowed from the mapping. */
const json_t *ww_hsds_mapping_default(const ww_hsds_mapping *mapping, const char *field);

#endif
