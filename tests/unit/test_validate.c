/* test_validate.c -- the schema-driven validator, through ww_record_parse (bytes in, JSON out,
 * problems in a ww_diag) with the real schema of schema/. One test per error class of the
 * catalog contract and per field type: each checks the field path, the line and column and
 * what the Dutch message says. Also the ambition rules of schema/ambitie-regels.yaml. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "ww_ambitions.h"
#include "ww_record.h"
#include "ww_diag.h"
#include "ww_fs.h"
#include "ww_schema.h"
#include "ww_text.h"
#include "schema_fixture.h"

#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const LABEL = "catalog/aanbod/koffieochtend.yaml";

/* ---- Building entries ------------------------------------------------------------------ */

/* A minimal valid entry; tests replace, drop or add lines. Line numbers matter below. */
static const char *const BASE[] = {
    "id: koffieochtend",                                 /* 1 */
    "soort: activiteit",                                 /* 2 */
    "titel: Koffieochtend",                              /* 3 */
    "samenvatting: Elke dinsdag staat de koffie klaar.", /* 4 */
    "organisatie: buurtwerk-zwolle",                     /* 5 */
    "wijken: [zuid]",                                    /* 6 */
    "toegang: vrij",                                     /* 7 */
    "laatst_gecontroleerd: 2026-10-02",                  /* 8 */
    NULL,
};

/* BASE with the line of field `key` replaced by `line` (dropped when `line` is NULL; `key` NULL
 * changes nothing), then `extra` (lines 9 and on, or NULL). Caller frees. */
static char *entry_with(const char *key, const char *line, const char *extra)
{
    size_t cap = 4096 + (line ? strlen(line) : 0) + (extra ? strlen(extra) : 0);
    char *text = malloc(cap);
    text[0] = '\0';
    for (size_t i = 0; BASE[i]; i++) {
        const char *l = BASE[i];
        size_t n = key ? strlen(key) : 0;
        if (key && strncmp(l, key, n) == 0 && l[n] == ':')
            l = line;
        if (l) {
            strcat(text, l);
            strcat(text, "\n");
        }
    }
    if (extra)
        strcat(text, extra);
    return text;
}

/* ---- Running the validator ------------------------------------------------------------- */

typedef struct {
    int calls;
    char folder[64];
} ref_log;

/* Knows exactly one organisation. */
static bool known_organisation(const char *folder, const char *id, void *ctx)
{
    ref_log *log = ctx;
    if (log) {
        log->calls++;
        snprintf(log->folder, sizeof log->folder, "%s", folder);
    }
    return strcmp(folder, "organisaties") == 0 && strcmp(id, "buurtwerk-zwolle") == 0;
}

typedef struct {
    json_t *json;
    ww_diag diag;
} result;

static result parse_bytes(ww_record_kind kind, const char *bytes, size_t len,
                          const char *expected_id)
{
    result r = {0};
    r.json = ww_record_parse(schema, kind, bytes, len, LABEL, expected_id, known_organisation, NULL,
                             &r.diag);
    /* Either a record or a reason, never both and never neither. */
    assert_true((r.json != NULL) == (r.diag.errors == 0));
    return r;
}

static result parse_entry(const char *text)
{
    return parse_bytes(WW_RECORD_ENTRY, text, strlen(text), "koffieochtend");
}

/* Parses entry_with(key, line, extra) and frees the text. */
static result parse_entry_with(const char *key, const char *line, const char *extra)
{
    char *text = entry_with(key, line, extra);
    result r = parse_entry(text);
    free(text);
    return r;
}

static void result_free(result *r)
{
    json_decref(r->json);
    ww_diag_free(&r->diag);
}

static void dump(const result *r)
{
    print_error("diagnostics:\n");
    ww_diag_print(&r->diag, 0, stderr);
}

static const ww_diag_item *find(const result *r, const char *path)
{
    for (size_t i = 0; i < r->diag.count; i++)
        if (strcmp(r->diag.items[i].path, path) == 0)
            return &r->diag.items[i];
    return NULL;
}

/* The record was rejected with an error at `path`, `line`:`column` whose message contains
 * `part`. */
static void expect_error(const result *r, const char *path, unsigned line, unsigned column,
                         const char *part)
{
    const ww_diag_item *d = find(r, path);
    if (!d) {
        dump(r);
        fail_msg("no diagnostic for path '%s'", path);
    }
    if (d->severity != WW_DIAG_ERROR || d->line != line || d->column != column ||
        !strstr(d->message, part)) {
        dump(r);
        fail_msg("for '%s' expected an error at %u:%u containing '%s'", path, line, column, part);
    }
    assert_string_equal(d->file, LABEL);
    assert_null(r->json);
}

/* Like expect_error, and it is the only problem. */
static void expect_only_error(const result *r, const char *path, unsigned line, unsigned column,
                              const char *part)
{
    expect_error(r, path, line, column, part);
    if (r->diag.count != 1) {
        dump(r);
        fail_msg("expected exactly one diagnostic, got %zu", r->diag.count);
    }
}

static void expect_valid(const result *r)
{
    if (!r->json || r->diag.count != 0) {
        dump(r);
        fail_msg("expected a valid record without diagnostics");
    }
}

static void assert_contains(const char *haystack, const char *needle)
{
    if (!strstr(haystack, needle))
        fail_msg("'%s' does not contain '%s'", haystack, needle);
}

/* The string value of `key` in a JSON object; fails when it is absent or not a string. */
static const char *str(const json_t *obj, const char *key)
{
    const json_t *v = json_object_get(obj, key);
    assert_true(json_is_string(v));
    return json_string_value(v);
}

static void assert_string_list(const json_t *list, const char *const *want, size_t n)
{
    assert_true(json_is_array(list));
    assert_int_equal(json_array_size(list), n);
    for (size_t i = 0; i < n; i++)
        assert_string_equal(json_string_value(json_array_get(list, i)), want[i]);
}

/* ---- Valid records --------------------------------------------------------------------- */

static void a_minimal_entry_is_valid_and_gets_its_defaults(void **state)
{
    (void)state;
    result r = parse_entry_with(NULL, NULL, NULL);
    expect_valid(&r);
    assert_string_equal(str(r.json, "id"), "koffieochtend");
    assert_string_equal(str(r.json, "toegang"), "vrij");
    assert_string_list(json_object_get(r.json, "doelgroepen"), (const char *[]){"iedereen"}, 1);
    assert_string_list(json_object_get(r.json, "talen"), (const char *[]){"nl"}, 1);
    /* No default means absent, not empty: ambities are inferred later. */
    assert_null(json_object_get(r.json, "ambities"));
    assert_null(json_object_get(r.json, "leefgebieden"));
    /* the 8 fields given plus the 2 defaults */
    assert_int_equal(json_object_size(r.json), 10);
    result_free(&r);
}

