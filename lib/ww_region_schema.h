/* ww_region_schema.h -- a region whose gemeenten have schemas of their own (issue 18).
 *
 * Owns: fitting the gemeenten's own schemas into the region's. A gemeente may have its own wijken
 * (vocabulaires.yaml) and postcode table (postcodes.yaml); every other vocabulary must be the
 * region's, value for value and in the same order, since an index's facet masks number the
 * values by their place in the list. The region's server then knows the wijken and postcode
 * areas of every gemeente as its own: a wijk of Kampen can be chosen, counted and named like one
 * of Zwolle, and a postcode of Kampen places a resident. Wijk codes are the region's ids, so two
 * gemeenten with their own schemas may not share one ("centrum"): the merge says which, and the
 * gemeente gives its wijken codes of their own ("kampen-centrum"). */
#ifndef WW_REGION_SCHEMA_H
#define WW_REGION_SCHEMA_H

#include "ww_region.h"
#include "ww_schema.h"

#include <stdbool.h>
#include <stdint.h>

/* Where a gemeente's wijken are among the region's: bit b of its index's wijk masks is bit to[b]
 * of the region's (for ww_reader_set_shard_bits); `own` when its schema is not the region's. */
typedef struct {
    bool own;
    uint8_t to[64];
} ww_region_wijken;

/* Makes `schema` (the region's, loaded by its server, not yet shared with any thread) know the
 * wijken and postcode areas of every gemeente of `region`: members[i] is gemeente i's schema
 * (`schema` itself when it has none of its own). The region's wijken come first when a gemeente
 * uses them; each own schema's wijken follow with the gemeente's name in their label
 * ("Brunnepe (Kampen)"), and its `overal` wijk stands for its own wijken only. Fills wijken[i]
 * for each gemeente. False, with the reason in *errmsg (caller frees), when a schema differs in
 * more than wijken and postcodes, two gemeenten use one wijk code, or the region has more than
 * 64 wijken; `schema` is unchanged then. */
bool ww_region_schema_merge(ww_schema *schema, const ww_region *region,
                            const ww_schema *const *members, ww_region_wijken *wijken,
                            char **errmsg);

#endif
