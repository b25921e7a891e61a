/* test_places.c -- the gemeente's postcode areas (lib/ww_places.c): postcodes as residents type
 * them, the table of schema/postcodes.yaml, and every mistake in such a table named with its
 * line; and when an offer is on (lib/ww_opening.c's week) for the day filters and "nu open". */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "ww_diag.h"
#include "ww_opening.h"
#include "ww_places.h"
#include "ww_schema.h"
#include "schema_fixture.h"

#include <string.h>

static void postcodes_as_residents_type_them(void **state)
{
    (void)state;
    static const struct {
        const char *typed, *area, *letters;
    } GOOD[] = {
        {"8017JZ", "8017", "JZ"}, {"8017 jz", "8017", "JZ"}, {" 8017  Jz ", "8017", "JZ"},
        {"8017", "8017", ""},     {"1012AB", "1012", "AB"},
    };
    for (size_t i = 0; i < sizeof GOOD / sizeof *GOOD; i++) {
        char area[WW_POSTCODE_AREA_SIZE], letters[3];
        assert_true(ww_postcode_read(GOOD[i].typed, area, letters));
        assert_string_equal(area, GOOD[i].area);
        assert_string_equal(letters, GOOD[i].letters);
    }
    static const char *const BAD[] = {"",       "ABCD",    "801",    "80170",   "8017J",
                                      "0123AB", "8017JZX", "JZ8017", "8017-JZ", "8O17"};
    for (size_t i = 0; i < sizeof BAD / sizeof *BAD; i++) {
        char area[WW_POSTCODE_AREA_SIZE] = "none";
        assert_false(ww_postcode_read(BAD[i], area, NULL));
        assert_string_equal(area, "none"); /* nothing written */
    }
    assert_false(ww_postcode_read(NULL, NULL, NULL));
}

static void the_table_of_the_schema(void **state)
{
    (void)state;
    const ww_places *places = schema->places;
    assert_non_null(places);
    assert_string_equal(ww_places_gemeente(places), "Zwolle");
    const ww_postcode_area *stadshagen = ww_places_find(places, "8043");
    assert_non_null(stadshagen);
    assert_int_equal(stadshagen->wijk_count, 1);
    assert_string_equal(stadshagen->wijken[0], "stadshagen");
    assert_null(ww_places_find(places, "1012")); /* Amsterdam */
    assert_null(ww_places_find(places, "8000")); /* a postbus number, no place */
    /* Every area of Zwolle begins with 80 and lies in the gemeente's box. */
    assert_true(ww_places_count(places) >= 20);
    for (size_t i = 0; i < ww_places_count(places); i++) {
        const ww_postcode_area *a = ww_places_area(places, i);
        assert_memory_equal(a->code, "80", 2);
        assert_true(ww_places_inside(places, a->lat, a->lon));
        assert_true(a->wijk_count >= 1);
    }
    assert_null(ww_places_area(places, ww_places_count(places)));
    assert_true(ww_places_inside(places, 52.5125, 6.0917));  /* the town hall */
    assert_false(ww_places_inside(places, 52.3731, 4.8922)); /* Amsterdam, the Dam */
    assert_false(ww_places_inside(places, 91, 6.09));
}

static const char *const WIJKEN[] = {"centrum", "zuid"};

/* Parses `text` as postcodes.yaml; when `problem` is not NULL, expects NULL and that text in the
 * one error on line `line`. */
static void expect_table(const char *text, const char *problem, unsigned line)
{
    ww_diag diag = {0};
    ww_places *p = ww_places_parse(text, strlen(text), "postcodes.yaml", WIJKEN, 2, &diag);
    if (!problem) {
        if (!p)
            ww_diag_print(&diag, 0, stderr);
        assert_non_null(p);
    } else {
        assert_null(p);
        assert_true(diag.errors >= 1);
        if (!strstr(diag.items[0].message, problem))
            fail_msg("expected '%s', got '%s'", problem, diag.items[0].message);
        assert_int_equal(diag.items[0].line, line);
        assert_string_equal(diag.items[0].file, "postcodes.yaml");
    }
    ww_places_free(p);
    ww_diag_free(&diag);
}

#define HEAD "gemeente: Proef\ngebied: {lat: [52, 53], lon: [6, 7]}\npostcodes:\n"

