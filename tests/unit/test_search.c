/* test_search.c -- end to end: the test catalog (tests/fixtures/search) is indexed by the real
 * wegwijzer-indexer, then searched through the library the way the server will: filters,
 * synonyms, accents, compounds, typos, expiry, facets, paging and ambitions of a question. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "ww_build.h"
#include "ww_schema.h"
#include "ww_search.h"
#include "ww_util.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const TODAY = "2026-11-23";

typedef struct {
    char *dir;
    ww_schema *schema;
    ww_reader *reader;
} fixture;

static int setup(void **state)
{
    fixture *f = ww_xcalloc(1, sizeof *f);
    *state = f; /* set first: teardown runs even when setup fails */
    f->dir = ww_xstrdup("/tmp/ww-test-search-XXXXXX");
    if (!mkdtemp(f->dir))
        return -1;
    const char *build = getenv("WW_BUILD") ? getenv("WW_BUILD") : "build";
    char *cmd = ww_xasprintf("%s/wegwijzer-indexer --catalog tests/fixtures/search --index %s/idx "
                             "--quiet",
                             build, f->dir);
    int rc = system(cmd);
    free(cmd);
    if (rc != 0)
        return -1;
    ww_diag diag = {0};
    f->schema = ww_schema_load(getenv("WW_SCHEMA") ? getenv("WW_SCHEMA") : "schema", &diag);
    ww_diag_free(&diag);
    char *path = ww_xasprintf("%s/idx/current", f->dir), *err = NULL;
    ww_status st = ww_reader_open(path, &f->reader, &err);
    free(path);
    free(err);
    if (!f->schema || st != WW_OK || ww_search_prepare(f->reader, f->schema) != WW_OK)
        return -1;
    return 0;
}

static int teardown(void **state)
{
    fixture *f = *state;
    ww_reader_close(f->reader);
    ww_schema_free(f->schema);
    char *cmd = ww_xasprintf("rm -rf '%s'", f->dir);
    int rc = system(cmd);
    free(cmd);
    free(f->dir);
    free(f);
    return rc;
}

/* Runs a search and returns the ids found, space-separated in result order (caller frees);
 * *result keeps the rest for the caller to inspect and free. */
static char *search(fixture *f, const char *text, const ww_filter_value *filters, size_t n,
                    ww_search_request extra, ww_search_result *result)
{
    ww_search_request req = extra;
    req.text = text;
    req.filters = filters;
    req.filter_count = n;
    req.today = req.today ? req.today : TODAY;
    req.limit = req.limit ? req.limit : 50;
    ww_search_error err;
    if (!ww_search_check(f->schema, &req, &err))
        fail_msg("search '%s' refused: %s", text ? text : "", err.message);
    ww_status st = ww_search(f->reader, f->schema, &req, result);
    if (st != WW_OK)
        fail_msg("search '%s' failed: %s", text ? text : "", ww_reader_last_error(f->reader));
    ww_buf ids = {0};
    for (unsigned i = 0; i < ww_mset_size(result->mset); i++) {
        size_t len;
        const char *data = ww_mset_data(result->mset, i, &len);
        json_t *entry = json_loadb(data, len, 0, NULL);
        ww_buf_printf(&ids, "%s%s", i ? " " : "", json_string_value(json_object_get(entry, "id")));
        json_decref(entry);
    }
    return ww_buf_release(&ids);
}

static bool has_id(const char *ids, const char *id)
{
    size_t n = strlen(id);
    for (const char *p = strstr(ids, id); p; p = strstr(p + 1, id))
        if ((p == ids || p[-1] == ' ') && (p[n] == ' ' || p[n] == '\0'))
            return true;
    return false;
}

static bool first_is(const char *ids, const char *id)
{
    return strncmp(ids, id, strlen(id)) == 0 && (ids[strlen(id)] == ' ' || !ids[strlen(id)]);
}

