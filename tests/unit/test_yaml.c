/* test_yaml.c -- ww_yaml_parse: one YAML document into a tree of nodes, within limits. Catalog
 * files are written by hand and may be hostile: duplicate keys, deep nesting, alias bombs,
 * huge scalars and multi-document files are errors with a 1-based position. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "ww_yaml.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* Parses `text` with `limits`; must succeed. The caller frees the document. */
static ww_yaml_doc *parse_ok_with(const char *text, size_t len, const ww_yaml_limits *limits)
{
    ww_yaml_doc *doc = NULL;
    ww_yaml_error err;
    int rc = ww_yaml_parse(text, len, limits, &doc, &err);
    if (rc != 0)
        fail_msg("unexpected YAML error at %u:%u: %s", err.line, err.column, err.message);
    assert_non_null(doc);
    assert_non_null(ww_yaml_root(doc));
    return doc;
}

static ww_yaml_doc *parse_ok(const char *text)
{
    return parse_ok_with(text, strlen(text), &WW_YAML_CATALOG_LIMITS);
}

/* Parses `text` with `limits`; must fail. Returns the error; *out is left NULL. */
static ww_yaml_error parse_error_with(const char *text, size_t len, const ww_yaml_limits *limits)
{
    ww_yaml_doc *doc = (ww_yaml_doc *)&doc; /* anything but NULL: the call must reset it */
    ww_yaml_error err;
    int rc = ww_yaml_parse(text, len, limits, &doc, &err);
    if (rc == 0) {
        ww_yaml_free(doc);
        fail_msg("expected a YAML error for:\n%.200s", text);
    }
    assert_int_equal(rc, -1);
    assert_null(doc);
    assert_true(err.message[0] != '\0');
    return err;
}

static ww_yaml_error parse_error(const char *text)
{
    return parse_error_with(text, strlen(text), &WW_YAML_CATALOG_LIMITS);
}

static void assert_contains(const char *haystack, const char *needle)
{
    if (!strstr(haystack, needle))
        fail_msg("'%s' does not contain '%s'", haystack, needle);
}

static void assert_at(const ww_node *n, unsigned line, unsigned column)
{
    assert_non_null(n);
    if (n->line != line || n->column != column)
        fail_msg("node at %u:%u, expected %u:%u", n->line, n->column, line, column);
}

/* ---- A normal document ----------------------------------------------------------------- */

static void a_mapping_gives_kinds_positions_and_quoting(void **state)
{
    (void)state;
    const char *text = "titel: Koffie\n"             /* 1 */
                       "wijken: [noord, \"zuid\"]\n" /* 2 */
                       "kosten:\n"                   /* 3 */
                       "  bedrag: '2,50'\n"          /* 4 */
                       "beschrijving: |\n"           /* 5 */
                       "  Regel een\n";              /* 6 */
    ww_yaml_doc *doc = parse_ok(text);
    const ww_node *root = ww_yaml_root(doc);
    assert_int_equal(root->kind, WW_NODE_MAPPING);
    assert_int_equal(root->count, 4);
    assert_at(root, 1, 1);

    const ww_node *key = ww_node_key(root, 0);
    assert_int_equal(key->kind, WW_NODE_SCALAR);
    assert_string_equal(key->value, "titel");
    assert_at(key, 1, 1);

    const ww_node *titel = ww_node_value(root, 0);
    assert_ptr_equal(titel, ww_node_get(root, "titel"));
    assert_int_equal(titel->kind, WW_NODE_SCALAR);
    assert_string_equal(titel->value, "Koffie");
    assert_int_equal(titel->len, 6);
    assert_false(titel->quoted);
    assert_at(titel, 1, 8);

    const ww_node *wijken = ww_node_get(root, "wijken");
    assert_int_equal(wijken->kind, WW_NODE_SEQUENCE);
    assert_int_equal(wijken->count, 2);
    assert_at(wijken, 2, 9);
    assert_string_equal(wijken->items[0]->value, "noord");
    assert_false(wijken->items[0]->quoted);
    assert_at(wijken->items[0], 2, 10);
    assert_string_equal(wijken->items[1]->value, "zuid"); /* quotes are not part of the value */
    assert_int_equal(wijken->items[1]->len, 4);
    assert_true(wijken->items[1]->quoted);
    assert_at(wijken->items[1], 2, 17);

    const ww_node *kosten = ww_node_get(root, "kosten");
    assert_int_equal(kosten->kind, WW_NODE_MAPPING);
    assert_int_equal(kosten->count, 1);
    const ww_node *bedrag = ww_node_get(kosten, "bedrag");
    assert_non_null(bedrag);
    assert_string_equal(bedrag->value, "2,50"); /* scalars stay text: no implicit typing */
    assert_true(bedrag->quoted);
    assert_at(bedrag, 4, 11);

    const ww_node *beschrijving = ww_node_get(root, "beschrijving");
    assert_string_equal(beschrijving->value, "Regel een\n");
    assert_true(beschrijving->quoted); /* a block scalar counts as quoted */
    assert_int_equal(beschrijving->line, 5);

    /* root + 4 keys + Koffie + [seq, 2 items] + {map, key, value} + block scalar */
    assert_int_equal(root->expanded, 1 + 4 + 1 + 3 + 3 + 1);

    assert_null(ww_node_get(root, "ontbreekt"));
    assert_null(ww_node_get(titel, "titel")); /* not a mapping */
    assert_null(ww_node_get(NULL, "titel"));
    ww_yaml_free(doc);
}

