/* test_opening.c -- opening hours in words (lib/ww_opening.c) at fixed moments in Zwolle's
 * time: open now and until when, the next opening across the week's end, several lines a day,
 * lines without times, and the test clock WW_NOW. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "ww_diag.h"
#include "ww_opening.h"
#include "ww_schema.h"
#include "ww_time.h"
#include "schema_fixture.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

/* A local moment in Zwolle: "2026-12-01T10:00" (a Tuesday). */
static time_t at(const char *local)
{
    struct tm tm = {0};
    assert_non_null(strptime(local, "%Y-%m-%dT%H:%M", &tm));
    tm.tm_isdst = -1;
    return mktime(&tm);
}

static json_t *times(const char *json)
{
    json_error_t err;
    json_t *t = json_loads(json, 0, &err);
    if (!t)
        fail_msg("bad test JSON: %s", err.text);
    return t;
}

/* What `say` (ww_opening_text or ww_opening_next) makes of `tijden` at `when`: `expected`, or
 * nothing when that is NULL. */
static void expect_said(char *(*say)(const ww_schema *, const json_t *, time_t), const char *tijden,
                        const char *when, const char *expected)
{
    json_t *t = times(tijden);
    char *text = say(schema, t, at(when));
    if (!expected)
        assert_null(text);
    else if (!text)
        fail_msg("%s at %s: no text, expected \"%s\"", tijden, when, expected);
    else
        assert_string_equal(text, expected);
    free(text);
    json_decref(t);
}

static void expect_text(const char *tijden, const char *when, const char *expected)
{
    expect_said(ww_opening_text, tijden, when, expected);
}

static void expect_next(const char *tijden, const char *when, const char *expected)
{
    expect_said(ww_opening_next, tijden, when, expected);
}

static const char TUE_THU[] = "[{\"dagen\":[\"di\",\"do\"],\"van\":\"09:30\",\"tot\":\"12:00\"}]";

static void open_now_says_until_when(void **state)
{
    (void)state;
    expect_text(TUE_THU, "2026-12-01T10:00", "Nu open tot 12.00 uur");
    expect_text(TUE_THU, "2026-12-01T09:30", "Nu open tot 12.00 uur"); /* from van on */
    json_t *t = times(TUE_THU);
    assert_true(ww_opening_is_open(t, at("2026-12-01T11:59")));
    assert_false(ww_opening_is_open(t, at("2026-12-01T12:00"))); /* until tot, not at it */
    assert_false(ww_opening_is_open(t, at("2026-12-02T10:00"))); /* Wednesday */
    json_decref(t);
}

static void closed_says_when_it_opens_again(void **state)
{
    (void)state;
    expect_text(TUE_THU, "2026-12-01T08:00", "Nu gesloten — weer open vandaag om 9.30 uur");
    expect_text(TUE_THU, "2026-12-01T12:00", "Nu gesloten — weer open op donderdag om 9.30 uur");
    expect_text(TUE_THU, "2026-12-02T20:00", "Nu gesloten — weer open morgen om 9.30 uur");
    /* Across the week's end: Thursday afternoon, next is Tuesday. */
    expect_text(TUE_THU, "2026-12-03T13:00", "Nu gesloten — weer open op dinsdag om 9.30 uur");
    expect_text(TUE_THU, "2026-12-06T23:00", "Nu gesloten — weer open op dinsdag om 9.30 uur");
}

static void once_a_week_after_it_closed_is_next_week(void **state)
{
    (void)state;
    const char *tue = "[{\"dagen\":[\"di\"],\"van\":\"09:30\",\"tot\":\"12:00\"}]";
    expect_text(tue, "2026-12-01T13:00",
                "Nu gesloten — weer open volgende week dinsdag om 9.30 uur");
    expect_next(tue, "2026-12-01T13:00", "volgende week dinsdag 9.30–12.00 uur");
}