#define EXPECT_FOUND(ids, id)                                                                      \
    do {                                                                                           \
        if (!has_id(ids, id))                                                                      \
            fail_msg("expected %s among: %s", id, ids);                                            \
    } while (0)
#define EXPECT_MISSING(ids, id)                                                                    \
    do {                                                                                           \
        if (has_id(ids, id))                                                                       \
            fail_msg("did not expect %s among: %s", id, ids);                                      \
    } while (0)

static const ww_search_request PLAIN = {0};

/* ---- Text ------------------------------------------------------------------------------ */

static void synonyms_connect_the_residents_word_to_the_providers(void **state)
{
    ww_search_result r;
    char *ids = search(*state, "senioren", NULL, 0, PLAIN, &r);
    EXPECT_FOUND(ids, "maatje-stad"); /* says only "ouderen" */
    free(ids);
    ww_search_result_free(&r);
    ids = search(*state, "geldzorgen", NULL, 0, PLAIN, &r);
    assert_true(first_is(ids, "hulp-schulden"));
    free(ids);
    ww_search_result_free(&r);
    ids = search(*state, "gym", NULL, 0, PLAIN, &r);
    EXPECT_FOUND(ids, "gymnastiek-oost");
    free(ids);
    ww_search_result_free(&r);
}

static void accents_are_folded_on_both_sides(void **state)
{
    ww_search_result r;
    char *ids = search(*state, "financiele", NULL, 0, PLAIN, &r);
    assert_true(first_is(ids, "financieel-spreekuur"));
    free(ids);
    ww_search_result_free(&r);
    ids = search(*state, "cooperatie", NULL, 0, PLAIN, &r);
    assert_true(first_is(ids, "bewoners-cooperatie"));
    free(ids);
    ww_search_result_free(&r);
    ids = search(*state, "COÖPERATIE", NULL, 0, PLAIN, &r);
    assert_true(first_is(ids, "bewoners-cooperatie"));
    free(ids);
    ww_search_result_free(&r);
}

static void compounds_find_their_parts(void **state)
{
    static const char *const CASES[][2] = {
        {"huiswerkhulp", "huiswerk-stadshagen"},
        {"mantelzorgondersteuning", "steun-mantelzorgers"},
        {"rouwverwerking", "wandelen-rouw"},
    };
    for (size_t i = 0; i < 3; i++) {
        ww_search_result r;
        char *ids = search(*state, CASES[i][0], NULL, 0, PLAIN, &r);
        if (!first_is(ids, CASES[i][1]))
            fail_msg("'%s' should find %s first, found: %s", CASES[i][0], CASES[i][1], ids);
        assert_null(r.suggestion); /* a compound is understood, not corrected */
        free(ids);
        ww_search_result_free(&r);
    }
}

static void a_typo_gets_a_suggestion_and_its_results(void **state)
{
    ww_search_result r;
    char *ids = search(*state, "eenzaamheit", NULL, 0, PLAIN, &r);
    assert_non_null(r.suggestion);
    assert_string_equal(r.suggestion, "eenzaamheid");
    assert_true(r.suggestion_used);
    EXPECT_FOUND(ids, "praatgroep-eenzaamheid");
    free(ids);
    ww_search_result_free(&r);

    ids = search(*state, "mantelzrog", NULL, 0, PLAIN, &r);
    assert_string_equal(r.suggestion, "mantelzorg");
    EXPECT_FOUND(ids, "steun-mantelzorgers");
    free(ids);
    ww_search_result_free(&r);

    ids = search(*state, "koffie", NULL, 0, PLAIN, &r);
    assert_null(r.suggestion);
    assert_false(r.suggestion_used);
    free(ids);
    ww_search_result_free(&r);
}

static void a_long_question_still_finds_the_best_partial_match(void **state)
{
    ww_search_result r;
    char *ids =
        search(*state, "waar kan ik met iemand praten over rouw na overlijden", NULL, 0, PLAIN, &r);
    assert_true(first_is(ids, "wandelen-rouw"));
    free(ids);
    ww_search_result_free(&r);
}