static void defaults_do_not_replace_given_values(void **state)
{
    (void)state;
    result r = parse_entry_with(NULL, NULL,
                                "doelgroepen: [ouderen, mantelzorgers]\n"
                                "talen: [nl, ar]\n");
    expect_valid(&r);
    assert_string_list(json_object_get(r.json, "doelgroepen"),
                       (const char *[]){"ouderen", "mantelzorgers"}, 2);
    assert_string_list(json_object_get(r.json, "talen"), (const char *[]){"nl", "ar"}, 2);
    result_free(&r);
}

static const char FULL_ENTRY[] = "id: wonen-de-linde\n"
                                 "soort: beschermd-thuis\n"
                                 "titel: Wonen in een kleine groep\n"
                                 "samenvatting: Een eigen appartement met begeleiding dichtbij.\n"
                                 "beschrijving: |\n"
                                 "  Eerste alinea.\n"
                                 "\n"
                                 "  Tweede alinea.\n"
                                 "organisatie: buurtwerk-zwolle\n"
                                 "ambities: [kansen, sociaal]\n"
                                 "doelgroepen: [volwassenen, psychisch-kwetsbaar]\n"
                                 "leefgebieden: [wonen]\n"
                                 "wijken: [west, heel-zwolle]\n"
                                 "toegang: indicatie\n"
                                 "kosten:\n"
                                 "  soort: eigen-bijdrage\n"
                                 "  bedrag: 0.50\n"
                                 "  toelichting: Via het CAK.\n"
                                 "locaties:\n"
                                 "  - naam: De Linde\n"
                                 "    adres: Lindeboomstraat 8\n"
                                 "    postcode: 8032kl\n"
                                 "    plaats: Zwolle\n"
                                 "    lat: 52.5192\n"
                                 "    lon: 6.0642\n"
                                 "    rolstoeltoegankelijk: true\n"
                                 "  - naam: Bijgebouw\n"
                                 "    rolstoeltoegankelijk: nee\n"
                                 "tijden:\n"
                                 "  - dagen: [di, do]\n"
                                 "    van: \"09:30\"\n"
                                 "    tot: \"11:30\"\n"
                                 "tijden_toelichting: Niet op feestdagen.\n"
                                 "contact:\n"
                                 "  telefoon: 038 031 22 40\n"
                                 "  email: aanmelden@delinde.example.org\n"
                                 "  website: https://delinde.example.org\n"
                                 "talen: [nl, en]\n"
                                 "trefwoorden: [beschermd wonen, woongroep]\n"
                                 "laatst_gecontroleerd: 2026-08-14\n"
                                 "geldig_tot: 2028-02-29\n"
                                 "wonen:\n"
                                 "  woonvorm: geclusterd\n"
                                 "  begeleiding: 24-uur-aanwezig\n"
                                 "  plaatsen: 12\n"
                                 "  wachttijd_weken: 20\n";

static void a_full_entry_yields_typed_json(void **state)
{
    (void)state;
    result r = parse_bytes(WW_RECORD_ENTRY, FULL_ENTRY, sizeof FULL_ENTRY - 1, "wonen-de-linde");
    expect_valid(&r);
    const json_t *o = r.json;
    assert_int_equal(json_object_size(o), 21); /* every field of the schema, nothing added */
    /* A block scalar keeps its paragraphs; trailing white space is dropped. */
    assert_string_equal(str(o, "beschrijving"), "Eerste alinea.\n\nTweede alinea.");
    assert_string_list(json_object_get(o, "ambities"), (const char *[]){"kansen", "sociaal"}, 2);
    assert_string_list(json_object_get(o, "wijken"), (const char *[]){"west", "heel-zwolle"}, 2);

    const json_t *kosten = json_object_get(o, "kosten");
    assert_string_equal(str(kosten, "soort"), "eigen-bijdrage");
    const json_t *bedrag = json_object_get(kosten, "bedrag");
    assert_true(json_is_real(bedrag)); /* a number, not the text "0.50" */
    assert_true(fabs(json_real_value(bedrag) - 0.5) < 1e-12);

    const json_t *locaties = json_object_get(o, "locaties");
    assert_int_equal(json_array_size(locaties), 2);
    const json_t *first = json_array_get(locaties, 0);
    assert_string_equal(str(first, "postcode"), "8032 KL");
    assert_true(json_is_real(json_object_get(first, "lat")));
    assert_true(fabs(json_real_value(json_object_get(first, "lat")) - 52.5192) < 1e-9);
    assert_true(fabs(json_real_value(json_object_get(first, "lon")) - 6.0642) < 1e-9);
    assert_true(json_is_true(json_object_get(first, "rolstoeltoegankelijk")));
    const json_t *second = json_array_get(locaties, 1);
    assert_true(json_is_false(json_object_get(second, "rolstoeltoegankelijk")));
    assert_int_equal(json_object_size(second), 2);

    const json_t *tijd = json_array_get(json_object_get(o, "tijden"), 0);
    assert_string_list(json_object_get(tijd, "dagen"), (const char *[]){"di", "do"}, 2);
    assert_string_equal(str(tijd, "van"), "09:30");
    assert_string_equal(str(tijd, "tot"), "11:30");

    const json_t *contact = json_object_get(o, "contact");
    assert_string_equal(str(contact, "telefoon"), "038 031 22 40");
    assert_string_equal(str(contact, "website"), "https://delinde.example.org");
    assert_string_list(json_object_get(o, "trefwoorden"),
                       (const char *[]){"beschermd wonen", "woongroep"}, 2);
    assert_string_equal(str(o, "geldig_tot"), "2028-02-29"); /* a leap day */

    const json_t *wonen = json_object_get(o, "wonen");
    assert_string_equal(str(wonen, "woonvorm"), "geclusterd");
    assert_true(json_is_integer(json_object_get(wonen, "plaatsen")));
    assert_int_equal(json_integer_value(json_object_get(wonen, "plaatsen")), 12);
    assert_int_equal(json_integer_value(json_object_get(wonen, "wachttijd_weken")), 20);
    result_free(&r);
}

static void a_valid_organisation_is_accepted(void **state)
{
    (void)state;
    const char *text = "id: buurtwerk-zwolle\n"
                       "naam: Buurtwerk Zwolle\n"
                       "website: https://buurtwerk.example.org\n"
                       "email: info@buurtwerk.example.org\n";
    result r = parse_bytes(WW_RECORD_ORGANISATION, text, strlen(text), "buurtwerk-zwolle");
    expect_valid(&r);
    assert_string_equal(str(r.json, "naam"), "Buurtwerk Zwolle");
    result_free(&r);
}

static void an_organisation_without_naam_is_refused(void **state)
{
    (void)state;
    const char *text = "id: buurtwerk-zwolle\nomschrijving: Welzijnswerk.\n";
    result r = parse_bytes(WW_RECORD_ORGANISATION, text, strlen(text), "buurtwerk-zwolle");
    expect_only_error(&r, "naam", 1, 1, "verplicht veld ontbreekt");
    result_free(&r);
}

/* ---- Unknown fields -------------------------------------------------------------------- */

