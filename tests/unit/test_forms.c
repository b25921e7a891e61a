/* test_forms.c -- other forms of a Dutch word by spelling rules: verb forms, comparatives, past
 * tenses, plurals and separable verbs lead to the forms an entry may use; a diminutive and a plural
 * in -s name only their base; the word itself, duplicates and words that are not plain a-z never
 * come back. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "ww_forms.h"

#include <stdbool.h>
#include <string.h>

static bool has(const ww_forms *f, const char *form)
{
    for (size_t i = 0; i < f->count; i++)
        if (strcmp(f->forms[i], form) == 0)
            return true;
    return false;
}

static void expect(const char *word, const char *const *forms)
{
    ww_forms f;
    assert_true(ww_word_forms(word, &f) > 0);
    for (; *forms; forms++)
        if (!has(&f, *forms))
            fail_msg("%s: no %s among its %zu forms", word, *forms, f.count);
}

static void verb_forms_lead_to_each_other(void **state)
{
    (void)state;
    expect("valt", (const char *[]){"val", "vallen", NULL});
    expect("vallen", (const char *[]){"val", "valt", NULL});
    expect("kookt", (const char *[]){"kook", "koken", NULL});
    expect("leest", (const char *[]){"lees", "lezen", NULL});
    expect("schrijft", (const char *[]){"schrijf", "schrijven", NULL});
    expect("woont", (const char *[]){"wonen", NULL});
    expect("opbelt", (const char *[]){"opbellen", NULL});
}

static void past_tenses_lead_to_the_infinitive(void **state)
{
    (void)state;
    expect("tuinierde", (const char *[]){"tuinier", "tuinieren", NULL});
    expect("sportte", (const char *[]){"sport", "sporten", NULL});
    expect("verhuisd", (const char *[]){"verhuis", "verhuizen", NULL});
    expect("gewandeld", (const char *[]){"wandel", "wandelen", NULL});
}

static void comparatives_lead_to_the_adjective(void **state)
{
    (void)state;
    expect("fitter", (const char *[]){"fit", NULL});
    expect("gezonder", (const char *[]){"gezond", "gezonde", NULL});
    expect("eenzamer", (const char *[]){"eenzaam", "eenzame", NULL});
    expect("somberder", (const char *[]){"somber", "sombere", NULL}); /* -der after an r */
    expect("duurder", (const char *[]){"duur", NULL});
    ww_forms f;
    ww_word_forms("moeder", &f);
    assert_false(has(&f, "moe")); /* -der only after an r */
}

static void a_separable_verb_is_also_its_verb(void **state)
{
    (void)state;
    expect("opbelt", (const char *[]){"belt", "bellen", NULL});
    expect("binnenlopen", (const char *[]){"lopen", "loopt", NULL});
    expect("aanmelden", (const char *[]){"melden", NULL});
    ww_forms f;
    ww_word_forms("opvoeding", &f);
    assert_false(has(&f, "voeding")); /* no verb form: no particle taken off */
    ww_word_forms("uitkering", &f);
    assert_false(has(&f, "kering"));
}

static void a_diminutive_names_its_base_and_nothing_built_on_it(void **state)
{
    (void)state;
    ww_forms f;
    assert_true(ww_word_forms("maatje", &f) > 0);
    assert_true(has(&f, "maat"));
    assert_false(has(&f, "maten")); /* measures, not buddies */
    assert_true(ww_word_forms("belletje", &f) > 0);
    assert_true(has(&f, "bel"));
}

static void a_plural_in_s_names_its_singular_and_nothing_built_on_it(void **state)
{
    (void)state;
    ww_forms f;
    assert_true(ww_word_forms("ouders", &f) > 0);
    assert_true(has(&f, "ouder"));
    assert_false(has(&f, "ouderen")); /* parents are not the elderly */
    ww_word_forms("alles", &f);
    assert_false(has(&f, "alleen"));
    expect("maatjes", (const char *[]){"maatje", NULL});
    /* A word that ends in -s is a base as well: huis, huizen. */
    expect("huis", (const char *[]){"huizen", NULL});
    expect("dans", (const char *[]){"dansen", NULL});
}

static void never_the_word_itself_a_duplicate_or_a_stranger(void **state)
{
    (void)state;
    static const char *const WORDS[] = {"valt", "lezen", "eenzame", "tuinierde", "wonen"};
    for (size_t w = 0; w < sizeof WORDS / sizeof *WORDS; w++) {
        ww_forms f;
        size_t n = ww_word_forms(WORDS[w], &f);
        assert_int_equal(n, f.count);
        for (size_t i = 0; i < n; i++) {
            assert_string_not_equal(f.forms[i], WORDS[w]);
            assert_true(strlen(f.forms[i]) >= 3);
            for (size_t j = i + 1; j < n; j++)
                assert_string_not_equal(f.forms[i], f.forms[j]);
        }
    }
    ww_forms f;
    assert_int_equal(ww_word_forms("ik", &f), 0);
    assert_int_equal(ww_word_forms("8014", &f), 0);
    assert_int_equal(ww_word_forms("caf\xc3\xa9s", &f), 0);
    char long_word[WW_FORM_MAX + 1];
    memset(long_word, 'a', WW_FORM_MAX);
    long_word[WW_FORM_MAX] = '\0';
    assert_int_equal(ww_word_forms(long_word, &f), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(verb_forms_lead_to_each_other),
        cmocka_unit_test(past_tenses_lead_to_the_infinitive),
        cmocka_unit_test(comparatives_lead_to_the_adjective),
        cmocka_unit_test(a_separable_verb_is_also_its_verb),
        cmocka_unit_test(a_diminutive_names_its_base_and_nothing_built_on_it),
        cmocka_unit_test(a_plural_in_s_names_its_singular_and_nothing_built_on_it),
        cmocka_unit_test(never_the_word_itself_a_duplicate_or_a_stranger),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
