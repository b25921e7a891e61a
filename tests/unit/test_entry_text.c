/* test_entry_text.c -- an entry's facts in words (server/ww_entry_text.c): "Voor wie" as a
 * person says it, how to join with whose phone or e-mail, a home's details, and old data. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "ww_diag.h"
#include "ww_entry_text.h"
#include "ww_schema.h"
#include "schema_fixture.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static json_t *parse(const char *text)
{
    json_error_t err;
    json_t *j = json_loads(text, JSON_DECODE_ANY, &err);
    if (!j)
        fail_msg("bad test JSON: %s", err.text);
    return j;
}

static void expect_for_whom(const char *groups, const char *expected)
{
    json_t *g = groups ? parse(groups) : NULL;
    char *text = ww_entry_for_whom(schema, g);
    assert_string_equal(text, expected);
    free(text);
    json_decref(g);
}

static void for_whom_reads_as_a_person_says_it(void **state)
{
    (void)state;
    expect_for_whom("[\"ouderen\", \"iedereen\"]", "Iedereen, vooral ouderen");
    expect_for_whom("[\"iedereen\"]", "Iedereen");
    expect_for_whom("[\"ouderen\", \"mantelzorgers\"]", "Ouderen en mantelzorgers");
    expect_for_whom("[\"iedereen\", \"jongeren\", \"psychisch-kwetsbaar\", \"gezinnen\"]",
                    "Iedereen, vooral jongeren, mensen met psychische klachten en gezinnen");
    expect_for_whom("[]", "Iedereen");
    expect_for_whom(NULL, "Iedereen");
}

/* The sentence a template makes of ww_entry_how_to_join: label, uitleg, intro and channels. */
static char *join_sentence(const char *entry_json)
{
    json_t *entry = parse(entry_json);
    json_t *how = ww_entry_how_to_join(schema, entry);
    json_decref(entry);
    if (!how)
        return NULL;
    char buf[1024];
    size_t n =
        (size_t)snprintf(buf, sizeof buf, "%s.", json_string_value(json_object_get(how, "label")));
    const char *uitleg = json_string_value(json_object_get(how, "uitleg"));
    if (uitleg)
        n += (size_t)snprintf(buf + n, sizeof buf - n, " %s", uitleg);
    if (json_is_true(json_object_get(how, "bereikbaar"))) {
        n += (size_t)snprintf(buf + n, sizeof buf - n, " %s",
                              json_string_value(json_object_get(how, "intro")));
        size_t i;
        json_t *c;
        json_array_foreach(json_object_get(how, "kanalen"), i, c)
        {
            n += (size_t)snprintf(buf + n, sizeof buf - n, "%s%s %s [%s]",
                                  json_string_value(json_object_get(c, "voor")),
                                  json_string_value(json_object_get(c, "werkwoord")),
                                  json_string_value(json_object_get(c, "tekst")),
                                  json_string_value(json_object_get(c, "url")));
        }
        snprintf(buf + n, sizeof buf - n, ".");
    }
    json_decref(how);
    return strdup(buf);
}

static void how_to_join_names_the_phone_mail_or_site(void **state)
{
    (void)state;
    char *s = join_sentence("{\"toegang\":\"aanmelden\",\"contact\":{\"telefoon\":\"038 123 45 "
                            "67\",\"email\":\"a@b.nl\"}}");
    assert_string_equal(s, "Eerst aanmelden. Meld u aan: bel 038 123 45 67 [tel:0381234567] of "
                           "mail a@b.nl [mailto:a@b.nl].");
    free(s);
    /* No contact of its own: the organisation's. */
    s = join_sentence("{\"toegang\":\"vrij\",\"organisatie\":{\"website\":\"https://x.nl/\"}}");
    assert_string_equal(s, "Vrij binnenlopen. U kunt gewoon langskomen. Aanmelden is niet nodig. "
                           "Heeft u een vraag? Kijk op x.nl [https://x.nl/].");
    free(s);
    /* Nobody to reach: the vocabulary's explanation says what to do. */
    s = join_sentence("{\"toegang\":\"aanmelden\"}");
    assert_string_equal(s, "Eerst aanmelden. Meld u eerst aan. Daarna kunt u meedoen.");
    free(s);
    assert_null(join_sentence("{\"toegang\":\"onbekend\"}"));
}

static void a_home_shows_places_and_waiting_time(void **state)
{
    (void)state;
    json_t *entry = parse("{\"soort\":\"beschermd-thuis\",\"wonen\":{\"woonvorm\":\"geclusterd\","
                          "\"begeleiding\":\"ambulant\",\"plaatsen\":1,\"wachttijd_weken\":12}}");
    json_t *home = ww_entry_housing(schema, entry);
    assert_non_null(home);
    assert_string_equal(json_string_value(json_object_get(home, "woonvorm")),
                        "Wonen in een kleine groep");
    assert_string_equal(json_string_value(json_object_get(home, "plaatsen_tekst")), "1 plaats");
    assert_string_equal(json_string_value(json_object_get(home, "wachttijd_tekst")),
                        "Ongeveer 12 weken wachttijd");
    json_decref(home);
    json_decref(entry);
    entry = parse("{\"soort\":\"activiteit\"}");
    assert_null(ww_entry_housing(schema, entry));
    json_decref(entry);
}

static void data_older_than_a_year_are_old(void **state)
{
    (void)state;
    struct tm tm = {
        .tm_year = 2026 - 1900, .tm_mon = 11, .tm_mday = 1, .tm_hour = 10, .tm_isdst = -1};
    time_t now = mktime(&tm);
    json_t *old = parse("{\"laatst_gecontroleerd\":\"2025-11-30\"}");
    json_t *year = parse("{\"laatst_gecontroleerd\":\"2025-12-01\"}");
    assert_true(ww_entry_unchecked_long(old, now));
    assert_false(ww_entry_unchecked_long(year, now));
    json_decref(old);
    json_decref(year);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(for_whom_reads_as_a_person_says_it),
        cmocka_unit_test(how_to_join_names_the_phone_mail_or_site),
        cmocka_unit_test(a_home_shows_places_and_waiting_time),
        cmocka_unit_test(data_older_than_a_year_are_old),
    };
    return cmocka_run_group_tests(tests, load_schema, free_schema);
}