static void unknown_field_suggests_the_nearest_name(void **state)
{
    (void)state;
    result r = parse_entry_with("titel", "titl: Koffieochtend", NULL);
    expect_error(&r, "titl", 3, 1, "onbekend veld 'titl'; bedoelt u 'titel'?");
    /* ... and the field it was meant to be is then missing. */
    expect_error(&r, "titel", 1, 1, "verplicht veld ontbreekt");
    assert_int_equal(r.diag.errors, 2);
    result_free(&r);
}

static void unknown_field_far_from_any_name_lists_the_allowed_fields(void **state)
{
    (void)state;
    result r = parse_entry_with(NULL, NULL, "openingsuren_extra: elke dag\n");
    expect_only_error(&r, "openingsuren_extra", 9, 1,
                      "onbekend veld 'openingsuren_extra'; toegestaan zijn: id, soort, titel, "
                      "samenvatting, beschrijving, organisatie, ambities, doelgroepen, "
                      "leefgebieden, wijken, toegang, kosten, locaties, tijden, "
                      "tijden_toelichting, contact, talen, trefwoorden, laatst_gecontroleerd, "
                      "geldig_tot, wonen");
    result_free(&r);
}

static void unknown_field_inside_a_block_has_a_dotted_path(void **state)
{
    (void)state;
    result r = parse_entry_with(NULL, NULL, "kosten:\n  soort: gratis\n  bedrg: 2\n");
    expect_only_error(&r, "kosten.bedrg", 11, 3, "bedoelt u 'bedrag'?");
    result_free(&r);
}

static void unknown_field_inside_a_list_item_has_an_indexed_path(void **state)
{
    (void)state;
    result r = parse_entry_with(NULL, NULL, "locaties:\n  - nam: Buurtkamer\n");
    expect_only_error(&r, "locaties[1].nam", 10, 5, "bedoelt u 'naam'?");
    result_free(&r);
}

/* ---- Required fields ------------------------------------------------------------------- */

static void each_required_field_is_reported_when_missing(void **state)
{
    (void)state;
    static const char *const REQUIRED[] = {
        "id",          "soort",  "titel",   "samenvatting",
        "organisatie", "wijken", "toegang", "laatst_gecontroleerd"};
    for (size_t i = 0; i < 8; i++) {
        result r = parse_entry_with(REQUIRED[i], NULL, NULL);
        /* Reported at the start of the record, which now begins on line 1 whatever was dropped. */
        expect_only_error(&r, REQUIRED[i], 1, 1, "verplicht veld ontbreekt");
        result_free(&r);
    }
}

static void a_list_field_without_a_value_says_so_plainly(void **state)
{
    (void)state;
    result r = parse_entry_with("wijken", "wijken:", NULL);
    expect_only_error(&r, "wijken", 6, 8, "geen waarde ingevuld; verwacht een lijst");
    result_free(&r);
}

static void an_empty_required_list_is_refused(void **state)
{
    (void)state;
    result r = parse_entry_with("wijken", "wijken: []", NULL);
    expect_only_error(&r, "wijken", 6, 9, "de lijst mag niet leeg zijn");
    result_free(&r);
}

/* ---- Vocabularies ---------------------------------------------------------------------- */

static void value_outside_a_vocabulary_names_the_allowed_values(void **state)
{
    (void)state;
    result r = parse_entry_with("toegang", "toegang: open", NULL);
    expect_only_error(&r, "toegang", 7, 10,
                      "onbekende waarde 'open'; kies uit: vrij, aanmelden, verwijzing, indicatie");
    result_free(&r);
}

static void a_list_item_outside_its_vocabulary_has_an_indexed_path(void **state)
{
    (void)state;
    result r = parse_entry_with("wijken", "wijken: [zuid, assendorp]", NULL);
    expect_only_error(&r, "wijken[2]", 6, 16,
                      "'assendorp'; kies uit: centrum, noord, oost, zuid, west, stadshagen, "
                      "buitengebied, heel-zwolle");
    result_free(&r);
}

static void a_long_vocabulary_is_named_instead_of_spelled_out(void **state)
{
    (void)state;
    result r = parse_entry_with(NULL, NULL, "talen: [nl, xx]\n");
    expect_only_error(&r, "talen[2]", 9, 13, "een code uit de lijst 'talen'");
    result_free(&r);
}

/* ---- Ids ------------------------------------------------------------------------------- */

static void bad_ids_are_refused(void **state)
{
    (void)state;
    char too_long[128];
    memset(too_long, 'a', 81);
    too_long[81] = '\0';
    const char *const BAD[] = {"Koffieochtend",  "ko",      "1koffie",
                               "koffie_ochtend", "-koffie", too_long};
    for (size_t i = 0; i < sizeof BAD / sizeof *BAD; i++) {
        char line[200];
        snprintf(line, sizeof line, "id: %s", BAD[i]);
        char *text = entry_with("id", line, NULL);
        result r = parse_bytes(WW_RECORD_ENTRY, text, strlen(text), NULL);
        expect_only_error(&r, "id", 1, 5, "geen geldige code: 3 tot 80 tekens");
        free(text);
        result_free(&r);
    }
}

static void ids_of_3_and_80_characters_are_fine(void **state)
{
    (void)state;
    char longest[128] = "k";
    memset(longest + 1, '9', 79);
    longest[80] = '\0';
    const char *const GOOD[] = {"abc", "a-1", longest};
    for (size_t i = 0; i < 3; i++) {
        char line[200];
        snprintf(line, sizeof line, "id: %s", GOOD[i]);
        char *text = entry_with("id", line, NULL);
        result r = parse_bytes(WW_RECORD_ENTRY, text, strlen(text), GOOD[i]);
        expect_valid(&r);
        free(text);
        result_free(&r);
    }
}

static void id_must_equal_the_expected_id_from_the_file_name(void **state)
{
    (void)state;
    char *text = entry_with(NULL, NULL, NULL);
    result r = parse_bytes(WW_RECORD_ENTRY, text, strlen(text), "koffie-noord");
    expect_only_error(&r, "id", 1, 5,
                      "'koffieochtend' moet gelijk zijn aan de bestandsnaam "
                      "(koffie-noord.yaml)");
    free(text);
    result_free(&r);
}

