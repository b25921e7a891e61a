/* fuzz_places.c -- libFuzzer target for the postcode table (schema/postcodes.yaml, ww_places_parse)
 * and for a postcode as a resident types it (ww_postcode_read): arbitrary bytes must end in a
 * table whose every area has a four-digit code, a wijk of the list and a centre inside the
 * gemeente's box, or in NULL with at least one error; never in a crash or a leak. */
#include "ww_places.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static const char *const WIJKEN[] = {"centrum", "noord", "zuid"};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    ww_diag diag = {0};
    ww_places *places =
        ww_places_parse((const char *)data, size, "postcodes.yaml", WIJKEN, 3, &diag);
    if (!places && diag.errors == 0)
        abort();
    for (size_t i = 0; i < ww_places_count(places); i++) {
        const ww_postcode_area *a = ww_places_area(places, i);
        if (strlen(a->code) != 4 || a->wijk_count == 0 || !ww_places_inside(places, a->lat, a->lon))
            abort();
    }
    ww_places_free(places);
    ww_diag_free(&diag);

    char *text = malloc(size + 1);
    memcpy(text, data, size);
    text[size] = '\0';
    char area[WW_POSTCODE_AREA_SIZE], letters[3];
    if (ww_postcode_read(text, area, letters) &&
        (strlen(area) != 4 || area[0] == '0' || (letters[0] && strlen(letters) != 2)))
        abort();
    free(text);
    return 0;
}