/* ---- Filters --------------------------------------------------------------------------- */

static void a_wijk_filter_includes_offers_for_the_whole_city(void **state)
{
    ww_filter_value zuid[] = {{"wijk", "zuid"}};
    ww_search_result r;
    char *ids = search(*state, NULL, zuid, 1, PLAIN, &r);
    EXPECT_FOUND(ids, "koffie-zuid");
    EXPECT_FOUND(ids, "maatje-stad"); /* heel-zwolle */
    EXPECT_MISSING(ids, "koffie-noord");
    free(ids);
    ww_search_result_free(&r);
}

static void values_of_one_parameter_are_ored_and_parameters_anded(void **state)
{
    ww_filter_value two_wijken[] = {{"wijk", "zuid"}, {"wijk", "noord"}};
    ww_search_result r;
    char *ids = search(*state, "koffie", two_wijken, 2, PLAIN, &r);
    EXPECT_FOUND(ids, "koffie-zuid");
    EXPECT_FOUND(ids, "koffie-noord");
    free(ids);
    ww_search_result_free(&r);

    ww_filter_value and[] = {{"wijk", "zuid"}, {"soort", "initiatief"}};
    ids = search(*state, NULL, and, 2, PLAIN, &r);
    assert_string_equal(ids, "buurtmoestuin");
    free(ids);
    ww_search_result_free(&r);
}

static void gratis_and_voorliggend_filter(void **state)
{
    ww_search_request gratis = {.gratis = true};
    ww_search_result r;
    char *ids = search(*state, NULL, NULL, 0, gratis, &r);
    assert_int_equal(r.total, 3);
    EXPECT_FOUND(ids, "hulp-schulden");
    free(ids);
    ww_search_result_free(&r);

    ww_search_request voorliggend = {.voorliggend = true};
    ids = search(*state, "wonen begeleiding", NULL, 0, voorliggend, &r);
    EXPECT_MISSING(ids, "wonen-begeleid"); /* toegang: indicatie */
    free(ids);
    ww_search_result_free(&r);
    ids = search(*state, NULL, NULL, 0, voorliggend, &r);
    assert_int_equal(r.total, 13); /* the 14 current entries but the indicatie one */
    free(ids);
    ww_search_result_free(&r);
}

static void an_unknown_filter_value_is_refused_naming_the_allowed_ones(void **state)
{
    fixture *f = *state;
    ww_filter_value bad[] = {{"wijk", "zuidoost"}};
    ww_search_request req = {.filters = bad, .filter_count = 1, .limit = 10};
    ww_search_error err;
    assert_false(ww_search_check(f->schema, &req, &err));
    assert_string_equal(err.param, "wijk");
    assert_non_null(strstr(err.message, "'zuidoost'"));
    assert_non_null(strstr(err.message, "centrum, noord, oost, zuid"));
    ww_filter_value unknown[] = {{"stadsdeel", "zuid"}};
    req.filters = unknown;
    assert_false(ww_search_check(f->schema, &req, &err));
    assert_string_equal(err.param, "stadsdeel");
    req.text = "caf\xe9"; /* Windows-1252, not UTF-8 */
    req.filter_count = 0;
    assert_false(ww_search_check(f->schema, &req, &err));
    assert_string_equal(err.param, "q");
    req.text = "café";
    assert_true(ww_search_check(f->schema, &req, &err));
}