static void catalog_read_takes_the_expected_id_from_the_file_name(void **state)
{
    (void)state;
    ww_diag diag = {0};
    char *version = NULL;
    json_t *ok = ww_record_read(schema, WW_RECORD_ENTRY, "tests/fixtures/unit/koffieochtend.yaml",
                                known_organisation, NULL, &diag, &version);
    if (!ok)
        ww_diag_print(&diag, 0, stderr);
    assert_non_null(ok);
    assert_int_equal(diag.count, 0);
    /* The version is the ETag of the bytes read: what the catalog gives for the same file. */
    size_t len;
    char *bytes = NULL;
    assert_int_equal(ww_read_file("tests/fixtures/unit/koffieochtend.yaml", 1 << 20, &bytes, &len),
                     0);
    char *expected = ww_catalog_etag(bytes, len);
    assert_string_equal(version, expected);
    free(expected);
    free(bytes);
    free(version);
    json_decref(ok);

    json_t *bad = ww_record_read(schema, WW_RECORD_ENTRY, "tests/fixtures/unit/andere-naam.yaml",
                                 known_organisation, NULL, &diag, NULL);
    assert_null(bad);
    assert_int_equal(diag.count, 1);
    assert_string_equal(diag.items[0].file, "tests/fixtures/unit/andere-naam.yaml");
    assert_string_equal(diag.items[0].path, "id");
    assert_contains(diag.items[0].message, "(andere-naam.yaml)");
    ww_diag_free(&diag);
}

/* ---- Text ------------------------------------------------------------------------------ */

/* `count` times "é" (2 bytes, 1 character). Caller frees. */
static char *accents(size_t count)
{
    char *s = malloc(2 * count + 1);
    for (size_t i = 0; i < count; i++)
        memcpy(s + 2 * i, "\xC3\xA9", 2);
    s[2 * count] = '\0';
    return s;
}

static void check_length_limit(const char *field, size_t max, unsigned line, unsigned column)
{
    char message[80];
    for (size_t n = max; n <= max + 1; n++) {
        char *value = accents(n);
        char *l = malloc(strlen(field) + strlen(value) + 4);
        sprintf(l, "%s: %s", field, value);
        result r = parse_entry_with(field, l, NULL);
        if (n == max) {
            expect_valid(&r); /* max characters, twice as many bytes: fine */
            assert_string_equal(str(r.json, field), value);
        } else {
            snprintf(message, sizeof message, "te lang: %zu tekens, ten hoogste %zu", n, max);
            expect_only_error(&r, field, line, column, message);
        }
        result_free(&r);
        free(l);
        free(value);
    }
}

static void titel_of_120_characters_is_fine_and_121_is_too_long(void **state)
{
    (void)state;
    check_length_limit("titel", 120, 3, 8);
}

static void samenvatting_of_300_characters_is_fine_and_301_is_too_long(void **state)
{
    (void)state;
    check_length_limit("samenvatting", 300, 4, 15);
}

static void an_empty_titel_is_refused(void **state)
{
    (void)state;
    const char *const EMPTY[] = {"titel: \"\"", "titel: \"   \"", "titel:"};
    for (size_t i = 0; i < 3; i++) {
        result r = parse_entry_with("titel", EMPTY[i], NULL);
        expect_only_error(&r, "titel", 3, i == 2 ? 7 : 8, "mag niet leeg zijn");
        result_free(&r);
    }
}

static void a_control_character_in_text_is_refused(void **state)
{
    (void)state;
    result r = parse_entry_with("titel", "titel: \"Koffie\\x07ochtend\"", NULL);
    expect_only_error(&r, "titel", 3, 8, "stuurteken");
    result_free(&r);
    /* Tabs and line breaks are ordinary text. */
    r = parse_entry_with(NULL, NULL, "beschrijving: \"Eerste\\tregel\\nTweede regel\"\n");
    expect_valid(&r);
    assert_string_equal(str(r.json, "beschrijving"), "Eerste\tregel\nTweede regel");
    result_free(&r);
}

static void an_escaped_nul_does_not_cut_a_value_short(void **state)
{
    (void)state;
    /* "vrij\0anders" is not "vrij". */
    result r = parse_entry_with("toegang", "toegang: \"vrij\\0anders\"", NULL);
    expect_only_error(&r, "", 7, 10, "NUL");
    result_free(&r);
}

static void a_scalar_where_a_block_or_list_belongs_and_vice_versa(void **state)
{
    (void)state;
    result r = parse_entry_with("wijken", "wijken: zuid", NULL);
    expect_only_error(&r, "wijken", 6, 9, "verwacht een lijst");
    result_free(&r);
    r = parse_entry_with(NULL, NULL, "kosten: gratis\n");
    expect_only_error(&r, "kosten", 9, 9, "verwacht een blok met velden");
    result_free(&r);
    r = parse_entry_with("titel", "titel: [Koffie, Thee]", NULL);
    expect_only_error(&r, "titel", 3, 8, "verwacht een enkele waarde");
    result_free(&r);
}

static void a_value_twice_in_a_list_is_refused(void **state)
{
    (void)state;
    result r = parse_entry_with("wijken", "wijken: [zuid, noord, zuid]", NULL);
    expect_only_error(&r, "wijken[3]", 6, 23, "'zuid' staat twee keer in de lijst");
    result_free(&r);
}

/* ---- Dates and times ------------------------------------------------------------------- */

static void impossible_or_badly_written_dates_are_refused(void **state)
{
    (void)state;
    const char *const BAD[] = {"2026-02-30", "26-1-1",     "2026-13-01", "2100-02-29",
                               "2026-1-01",  "2026/10/02", "02-10-2026"};
    for (size_t i = 0; i < sizeof BAD / sizeof *BAD; i++) {
        char line[80];
        snprintf(line, sizeof line, "laatst_gecontroleerd: %s", BAD[i]);
        result r = parse_entry_with("laatst_gecontroleerd", line, NULL);
        expect_only_error(&r, "laatst_gecontroleerd", 8, 23,
                          "geen geldige datum; schrijf JJJJ-MM-DD");
        result_free(&r);
    }
    result r = parse_entry_with(NULL, NULL, "geldig_tot: 2027-04-31\n");
    expect_only_error(&r, "geldig_tot", 9, 13, "'2027-04-31' is geen geldige datum");
    result_free(&r);
}

static void a_leap_day_is_a_date(void **state)
{
    (void)state;
    result r = parse_entry_with("laatst_gecontroleerd", "laatst_gecontroleerd: 2024-02-29", NULL);
    expect_valid(&r);
    result_free(&r);
}

static void bad_times_are_refused(void **state)
{
    (void)state;
    const char *const BAD[] = {"\"25:00\"", "\"9.30\"", "\"9:30\"", "\"12:60\"", "\"24:01\""};
    for (size_t i = 0; i < sizeof BAD / sizeof *BAD; i++) {
        char extra[200];
        snprintf(extra, sizeof extra,
                 "tijden:\n"
                 "  - dagen: [di]\n"
                 "    van: %s\n"
                 "    tot: \"23:30\"\n",
                 BAD[i]);
        result r = parse_entry_with(NULL, NULL, extra);
        expect_only_error(&r, "tijden[1].van", 11, 10, "geen geldige tijd; schrijf UU:MM");
        result_free(&r);
    }
}

static void van_must_come_before_tot(void **state)
{
    (void)state;
    const char *const TOT[] = {"\"09:30\"", "\"11:30\""}; /* earlier, and equal */
    for (size_t i = 0; i < 2; i++) {
        char extra[200];
        snprintf(extra, sizeof extra,
                 "tijden:\n"
                 "  - dagen: [di]\n"
                 "    van: \"11:30\"\n"
                 "    tot: %s\n",
                 TOT[i]);
        result r = parse_entry_with(NULL, NULL, extra);
        expect_only_error(&r, "tijden[1].tot", 12, 10, "'tot' moet na 'van' liggen");
        result_free(&r);
    }
}

