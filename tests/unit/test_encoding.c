/* test_encoding.c -- ww_decode: the raw bytes of a catalog file become UTF-8 as the catalog
 * contract says (spec "Encoding"): UTF-8 as is (a BOM is dropped), UTF-16 with a BOM converted,
 * anything else that is not valid UTF-8 read as Windows-1252; a NUL byte, or bytes no
 * conversion makes valid, are an error with the byte offset. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "ww_encoding.h"

#include <stdlib.h>
#include <string.h>

/* Decodes `len` bytes that must succeed; checks the result and frees it. */
static void expect_text(const char *bytes, size_t len, const char *want, ww_encoding source)
{
    ww_utf8_text out;
    ww_encoding_error err = {0};
    int rc = ww_decode(bytes, len, &out, &err);
    if (rc != 0)
        print_error("unexpected error at byte %zu: %s\n", err.offset,
                    err.message ? err.message : "?");
    assert_int_equal(rc, 0);
    assert_non_null(out.text);
    assert_int_equal(out.len, strlen(want));
    assert_memory_equal(out.text, want, strlen(want));
    assert_int_equal(out.text[out.len], '\0'); /* NUL-terminated */
    assert_int_equal(out.source, source);
    free(out.text);
}

/* Decodes `len` bytes that must fail at `offset`; *out must hold nothing afterwards. */
static void expect_error(const char *bytes, size_t len, size_t offset, const char *message_part)
{
    ww_utf8_text out;
    ww_encoding_error err = {0};
    assert_int_equal(ww_decode(bytes, len, &out, &err), -1);
    assert_null(out.text); /* "then nothing is allocated" */
    assert_non_null(err.message);
    if (message_part && !strstr(err.message, message_part))
        fail_msg("message '%s' lacks '%s'", err.message, message_part);
    assert_int_equal(err.offset, offset);
}

/* ---- UTF-8 ----------------------------------------------------------------------------- */

static void plain_utf8_is_kept_byte_for_byte(void **state)
{
    (void)state;
    const char *in = "titel: Caf\xC3\xA9 \xE2\x82\xAC 2,50\nwijken: [zuid]\n";
    expect_text(in, strlen(in), in, WW_ENC_UTF8);
}

static void utf8_with_a_four_byte_character_stays_utf8(void **state)
{
    (void)state;
    const char *in = "titel: Samen \xF0\x9F\x98\x80\n"; /* U+1F600 */
    expect_text(in, strlen(in), in, WW_ENC_UTF8);
}

static void utf8_bom_is_dropped_and_reported_as_the_source(void **state)
{
    (void)state;
    const char in[] = "\xEF\xBB\xBFtitel: Caf\xC3\xA9\n";
    expect_text(in, sizeof in - 1, "titel: Caf\xC3\xA9\n", WW_ENC_UTF8_BOM);
}

static void only_a_utf8_bom_gives_empty_text(void **state)
{
    (void)state;
    expect_text("\xEF\xBB\xBF", 3, "", WW_ENC_UTF8_BOM);
}

static void empty_input_is_empty_utf8(void **state)
{
    (void)state;
    expect_text("", 0, "", WW_ENC_UTF8);
}

static void the_length_is_respected_not_a_terminating_nul(void **state)
{
    (void)state;
    /* Only the first 8 bytes are the file; what follows must not be read. */
    expect_text("titel: Xthis is not part of it", 8, "titel: X", WW_ENC_UTF8);
}

/* ---- UTF-16 ---------------------------------------------------------------------------- */

static void utf16le_with_bom_is_converted_to_utf8(void **state)
{
    (void)state;
    /* "titel: Café\n" in UTF-16LE after the BOM FF FE. */
    const char in[] = "\xFF\xFE"
                      "t\0i\0t\0e\0l\0:\0 \0C\0a\0f\0\xE9\0\n\0";
    expect_text(in, sizeof in - 1, "titel: Caf\xC3\xA9\n", WW_ENC_UTF16LE);
}