static void implicit_types_stay_text(void **state)
{
    (void)state;
    ww_yaml_doc *doc = parse_ok("a: 2026-10-02\nb: true\nc: 0.50\nd: ~\ne: 09:30\nf: no\n");
    const ww_node *root = ww_yaml_root(doc);
    const char *want[][2] = {{"a", "2026-10-02"}, {"b", "true"},  {"c", "0.50"},
                             {"d", "~"},          {"e", "09:30"}, {"f", "no"}};
    for (size_t i = 0; i < sizeof want / sizeof *want; i++) {
        const ww_node *n = ww_node_get(root, want[i][0]);
        assert_non_null(n);
        assert_int_equal(n->kind, WW_NODE_SCALAR);
        assert_string_equal(n->value, want[i][1]);
    }
    ww_yaml_free(doc);
}

static void only_len_bytes_are_parsed(void **state)
{
    (void)state;
    const char *text = "a: 1\nb: 2\n";
    ww_yaml_doc *doc = parse_ok_with(text, 5, &WW_YAML_CATALOG_LIMITS);
    assert_int_equal(ww_yaml_root(doc)->count, 1);
    assert_null(ww_node_get(ww_yaml_root(doc), "b"));
    ww_yaml_free(doc);
}

static void a_single_document_with_explicit_markers_is_fine(void **state)
{
    (void)state;
    ww_yaml_doc *doc = parse_ok("# commentaar\n---\na: 1\n...\n");
    assert_string_equal(ww_node_get(ww_yaml_root(doc), "a")->value, "1");
    ww_yaml_free(doc);
}

/* ---- Duplicate keys -------------------------------------------------------------------- */

static void duplicate_key_is_an_error_naming_the_key_and_its_line(void **state)
{
    (void)state;
    ww_yaml_error err = parse_error("titel: a\nsoort: b\ntitel: c\n");
    assert_contains(err.message, "'titel'");
    assert_contains(err.message, "twee keer");
    assert_int_equal(err.line, 3);
    assert_int_equal(err.column, 1);
}

static void duplicate_key_in_a_nested_block_is_found_too(void **state)
{
    (void)state;
    ww_yaml_error err = parse_error("id: x\nkosten:\n  soort: gratis\n  soort: betaald\n");
    assert_contains(err.message, "'soort'");
    assert_int_equal(err.line, 4);
    assert_int_equal(err.column, 3);
}

static void a_quoted_key_duplicates_its_plain_spelling(void **state)
{
    (void)state;
    ww_yaml_error err = parse_error("titel: a\n\"titel\": b\n");
    assert_contains(err.message, "'titel'");
    assert_int_equal(err.line, 2);
}

static void the_same_key_in_different_blocks_is_fine(void **state)
{
    (void)state;
    ww_yaml_doc *doc = parse_ok("locaties:\n  - naam: a\n  - naam: b\nnaam: c\n");
    ww_yaml_free(doc);
}

static void a_key_must_be_plain_text(void **state)
{
    (void)state;
    ww_yaml_error err = parse_error("? [a, b]\n: c\n");
    assert_contains(err.message, "sleutel");
}