/* ---- Postcodes, contact ---------------------------------------------------------------- */

static void postcodes_are_normalised(void **state)
{
    (void)state;
    result r = parse_entry_with(NULL, NULL,
                                "locaties:\n"
                                "  - postcode: 8011ab\n"
                                "  - postcode: 8011 ab\n"
                                "  - postcode: 8011 AB\n");
    expect_valid(&r);
    const json_t *l = json_object_get(r.json, "locaties");
    assert_int_equal(json_array_size(l), 3);
    for (size_t i = 0; i < 3; i++)
        assert_string_equal(str(json_array_get(l, i), "postcode"), "8011 AB");
    result_free(&r);
}

static void a_malformed_postcode_is_refused(void **state)
{
    (void)state;
    const char *const BAD[] = {"801 AB", "8011 A", "8011-AB", "0123 AB", "80111AB"};
    for (size_t i = 0; i < sizeof BAD / sizeof *BAD; i++) {
        char extra[100];
        snprintf(extra, sizeof extra, "locaties:\n  - postcode: %s\n", BAD[i]);
        result r = parse_entry_with(NULL, NULL, extra);
        expect_only_error(&r, "locaties[1].postcode", 10, 15, "geen postcode");
        result_free(&r);
    }
}

static void paths_into_lists_count_from_one(void **state)
{
    (void)state;
    result r = parse_entry_with(NULL, NULL,
                                "locaties:\n"              /* 9 */
                                "  - naam: Buurtkamer\n"   /* 10 */
                                "    postcode: 8011 AB\n"  /* 11 */
                                "  - naam: Tweede plek\n"  /* 12 */
                                "    postcode: 801 AB\n"); /* 13 */
    expect_only_error(&r, "locaties[2].postcode", 13, 15, "'801 AB' is geen postcode");
    result_free(&r);
}

static void invalid_email_url_and_telefoon_are_refused(void **state)
{
    (void)state;
    result r = parse_entry_with(NULL, NULL,
                                "contact:\n"                               /* 9 */
                                "  telefoon: bel maar\n"                   /* 10 */
                                "  email: jan@\n"                          /* 11 */
                                "  website: www.buurtwerk.example.org\n"); /* 12 */
    expect_error(&r, "contact.telefoon", 10, 13, "'bel maar' is geen telefoonnummer");
    expect_error(&r, "contact.email", 11, 10, "'jan@' is geen geldig e-mailadres");
    expect_error(&r, "contact.website", 12, 12, "geen geldig webadres; begin met https://");
    assert_int_equal(r.diag.errors, 3);
    result_free(&r);
}

static void more_bad_contact_values_are_refused(void **state)
{
    (void)state;
    const char *const BAD[][2] = {
        {"email", "jan.example.org"},
        {"email", "jan@example"},
        {"email", "jan@@x.nl"},
        {"email", "jan de vries@x.nl"},
        {"website", "ftp://x.example.org"},
        {"website", "https://"},
        {"website", "http//x.nl"},
        {"telefoon", "12"},
        {"telefoon", "038-1234567x"},
    };
    for (size_t i = 0; i < sizeof BAD / sizeof *BAD; i++) {
        char extra[200], path[40];
        snprintf(extra, sizeof extra, "contact:\n  %s: %s\n", BAD[i][0], BAD[i][1]);
        snprintf(path, sizeof path, "contact.%s", BAD[i][0]);
        result r = parse_entry_with(NULL, NULL, extra);
        if (!r.diag.errors)
            fail_msg("%s: %s was accepted", BAD[i][0], BAD[i][1]);
        expect_only_error(&r, path, 10, (unsigned)strlen(BAD[i][0]) + 5, BAD[i][1]);
        result_free(&r);
    }
}

static void good_contact_values_are_accepted(void **state)
{
    (void)state;
    result r = parse_entry_with(NULL, NULL,
                                "contact:\n"
                                "  telefoon: +31 (0)38 123-45-67\n"
                                "  email: a.de.vries@buurtwerk.example.org\n"
                                "  website: http://buurtwerk.example.org/pad?x=1\n");
    expect_valid(&r);
    result_free(&r);
}

/* ---- Numbers and booleans -------------------------------------------------------------- */

static void bedrag_with_a_decimal_comma_is_accepted(void **state)
{
    (void)state;
    result r = parse_entry_with(NULL, NULL, "kosten:\n  soort: eigen-bijdrage\n  bedrag: 2,50\n");
    expect_valid(&r);
    const json_t *bedrag = json_object_get(json_object_get(r.json, "kosten"), "bedrag");
    assert_true(json_is_number(bedrag));
    assert_true(fabs(json_number_value(bedrag) - 2.5) < 1e-12);
    result_free(&r);
}

static void bedrag_below_its_minimum_is_refused(void **state)
{
    (void)state;
    result r = parse_entry_with(NULL, NULL, "kosten:\n  soort: betaald\n  bedrag: -1\n");
    expect_only_error(&r, "kosten.bedrag", 11, 11, "-1 ligt buiten 0 tot en met 100000");
    result_free(&r);
}

static void bedrag_that_is_no_number_is_refused(void **state)
{
    (void)state;
    const char *const BAD[] = {"abc", "2,50 euro", "\"\"", ".nan", "inf", "0x10", "1.000,50"};
    for (size_t i = 0; i < sizeof BAD / sizeof *BAD; i++) {
        char extra[100];
        snprintf(extra, sizeof extra, "kosten:\n  soort: betaald\n  bedrag: %s\n", BAD[i]);
        result r = parse_entry_with(NULL, NULL, extra);
        if (!r.diag.errors)
            fail_msg("bedrag %s was accepted", BAD[i]);
        expect_only_error(&r, "kosten.bedrag", 11, 11, "is geen getal");
        result_free(&r);
    }
}

static void integer_field_refuses_a_decimal_number(void **state)
{
    (void)state;
    const char *const BAD[] = {"3.5", "3,5", "drie", "12 plaatsen"};
    for (size_t i = 0; i < sizeof BAD / sizeof *BAD; i++) {
        char extra[200];
        snprintf(extra, sizeof extra,
                 "wonen:\n"
                 "  woonvorm: geclusterd\n"
                 "  begeleiding: ambulant\n"
                 "  plaatsen: %s\n",
                 BAD[i]);
        result r = parse_entry_with("soort", "soort: beschermd-thuis", extra);
        expect_only_error(&r, "wonen.plaatsen", 12, 13, "is geen geheel getal");
        result_free(&r);
    }
    result r = parse_entry_with("soort", "soort: beschermd-thuis",
                                "wonen:\n"
                                "  woonvorm: geclusterd\n"
                                "  begeleiding: ambulant\n"
                                "  wachttijd_weken: 521\n");
    expect_only_error(&r, "wonen.wachttijd_weken", 12, 20, "521 ligt buiten 0 tot en met 520");
    result_free(&r);
}