static void expired_entries_never_appear(void **state)
{
    ww_search_result r;
    char *ids = search(*state, "speeltuin", NULL, 0, PLAIN, &r);
    assert_int_equal(r.total, 0);
    free(ids);
    ww_search_result_free(&r);
    ww_search_request before = {.today = "2025-08-01"};
    ids = search(*state, "speeltuin", NULL, 0, before, &r);
    assert_string_equal(ids, "zomerspeeltuin");
    free(ids);
    ww_search_result_free(&r);
    /* geldig_tot 2025-09-01: found on that day, not on the next. */
    ww_search_request last_day = {.today = "2025-09-01"}, next_day = {.today = "2025-09-02"};
    ids = search(*state, "speeltuin", NULL, 0, last_day, &r);
    assert_string_equal(ids, "zomerspeeltuin");
    free(ids);
    ww_search_result_free(&r);
    ids = search(*state, "speeltuin", NULL, 0, next_day, &r);
    assert_int_equal(r.total, 0);
    free(ids);
    ww_search_result_free(&r);
    ids = search(*state, "winterwandeling", NULL, 0, PLAIN, &r); /* until 2027 */
    assert_string_equal(ids, "winterwandeling");
    free(ids);
    ww_search_result_free(&r);
}

/* ---- Facets, paging, browsing ---------------------------------------------------------- */

typedef struct {
    unsigned sum;
    unsigned max;
} facet_sum;

static void add_count(const char *value, unsigned count, void *ctx)
{
    (void)value;
    facet_sum *s = ctx;
    s->sum += count;
    if (count > s->max)
        s->max = count;
}

static void facet_counts_add_up(void **state)
{
    ww_search_result r;
    char *ids = search(*state, NULL, NULL, 0, PLAIN, &r);
    assert_int_equal(r.total, 14);
    assert_true(r.total_exact);
    for (size_t i = 0; i < WW_FILTER_COUNT; i++) {
        facet_sum s = {0, 0};
        ww_search_each_facet(&r, ((fixture *)*state)->schema, &WW_FILTERS[i], add_count, &s);
        const char *p = WW_FILTERS[i].param;
        if (!strcmp(p, "soort") || !strcmp(p, "toegang"))
            assert_int_equal(s.sum, r.total); /* one value per entry */
        else
            assert_true(s.max <= r.total); /* several values per entry */
    }
    free(ids);
    ww_search_result_free(&r);
}

static void past_the_exact_limit_counts_are_estimated_but_still_add_up(void **state)
{
    ww_search_result r;
    ww_search_request sampled = {.exact_up_to = 5, .limit = 2};
    char *ids = search(*state, "de een het samen koffie hulp", NULL, 0, sampled, &r);
    assert_true(r.total > 5);
    for (size_t i = 0; i < WW_FILTER_COUNT; i++) {
        facet_sum s = {0, 0};
        ww_search_each_facet(&r, ((fixture *)*state)->schema, &WW_FILTERS[i], add_count, &s);
        const char *p = WW_FILTERS[i].param;
        if (!strcmp(p, "soort") || !strcmp(p, "toegang"))
            assert_int_equal(s.sum, r.total); /* scaled, still one value per entry */
    }
    free(ids);
    ww_search_result_free(&r);
}

typedef struct {
    char values[64][64];
    unsigned counts[64];
    size_t n;
} named_counts;

static void keep_count(const char *value, unsigned count, void *ctx)
{
    named_counts *c = ctx;
    if (c->n < 64) {
        snprintf(c->values[c->n], sizeof c->values[c->n], "%s", value);
        c->counts[c->n++] = count;
    }
}

/* A question with more matches than are counted exactly, narrowed by a wijk to fewer: the count
 * beside each wijk is still exactly what choosing it as well gives (the search counts them in
 * its own pass, where a second match would stop at exact_up_to and estimate). */
