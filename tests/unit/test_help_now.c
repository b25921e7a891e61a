/* test_help_now.c -- "hulp nu" against the real schema/hulp-nu.yaml: questions that signal
 * danger are recognised (with typos, inflections, in long sentences) and get the right help lines
 * in the right order; harmless questions that share words with them are not; a broken file is
 * refused with its line; the file is not part of the schema's fingerprint. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "ww_help_now.h"
#include "ww_schema.h"
#include "ww_util.h"
#include "schema_fixture.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Whether `text` matches the kind `id` of the real file. */
static bool matches_kind(const char *text, const char *id)
{
    const ww_help_now *h = schema->help_now;
    ww_help_kinds kinds = ww_help_now_match(h, text);
    for (size_t i = 0; i < ww_help_now_kind_count(h); i++)
        if (strcmp(ww_help_now_kind_id(h, i), id) == 0)
            return (kinds >> i) & 1u;
    fail_msg("hulp-nu.yaml has no kind '%s'", id);
    return false;
}

/* The id of the first help line the answer for `text` shows, or "" when none. */
static char *first_line(const char *text)
{
    json_t *answer = ww_help_now_answer(schema->help_now, text, NULL);
    const char *id = json_string_value(
        json_object_get(json_array_get(json_object_get(answer, "lijnen"), 0), "id"));
    char *copy = ww_xstrdup(id ? id : "");
    json_decref(answer);
    return copy;
}

/* ---- What must trigger ------------------------------------------------------------------- */

static const struct {
    const char *text, *kind;
} DANGER[] = {
    /* thoughts of suicide: 113 first */
    {"ik wil niet meer leven", "zelfdoding"},
    {"Ik wil dood", "zelfdoding"},
    {"zelfmoord", "zelfdoding"},
    {"ZELFMOORD PREVENTIE", "zelfdoding"},
    {"zelfmoort", "zelfdoding"},
    {"zelfmord", "zelfdoding"},
    {"Suïcide", "zelfdoding"},
    {"suwicide", "zelfdoding"},
    {"ik voel me suicidaal", "zelfdoding"},
    {"suisidaal", "zelfdoding"},
    {"zelfmoordgedachten", "zelfdoding"},
    {"gedachten over zelfdoding", "zelfdoding"},
    {"ik wil er een eind aan maken", "zelfdoding"},
    {"ik wil uit het leven stappen", "zelfdoding"},
    {"ik wil gewoon echt dood", "zelfdoding"},
    {"ik wil mezelf van kant maken", "zelfdoding"},
    {"ik zie het leven niet meer zitten", "zelfdoding"},
    {"ik wil nooit meer wakker worden", "zelfdoding"},
    {"ik denk dat ik niet meer wil leven", "zelfdoding"},
    {"mijn leven beëindigen", "zelfdoding"},
    {"ik wil liever dood zijn", "zelfdoding"},
    {"iedereen is beter af zonder mij", "zelfdoding"},
    {"113", "zelfdoding"},
    {"ik wil er gewoon niet meer zijn", "zelfdoding"},
    {"ik wil van een brug springen", "zelfdoding"},
    {"I want to kill myself", "zelfdoding"},
    {"ik heb al weken gedachten aan zelfmoord en weet niet bij wie ik terecht kan met mijn "
     "verhaal, kunt u mij helpen?",
     "zelfdoding"},
    /* grief after a suicide: 113 helps nabestaanden too (see hulp-nu.yaml) */
    {"rouwverwerking na zelfmoord van mijn broer", "zelfdoding"},
    /* self-harm */
    {"ik snij mezelf", "zelfbeschadiging"},
    {"mezelf snijden", "zelfbeschadiging"},
    {"zelfbeschadiging", "zelfbeschadiging"},
    {"zelfbeshadiging", "zelfbeschadiging"},
    {"ik doe mezelf pijn", "zelfbeschadiging"},
    {"hulp bij automutilatie", "zelfbeschadiging"},
    {"ik kras mezelf", "zelfbeschadiging"},
    /* violence and abuse */
    {"huiselijk geweld", "geweld"},
    {"huislijk gewelt", "geweld"},
    {"mijn man slaat mij", "geweld"},
    {"mijn vriend slaat me als hij gedronken heeft, wie kan mij helpen", "geweld"},
    {"ik word mishandeld", "geweld"},
    {"kindermishandeling", "geweld"},
    {"mishandelt", "geweld"},
    {"ik ben misbruikt", "geweld"},
    {"seksueel misbruik", "geweld"},
    {"ik word bedreigd door mijn ex", "geweld"},
    {"partnergeweld", "geweld"},
    {"ik voel me niet veilig thuis", "geweld"},
    {"verkracht", "geweld"},
    {"mijn stiefvader sloeg mij vroeger", "geweld"},
    {"ik ben bang voor mijn ex", "geweld"},
    {"domestic violence", "geweld"},
    /* direct danger */
    {"ik ben in gevaar", "gevaar"},
    {"hij wil me vermoorden", "gevaar"},
    {"112", "gevaar"},
    /* a medical emergency */
    {"hartaanval", "spoed"},
    {"hartanval", "spoed"},
    {"mijn vader kan niet meer ademen", "spoed"},
    {"hij is bewusteloos", "spoed"},
    {"mijn kind wordt niet meer wakker", "spoed"},
    {"bewustelos", "spoed"},
    {"pijn op de borst", "spoed"},
    {"overdosis", "spoed"},
    {"beroerte", "spoed"},
};