static void janee_refuses_misschien(void **state)
{
    (void)state;
    result r = parse_entry_with(NULL, NULL, "locaties:\n  - rolstoeltoegankelijk: misschien\n");
    expect_only_error(&r, "locaties[1].rolstoeltoegankelijk", 10, 27,
                      "'misschien' is geen ja of nee");
    result_free(&r);
}

static void janee_accepts_ja_and_nee(void **state)
{
    (void)state;
    result r = parse_entry_with(NULL, NULL,
                                "locaties:\n"
                                "  - rolstoeltoegankelijk: ja\n"
                                "  - rolstoeltoegankelijk: nee\n");
    expect_valid(&r);
    const json_t *l = json_object_get(r.json, "locaties");
    assert_true(json_is_true(json_object_get(json_array_get(l, 0), "rolstoeltoegankelijk")));
    assert_true(json_is_false(json_object_get(json_array_get(l, 1), "rolstoeltoegankelijk")));
    result_free(&r);
}

/* ---- wonen: only and always for beschermd-thuis ---------------------------------------- */

static void wonen_is_required_for_beschermd_thuis(void **state)
{
    (void)state;
    result r = parse_entry_with("soort", "soort: beschermd-thuis", NULL);
    expect_only_error(&r, "wonen", 1, 1,
                      "verplicht veld ontbreekt (nodig bij soort: beschermd-thuis)");
    result_free(&r);
}

static void wonen_woonvorm_is_required_inside_wonen(void **state)
{
    (void)state;
    result r = parse_entry_with("soort", "soort: beschermd-thuis",
                                "wonen:\n"                    /* 9 */
                                "  begeleiding: ambulant\n"); /* 10 */
    expect_only_error(&r, "wonen.woonvorm", 10, 3, "verplicht veld ontbreekt");
    result_free(&r);
}

static void wonen_is_refused_for_an_activiteit(void **state)
{
    (void)state;
    result r = parse_entry_with(NULL, NULL,
                                "wonen:\n"
                                "  woonvorm: zelfstandig\n"
                                "  begeleiding: ambulant\n");
    expect_only_error(&r, "wonen", 10, 3, "hoort alleen bij soort: beschermd-thuis");
    result_free(&r);
}

static void beschermd_thuis_with_wonen_is_valid(void **state)
{
    (void)state;
    result r = parse_entry_with("soort", "soort: beschermd-thuis",
                                "wonen:\n  woonvorm: community\n  begeleiding: ambulant\n");
    expect_valid(&r);
    assert_string_equal(str(json_object_get(r.json, "wonen"), "woonvorm"), "community");
    result_free(&r);
}

/* ---- References ------------------------------------------------------------------------ */

static void organisatie_must_name_a_known_organisation(void **state)
{
    (void)state;
    char *text = entry_with("organisatie", "organisatie: onbekende-club", NULL);
    ref_log log = {0};
    result r = {0};
    r.json = ww_record_parse(schema, WW_RECORD_ENTRY, text, strlen(text), LABEL, "koffieochtend",
                             known_organisation, &log, &r.diag);
    expect_only_error(&r, "organisatie", 5, 14, "'onbekende-club' bestaat niet in organisaties/");
    assert_int_equal(log.calls, 1);
    assert_string_equal(log.folder, "organisaties"); /* from the schema's verwijst_naar */
    result_free(&r);

    /* Without a callback the reference is not checked. */
    r = (result){0};
    r.json = ww_record_parse(schema, WW_RECORD_ENTRY, text, strlen(text), LABEL, "koffieochtend",
                             NULL, NULL, &r.diag);
    expect_valid(&r);
    result_free(&r);
    free(text);
}

/* ---- Encoding and bytes ---------------------------------------------------------------- */

static void a_windows_1252_file_gives_a_warning_and_still_validates(void **state)
{
    (void)state;
    result r = parse_entry_with("titel", "titel: Caf\xE9 in de wijk \x80 1", NULL);
    assert_non_null(r.json);
    assert_int_equal(r.diag.errors, 0);
    assert_int_equal(r.diag.warnings, 1);
    const ww_diag_item *w = &r.diag.items[0];
    assert_int_equal(w->severity, WW_DIAG_WARNING);
    assert_string_equal(w->file, LABEL);
    assert_string_equal(w->path, "");
    assert_contains(w->message, "Windows-1252");
    assert_contains(w->message, "UTF-8");
    assert_string_equal(str(r.json, "titel"), "Caf\xC3\xA9 in de wijk \xE2\x82\xAC 1");
    result_free(&r);
}

static void a_utf16_file_gives_a_warning_and_still_validates(void **state)
{
    (void)state;
    char *text = entry_with(NULL, NULL, NULL);
    size_t n = strlen(text);
    char *utf16 = malloc(2 * n + 2);
    utf16[0] = '\xFF';
    utf16[1] = '\xFE';
    for (size_t i = 0; i < n; i++) { /* ASCII only: one code unit per byte */
        utf16[2 + 2 * i] = text[i];
        utf16[3 + 2 * i] = '\0';
    }
    result r = parse_bytes(WW_RECORD_ENTRY, utf16, 2 * n + 2, "koffieochtend");
    assert_non_null(r.json);
    assert_int_equal(r.diag.warnings, 1);
    assert_contains(r.diag.items[0].message, "UTF-16");
    result_free(&r);
    free(utf16);
    free(text);
}

static void a_utf8_file_with_a_bom_gives_no_warning(void **state)
{
    (void)state;
    char *text = entry_with(NULL, NULL, NULL);
    char *bom = malloc(strlen(text) + 4);
    strcpy(bom, "\xEF\xBB\xBF");
    strcat(bom, text);
    result r = parse_entry(bom);
    expect_valid(&r);
    result_free(&r);
    free(bom);
    free(text);
}

static void a_nul_byte_is_an_error_naming_the_file_and_the_byte(void **state)
{
    (void)state;
    const char text[] = "id: koffieochtend\nti\0tel: Koffie\n";
    result r = parse_bytes(WW_RECORD_ENTRY, text, sizeof text - 1, "koffieochtend");
    /* "id: koffieochtend\n" is 18 bytes, so the NUL is byte 20: line 2, column 3. */
    expect_only_error(&r, "", 2, 3, "byte 20");
    assert_contains(r.diag.items[0].message, "NUL");
    result_free(&r);
}

static void a_file_larger_than_the_limit_is_refused_unread(void **state)
{
    (void)state;
    size_t n = WW_MAX_CATALOG_FILE + 1;
    char *big = malloc(n);
    memset(big, '#', n);
    result r = parse_bytes(WW_RECORD_ENTRY, big, n, "koffieochtend");
    expect_only_error(&r, "", 0, 0, "te groot");
    result_free(&r);
    free(big);
}