static void utf16be_with_bom_is_converted_to_utf8(void **state)
{
    (void)state;
    const char in[] = "\xFE\xFF"
                      "\0t\0i\0t\0e\0l\0:\0 \0C\0a\0f\0\xE9\0\n";
    expect_text(in, sizeof in - 1, "titel: Caf\xC3\xA9\n", WW_ENC_UTF16BE);
}

static void utf16_euro_sign_and_surrogate_pair_are_converted(void **state)
{
    (void)state;
    /* U+20AC (one code unit) and U+1F600 (surrogate pair D83D DE00). */
    const char in[] = "\xFF\xFE"
                      "\xAC\x20"
                      "\x3D\xD8\x00\xDE";
    expect_text(in, sizeof in - 1, "\xE2\x82\xAC\xF0\x9F\x98\x80", WW_ENC_UTF16LE);
}

static void utf16_bom_alone_gives_empty_text(void **state)
{
    (void)state;
    expect_text("\xFE\xFF", 2, "", WW_ENC_UTF16BE);
}

static void utf16_with_an_odd_trailing_byte_is_an_error(void **state)
{
    (void)state;
    /* BOM, "a" (2 bytes), then a lone byte: the half character starts at byte 4. */
    const char in[] = "\xFF\xFE"
                      "a\0"
                      "b";
    expect_error(in, sizeof in - 1, 4, "midden in een teken");
}

static void utf16_with_a_lone_high_surrogate_is_an_error_at_its_offset(void **state)
{
    (void)state;
    /* BOM, "a", then D800 followed by "b": no low surrogate, invalid at byte 4. */
    const char in[] = "\xFF\xFE"
                      "a\0"
                      "\x00\xD8"
                      "b\0";
    ww_utf8_text out;
    ww_encoding_error err = {0};
    assert_int_equal(ww_decode(in, sizeof in - 1, &out, &err), -1);
    assert_null(out.text);
    assert_int_equal(err.offset, 4);
}

static void utf16_nul_character_is_an_error_at_its_input_offset(void **state)
{
    (void)state;
    /* BOM, "ab", then U+0000 at input byte 6. */
    const char in[] = "\xFF\xFE"
                      "a\0b\0\0\0c\0";
    expect_error(in, sizeof in - 1, 6, "NUL");
}

static void utf16_nul_after_a_surrogate_pair_is_reported_at_its_input_offset(void **state)
{
    (void)state;
    /* BOM (0-1), U+1F600 as a surrogate pair (2-5), then U+0000 at input byte 6: the pair is two
     * code units, so its one code point must count four bytes, not two. */
    const char in[] = "\xFF\xFE"
                      "\x3D\xD8\x00\xDE"
                      "\0\0";
    expect_error(in, sizeof in - 1, 6, "NUL");
}

/* ---- Windows-1252 ---------------------------------------------------------------------- */

static void windows_1252_is_converted_to_utf8(void **state)
{
    (void)state;
    /* 0xE9 is é, 0x80 is €, 0x93/0x94 are curly quotes, 0xEB is ë: not valid UTF-8. */
    const char *in = "titel: Caf\xE9 \x80 2,50 \x93"
                     "Co\xEBperatie\x94\n";
    expect_text(in, strlen(in),
                "titel: Caf\xC3\xA9 \xE2\x82\xAC 2,50 \xE2\x80\x9C"
                "Co\xC3\xABperatie\xE2\x80\x9D\n",
                WW_ENC_WINDOWS_1252);
}

static void windows_1252_after_a_utf8_bom_drops_the_bom(void **state)
{
    (void)state;
    const char *in = "\xEF\xBB\xBFtitel: Caf\xE9\n";
    expect_text(in, strlen(in), "titel: Caf\xC3\xA9\n", WW_ENC_WINDOWS_1252);
}

static void a_truncated_utf8_sequence_falls_back_to_windows_1252(void **state)
{
    (void)state;
    /* C3 at the very end is the start of a UTF-8 sequence that never ends: as Windows-1252 it is
     * Ã (U+00C3). */
    const char *in = "titel: X\xC3";
    expect_text(in, strlen(in), "titel: X\xC3\x83", WW_ENC_WINDOWS_1252);
}

