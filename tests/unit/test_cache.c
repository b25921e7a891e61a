/* test_cache.c -- the search-answer cache: hits, misses, the byte budget, least recently used
 * out first, oversize answers refused, and caching switched off. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "ww_cache.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* True when key is cached, and then its body equals expected. */
static bool cached(ww_cache *cache, const char *key, const char *expected)
{
    char *body = NULL;
    size_t len = 0;
    if (!ww_cache_get(cache, key, &body, &len))
        return false;
    assert_int_equal(len, strlen(expected));
    assert_string_equal(body, expected);
    free(body);
    return true;
}

static void an_answer_is_found_again_and_counted(void **state)
{
    (void)state;
    ww_cache *cache = ww_cache_new(1 << 20);
    assert_false(cached(cache, "a", "x"));
    ww_cache_put(cache, "a", "{\"total\":1}", 11);
    assert_true(cached(cache, "a", "{\"total\":1}"));
    assert_false(cached(cache, "b", "x"));
    ww_cache_put(cache, "a", "{\"total\":2}", 11); /* the same key again replaces the answer */
    assert_true(cached(cache, "a", "{\"total\":2}"));
    unsigned long hits, misses;
    ww_cache_counts(cache, &hits, &misses);
    assert_int_equal(hits, 2);
    assert_int_equal(misses, 2);
    ww_cache_free(cache);
}

static void the_least_recently_used_answers_go_first(void **state)
{
    (void)state;
    char body[1000];
    memset(body, 'x', sizeof body - 1);
    body[sizeof body - 1] = '\0';
    ww_cache *cache = ww_cache_new(16 * 1024); /* room for about fifteen of these */
    char key[16];
    for (int i = 0; i < 10; i++) {
        snprintf(key, sizeof key, "k%d", i);
        ww_cache_put(cache, key, body, strlen(body));
    }
    assert_true(cached(cache, "k0", body)); /* k0 is now the most recent */
    for (int i = 10; i < 20; i++) {
        snprintf(key, sizeof key, "k%d", i);
        ww_cache_put(cache, key, body, strlen(body));
    }
    assert_true(cached(cache, "k0", body));
    assert_false(cached(cache, "k1", body));
    assert_true(cached(cache, "k19", body));
    int kept = 0;
    for (int i = 0; i < 20; i++) {
        snprintf(key, sizeof key, "k%d", i);
        kept += cached(cache, key, body);
    }
    assert_in_range(kept, 10, 16);
    ww_cache_free(cache);
}

static void an_answer_too_large_for_the_budget_is_not_kept(void **state)
{
    (void)state;
    ww_cache *cache = ww_cache_new(8 * 1024);
    char *big = calloc(2000, 1);
    memset(big, 'y', 1999);
    ww_cache_put(cache, "big", big, 1999); /* more than an eighth of 8 KB */
    assert_false(cached(cache, "big", big));
    free(big);
    ww_cache_free(cache);
}

static void a_budget_of_zero_caches_nothing(void **state)
{
    (void)state;
    ww_cache *cache = ww_cache_new(0);
    ww_cache_put(cache, "a", "b", 1);
    assert_false(cached(cache, "a", "b"));
    ww_cache_free(cache);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(an_answer_is_found_again_and_counted),
        cmocka_unit_test(the_least_recently_used_answers_go_first),
        cmocka_unit_test(an_answer_too_large_for_the_budget_is_not_kept),
        cmocka_unit_test(a_budget_of_zero_caches_nothing),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