static void questions_that_signal_danger_are_recognised(void **state)
{
    (void)state;
    size_t missed = 0;
    for (size_t i = 0; i < sizeof DANGER / sizeof *DANGER; i++)
        if (!matches_kind(DANGER[i].text, DANGER[i].kind)) {
            print_message("not recognised as %s: \"%s\"\n", DANGER[i].kind, DANGER[i].text);
            missed++;
        }
    assert_int_equal(missed, 0);
    assert_true(sizeof DANGER / sizeof *DANGER >= 30);
}

static void thoughts_of_suicide_show_113_first(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof DANGER / sizeof *DANGER; i++) {
        if (strcmp(DANGER[i].kind, "zelfdoding") != 0)
            continue;
        char *first = first_line(DANGER[i].text);
        if (strcmp(first, "113") != 0)
            fail_msg("\"%s\" shows '%s' first, not 113", DANGER[i].text, first);
        free(first);
    }
}

/* ---- What must not ------------------------------------------------------------------------ */

static const char *const HARMLESS[] = {
    "doodmoe",
    "ik ga dood van het lachen",
    "Ik lach me dood",
    "ik verveel me dood",
    "leven in de brouwerij",
    "doodgewoon",
    "ik ben doodop",
    "slaapproblemen",
    "ik wil meer leven in mijn dag",
    "ik wil niet meer alleen leven",
    "dood spoor",
    "ik wil graag dood hout laten ophalen",
    "schietgebedje",
    "geweldig",
    "geweldige buurtmoestuin",
    "snijbloemen",
    "kookcursus groente snijden",
    "uitslag bloedonderzoek",
    "koffie drinken",
    "hulp bij geldzaken",
    "samen bewegen",
    "ik ben eenzaam",
    "rouwverwerking na het overlijden van mijn moeder",
    "mantelzorg voor mijn vader",
    "ik wil dat mijn schulden verdwijnen",
    "ambulante begeleiding",
    "veerkracht",
    "reanimatiecursus",
    "cursus reanimeren voor buurtbewoners",
    "Lijsterbesstraat 112",
    "naaicafe: samen stikken en naaien",
    "cursus eerste hulp",
    "hartstikke leuk",
    "beweeggroep voor hartpatienten",
    "yoga en ademhaling",
    "een beroerde dag",
    "dit slaat nergens op",
    "ik wil mijn leven weer oppakken",
    "is er iets aan te doen tegen eenzaamheid",
    "mensen in nood helpen als vrijwilliger",
    "zelfstandig wonen",
    "zelfvertrouwen vergroten",
    "leven na kanker",
    "mijn computer reageert niet",
    "ik ben bang voor mijn examen",
    "ik word niet wakker van de wekker",
    "mijn tandvlees bloedt",
    "ik ben er niet meer zo zeker van",
    "pillen innemen: hulp bij medicijngebruik",
    "",
};