static void a_byte_undefined_in_windows_1252_is_an_error_at_its_offset(void **state)
{
    (void)state;
    /* 0xE9 makes it invalid UTF-8; 0x81 has no meaning in Windows-1252 either. */
    const char *in = "titel: Caf\xE9\nx: \x81y\n";
    expect_error(in, strlen(in), 15, NULL);
}

static void an_undefined_byte_after_a_bom_counts_the_bom_in_its_offset(void **state)
{
    (void)state;
    const char *in = "\xEF\xBB\xBF"
                     "ab\x8D";
    expect_error(in, strlen(in), 5, NULL);
}

/* ---- NUL ------------------------------------------------------------------------------- */

static void a_nul_byte_is_an_error_with_its_exact_offset(void **state)
{
    (void)state;
    const char in[] = "id: abc\ntitel: X\0Y\n";
    expect_error(in, sizeof in - 1, 16, "NUL");
}

static void a_nul_byte_at_the_start_is_offset_zero(void **state)
{
    (void)state;
    expect_error("\0abc", 4, 0, "NUL");
}

static void a_nul_byte_in_otherwise_windows_1252_text_is_still_an_error(void **state)
{
    (void)state;
    const char in[] = "Caf\xE9\0";
    expect_error(in, sizeof in - 1, 4, "NUL");
}

static void encoding_names_are_dutch_and_distinct(void **state)
{
    (void)state;
    assert_string_equal(ww_encoding_name(WW_ENC_WINDOWS_1252), "Windows-1252");
    assert_string_equal(ww_encoding_name(WW_ENC_UTF16LE), "UTF-16 (little-endian)");
    assert_string_equal(ww_encoding_name(WW_ENC_UTF16BE), "UTF-16 (big-endian)");
    assert_string_not_equal(ww_encoding_name(WW_ENC_UTF8), ww_encoding_name(WW_ENC_UTF8_BOM));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(plain_utf8_is_kept_byte_for_byte),
        cmocka_unit_test(utf8_with_a_four_byte_character_stays_utf8),
        cmocka_unit_test(utf8_bom_is_dropped_and_reported_as_the_source),
        cmocka_unit_test(only_a_utf8_bom_gives_empty_text),
        cmocka_unit_test(empty_input_is_empty_utf8),
        cmocka_unit_test(the_length_is_respected_not_a_terminating_nul),
        cmocka_unit_test(utf16le_with_bom_is_converted_to_utf8),
        cmocka_unit_test(utf16be_with_bom_is_converted_to_utf8),
        cmocka_unit_test(utf16_euro_sign_and_surrogate_pair_are_converted),
        cmocka_unit_test(utf16_bom_alone_gives_empty_text),
        cmocka_unit_test(utf16_with_an_odd_trailing_byte_is_an_error),
        cmocka_unit_test(utf16_with_a_lone_high_surrogate_is_an_error_at_its_offset),
        cmocka_unit_test(utf16_nul_character_is_an_error_at_its_input_offset),
        cmocka_unit_test(utf16_nul_after_a_surrogate_pair_is_reported_at_its_input_offset),
        cmocka_unit_test(windows_1252_is_converted_to_utf8),
        cmocka_unit_test(windows_1252_after_a_utf8_bom_drops_the_bom),
        cmocka_unit_test(a_truncated_utf8_sequence_falls_back_to_windows_1252),
        cmocka_unit_test(a_byte_undefined_in_windows_1252_is_an_error_at_its_offset),
        cmocka_unit_test(an_undefined_byte_after_a_bom_counts_the_bom_in_its_offset),
        cmocka_unit_test(a_nul_byte_is_an_error_with_its_exact_offset),
        cmocka_unit_test(a_nul_byte_at_the_start_is_offset_zero),
        cmocka_unit_test(a_nul_byte_in_otherwise_windows_1252_text_is_still_an_error),
        cmocka_unit_test(encoding_names_are_dutch_and_distinct),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
