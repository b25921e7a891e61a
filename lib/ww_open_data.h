/* ww_open_data.h -- how the gemeente publishes its catalog as open data: the terms it states in
 * <catalog>/open-data.yaml, read here, with defaults for what the file leaves out:
 *
 *     uitgever: Gemeente Zwolle            who publishes the data
 *     provincie: Overijssel                the province of the addresses (HSDS requires one)
 *     licentie: CC0-1.0                    an SPDX id; the default is CC0-1.0
 *     licentie_naam: Creative Commons Zero 1.0 (publiek domein)
 *     licentie_url: https://creativecommons.org/publicdomain/zero/1.0/deed.nl
 *
 * No Xapian here, so the file's parser can be fuzzed alone (fuzz_open_data). */
#ifndef WW_OPEN_DATA_H
#define WW_OPEN_DATA_H

#include "ww_diag.h"

#include <jansson.h>
#include <stddef.h>

/* "<catalog>/open-data.yaml". Caller frees. */
char *ww_open_data_path(const char *catalog);

/* The terms in `text` (the file at `path`, named in messages) as a new object with every key
 * above, the defaults filled in; NULL, with every problem in `diag`, when the text is not a
 * mapping of those keys to text. An empty text gives the defaults. */
json_t *ww_open_data_parse(const char *text, size_t len, const char *path, ww_diag *diag);
/* The same from the catalog's file; a missing file gives the defaults. */
json_t *ww_open_data_read(const char *catalog, ww_diag *diag);

#endif
