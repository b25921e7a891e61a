/* ww_json.h -- compact JSON text of a jansson value, written into a ww_buf.
 *
 * The indexer stores every entry and its search-result summary as JSON; jansson's json_dumps
 * calls back per piece of output and costs several times more than the bytes need. This
 * writes the same bytes as json_dumps(value, JSON_COMPACT) (keys in insertion order, the same
 * escapes, reals formatted by jansson itself), straight into a reusable buffer. */
#ifndef WW_JSON_H
#define WW_JSON_H

#include "ww_util.h"

#include <jansson.h>
#include <stdbool.h>

/* Appends the compact JSON of `value` to `buf`. False (buf then holds part of it) when it
 * cannot be written: NULL, a real jansson cannot write, or nesting deeper than 2048. */
bool ww_json_append(ww_buf *buf, const json_t *value);

/* Appends `s` (`len` bytes of valid UTF-8) as a JSON string, quotes included. */
void ww_json_append_string(ww_buf *buf, const char *s, size_t len);

/* Whether `s` is one of the strings of the array `list` (false for NULL). */
bool ww_json_list_has(const json_t *list, const char *s);

#endif
