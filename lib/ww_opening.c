/* ww_opening.c -- opening hours in words: the weekly sentences, open now or the next time. */
#include "ww_opening.h"

#include "ww_util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Codes of the vocabulary `dagen` in tm_wday order, and their names when a schema lacks them. */
static const char *const CODES[7] = {"zo", "ma", "di", "wo", "do", "vr", "za"};
static const char *const NAMES[7] = {"zondag",    "maandag", "dinsdag", "woensdag",
                                     "donderdag", "vrijdag", "zaterdag"};

enum { NO_TIME = -1 };

/* "09:30" -> 570; NO_TIME for anything else (and for NULL). */
static int minutes_of(const char *hhmm)
{
    if (!hhmm || strlen(hhmm) != 5 || hhmm[2] != ':')
        return NO_TIME;
    for (int i = 0; i < 5; i++)
        if (i != 2 && (hhmm[i] < '0' || hhmm[i] > '9'))
            return NO_TIME;
    int h = (hhmm[0] - '0') * 10 + (hhmm[1] - '0'), m = (hhmm[3] - '0') * 10 + (hhmm[4] - '0');
    if (h == 24 && m == 0)
        return 24 * 60; /* the end of the day, as the validator allows for `tot` */
    return h < 24 && m < 60 ? h * 60 + m : NO_TIME;
}

/* 570 -> "9.30", as Dutch writes a time of day. */
static void clock_text(int minutes, char out[8])
{
    snprintf(out, 8, "%d.%02d", minutes / 60 % 100, minutes % 60);
}

static const char *day_name(const ww_schema *schema, int wday)
{
    const ww_vocab_item *item =
        schema ? ww_vocab_find(ww_schema_vocab(schema, "dagen"), CODES[wday]) : NULL;
    return item ? item->label : NAMES[wday];
}

/* One line of tijden, read: on which days (by tm_wday), from and until when. */
typedef struct {
    bool days[7];
    int from, until; /* minutes since midnight, or NO_TIME */
} slot;

static slot read_slot(const json_t *line)
{
    slot s = {.from = minutes_of(json_string_value(json_object_get(line, "van"))),
              .until = minutes_of(json_string_value(json_object_get(line, "tot")))};
    if (s.until != NO_TIME && s.from != NO_TIME && s.until <= s.from)
        s.until = NO_TIME; /* the validator forbids it; should one slip through, no end */
    size_t k;
    const json_t *day;
    json_array_foreach(json_object_get(line, "dagen"), k, day)
    {
        for (int w = 0; w < 7; w++)
            if (json_is_string(day) && strcmp(json_string_value(day), CODES[w]) == 0)
                s.days[w] = true;
    }
    return s;
}

/* The local weekday and minute of `now`. */
static void local_clock(time_t now, int *wday, int *minute)
{
    struct tm tm;
    localtime_r(&now, &tm);
    *wday = tm.tm_wday;
    *minute = tm.tm_hour * 60 + tm.tm_min;
}

static bool slot_on(const slot *s, int wday, int minute)
{
    return s->days[wday] && s->from != NO_TIME && s->until != NO_TIME && s->from <= minute &&
           minute < s->until;
}

const char *ww_opening_day_code(int wday)
{
    return wday >= 0 && wday < 7 ? CODES[wday] : NULL;
}

/* Where the parts of the day end, in minutes (ochtend, middag, avond): as vocabulaires.yaml's
 * `dagdelen` says. */
static const int PART_END[WW_DAY_PARTS] = {12 * 60, 18 * 60, 24 * 60};

void ww_opening_week_of(const json_t *tijden, ww_opening_week *week)
{
    memset(week, 0, sizeof *week);
    size_t i;
    const json_t *line;
    json_array_foreach(tijden, i, line)
    {
        slot s = read_slot(line);
        for (int w = 0; w < 7; w++) {
            if (!s.days[w])
                continue;
            week->days[w] = true;
            if (s.from == NO_TIME)
                continue; /* on that day, but not said when */
            int until = s.until != NO_TIME ? s.until : s.from + 1; /* "vanaf": from then */
            for (int p = 0, start = 0; p < WW_DAY_PARTS; start = PART_END[p++])
                if (s.from < PART_END[p] && until > start)
                    week->parts[p] = true;
            /* A quarter counts only when the whole of it is on, so that "nu open" is never
             * claimed for an offer that is closed. */
            for (int q = s.from / 15; s.until != NO_TIME && q < WW_QUARTERS_A_DAY; q++)
                if (q * 15 >= s.from && q * 15 + 15 <= s.until)
                    week->quarters[w][q] = true;
        }
    }
}

void ww_opening_quarter_of(time_t now, int *wday, int *quarter)
{
    int minute;
    local_clock(now, wday, &minute);
    *quarter = minute / 15;
}

bool ww_opening_is_open(const json_t *tijden, time_t now)
{
    int wday, minute;
    local_clock(now, &wday, &minute);
    size_t i;
    const json_t *line;
    json_array_foreach(tijden, i, line)
    {
        slot s = read_slot(line);
        if (slot_on(&s, wday, minute))
            return true;
    }
    return false;
}

