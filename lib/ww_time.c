/* ww_time.c -- UTC timestamps and local dates, with the reentrant calls only. */
#include "ww_time.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void ww_utc_format(time_t when, char out[WW_UTC_SIZE], bool compact)
{
    struct tm tm;
    gmtime_r(&when, &tm);
    strftime(out, WW_UTC_SIZE, compact ? "%Y%m%dT%H%M%SZ" : "%Y-%m-%dT%H:%M:%SZ", &tm);
}

void ww_utc_now(char out[WW_UTC_SIZE])
{
    ww_utc_format(time(NULL), out, false);
}

double ww_utc_age(const char *utc)
{
    struct tm tm = {0};
    const char *end = utc ? strptime(utc, "%Y-%m-%dT%H:%M:%SZ", &tm) : NULL;
    return end && !*end ? difftime(time(NULL), timegm(&tm)) : -1;
}

time_t ww_now(void)
{
    const char *fixed = getenv("WW_NOW");
    struct tm tm = {0};
    if (fixed) {
        const char *end = strptime(fixed, "%Y-%m-%dT%H:%M", &tm);
        if (end && *end == '\0') {
            tm.tm_isdst = -1; /* whatever Zwolle's clock says on that day */
            time_t t = mktime(&tm);
            if (t != (time_t)-1)
                return t;
        }
    }
    return time(NULL);
}

void ww_today(char out[WW_DATE_SIZE])
{
    time_t now = ww_now();
    struct tm tm;
    localtime_r(&now, &tm);
    strftime(out, WW_DATE_SIZE, "%Y-%m-%d", &tm);
}

long ww_days_between(const char *from, const char *to)
{
    struct tm a = {0}, b = {0};
    const char *end_a = strptime(from, "%Y-%m-%d", &a), *end_b = strptime(to, "%Y-%m-%d", &b);
    if (!end_a || *end_a || !end_b || *end_b)
        return -1;
    return (long)((timegm(&b) - timegm(&a)) / 86400);
}