/* ---- Limits ---------------------------------------------------------------------------- */

static char *nested(unsigned levels)
{
    char *s = malloc(2 * levels + 2);
    memset(s, '[', levels);
    memset(s + levels, ']', levels);
    s[2 * levels] = '\n';
    s[2 * levels + 1] = '\0';
    return s;
}

static void nesting_up_to_the_limit_is_accepted(void **state)
{
    (void)state;
    unsigned depth = WW_YAML_CATALOG_LIMITS.max_depth;
    char *text = nested(depth);
    ww_yaml_doc *doc = parse_ok(text);
    const ww_node *n = ww_yaml_root(doc);
    unsigned seen = 0;
    while (n->kind == WW_NODE_SEQUENCE) {
        seen++;
        if (n->count == 0)
            break;
        n = n->items[0];
    }
    assert_int_equal(seen, depth);
    ww_yaml_free(doc);
    free(text);
}

static void nesting_deeper_than_the_limit_is_an_error(void **state)
{
    (void)state;
    unsigned depth = WW_YAML_CATALOG_LIMITS.max_depth + 1;
    char *text = nested(depth);
    ww_yaml_error err = parse_error(text);
    assert_contains(err.message, "te diep genest");
    assert_int_equal(err.line, 1);
    assert_int_equal(err.column, depth); /* the bracket that opens one level too many */
    free(text);
}

static void very_deep_nesting_fails_cleanly(void **state)
{
    (void)state;
    char *text = nested(5000);
    ww_yaml_error err = parse_error(text);
    assert_contains(err.message, "te diep");
    free(text);
}

static double seconds_since(const struct timespec *start)
{
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return (double)(now.tv_sec - start->tv_sec) + (double)(now.tv_nsec - start->tv_nsec) / 1e9;
}

static void billion_laughs_alias_bomb_is_an_error_and_fails_fast(void **state)
{
    (void)state;
    /* Nine levels of nine: 9^9 (387 million) scalars when expanded. */
    const char *text = "a: &a [x,x,x,x,x,x,x,x,x]\n"
                       "b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\n"
                       "c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\n"
                       "d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\n"
                       "e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]\n"
                       "f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]\n"
                       "g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]\n"
                       "h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]\n"
                       "i: &i [*h,*h,*h,*h,*h,*h,*h,*h,*h]\n";
    struct timespec start;
    clock_gettime(CLOCK_MONOTONIC, &start);
    ww_yaml_error err = parse_error(text);
    double elapsed = seconds_since(&start);
    assert_contains(err.message, "te groot");
    /* It fails at an alias of one of the later lines, not at the end of the file. */
    assert_in_range(err.line, 2, 9);
    if (elapsed >= 0.5)
        fail_msg("the alias bomb took %.3f s", elapsed);
}

static void the_node_limit_counts_an_alias_at_its_expanded_size(void **state)
{
    (void)state;
    /* Line 1: root, key, sequence and 9 scalars = 12 nodes, and *a expands to 10.
     * Line 2: key and sequence (14), then each *a adds 10: the 9th alias reaches 104. */
    const char *text = "a: &a [x,x,x,x,x,x,x,x,x]\n"
                       "b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\n";
    ww_yaml_limits limits = WW_YAML_CATALOG_LIMITS;
    limits.max_nodes = 104;
    ww_yaml_doc *doc = parse_ok_with(text, strlen(text), &limits);
    assert_int_equal(ww_yaml_root(doc)->expanded, 104);
    assert_int_equal(ww_node_get(ww_yaml_root(doc), "b")->expanded, 91);
    ww_yaml_free(doc);

    limits.max_nodes = 103;
    ww_yaml_error err = parse_error_with(text, strlen(text), &limits);
    assert_contains(err.message, "103");
    assert_int_equal(err.line, 2);
    assert_int_equal(err.column, 32); /* the 9th "*a" */
}

static void a_scalar_of_max_scalar_bytes_is_accepted(void **state)
{
    (void)state;
    size_t max = WW_YAML_CATALOG_LIMITS.max_scalar;
    char *text = malloc(max + 8);
    memcpy(text, "a: ", 3);
    memset(text + 3, 'x', max);
    strcpy(text + 3 + max, "\n");
    ww_yaml_doc *doc = parse_ok(text);
    assert_int_equal(ww_node_get(ww_yaml_root(doc), "a")->len, max);
    ww_yaml_free(doc);
    free(text);
}