json_t *ww_opening_lines(const ww_schema *schema, const json_t *tijden)
{
    json_t *lines = json_array();
    size_t i;
    const json_t *t;
    json_array_foreach(tijden, i, t)
    {
        slot s = read_slot(t);
        ww_buf line = {0};
        /* The days in week order from Monday, "dinsdag en donderdag". */
        size_t n = 0, total = 0;
        for (int w = 0; w < 7; w++)
            total += s.days[w];
        for (int k = 1; k <= 7; k++) {
            int w = k % 7;
            if (!s.days[w])
                continue;
            n++;
            ww_buf_printf(&line, "%s%s",
                          n == 1       ? ""
                          : n == total ? " en "
                                       : ", ",
                          day_name(schema, w));
        }
        char from[8], until[8];
        clock_text(s.from, from);
        clock_text(s.until, until);
        if (s.from != NO_TIME && s.until != NO_TIME)
            ww_buf_printf(&line, " van %s tot %s uur", from, until);
        else if (s.from != NO_TIME)
            ww_buf_printf(&line, " vanaf %s uur", from);
        char *text = ww_buf_release(&line);
        if (text[0] >= 'a' && text[0] <= 'z')
            text[0] = (char)(text[0] - 'a' + 'A'); /* a sentence: "Dinsdag van ..." */
        if (text[0])
            json_array_append_new(lines, json_string(text));
        free(text);
    }
    return lines;
}

/* The slots of `tijden` with a start time; returns how many (at most `max`). */
static size_t timed_slots(const json_t *tijden, slot *out, size_t max)
{
    size_t n = 0, i;
    const json_t *line;
    json_array_foreach(tijden, i, line)
    {
        slot s = read_slot(line);
        if (s.from != NO_TIME && n < max)
            out[n++] = s;
    }
    return n;
}

enum { MAX_SLOTS = 64 }; /* the schema allows 50 lines */

/* The next slot that starts after `minute` of `wday` (or that is on then, with `include_on`):
 * its index, and in *offset the days from today (0-7). -1 when none. */
static int next_slot(const slot *slots, size_t n, int wday, int minute, bool include_on,
                     int *offset)
{
    for (int d = 0; d <= 7; d++) {
        int w = (wday + d) % 7, best = -1;
        for (size_t i = 0; i < n; i++) {
            const slot *s = &slots[i];
            if (!s->days[w])
                continue;
            bool later = d > 0 || s->from > minute ||
                         (include_on && s->until != NO_TIME && minute < s->until);
            if (later && (best < 0 || s->from < slots[best].from))
                best = (int)i;
        }
        if (best >= 0) {
            *offset = d;
            return best;
        }
    }
    return -1;
}

/* When the slots on now, taken together with those that follow on at once, end. */
static int open_until(const slot *slots, size_t n, int wday, int minute)
{
    int end = minute;
    for (bool grew = true; grew;) {
        grew = false;
        for (size_t i = 0; i < n; i++) {
            const slot *s = &slots[i];
            if (s->days[wday] && s->until != NO_TIME && s->from <= end && s->until > end) {
                end = s->until;
                grew = true;
            }
        }
    }
    return end;
}

/* "vandaag", "morgen", "dinsdag", "volgende week dinsdag"; `on` adds "op " before a day name. */
static void when_text(ww_buf *out, const ww_schema *schema, int wday, int offset, bool on)
{
    if (offset == 0)
        ww_buf_puts(out, "vandaag");
    else if (offset == 1)
        ww_buf_puts(out, "morgen");
    else if (offset == 7)
        ww_buf_printf(out, "volgende week %s", day_name(schema, wday));
    else
        ww_buf_printf(out, "%s%s", on ? "op " : "", day_name(schema, (wday + offset) % 7));
}

char *ww_opening_text(const ww_schema *schema, const json_t *tijden, time_t now)
{
    slot slots[MAX_SLOTS];
    size_t n = timed_slots(tijden, slots, MAX_SLOTS);
    if (n == 0)
        return NULL;
    int wday, minute;
    local_clock(now, &wday, &minute);
    char clock[8];
    for (size_t i = 0; i < n; i++)
        if (slot_on(&slots[i], wday, minute)) {
            clock_text(open_until(slots, n, wday, minute), clock);
            return ww_xasprintf("Nu open tot %s uur", clock);
        }
    int offset, next = next_slot(slots, n, wday, minute, false, &offset);
    if (next < 0)
        return NULL; /* a line with times but no days: the validator forbids it */
    ww_buf text = {0};
    ww_buf_puts(&text, "Nu gesloten — weer open ");
    when_text(&text, schema, wday, offset, true);
    clock_text(slots[next].from, clock);
    ww_buf_printf(&text, " om %s uur", clock);
    return ww_buf_release(&text);
}

char *ww_opening_next(const ww_schema *schema, const json_t *tijden, time_t now)
{
    slot slots[MAX_SLOTS];
    size_t n = timed_slots(tijden, slots, MAX_SLOTS);
    int wday, minute, offset;
    local_clock(now, &wday, &minute);
    int next = n ? next_slot(slots, n, wday, minute, true, &offset) : -1;
    if (next < 0)
        return NULL;
    ww_buf text = {0};
    when_text(&text, schema, wday, offset, false);
    char from[8], until[8];
    clock_text(slots[next].from, from);
    if (slots[next].until != NO_TIME) {
        clock_text(slots[next].until, until);
        ww_buf_printf(&text, " %s–%s uur", from, until);
    } else {
        ww_buf_printf(&text, " vanaf %s uur", from);
    }
    return ww_buf_release(&text);
}
