/* ww_opening.h -- when an offer is open, in words, from an entry's `tijden` (weekly lines of
 * {dagen, van, tot}, schema/aanbod.yaml): the weekly hours as sentences, "Nu open tot 12.00 uur"
 * or "Nu gesloten — weer open op dinsdag om 9.30 uur" for the entry page and the shortlist, and
 * the short "dinsdag 9.30–12.00 uur" for a result card.
 *
 * Times are wall-clock times in the process's local time zone: the server runs with
 * TZ=Europe/Amsterdam (main.c), so "now" is Zwolle's. Lines without `van` say on which days,
 * not when: they show in the weekly sentences but never make an offer "open". The schema knows
 * only weekly patterns (no every-other-week or monthly lines); exceptions are free text in
 * `tijden_toelichting`, which the pages show beside these texts. */
#ifndef WW_OPENING_H
#define WW_OPENING_H

#include "ww_schema.h"

#include <jansson.h>
#include <stdbool.h>
#include <time.h>

/* The weekly hours as sentences, one per line of `tijden`: "Dinsdag en donderdag van 9.30 tot
 * 12.00 uur". A new array (caller owns); empty for no times. Day names come from the schema's
 * vocabulary `dagen`. */
json_t *ww_opening_lines(const ww_schema *schema, const json_t *tijden);

/* Whether a line of `tijden` is on at `now`. */
bool ww_opening_is_open(const json_t *tijden, time_t now);

/* "Nu open tot 12.00 uur" (contiguous lines taken together), or "Nu gesloten — weer open
 * vandaag om 14.00 uur" / "morgen om ..." / "op dinsdag om ..." / "volgende week dinsdag om
 * ...". NULL when `tijden` holds no line with a time. Caller frees. */
char *ww_opening_text(const ww_schema *schema, const json_t *tijden, time_t now);

/* The next time it is on, short, for a result card: "vandaag 9.30–12.00 uur" (also while it is
 * on), "morgen 9.30–12.00 uur", "dinsdag 9.30–12.00 uur"; "dinsdag vanaf 9.30 uur" for a line
 * without `tot`. NULL when `tijden` holds no line with a time. Caller frees. */
char *ww_opening_next(const ww_schema *schema, const json_t *tijden, time_t now);

#endif