static void a_scalar_longer_than_max_scalar_is_an_error(void **state)
{
    (void)state;
    size_t max = WW_YAML_CATALOG_LIMITS.max_scalar;
    char *text = malloc(max + 16);
    memcpy(text, "id: x\na: ", 9);
    memset(text + 9, 'x', max + 1);
    strcpy(text + 9 + max + 1, "\n");
    ww_yaml_error err = parse_error(text);
    assert_contains(err.message, "te lang");
    assert_int_equal(err.line, 2);
    assert_int_equal(err.column, 4);
    free(text);
}

/* ---- Aliases --------------------------------------------------------------------------- */

static void an_alias_within_the_limits_works(void **state)
{
    (void)state;
    ww_yaml_doc *doc = parse_ok("adres: &a Zeemanstraat 22\n"
                                "post: *a\n"
                                "wijken: &w [noord, zuid]\n"
                                "ook: *w\n");
    const ww_node *root = ww_yaml_root(doc);
    const ww_node *post = ww_node_get(root, "post");
    assert_int_equal(post->kind, WW_NODE_SCALAR);
    assert_string_equal(post->value, "Zeemanstraat 22");
    const ww_node *ook = ww_node_get(root, "ook");
    assert_int_equal(ook->kind, WW_NODE_SEQUENCE);
    assert_int_equal(ook->count, 2);
    assert_string_equal(ook->items[1]->value, "zuid");
    /* root, 4 keys, scalar, alias (1), [seq + 2], alias ([seq + 2]) */
    assert_int_equal(root->expanded, 1 + 4 + 1 + 1 + 3 + 3);
    ww_yaml_free(doc);
}

static void an_unknown_alias_is_an_error(void **state)
{
    (void)state;
    ww_yaml_error err = parse_error("id: x\na: *nope\n");
    assert_contains(err.message, "*nope");
    assert_int_equal(err.line, 2);
    assert_int_equal(err.column, 4);
}

static void an_alias_before_its_anchor_is_an_error(void **state)
{
    (void)state;
    ww_yaml_error err = parse_error("a: *x\nb: &x 1\n");
    assert_contains(err.message, "*x");
    assert_int_equal(err.line, 1);
}

static void an_alias_into_its_own_anchor_is_an_error(void **state)
{
    (void)state;
    /* A node that contains itself is no tree: every walk over it would never end. */
    ww_yaml_error err = parse_error("a: &x [1, *x]\n");
    assert_int_equal(err.line, 1);
    assert_int_equal(err.column, 11);
    err = parse_error("a: &m\n  b: *m\n");
    assert_int_equal(err.line, 2);
}

/* ---- Documents ------------------------------------------------------------------------- */

static void two_documents_are_an_error(void **state)
{
    (void)state;
    ww_yaml_error err = parse_error("a: 1\n---\nb: 2\n");
    assert_contains(err.message, "meer dan");
    assert_contains(err.message, "document");
    assert_int_equal(err.line, 2);
}

static void an_empty_file_is_an_error(void **state)
{
    (void)state;
    ww_yaml_error err = parse_error("");
    assert_contains(err.message, "leeg");
    assert_int_equal(err.line, 1);
    assert_int_equal(err.column, 1);
}

static void a_file_with_only_comments_is_empty(void **state)
{
    (void)state;
    ww_yaml_error err = parse_error("# alleen commentaar\n\n   \n");
    assert_contains(err.message, "leeg");
}

static void a_scalar_document_is_a_valid_tree(void **state)
{
    (void)state;
    ww_yaml_doc *doc = parse_ok("hallo\n");
    assert_int_equal(ww_yaml_root(doc)->kind, WW_NODE_SCALAR);
    assert_string_equal(ww_yaml_root(doc)->value, "hallo");
    ww_yaml_free(doc);
}

/* ---- Syntax ---------------------------------------------------------------------------- */