static void a_yaml_error_is_reported_with_its_position(void **state)
{
    (void)state;
    result r = parse_entry_with("titel", "titel: Let op: koffie", NULL);
    expect_only_error(&r, "", 3, 14, "ongeldige YAML");
    result_free(&r);
    r = parse_entry_with(NULL, NULL, "titel: Nog een keer\n");
    expect_only_error(&r, "", 9, 1, "'titel' staat twee keer");
    result_free(&r);
}

static void an_empty_file_is_refused(void **state)
{
    (void)state;
    result r = parse_bytes(WW_RECORD_ENTRY, "", 0, "koffieochtend");
    expect_only_error(&r, "", 1, 1, "het bestand is leeg");
    result_free(&r);
}

static void a_file_that_is_a_list_is_refused(void **state)
{
    (void)state;
    result r = parse_entry("- id: koffieochtend\n- soort: activiteit\n");
    expect_only_error(&r, "", 1, 1, "geen lijst");
    result_free(&r);
}

/* ---- Printing -------------------------------------------------------------------------- */

static void diag_print_writes_one_compiler_style_line_per_problem(void **state)
{
    (void)state;
    result r = parse_entry_with("toegang", "toegang: open", "kleur: rood\n");
    char *out = NULL;
    size_t size = 0;
    FILE *f = open_memstream(&out, &size);
    assert_non_null(f);
    ww_diag_print(&r.diag, 0, f);
    fclose(f);
    assert_string_equal(
        out,
        "catalog/aanbod/koffieochtend.yaml:9:1: kleur: onbekend veld 'kleur'; toegestaan zijn: "
        "id, soort, titel, samenvatting, beschrijving, organisatie, ambities, doelgroepen, "
        "leefgebieden, wijken, toegang, kosten, locaties, tijden, tijden_toelichting, "
        "contact, talen, trefwoorden, laatst_gecontroleerd, geldig_tot, wonen\n"
        "catalog/aanbod/koffieochtend.yaml:7:10: toegang: onbekende waarde 'open'; kies uit: "
        "vrij, aanmelden, verwijzing, indicatie\n");
    free(out);

    /* From an index on: only the later items. */
    f = open_memstream(&out, &size);
    ww_diag_print(&r.diag, 1, f);
    fclose(f);
    assert_string_equal(out, "catalog/aanbod/koffieochtend.yaml:7:10: toegang: onbekende waarde "
                             "'open'; kies uit: vrij, aanmelden, verwijzing, indicatie\n");
    free(out);
    result_free(&r);
}

static void diag_print_marks_warnings_and_omits_an_empty_path(void **state)
{
    (void)state;
    result r = parse_entry_with("titel", "titel: Caf\xE9", NULL);
    char *out = NULL;
    size_t size = 0;
    FILE *f = open_memstream(&out, &size);
    ww_diag_print(&r.diag, 0, f);
    fclose(f);
    assert_string_equal(out, "catalog/aanbod/koffieochtend.yaml:1:1: waarschuwing: gelezen als "
                             "Windows-1252 en omgezet naar UTF-8; sla het bestand voortaan op "
                             "als UTF-8\n");
    free(out);
    result_free(&r);

    const char text[] = "id: x\0";
    r = parse_bytes(WW_RECORD_ENTRY, text, sizeof text - 1, NULL);
    f = open_memstream(&out, &size);
    ww_diag_print(&r.diag, 0, f);
    fclose(f);
    assert_string_equal(out, "catalog/aanbod/koffieochtend.yaml:1:6: NUL-teken in het bestand "
                             "(byte 5)\n");
    free(out);
    result_free(&r);
}

/* ---- Ambitions ------------------------------------------------------------------------- */

static size_t rule_index(const char *ambition)
{
    for (size_t i = 0; i < schema->ambitions.count; i++)
        if (strcmp(schema->ambitions.rules[i].ambition, ambition) == 0)
            return i;
    fail_msg("no rule for ambition '%s'", ambition);
    return 0;
}

/* Scores `text` (folded here) with the loaded rules; returns the picked count. */
static size_t infer(const char *text, const char *const *leefgebieden, size_t nl,
                    const char *const *doelgroepen, size_t nd, double *scores, size_t *picked)
{
    char *folded = ww_fold(text);
    assert_non_null(folded);
    ww_ambitions_score(&schema->ambitions, folded, leefgebieden, nl, doelgroepen, nd, scores);
    free(folded);
    return ww_ambitions_pick(&schema->ambitions, scores, picked);
}

static void ambition_rules_cover_the_three_ambitions(void **state)
{
    (void)state;
    assert_int_equal(schema->ambitions.count, 3);
    rule_index("sociaal");
    rule_index("vitaal");
    rule_index("kansen");
    assert_true(schema->ambitions.threshold > 0 && schema->ambitions.threshold <= 1);
}

static void expect_first_ambition(const char *text, const char *want)
{
    double scores[8];
    size_t picked[8];
    size_t n = infer(text, NULL, 0, NULL, 0, scores, picked);
    assert_true(n >= 1);
    size_t i = rule_index(want);
    if (picked[0] != i)
        fail_msg("'%s': picked %s first (score %g), expected %s (score %g)", text,
                 schema->ambitions.rules[picked[0]].ambition, scores[picked[0]], want, scores[i]);
    assert_true(scores[i] > 0);
}

static void koffie_tegen_eenzaamheid_is_sociaal_first(void **state)
{
    (void)state;
    expect_first_ambition("Samen koffie drinken tegen eenzaamheid", "sociaal");
}

static void hulp_bij_schulden_is_kansen_first(void **state)
{
    (void)state;
    expect_first_ambition("Hulp bij schulden en administratie", "kansen");
}

static void bewegen_en_gymnastiek_is_vitaal_first(void **state)
{
    (void)state;
    expect_first_ambition("Wekelijks bewegen en gymnastiek", "vitaal");
}

static void a_rule_word_counts_once_and_accents_are_folded(void **state)
{
    (void)state;
    double once[8], thrice[8], accented[8], plain[8];
    size_t picked[8];
    infer("eenzaam", NULL, 0, NULL, 0, once, picked);
    infer("eenzaam eenzame eenzaamheid", NULL, 0, NULL, 0, thrice, picked);
    size_t s = rule_index("sociaal");
    assert_true(once[s] > 0);
    assert_true(once[s] == thrice[s]);
    infer("Geïsoleerd", NULL, 0, NULL, 0, accented, picked);
    infer("geisoleerd", NULL, 0, NULL, 0, plain, picked);
    assert_true(accented[s] > 0);
    assert_true(accented[s] == plain[s]);
}

static void leefgebieden_and_doelgroepen_add_their_weights(void **state)
{
    (void)state;
    double none[8], with[8];
    size_t picked[8];
    const char *const leef[] = {"financien"};
    const char *const doel[] = {"nieuwkomers"};
    infer("", NULL, 0, NULL, 0, none, picked);
    size_t n = infer("", leef, 1, doel, 1, with, picked);
    size_t k = rule_index("kansen");
    assert_true(with[k] > none[k]);
    assert_int_equal(n, 1);
    assert_int_equal(picked[0], k);
}

