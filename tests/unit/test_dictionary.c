/* test_dictionary.c -- the word list that spelling leaves alone: words are folded as search folds
 * them, lines that are no single word are skipped, duplicates kept once, and a missing or empty
 * file is an error that names it. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "ww_dictionary.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Writes `text` to a new temporary file; its path (caller frees and unlinks). */
static char *temp_file(const char *text)
{
    char *path = strdup("/tmp/ww-dictionary-XXXXXX");
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    assert_int_equal(write(fd, text, strlen(text)), (ssize_t)strlen(text));
    close(fd);
    return path;
}

static void words_are_found_as_search_folds_them(void **state)
{
    (void)state;
    char *path =
        temp_file("Zwolle\nman\r\ncoöperatie\nman\n100+'er\nA4-tje\nop de hoek\n\nsinds\n");
    char *err = NULL;
    ww_dictionary *d = ww_dictionary_load(path, &err);
    assert_non_null(d);
    assert_int_equal(ww_dictionary_size(d), 4); /* zwolle, man, cooperatie, sinds */
    assert_true(ww_dictionary_has(d, "zwolle"));
    assert_true(ww_dictionary_has(d, "cooperatie"));
    assert_true(ww_dictionary_has(d, "sinds"));
    assert_true(ww_dictionary_has(d, "man"));
    assert_false(ww_dictionary_has(d, "mannen"));
    assert_false(ww_dictionary_has(d, "op de hoek"));
    assert_false(ww_dictionary_has(d, ""));
    assert_false(ww_dictionary_has(NULL, "man"));
    ww_dictionary_free(d);
    unlink(path);
    free(path);
}

static void a_missing_or_empty_list_is_an_error_that_names_it(void **state)
{
    (void)state;
    char *err = NULL;
    assert_null(ww_dictionary_load("/nonexistent/woorden", &err));
    assert_non_null(strstr(err, "/nonexistent/woorden"));
    free(err);
    char *path = temp_file("100+'er\n\n");
    err = NULL;
    assert_null(ww_dictionary_load(path, &err));
    assert_non_null(strstr(err, "geen woorden"));
    free(err);
    unlink(path);
    free(path);
}

static void the_debian_list_holds_plain_dutch(void **state)
{
    (void)state;
    char *err = NULL;
    ww_dictionary *d = ww_dictionary_load("/usr/share/dict/dutch", &err);
    if (!d) {
        free(err);
        skip(); /* make deps installs wdutch; a machine without it skips this one */
    }
    assert_true(ww_dictionary_size(d) > 100000);
    static const char *const PLAIN[] = {"man", "dochter", "slaat", "sinds", "kindje", "cooperatie"};
    for (size_t i = 0; i < sizeof PLAIN / sizeof *PLAIN; i++)
        assert_true(ww_dictionary_has(d, PLAIN[i]));
    assert_false(ww_dictionary_has(d, "eenzaamheit"));
    assert_false(ww_dictionary_has(d, "schuldhulpverleneng"));
    ww_dictionary_free(d);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(words_are_found_as_search_folds_them),
        cmocka_unit_test(a_missing_or_empty_list_is_an_error_that_names_it),
        cmocka_unit_test(the_debian_list_holds_plain_dutch),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