static void harmless_questions_are_left_alone(void **state)
{
    (void)state;
    size_t wrong = 0;
    for (size_t i = 0; i < sizeof HARMLESS / sizeof *HARMLESS; i++) {
        ww_help_kinds kinds = ww_help_now_match(schema->help_now, HARMLESS[i]);
        for (size_t k = 0; kinds && k < ww_help_now_kind_count(schema->help_now); k++)
            if ((kinds >> k) & 1u) {
                print_message("harmless, yet recognised as %s: \"%s\"\n",
                              ww_help_now_kind_id(schema->help_now, k), HARMLESS[i]);
                wrong++;
            }
    }
    assert_int_equal(wrong, 0);
    assert_true(sizeof HARMLESS / sizeof *HARMLESS >= 30);
    assert_null(ww_help_now_answer(schema->help_now, "koffie", NULL));
    assert_int_equal(ww_help_now_match(schema->help_now, "zelfmoord\xff"), 0); /* not UTF-8 */
    assert_int_equal(ww_help_now_match(NULL, "zelfmoord"), 0);
}

/* ---- The answer --------------------------------------------------------------------------- */

static void the_answer_lists_each_line_once_with_a_tel_link_and_the_extra_line_last(void **state)
{
    (void)state;
    ww_help_line wijkteam = {.id = "wijkteam",
                             .name = "Sociaal wijkteam",
                             .phone = "038 498 50 00",
                             .tel = "tel:0384985000",
                             .explanation = "Voor alle vragen."};
    /* Two kinds: the lines of the first kind in the file (zelfdoding) come first. */
    json_t *a =
        ww_help_now_answer(schema->help_now, "mijn man slaat mij en ik wil dood", &wijkteam);
    assert_non_null(a);
    json_t *kinds = json_object_get(a, "soort"), *lines = json_object_get(a, "lijnen");
    assert_int_equal(json_array_size(kinds), 2);
    assert_string_equal(json_string_value(json_array_get(kinds, 0)), "zelfdoding");
    assert_string_equal(json_string_value(json_array_get(kinds, 1)), "geweld");
    assert_string_equal(json_string_value(json_object_get(a, "tekst")),
                        "U hoeft dit niet alleen te dragen. Praat er nu over:");
    const char *expected[] = {"113", "112", "veilig-thuis", "wijkteam"};
    assert_int_equal(json_array_size(lines), 4); /* 112 of both kinds shown once */
    for (size_t i = 0; i < 4; i++)
        assert_string_equal(json_string_value(json_object_get(json_array_get(lines, i), "id")),
                            expected[i]);
    json_t *l113 = json_array_get(lines, 0);
    assert_string_equal(json_string_value(json_object_get(l113, "telefoon")), "0800-0113");
    assert_string_equal(json_string_value(json_object_get(l113, "tel")), "tel:08000113");
    assert_string_equal(json_string_value(json_object_get(l113, "url")), "https://www.113.nl");
    json_t *vt = json_array_get(lines, 2);
    assert_string_equal(json_string_value(json_object_get(vt, "tel")), "tel:08002000");
    assert_string_equal(json_string_value(json_object_get(json_array_get(lines, 3), "tel")),
                        "tel:0384985000");
    json_decref(a);

    /* The huisarts has no number in the file (none we can be sure of): no tel at all. */
    a = ww_help_now_answer(schema->help_now, "hartaanval", NULL);
    lines = json_object_get(a, "lijnen");
    assert_int_equal(json_array_size(lines), 2);
    json_t *doctor = json_array_get(lines, 1);
    assert_string_equal(json_string_value(json_object_get(doctor, "id")), "huisarts");
    assert_null(json_object_get(doctor, "tel"));
    assert_non_null(strstr(json_string_value(json_object_get(doctor, "uitleg")), "huisartsenpost"));
    json_decref(a);
}