static void counts_beside_a_chosen_field_are_exact_when_its_results_are(void **state)
{
    fixture *f = *state;
    const char *text = "de een het samen koffie hulp";
    const ww_filter_field *wijk = NULL;
    for (size_t i = 0; i < WW_FILTER_COUNT; i++)
        if (!strcmp(WW_FILTERS[i].param, "wijk"))
            wijk = &WW_FILTERS[i];
    assert_non_null(wijk);
    ww_filter_value zuid[] = {{"wijk", "zuid"}, {"wijk", NULL}};
    ww_search_request sampled = {.exact_up_to = 5, .limit = 2}, exact = {.limit = 2};
    ww_search_result all, narrowed;
    free(search(f, text, NULL, 0, exact, &all));
    free(search(f, text, zuid, 1, sampled, &narrowed));
    assert_true(all.total > 5); /* more than a second match would count exactly */
    assert_true(narrowed.total_exact && narrowed.total < 5);
    named_counts beside = {.n = 0};
    ww_search_each_facet(&narrowed, f->schema, wijk, keep_count, &beside);
    assert_true(beside.n >= 3);
    for (size_t i = 0; i < beside.n; i++) {
        ww_search_result chosen;
        zuid[1].value = beside.values[i];
        free(search(f, text, zuid, 2, exact, &chosen));
        if (chosen.total != beside.counts[i])
            fail_msg("wijk %s: beside it %u, choosing it gives %u", beside.values[i],
                     beside.counts[i], chosen.total);
        ww_search_result_free(&chosen);
    }
    ww_search_result_free(&all);
    ww_search_result_free(&narrowed);
}

/* So broad that the search gives up counting the chosen fields' choices in its own pass (past
 * four times what it counts exactly; ww_xapian.cc): the same results and counts, found again
 * with the filters in the query. (One result, so that the search never has enough to start
 * skipping documents, and the eleven of the question all come to be counted.) */
static void a_broad_question_with_a_chosen_field_finds_the_same_results(void **state)
{
    fixture *f = *state;
    const char *text = "samen koffie hulp wandelen buurt groep elke week";
    ww_filter_value west_ouderen[] = {{"wijk", "west"}, {"doelgroep", "ouderen"}};
    ww_search_request tiny = {.exact_up_to = 1, .limit = 2}, exact = {.limit = 2};
    ww_search_result all, gave_up, counted;
    free(search(f, text, NULL, 0, exact, &all));
    assert_true(all.total > 4 * 2); /* more than four times max(exact_up_to, limit) */
    char *a = search(f, text, west_ouderen, 2, tiny, &gave_up);
    char *b = search(f, text, west_ouderen, 2, exact, &counted);
    assert_string_equal(a, b);
    assert_int_equal(gave_up.total, 1);
    free(a);
    free(b);
    ww_search_result_free(&all);
    ww_search_result_free(&gave_up);
    ww_search_result_free(&counted);
}

static void pages_follow_each_other_without_overlap(void **state)
{
    ww_search_result r1, r2;
    ww_search_request page1 = {.offset = 0, .limit = 5}, page3 = {.offset = 10, .limit = 5};
    char *a = search(*state, NULL, NULL, 0, page1, &r1);
    char *b = search(*state, NULL, NULL, 0, page3, &r2);
    assert_int_equal(ww_mset_size(r1.mset), 5);
    assert_int_equal(ww_mset_size(r2.mset), 4);
    assert_int_equal(r1.total, r2.total);
    char *first_of_b = ww_xstrndup(b, strcspn(b, " "));
    EXPECT_MISSING(a, first_of_b);
    /* Browsing is in title order: "Buurtmoestuin ..." before "Gymnastiek ...". */
    assert_true(first_is(a, "buurtmoestuin"));
    free(first_of_b);
    free(a);
    free(b);
    ww_search_result_free(&r1);
    ww_search_result_free(&r2);
}

/* ---- Ambitions ------------------------------------------------------------------------- */

static void the_question_is_placed_under_the_right_ambition(void **state)
{
    static const char *const CASES[][2] = {
        {"ik zit veel alleen", "sociaal"},
        {"hulp bij schulden", "kansen"},
        {"meer bewegen", "vitaal"},
    };
    for (size_t i = 0; i < 3; i++) {
        ww_search_result r;
        char *ids = search(*state, CASES[i][0], NULL, 0, PLAIN, &r);
        assert_true(r.ambition_count >= 1);
        if (strcmp(r.ambitions[0].id, CASES[i][1]) != 0)
            fail_msg("'%s' should be %s, was %s", CASES[i][0], CASES[i][1], r.ambitions[0].id);
        double sum = 0;
        for (size_t k = 0; k < r.ambition_count; k++)
            sum += r.ambitions[k].score;
        assert_true(sum > 0.999 && sum < 1.001);
        free(ids);
        ww_search_result_free(&r);
    }
}