static void pick_always_returns_at_least_one_ambition(void **state)
{
    (void)state;
    double scores[8];
    size_t picked[8];
    /* Nothing matches: every score is 0, and the first rule is still picked. */
    size_t n = infer("xyzzy", NULL, 0, NULL, 0, scores, picked);
    for (size_t i = 0; i < schema->ambitions.count; i++)
        assert_true(scores[i] == 0);
    assert_int_equal(n, 1);
    assert_int_equal(picked[0], 0);
    n = infer("", NULL, 0, NULL, 0, scores, picked);
    assert_int_equal(n, 1);
}

static void pick_adds_ambitions_that_reach_the_threshold_strongest_first(void **state)
{
    (void)state;
    const ww_ambition_rules *rules = &schema->ambitions;
    double t = rules->threshold;
    size_t s = rule_index("sociaal"), v = rule_index("vitaal"), k = rule_index("kansen");
    double scores[3];
    size_t picked[3];
    /* kansen best; vitaal exactly at the threshold; sociaal just below it. */
    scores[k] = 10;
    scores[v] = 10 * t;
    scores[s] = 10 * t - 0.01;
    size_t n = ww_ambitions_pick(rules, scores, picked);
    assert_int_equal(n, 2);
    assert_int_equal(picked[0], k);
    assert_int_equal(picked[1], v);
    /* All equal: all three, in rule order. */
    scores[0] = scores[1] = scores[2] = 2;
    n = ww_ambitions_pick(rules, scores, picked);
    assert_int_equal(n, 3);
    for (size_t i = 0; i < 3; i++)
        assert_int_equal(picked[i], i);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(a_minimal_entry_is_valid_and_gets_its_defaults),
        cmocka_unit_test(defaults_do_not_replace_given_values),
        cmocka_unit_test(a_full_entry_yields_typed_json),
        cmocka_unit_test(a_valid_organisation_is_accepted),
        cmocka_unit_test(an_organisation_without_naam_is_refused),
        cmocka_unit_test(unknown_field_suggests_the_nearest_name),
        cmocka_unit_test(unknown_field_far_from_any_name_lists_the_allowed_fields),
        cmocka_unit_test(unknown_field_inside_a_block_has_a_dotted_path),
        cmocka_unit_test(unknown_field_inside_a_list_item_has_an_indexed_path),
        cmocka_unit_test(each_required_field_is_reported_when_missing),
        cmocka_unit_test(a_list_field_without_a_value_says_so_plainly),
        cmocka_unit_test(an_empty_required_list_is_refused),
        cmocka_unit_test(value_outside_a_vocabulary_names_the_allowed_values),
        cmocka_unit_test(a_list_item_outside_its_vocabulary_has_an_indexed_path),
        cmocka_unit_test(a_long_vocabulary_is_named_instead_of_spelled_out),
        cmocka_unit_test(bad_ids_are_refused),
        cmocka_unit_test(ids_of_3_and_80_characters_are_fine),
        cmocka_unit_test(id_must_equal_the_expected_id_from_the_file_name),
        cmocka_unit_test(catalog_read_takes_the_expected_id_from_the_file_name),
        cmocka_unit_test(titel_of_120_characters_is_fine_and_121_is_too_long),
        cmocka_unit_test(samenvatting_of_300_characters_is_fine_and_301_is_too_long),
        cmocka_unit_test(an_empty_titel_is_refused),
        cmocka_unit_test(a_control_character_in_text_is_refused),
        cmocka_unit_test(an_escaped_nul_does_not_cut_a_value_short),
        cmocka_unit_test(a_scalar_where_a_block_or_list_belongs_and_vice_versa),
        cmocka_unit_test(a_value_twice_in_a_list_is_refused),
        cmocka_unit_test(impossible_or_badly_written_dates_are_refused),
        cmocka_unit_test(a_leap_day_is_a_date),
        cmocka_unit_test(bad_times_are_refused),
        cmocka_unit_test(van_must_come_before_tot),
        cmocka_unit_test(postcodes_are_normalised),
        cmocka_unit_test(a_malformed_postcode_is_refused),
        cmocka_unit_test(paths_into_lists_count_from_one),
        cmocka_unit_test(invalid_email_url_and_telefoon_are_refused),
        cmocka_unit_test(more_bad_contact_values_are_refused),
        cmocka_unit_test(good_contact_values_are_accepted),
        cmocka_unit_test(bedrag_with_a_decimal_comma_is_accepted),
        cmocka_unit_test(bedrag_below_its_minimum_is_refused),
        cmocka_unit_test(bedrag_that_is_no_number_is_refused),
        cmocka_unit_test(integer_field_refuses_a_decimal_number),
        cmocka_unit_test(janee_refuses_misschien),
        cmocka_unit_test(janee_accepts_ja_and_nee),
        cmocka_unit_test(wonen_is_required_for_beschermd_thuis),
        cmocka_unit_test(wonen_woonvorm_is_required_inside_wonen),
        cmocka_unit_test(wonen_is_refused_for_an_activiteit),
        cmocka_unit_test(beschermd_thuis_with_wonen_is_valid),
        cmocka_unit_test(organisatie_must_name_a_known_organisation),
        cmocka_unit_test(a_windows_1252_file_gives_a_warning_and_still_validates),
        cmocka_unit_test(a_utf16_file_gives_a_warning_and_still_validates),
        cmocka_unit_test(a_utf8_file_with_a_bom_gives_no_warning),
        cmocka_unit_test(a_nul_byte_is_an_error_naming_the_file_and_the_byte),
        cmocka_unit_test(a_file_larger_than_the_limit_is_refused_unread),
        cmocka_unit_test(a_yaml_error_is_reported_with_its_position),
        cmocka_unit_test(an_empty_file_is_refused),
        cmocka_unit_test(a_file_that_is_a_list_is_refused),
        cmocka_unit_test(diag_print_writes_one_compiler_style_line_per_problem),
        cmocka_unit_test(diag_print_marks_warnings_and_omits_an_empty_path),
        cmocka_unit_test(ambition_rules_cover_the_three_ambitions),
        cmocka_unit_test(koffie_tegen_eenzaamheid_is_sociaal_first),
        cmocka_unit_test(hulp_bij_schulden_is_kansen_first),
        cmocka_unit_test(bewegen_en_gymnastiek_is_vitaal_first),
        cmocka_unit_test(a_rule_word_counts_once_and_accents_are_folded),
        cmocka_unit_test(leefgebieden_and_doelgroepen_add_their_weights),
        cmocka_unit_test(pick_always_returns_at_least_one_ambition),
        cmocka_unit_test(pick_adds_ambitions_that_reach_the_threshold_strongest_first),
    };
    return cmocka_run_group_tests(tests, load_schema, free_schema);
}
