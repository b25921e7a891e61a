/* ww_time.h -- the timestamps Wegwijzer writes and the date it counts by.
 *
 * Moments that go into files and logs (audit lines, token lines, the index's build time, the
 * access log) are UTC; dates that a resident or a partner sees (expiry, "gecontroleerd") are
 * Zwolle's, which the programs get by running with TZ=Europe/Amsterdam. All reentrant. */
#ifndef WW_TIME_H
#define WW_TIME_H

#include <stdbool.h>
#include <time.h>

/* Room for "2026-11-29T09:30:00Z" and its NUL. */
#define WW_UTC_SIZE 21
/* Room for "2026-11-29" and its NUL. */
#define WW_DATE_SIZE 11

/* `when` as ISO 8601 UTC, "2026-11-29T09:30:00Z" (compact: "20261129T093000Z", for file
 * names), into `out`. */
void ww_utc_format(time_t when, char out[WW_UTC_SIZE], bool compact);
/* Now, as ww_utc_format writes it. */
void ww_utc_now(char out[WW_UTC_SIZE]);
/* Seconds since an ISO 8601 UTC moment as ww_utc_format writes it; -1 when `utc` is not one. */
double ww_utc_age(const char *utc);

/* The moment a resident's "now" and "today" count from (open now, expiry): time(NULL), or for
 * tests only the local time in the environment variable WW_NOW ("2026-12-01T10:00"), so that
 * opening hours, expiry and the relevance suite do not depend on the day a suite runs. A
 * malformed WW_NOW is ignored (the real time is used). A production server must not have it. */
time_t ww_now(void);

/* Today's date in local time (Zwolle's), YYYY-MM-DD, of ww_now(). */
void ww_today(char out[WW_DATE_SIZE]);
/* Whole days from date `from` to date `to` (both YYYY-MM-DD); -1 when either is no date. */
long ww_days_between(const char *from, const char *to);

#endif