static void several_lines_a_day(void **state)
{
    (void)state;
    const char *split = "[{\"dagen\":[\"ma\",\"wo\"],\"van\":\"09:00\",\"tot\":\"12:00\"},"
                        "{\"dagen\":[\"wo\"],\"van\":\"13:30\",\"tot\":\"16:00\"}]";
    /* Wednesday 2 December: open in the morning, closed at lunch, open in the afternoon. */
    expect_text(split, "2026-12-02T10:00", "Nu open tot 12.00 uur");
    expect_text(split, "2026-12-02T12:30", "Nu gesloten — weer open vandaag om 13.30 uur");
    expect_next(split, "2026-12-02T12:30", "vandaag 13.30–16.00 uur");
    expect_text(split, "2026-12-02T16:00", "Nu gesloten — weer open op maandag om 9.00 uur");
    /* Lines that follow on at once count as one opening. */
    const char *joined = "[{\"dagen\":[\"vr\"],\"van\":\"09:00\",\"tot\":\"12:00\"},"
                         "{\"dagen\":[\"vr\"],\"van\":\"12:00\",\"tot\":\"17:00\"}]";
    expect_text(joined, "2026-12-04T10:00", "Nu open tot 17.00 uur");
}

static void the_short_form_for_result_cards(void **state)
{
    (void)state;
    expect_next(TUE_THU, "2026-12-01T10:00", "vandaag 9.30–12.00 uur"); /* on now */
    expect_next(TUE_THU, "2026-12-01T08:00", "vandaag 9.30–12.00 uur");
    expect_next(TUE_THU, "2026-12-02T08:00", "morgen 9.30–12.00 uur");
    expect_next(TUE_THU, "2026-12-03T13:00", "dinsdag 9.30–12.00 uur");
    expect_next("[{\"dagen\":[\"za\"],\"van\":\"10:00\"}]", "2026-12-03T13:00",
                "zaterdag vanaf 10.00 uur");
}

static void no_times_no_text(void **state)
{
    (void)state;
    expect_text("[]", "2026-12-01T10:00", NULL);
    expect_next("[]", "2026-12-01T10:00", NULL);
    expect_text("[{\"dagen\":[\"di\"]}]", "2026-12-01T10:00", NULL); /* days only */
    json_t *t = times("[{\"dagen\":[\"di\"]}]");
    assert_false(ww_opening_is_open(t, at("2026-12-01T10:00")));
    json_decref(t);
    assert_null(ww_opening_text(schema, NULL, at("2026-12-01T10:00")));
}

static void weekly_lines_as_sentences(void **state)
{
    (void)state;
    json_t *t = times("[{\"dagen\":[\"zo\",\"di\",\"do\"],\"van\":\"09:30\",\"tot\":\"12:00\"},"
                      "{\"dagen\":[\"za\"],\"van\":\"10:00\"},{\"dagen\":[\"ma\"]}]");
    json_t *lines = ww_opening_lines(schema, t);
    assert_int_equal(json_array_size(lines), 3);
    assert_string_equal(json_string_value(json_array_get(lines, 0)),
                        "Dinsdag, donderdag en zondag van 9.30 tot 12.00 uur");
    assert_string_equal(json_string_value(json_array_get(lines, 1)), "Zaterdag vanaf 10.00 uur");
    assert_string_equal(json_string_value(json_array_get(lines, 2)), "Maandag");
    json_decref(lines);
    json_decref(t);
}

static void the_test_clock_is_read_from_WW_NOW(void **state)
{
    (void)state;
    setenv("WW_NOW", "2026-12-01T10:00", 1);
    assert_int_equal(ww_now(), at("2026-12-01T10:00"));
    setenv("WW_NOW", "gisteren", 1); /* malformed: the real clock */
    time_t before = time(NULL), now = ww_now();
    assert_true(now >= before && now <= time(NULL));
    unsetenv("WW_NOW");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(open_now_says_until_when),
        cmocka_unit_test(closed_says_when_it_opens_again),
        cmocka_unit_test(once_a_week_after_it_closed_is_next_week),
        cmocka_unit_test(several_lines_a_day),
        cmocka_unit_test(the_short_form_for_result_cards),
        cmocka_unit_test(no_times_no_text),
        cmocka_unit_test(weekly_lines_as_sentences),
        cmocka_unit_test(the_test_clock_is_read_from_WW_NOW),
    };
    return cmocka_run_group_tests(tests, load_schema, free_schema);
}