static void a_colon_inside_plain_text_is_a_syntax_error_with_position(void **state)
{
    (void)state;
    ww_yaml_error err = parse_error("id: x\ntitel: Let op: koffie\n");
    assert_contains(err.message, "ongeldige YAML");
    assert_contains(err.message, "aanhalingstekens"); /* the explanation says what to do */
    assert_int_equal(err.line, 2);
    assert_int_equal(err.column, 14); /* the second colon */
}

static void a_tab_for_indentation_is_a_syntax_error_on_its_line(void **state)
{
    (void)state;
    ww_yaml_error err = parse_error("kosten:\n\tsoort: gratis\n");
    assert_contains(err.message, "ongeldige YAML");
    assert_int_equal(err.line, 2);
    assert_int_equal(err.column, 1);
}

static void an_unclosed_flow_list_is_a_syntax_error(void **state)
{
    (void)state;
    ww_yaml_error err = parse_error("wijken: [noord, zuid\n");
    assert_contains(err.message, "ongeldige YAML");
    assert_true(err.line >= 1);
    assert_true(err.column >= 1);
}

static void an_unclosed_quote_is_a_syntax_error(void **state)
{
    (void)state;
    ww_yaml_error err = parse_error("id: x\ntitel: \"Koffie\n");
    assert_contains(err.message, "ongeldige YAML");
    assert_true(err.line >= 2);
}

static void invalid_utf8_is_a_syntax_error_not_a_crash(void **state)
{
    (void)state;
    ww_yaml_error err = parse_error("titel: Caf\xE9\n");
    assert_true(err.line >= 1);
}

static void a_scalar_with_an_escaped_nul_is_an_error(void **state)
{
    (void)state;
    /* Values are used as C strings: "vrij\0anders" would silently read as "vrij". */
    ww_yaml_error err = parse_error("id: x\ntoegang: \"vrij\\0anders\"\n");
    assert_int_equal(err.line, 2);
    assert_contains(err.message, "NUL");
    err = parse_error("\"titel\\x00x\": a\n");
    assert_int_equal(err.line, 1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(a_mapping_gives_kinds_positions_and_quoting),
        cmocka_unit_test(implicit_types_stay_text),
        cmocka_unit_test(only_len_bytes_are_parsed),
        cmocka_unit_test(a_single_document_with_explicit_markers_is_fine),
        cmocka_unit_test(duplicate_key_is_an_error_naming_the_key_and_its_line),
        cmocka_unit_test(duplicate_key_in_a_nested_block_is_found_too),
        cmocka_unit_test(a_quoted_key_duplicates_its_plain_spelling),
        cmocka_unit_test(the_same_key_in_different_blocks_is_fine),
        cmocka_unit_test(a_key_must_be_plain_text),
        cmocka_unit_test(nesting_up_to_the_limit_is_accepted),
        cmocka_unit_test(nesting_deeper_than_the_limit_is_an_error),
        cmocka_unit_test(very_deep_nesting_fails_cleanly),
        cmocka_unit_test(billion_laughs_alias_bomb_is_an_error_and_fails_fast),
        cmocka_unit_test(the_node_limit_counts_an_alias_at_its_expanded_size),
        cmocka_unit_test(a_scalar_of_max_scalar_bytes_is_accepted),
        cmocka_unit_test(a_scalar_longer_than_max_scalar_is_an_error),
        cmocka_unit_test(an_alias_within_the_limits_works),
        cmocka_unit_test(an_unknown_alias_is_an_error),
        cmocka_unit_test(an_alias_before_its_anchor_is_an_error),
        cmocka_unit_test(an_alias_into_its_own_anchor_is_an_error),
        cmocka_unit_test(two_documents_are_an_error),
        cmocka_unit_test(an_empty_file_is_an_error),
        cmocka_unit_test(a_file_with_only_comments_is_empty),
        cmocka_unit_test(a_scalar_document_is_a_valid_tree),
        cmocka_unit_test(a_colon_inside_plain_text_is_a_syntax_error_with_position),
        cmocka_unit_test(a_tab_for_indentation_is_a_syntax_error_on_its_line),
        cmocka_unit_test(an_unclosed_flow_list_is_a_syntax_error),
        cmocka_unit_test(an_unclosed_quote_is_a_syntax_error),
        cmocka_unit_test(invalid_utf8_is_a_syntax_error_not_a_crash),
        cmocka_unit_test(a_scalar_with_an_escaped_nul_is_an_error),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