static void every_mistake_in_a_table_is_named(void **state)
{
    (void)state;
    expect_table(HEAD "  \"8011\": {wijken: [centrum], lat: 52.5, lon: 6.1}\n", NULL, 0);
    expect_table(HEAD "  \"8011\": {wijken: [oost], lat: 52.5, lon: 6.1}\n", "'oost' is geen wijk",
                 4);
    expect_table(HEAD "  \"801\": {wijken: [zuid], lat: 52.5, lon: 6.1}\n", "geen postcodegebied",
                 4);
    expect_table(HEAD "  \"8011\": {wijken: [zuid], lat: 52.5, lon: 6.1}\n"
                      "  \"8011\": {wijken: [zuid], lat: 52.6, lon: 6.1}\n",
                 "twee keer", 5);
    expect_table(HEAD "  \"8011\": {wijken: [zuid], lat: 51.5, lon: 6.1}\n", "buiten het gebied",
                 4);
    expect_table(HEAD "  \"8011\": {wijken: [zuid], lat: noord, lon: 6.1}\n", "getal", 4);
    expect_table(HEAD "  \"8011\": {wijken: [zuid], lon: 6.1}\n", "mist", 4);
    expect_table(HEAD "  \"8011\": {wijken: [zuid], lat: 52.5, lon: 6.1, naam: x}\n",
                 "onbekend veld 'naam'", 4);
    expect_table("gemeente: Proef\ngebied: {lat: [53, 52], lon: [6, 7]}\npostcodes: {}\n",
                 "de kleinste eerst", 2);
    expect_table("gemeente: Proef\ngebied: {lat: [52, 53], lon: [6, 7]}\n", "'postcodes'", 1);
    expect_table("gebied: {lat: [52, 53], lon: [6, 7]}\npostcodes:\n"
                 "  \"8011\": {wijken: [zuid], lat: 52.5, lon: 6.1}\n",
                 "'gemeente'", 1);
    expect_table("- een lijst\n", "blok", 1);
    expect_table("gemeente: [\n", "", 2); /* YAML that does not parse */
}

/* A region's table (ww_places_merge): the areas of every gemeente, the first one's where two
 * have an area, in a box around both; the parts stay as they were. */
static void tables_of_a_region_as_one(void **state)
{
    (void)state;
    static const char *const KAMPEN_WIJKEN[] = {"brunnepe"};
    static const char KAMPEN[] =
        "gemeente: Kampen\ngebied: {lat: [52.50, 52.62], lon: [5.82, 6.00]}\n"
        "postcodes:\n"
        "  \"8261\": {wijken: [brunnepe], lat: 52.556, lon: 5.912}\n"
        "  \"8011\": {wijken: [brunnepe], lat: 52.560, lon: 5.905}\n";
    ww_diag diag = {0};
    ww_places *kampen =
        ww_places_parse(KAMPEN, strlen(KAMPEN), "kampen.yaml", KAMPEN_WIJKEN, 1, &diag);
    assert_non_null(kampen);
    const ww_places *parts[] = {schema->places, kampen};
    ww_places *region = ww_places_merge(parts, 2, "Regio test");
    assert_string_equal(ww_places_gemeente(region), "Regio test");
    assert_int_equal(ww_places_count(region), ww_places_count(schema->places) + 1);
    assert_string_equal(ww_places_find(region, "8261")->wijken[0], "brunnepe");
    assert_string_equal(ww_places_find(region, "8011")->wijken[0], "centrum"); /* Zwolle's */
    assert_true(ww_places_inside(region, 52.556, 5.912));                      /* in Kampen */
    assert_true(ww_places_inside(region, 52.512, 6.093));                      /* in Zwolle */
    assert_false(ww_places_inside(region, 52.37, 4.90));                       /* Amsterdam */
    assert_false(ww_places_inside(kampen, 52.512, 6.093)); /* the part is unchanged */
    ww_places_free(region);
    ww_places_free(kampen);
    ww_diag_free(&diag);
}

static void when_an_offer_is_on(void **state)
{
    (void)state;
    json_t *t = json_loads("[{\"dagen\": [\"di\", \"do\"], \"van\": \"10:00\", \"tot\": \"16:00\"},"
                           " {\"dagen\": [\"za\"], \"van\": \"19:30\"},"
                           " {\"dagen\": [\"zo\"]},"
                           " {\"dagen\": [\"vr\"], \"van\": \"22:00\", \"tot\": \"24:00\"}]",
                           0, NULL);
    ww_opening_week w;
    ww_opening_week_of(t, &w);
    /* tm_wday: 0 zondag, 2 dinsdag, 4 donderdag, 5 vrijdag, 6 zaterdag */
    assert_true(w.days[0] && w.days[2] && w.days[4] && w.days[5] && w.days[6]);
    assert_false(w.days[1] || w.days[3]);
    assert_true(w.parts[0] && w.parts[1] && w.parts[2]); /* 10-16 and the evenings */
    assert_true(w.quarters[2][40]);                      /* dinsdag 10.00-10.15 */
    assert_true(w.quarters[2][63]);                      /* 15.45-16.00 */
    assert_false(w.quarters[2][64]);                     /* 16.00: closed */
    assert_false(w.quarters[2][39]);                     /* 9.45 */
    assert_false(w.quarters[6][78]);                     /* "vanaf 19.30": never claimed open */
    assert_true(w.quarters[5][95]);                      /* until midnight */
    json_decref(t);

    /* A morning only is no afternoon; no times at all is no part of the day. */
    t = json_loads("[{\"dagen\": [\"ma\"], \"van\": \"09:00\", \"tot\": \"12:00\"}]", 0, NULL);
    ww_opening_week_of(t, &w);
    assert_true(w.parts[0]);
    assert_false(w.parts[1] || w.parts[2]);
    json_decref(t);
    ww_opening_week_of(NULL, &w);
    assert_false(w.days[1] || w.parts[0] || w.quarters[1][40]);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(postcodes_as_residents_type_them),
        cmocka_unit_test(the_table_of_the_schema),
        cmocka_unit_test(every_mistake_in_a_table_is_named),
        cmocka_unit_test(tables_of_a_region_as_one),
        cmocka_unit_test(when_an_offer_is_on),
    };
    return cmocka_run_group_tests(tests, load_schema, free_schema);
}