static void an_entry_without_ambities_gets_inferred_ones_marked_as_such(void **state)
{
    fixture *f = *state;
    char *data;
    size_t len;
    assert_int_equal(ww_reader_get_data(f->reader, "Qbuurtmoestuin", &data, &len, -1, NULL), WW_OK);
    json_t *entry = json_loadb(data, len, 0, NULL);
    assert_true(json_is_true(json_object_get(entry, "ambities_afgeleid")));
    assert_true(json_array_size(json_object_get(entry, "ambities")) >= 1);
    assert_string_equal(
        json_string_value(json_object_get(json_object_get(entry, "organisatie"), "naam")),
        "Buurthuis De Proef");
    json_decref(entry);
    free(data);
    assert_int_equal(ww_reader_get_data(f->reader, "Qkoffie-zuid", &data, &len, -1, NULL), WW_OK);
    entry = json_loadb(data, len, 0, NULL);
    assert_true(json_is_false(json_object_get(entry, "ambities_afgeleid")));
    json_decref(entry);
    free(data);
}

/* The key under which an unanswered question is counted (issue 16): each stem once, sorted; never
 * a question that may say who asked. */
static void an_unanswered_question_is_counted_by_its_words_and_never_by_who_asked(void **state)
{
    fixture *f = *state;
    static const struct {
        const char *question, *key;
    } CASES[] = {
        {"Hond tandarts voor de hond, hond!", "hond tandart"},
        {"tandarts hond", "hond tandart"},
        {"de het een", NULL},
        {"mail jan@example.org over tandarts", NULL},
        {"bel 0612345678", NULL},
        {"bsn 123456789", NULL},
        {"Ik heet Pieter en zoek een tandarts", NULL},
        {"huisnummer 12 is ok", "12 huisnummer ok"}, /* three digits or fewer are words */
    };
    for (size_t i = 0; i < sizeof CASES / sizeof *CASES; i++) {
        char *key = ww_search_question_key(f->reader, f->schema, CASES[i].question);
        if (CASES[i].key ? !key || strcmp(key, CASES[i].key) : key != NULL)
            fail_msg("'%s': key '%s', expected '%s'", CASES[i].question, key ? key : "(none)",
                     CASES[i].key ? CASES[i].key : "(none)");
        free(key);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(synonyms_connect_the_residents_word_to_the_providers),
        cmocka_unit_test(accents_are_folded_on_both_sides),
        cmocka_unit_test(compounds_find_their_parts),
        cmocka_unit_test(a_typo_gets_a_suggestion_and_its_results),
        cmocka_unit_test(a_long_question_still_finds_the_best_partial_match),
        cmocka_unit_test(a_wijk_filter_includes_offers_for_the_whole_city),
        cmocka_unit_test(values_of_one_parameter_are_ored_and_parameters_anded),
        cmocka_unit_test(gratis_and_voorliggend_filter),
        cmocka_unit_test(an_unknown_filter_value_is_refused_naming_the_allowed_ones),
        cmocka_unit_test(expired_entries_never_appear),
        cmocka_unit_test(facet_counts_add_up),
        cmocka_unit_test(past_the_exact_limit_counts_are_estimated_but_still_add_up),
        cmocka_unit_test(counts_beside_a_chosen_field_are_exact_when_its_results_are),
        cmocka_unit_test(a_broad_question_with_a_chosen_field_finds_the_same_results),
        cmocka_unit_test(pages_follow_each_other_without_overlap),
        cmocka_unit_test(the_question_is_placed_under_the_right_ambition),
        cmocka_unit_test(an_entry_without_ambities_gets_inferred_ones_marked_as_such),
        cmocka_unit_test(an_unanswered_question_is_counted_by_its_words_and_never_by_who_asked),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
