/* ww_region.h -- a region: several gemeenten searched as one (issue 18), as its configuration
 * file names them (regio.yaml; see schema/regio.voorbeeld.yaml):
 *
 *     naam: Regio IJsselland          the region's name
 *     wachttijd_ms: 1500              how long a gemeente's index on another host may take to
 *                                     connect or to answer before it is left out (default 1500)
 *     gemeenten:
 *       - id: zwolle                  the gemeente's code: [a-z0-9-], unique
 *         naam: Zwolle
 *         index: /srv/zwolle/index    its index folder (its `current` is opened), or
 *       - id: kampen
 *         naam: Kampen
 *         index: tcp://kampen.example:7021   an index that xapian-tcpsrv serves
 *         schema: /srv/kampen/schema      optional: the schema folder the gemeente's index is
 *                                         built with, when it has wijken and postcodes of its
 *                                         own (ww_region_schema); default the region's
 *
 * Relative folders count from the file's own folder. No Xapian here, so the file's parser can be
 * fuzzed alone (fuzz_region). */
#ifndef WW_REGION_H
#define WW_REGION_H

#include "ww_diag.h"

#include <stddef.h>

/* A region has at most this many gemeenten (a Xapian reader's shards, one bit each). */
#define WW_REGION_MAX 64

typedef struct {
    char *id, *name;
    char *location;   /* a database folder ("<index>/current") or "tcp://host:port" */
    char *schema_dir; /* the gemeente's own schema folder, or NULL: the region's */
} ww_region_member;

typedef struct {
    char *name;
    unsigned timeout_ms;
    ww_region_member *members;
    size_t count;
} ww_region;

/* The region in `text` (the file at `path`, named in messages; relative index folders count
 * from its folder). NULL, with every problem in `diag`, when it is not a region as above. Free
 * with ww_region_free. */
ww_region *ww_region_parse(const char *text, size_t len, const char *path, ww_diag *diag);
/* The same from the file. */
ww_region *ww_region_read(const char *path, ww_diag *diag);
void ww_region_free(ww_region *region);

/* The member with code `id`, or -1. */
int ww_region_find(const ww_region *region, const char *id);

#endif
