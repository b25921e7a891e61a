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

/* The vocabulary code of a weekday in tm_wday order (0 = "zo", 1 = "ma"); NULL out of range. */
const char *ww_opening_day_code(int wday);

/* The parts of the day of the vocabulary `dagdelen`, in its order: ochtend (until 12.00 uur),
 * middag (until 18.00 uur), avond. */
enum { WW_DAY_PARTS = 3, WW_QUARTERS_A_DAY = 96 };

/* When an offer is on in a week, for the search filters: by tm_wday, the days it is on at all
 * (also lines without a time), the parts of the day a timed line touches (10.00-16.00 uur is
 * ochtend and middag; a line with only `van` counts the part it starts in), and the quarters of
 * an hour that a line covers entirely. */
typedef struct {
    bool days[7];
    bool parts[WW_DAY_PARTS];
    bool quarters[7][WW_QUARTERS_A_DAY];
} ww_opening_week;

void ww_opening_week_of(const json_t *tijden, ww_opening_week *week);

/* The local weekday (tm_wday) and quarter of the day (0-95) of `now`. */
void ww_opening_quarter_of(time_t now, int *wday, int *quarter);

#endif
