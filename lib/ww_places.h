/* ww_places.h -- where a resident is: the gemeente's postcode areas (schema/postcodes.yaml), each
 * with its wijk(en) and a centre point, and the box the gemeente lies in.
 *
 * Owns: reading a postcode as people write it ("8017 JZ", "8017jz", "8017"), finding its area,
 * and whether a point lies in the gemeente at all. It measures nothing: distances are Xapian's
 * (ww_geo_distance_m), the same metric that sorts results. The schema loads the table
 * (ww_schema.places); it is read-only afterwards and may be shared between threads. */
#ifndef WW_PLACES_H
#define WW_PLACES_H

#include "ww_diag.h"

#include <stdbool.h>
#include <stddef.h>

/* Room for a four-digit area code ("8017") and its NUL. */
#define WW_POSTCODE_AREA_SIZE 5

typedef struct {
    char code[WW_POSTCODE_AREA_SIZE];
    const char **wijken; /* ids of the vocabulary wijken, most inhabitants first; owned */
    size_t wijk_count;
    double lat, lon; /* the area's centre, WGS84 */
} ww_postcode_area;

typedef struct ww_places ww_places;

/* Reads the table from `text` (the contents of `file`, named in messages). Every wijk must be
 * one of `wijken` (the vocabulary's ids, `wijk_count` of them); every centre must lie in the
 * file's `gebied`. Problems go to `diag` with line and column; NULL when there is any. */
ww_places *ww_places_parse(const char *text, size_t len, const char *file,
                           const char *const *wijken, size_t wijk_count, ww_diag *diag);
void ww_places_free(ww_places *places);

/* The name of the gemeente ("Zwolle"), for messages; owned by `places`. */
const char *ww_places_gemeente(const ww_places *places);

/* A Dutch postcode as people type it: four digits (not starting with 0), optionally two letters,
 * spaces anywhere and any case ("8017 JZ", "8017jz", " 8017 "). Writes the area ("8017") to
 * `area` and, when `letters` is not NULL, the letters in capitals ("JZ", or "" when none).
 * False (and nothing written) when `text` is no postcode. */
bool ww_postcode_read(const char *text, char area[WW_POSTCODE_AREA_SIZE], char letters[3]);

/* The area with this four-digit code, or NULL (an area of another gemeente, or none). */
const ww_postcode_area *ww_places_find(const ww_places *places, const char *area);

/* Whether a point lies inside the gemeente's box (and is a real coordinate). */
bool ww_places_inside(const ww_places *places, double lat, double lon);

/* A region's table (ww_region_schema): the areas of every part, in order (an area in two parts
 * is the first one's), in a box around all of theirs, for messages named `name`. Free with
 * ww_places_free. */
ww_places *ww_places_merge(const ww_places *const *parts, size_t count, const char *name);
/* The number of areas, and area i (in the file's order; NULL beyond). */
size_t ww_places_count(const ww_places *places);
const ww_postcode_area *ww_places_area(const ww_places *places, size_t i);

#endif