/* ---- A broken file --------------------------------------------------------------------------- */

static char *write_temp(const char *text)
{
    char *path = ww_xstrdup("/tmp/ww-test-hulp-nu-XXXXXX");
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    FILE *f = fdopen(fd, "w");
    fputs(text, f);
    fclose(f);
    return path;
}

/* Loading `text` fails, and some message names the file, `line` (0: any) and says `says`. */
static void expect_refused(const char *text, unsigned line, const char *says)
{
    char *path = write_temp(text);
    ww_diag diag = {0};
    ww_help_now *h = ww_help_now_load(path, &diag);
    if (h)
        fail_msg("accepted: %s", text);
    bool found = false;
    for (size_t i = 0; i < diag.count; i++)
        found |= strcmp(diag.items[i].file, path) == 0 && (!line || diag.items[i].line == line) &&
                 strstr(diag.items[i].message, says) != NULL;
    if (!found) {
        ww_diag_print(&diag, 0, stderr);
        fail_msg("no message at line %u saying \"%s\"", line, says);
    }
    ww_diag_free(&diag);
    unlink(path);
    free(path);
}

#define GOOD_LINE "lijnen:\n  a: {naam: A, uitleg: Bel A., telefoon: 0800-1234}\n"

static void a_broken_file_is_refused_with_its_line(void **state)
{
    (void)state;
    expect_refused(GOOD_LINE "soorten:\n  x: {label: X, lijnen: [b], regels: [dood]}\n", 4,
                   "onbekende lijn 'b'");
    expect_refused(GOOD_LINE "soorten:\n  x: {label: X, lijnen: [a], regels: ['... dood']}\n", 4,
                   "geen rij van losse woorden");
    expect_refused(GOOD_LINE "soorten:\n  x: {label: X, lijnen: [a], regels: ['a ... ... b']}\n", 4,
                   "geen rij van losse woorden");
    expect_refused(GOOD_LINE "soorten:\n  x: {label: X, lijnen: [a], regels: ['*']}\n", 4,
                   "geen rij van losse woorden");
    expect_refused(GOOD_LINE "soorten:\n  x: {label: X, lijnen: [a], regels: [\"zelf-moord\"]}\n",
                   4, "geen rij van losse woorden");
    expect_refused(GOOD_LINE "soorten:\n  x: {label: X, lijnen: [a], regel: [dood]}\n", 4,
                   "onbekende sleutel 'regel'");
    expect_refused("lijnen:\n  a: {naam: A, uitleg: U, telefoon: bel ons}\nsoorten:\n"
                   "  x: {label: X, lijnen: [a], regels: [dood]}\n",
                   2, "geen telefoonnummer");
    expect_refused("lijnen:\n  a: {naam: A, uitleg: U, url: http://a.nl, url_tekst: A}\n"
                   "soorten:\n  x: {label: X, lijnen: [a], regels: [dood]}\n",
                   2, "https://");
    expect_refused(GOOD_LINE "tussenwoorden: 99\nsoorten:\n  x: {label: X, lijnen: [a], "
                             "regels: [dood]}\n",
                   3, "tussenwoorden");
    expect_refused(GOOD_LINE "soorten: {}\n", 3, "soorten");
    expect_refused("lijnen: [\n", 0, "");

    ww_diag diag = {0};
    assert_null(ww_help_now_load("/nonexistent/hulp-nu.yaml", &diag));
    assert_int_equal(diag.errors, 1);
    assert_non_null(strstr(diag.items[0].message, "kan het bestand niet lezen"));
    ww_diag_free(&diag);
}

