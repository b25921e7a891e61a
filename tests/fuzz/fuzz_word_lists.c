/* fuzz_word_lists.c -- libFuzzer target for the schema's word lists: synoniemen.txt (words and
 * phrases), stopwoorden.txt and stammen.txt. The first byte picks the list, the rest is its
 * text, written into a copy of the schema folder that ww_schema_load then reads whole. Arbitrary
 * bytes must end in a schema whose lists hold what the programs rely on (every synonym group two
 * or more entries, each a folded word or a phrase of at most WW_SYNONYM_PHRASE_MAX words with
 * single spaces; stopwords and stems not empty), or in NULL with at least one error; never in a
 * crash or a leak. */
#include "ww_schema.h"
#include "ww_util.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const LISTS[] = {"synoniemen.txt", "stopwoorden.txt", "stammen.txt"};
enum { LIST_COUNT = sizeof LISTS / sizeof *LISTS };

static char dir[] = "/tmp/fuzz-word-lists-XXXXXX";
static char *original[LIST_COUNT]; /* each list as the schema has it, put back after a run */
static size_t original_len[LIST_COUNT];

static void write_file(const char *name, const void *data, size_t size)
{
    char *path = ww_xasprintf("%s/%s", dir, name);
    FILE *f = fopen(path, "wb");
    if (!f || fwrite(data, 1, size, f) != size || fclose(f) != 0)
        abort();
    free(path);
}

static void remove_dir(void)
{
    char *rm = ww_xasprintf("rm -rf '%s'", dir);
    if (system(rm) != 0)
        fprintf(stderr, "fuzz_word_lists: %s left behind\n", dir);
    free(rm);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    const char *schema = getenv("WW_SCHEMA") ? getenv("WW_SCHEMA") : "schema";
    if (!mkdtemp(dir))
        abort();
    atexit(remove_dir);
    char *copy = ww_xasprintf("cp -r '%s'/. '%s'", schema, dir);
    if (system(copy) != 0)
        abort();
    free(copy);
    for (size_t i = 0; i < LIST_COUNT; i++) {
        char *path = ww_xasprintf("%s/%s", dir, LISTS[i]);
        FILE *f = fopen(path, "rb");
        if (!f)
            abort();
        fseek(f, 0, SEEK_END);
        original_len[i] = (size_t)ftell(f);
        rewind(f);
        original[i] = ww_xmalloc(original_len[i] + 1);
        if (fread(original[i], 1, original_len[i], f) != original_len[i])
            abort();
        fclose(f);
        free(path);
    }
    return 0;
}

static bool is_phrase(const char *text)
{
    size_t words = 1, len = strlen(text);
    if (len == 0 || text[0] == ' ' || text[len - 1] == ' ' || strstr(text, "  "))
        return false;
    for (const char *p = text; *p; p++)
        words += *p == ' ';
    return words <= WW_SYNONYM_PHRASE_MAX;
}

static void check(const ww_schema *s)
{
    for (size_t g = 0; g < s->synonym_count; g++) {
        if (s->synonyms[g].count < 2)
            abort();
        for (size_t i = 0; i < s->synonyms[g].count; i++)
            if (!is_phrase(s->synonyms[g].words[i]))
                abort();
    }
    for (size_t i = 0; i < s->stopword_count; i++)
        if (!s->stopwords[i][0])
            abort();
    for (size_t i = 0; i < s->stem_count; i++)
        if (!s->stem_words[i][0] || !s->stem_targets[i][0])
            abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size == 0)
        return 0;
    size_t list = data[0] % LIST_COUNT;
    write_file(LISTS[list], data + 1, size - 1);
    ww_diag diag = {0};
    ww_schema *s = ww_schema_load(dir, &diag);
    if (!s && diag.errors == 0)
        abort();
    if (s)
        check(s);
    ww_schema_free(s);
    ww_diag_free(&diag);
    write_file(LISTS[list], original[list], original_len[list]);
    return 0;
}