static void a_small_file_works_as_written(void **state)
{
    (void)state;
    char *path =
        write_temp(GOOD_LINE "tussenwoorden: 1\ntikfout_vanaf: 6\n"
                             "soorten:\n  x:\n    label: X\n    tekst: T\n    lijnen: [a]\n"
                             "    regels: ['wil ... dood', '*geweld', 'hulp*', "
                             "'=gevaar']\ngeen_gevaar: ['dood spoor']\n");
    ww_diag diag = {0};
    ww_help_now *h = ww_help_now_load(path, &diag);
    ww_diag_print(&diag, 0, stderr);
    assert_non_null(h);
    assert_int_equal(ww_help_now_match(h, "ik wil dood"), 1);
    assert_int_equal(ww_help_now_match(h, "ik wil echt dood"), 1);
    assert_int_equal(ww_help_now_match(h, "ik wil echt heel dood"), 0); /* gap of one word */
    assert_int_equal(ww_help_now_match(h, "ik wil dood spoor"), 0);     /* masked */
    assert_int_equal(ww_help_now_match(h, "partnergeweld"), 1);
    assert_int_equal(ww_help_now_match(h, "geweldig"), 0);
    assert_int_equal(ww_help_now_match(h, "hulpverlening"), 1);
    assert_int_equal(ww_help_now_match(h, "gevaar"), 1);
    assert_int_equal(ww_help_now_match(h, "gevaat"), 0); /* =: no typo, though long enough */
    json_t *a = ww_help_now_answer(h, "ik wil dood", NULL);
    assert_string_equal(
        json_string_value(json_object_get(json_array_get(json_object_get(a, "lijnen"), 0), "tel")),
        "tel:08001234");
    json_decref(a);
    ww_help_now_free(h);
    ww_diag_free(&diag);
    unlink(path);
    free(path);
}

/* Correcting a phone number must not make the server refuse its index (a schema change means a
 * full rebuild): hulp-nu.yaml is not part of the fingerprint. */
static void changing_the_help_lines_does_not_change_the_fingerprint(void **state)
{
    (void)state;
    char tmp[] = "/tmp/ww-test-hulp-nu-schema-XXXXXX";
    assert_non_null(mkdtemp(tmp));
    char *cmd =
        ww_xasprintf("cp -r '%s'/. '%s' && sed -i 's/0800-2000/0800-2001/' '%s/hulp-nu.yaml'",
                     schema_dir(), tmp, tmp);
    assert_int_equal(system(cmd), 0);
    free(cmd);
    ww_diag diag = {0};
    ww_schema *changed = ww_schema_load(tmp, &diag);
    assert_non_null(changed);
    assert_string_equal(changed->fingerprint, schema->fingerprint);
    json_t *a = ww_help_now_answer(changed->help_now, "huiselijk geweld", NULL);
    assert_string_equal(json_string_value(json_object_get(
                            json_array_get(json_object_get(a, "lijnen"), 0), "telefoon")),
                        "0800-2001");
    json_decref(a);
    ww_schema_free(changed);
    /* A schema folder without the file is refused: the site must not lose the help lines
     * silently. */
    cmd = ww_xasprintf("rm '%s/hulp-nu.yaml'", tmp);
    assert_int_equal(system(cmd), 0);
    free(cmd);
    assert_null(ww_schema_load(tmp, &diag));
    assert_true(diag.errors > 0);
    ww_diag_free(&diag);
    cmd = ww_xasprintf("rm -rf '%s'", tmp);
    assert_int_equal(system(cmd), 0);
    free(cmd);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(questions_that_signal_danger_are_recognised),
        cmocka_unit_test(thoughts_of_suicide_show_113_first),
        cmocka_unit_test(harmless_questions_are_left_alone),
        cmocka_unit_test(the_answer_lists_each_line_once_with_a_tel_link_and_the_extra_line_last),
        cmocka_unit_test(a_broken_file_is_refused_with_its_line),
        cmocka_unit_test(a_small_file_works_as_written),
        cmocka_unit_test(changing_the_help_lines_does_not_change_the_fingerprint),
    };
    return cmocka_run_group_tests(tests, load_schema, free_schema);
}
