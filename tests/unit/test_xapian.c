/* test_xapian.c -- the C wrapper over Xapian: statuses and messages instead of exceptions,
 * writing and reading, facets over multi-valued slots, synonyms, spelling and queries. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "ww_util.h"
#include "ww_xapian.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char *scratch_dir(void)
{
    char *dir = ww_xstrdup("/tmp/ww-test-xapian-XXXXXX");
    assert_non_null(mkdtemp(dir));
    return dir;
}

/* Removes the scratch folder and frees its name. */
static void remove_dir(char *dir)
{
    char *cmd = ww_xasprintf("rm -rf '%s'", dir);
    assert_int_equal(system(cmd), 0);
    free(cmd);
    free(dir);
}

static const ww_search_options BEST_FIRST = {.limit = 10,
                                             .sort_slot = -1,
                                             .result_slot = -1,
                                             .facet_slot = -1,
                                             .mask_slot = -1,
                                             .exact_up_to = 100};

/* Writes three small documents into a new database at `path`. */
static void write_sample(const char *path)
{
    ww_writer *w;
    char *err = NULL;
    assert_int_equal(ww_writer_open(path, true, &w, &err), WW_OK);
    static const struct {
        const char *id, *text;
        unsigned char wijken; /* facet mask: bit 0 zuid, 1 noord, 2 heel-zwolle */
    } DOCS[] = {
        {"Qa", "koffie en een praatje in de buurtkamer", 0x05},
        {"Qb", "schulden en administratie op orde", 0x01},
        {"Qc", "gymnastiek voor ouderen", 0x02},
    };
    for (size_t i = 0; i < 3; i++) {
        ww_doc *d;
        assert_int_equal(ww_writer_new_doc(w, &d), WW_OK);
        assert_int_equal(ww_doc_index_text(d, DOCS[i].text, 1, "", true), WW_OK);
        char masks[16] = {0}; /* two fields of 8 bytes: the second is empty */
        masks[0] = (char)DOCS[i].wijken;
        assert_int_equal(ww_doc_set_value(d, 2, masks, sizeof masks), WW_OK);
        assert_int_equal(ww_doc_set_value(d, 9, DOCS[i].id, 2), WW_OK);
        assert_int_equal(ww_doc_set_data(d, DOCS[i].id, 2), WW_OK);
        assert_int_equal(ww_writer_replace(w, DOCS[i].id, d), WW_OK);
    }
    assert_int_equal(ww_writer_add_synonym(w, "Zgeldzorg", "Zschuld"), WW_OK);
    assert_int_equal(ww_writer_set_metadata(w, "k", "v"), WW_OK);
    assert_int_equal(ww_writer_commit(w), WW_OK);
    ww_writer_close(w);
}

static void opening_a_missing_database_reports_not_found_with_a_message(void **state)
{
    (void)state;
    ww_reader *r = NULL;
    char *err = NULL;
    assert_int_equal(ww_reader_open("/nonexistent/ww-index", &r, &err), WW_ERR_NOT_FOUND);
    assert_null(r);
    assert_non_null(err);
    assert_true(strlen(err) > 0);
    free(err);
    assert_string_equal(ww_status_to_string(WW_ERR_NOT_FOUND), "not found");
}

static void a_second_writer_is_refused_as_locked(void **state)
{
    (void)state;
    char *dir = scratch_dir();
    ww_writer *first, *second = NULL;
    char *err = NULL;
    assert_int_equal(ww_writer_open(dir, true, &first, &err), WW_OK);
    assert_int_equal(ww_writer_open(dir, false, &second, &err), WW_ERR_LOCKED);
    assert_null(second);
    assert_non_null(err);
    free(err);
    ww_writer_close(first);
    remove_dir(dir);
}

static void a_term_xapian_rejects_becomes_a_status_not_an_exception(void **state)
{
    (void)state;
    char *dir = scratch_dir();
    ww_writer *w;
    char *err = NULL;
    assert_int_equal(ww_writer_open(dir, true, &w, &err), WW_OK);
    ww_doc *d;
    assert_int_equal(ww_writer_new_doc(w, &d), WW_OK);
    char huge[400];
    memset(huge, 'x', sizeof huge - 1);
    huge[sizeof huge - 1] = '\0';
    assert_int_equal(ww_doc_add_boolean_term(d, huge), WW_OK);
    /* Xapian refuses terms over 245 bytes when the document is stored. */
    ww_status st = ww_writer_replace(w, "Qhuge", d);
    if (st == WW_OK)
        st = ww_writer_commit(w);
    assert_int_not_equal(st, WW_OK);
    assert_true(strlen(ww_writer_last_error(w)) > 0);
    ww_writer_close(w);
    remove_dir(dir);
}

static void documents_are_found_replaced_and_deleted_by_their_id_term(void **state)
{
    (void)state;
    char *dir = scratch_dir();
    write_sample(dir);
    ww_reader *r;
    char *err = NULL;
    assert_int_equal(ww_reader_open(dir, &r, &err), WW_OK);
    unsigned count, freq;
    assert_int_equal(ww_reader_doc_count(r, &count), WW_OK);
    assert_int_equal(count, 3);
    assert_int_equal(ww_reader_term_freq(r, "Zpraatj", &freq), WW_OK);
    assert_int_equal(freq, 1);
    char *data;
    size_t len;
    assert_int_equal(ww_reader_get_data(r, "Qb", &data, &len, -1, NULL), WW_OK);
    assert_memory_equal(data, "Qb", 2);
    free(data);
    assert_int_equal(ww_reader_get_data(r, "Qzz", &data, &len, -1, NULL), WW_ERR_NOT_FOUND);
    char *meta;
    assert_int_equal(ww_reader_metadata(r, "k", &meta), WW_OK);
    assert_string_equal(meta, "v");
    free(meta);

    char *spelled;
    assert_int_equal(ww_reader_spelling(r, "ukelel", &spelled), WW_OK);
    assert_null(spelled);
    assert_false(ww_reader_has_spelling(r, "ukelele"));

    ww_writer *w;
    assert_int_equal(ww_writer_open(dir, false, &w, &err), WW_OK);
    assert_int_equal(ww_writer_add_spelling(w, "ukelele"), WW_OK);
    assert_int_equal(ww_writer_delete(w, "Qa"), WW_OK);
    assert_int_equal(ww_writer_delete(w, "Qnever-there"), WW_OK);
    assert_int_equal(ww_writer_commit(w), WW_OK);
    ww_writer_close(w);
    bool changed;
    assert_int_equal(ww_reader_reopen(r, &changed), WW_OK);
    assert_true(changed);
    assert_int_equal(ww_reader_doc_count(r, &count), WW_OK);
    assert_int_equal(count, 2);
    /* The reader remembers what it looked up, but not past a change. */
    assert_int_equal(ww_reader_term_freq(r, "Zpraatj", &freq), WW_OK);
    assert_int_equal(freq, 0);
    assert_true(ww_reader_has_spelling(r, "ukelele"));
    assert_int_equal(ww_reader_spelling(r, "ukelel", &spelled), WW_OK);
    assert_non_null(spelled);
    assert_string_equal(spelled, "ukelele");
    free(spelled);
    ww_reader_close(r);
    remove_dir(dir);
}

typedef struct {
    char seen[256];
} facet_text;

static void add_facet(unsigned value, unsigned count, void *ctx)
{
    facet_text *f = ctx;
    size_t n = strlen(f->seen);
    snprintf(f->seen + n, sizeof f->seen - n, "%u=%u ", value, count);
}

static void facets_count_every_bit_of_the_masks(void **state)
{
    (void)state;
    char *dir = scratch_dir();
    write_sample(dir);
    ww_reader *r;
    char *err = NULL;
    assert_int_equal(ww_reader_open(dir, &r, &err), WW_OK);
    ww_query *all = ww_query_all();
    ww_search_options by_id = {.limit = 10,
                               .sort_slot = 9,
                               .result_slot = -1,
                               .facet_slot = 2,
                               .facet_fields = 2,
                               .mask_slot = 2,
                               .exact_up_to = 100};
    ww_mset *m;
    assert_int_equal(ww_reader_search(r, all, &by_id, &m), WW_OK);
    assert_int_equal(ww_mset_total(m), 3);
    assert_true(ww_mset_total_exact(m));
    facet_text f = {{0}};
    ww_mset_each_facet(m, 0, add_facet, &f);
    assert_string_equal(f.seen, "0=2 1=1 2=1 ");
    facet_text none = {{0}};
    ww_mset_each_facet(m, 1, add_facet, &none);
    assert_string_equal(none.seen, "");
    /* Sorted by slot 9 (the id): a, b, c. */
    size_t len;
    assert_memory_equal(ww_mset_data(m, 0, &len), "Qa", 2);
    assert_memory_equal(ww_mset_data(m, 2, &len), "Qc", 2);
    assert_null(ww_mset_data(m, 3, &len));
    /* Each result's own masks: Qa is in zuid and heel-zwolle, Qc in noord. */
    assert_int_equal(ww_mset_mask(m, 0, 0), 0x05);
    assert_int_equal(ww_mset_mask(m, 2, 0), 0x02);
    assert_int_equal(ww_mset_mask(m, 2, 1), 0);
    assert_int_equal(ww_mset_mask(m, 3, 0), 0);
    ww_mset_free(m);
    ww_query_free(all);
    ww_reader_close(r);
    remove_dir(dir);
}

/* The facet counts of all documents of reader `r`, as "value=count " text. */
static void count_all_facets(ww_reader *r, facet_text *f)
{
    ww_query *all = ww_query_all();
    ww_search_options facets = BEST_FIRST;
    facets.facet_slot = 2;
    facets.facet_fields = 1;
    ww_mset *m;
    assert_int_equal(ww_reader_search(r, all, &facets, &m), WW_OK);
    memset(f, 0, sizeof *f);
    ww_mset_each_facet(m, 0, add_facet, f);
    unsigned choices[64];
    assert_int_equal(ww_reader_count_choices(r, all, 2, 0, 0, 100, 0, choices), WW_OK);
    assert_int_equal(choices[0], atoi(f->seen + 2)); /* value 0 first: the same count */
    ww_mset_free(m);
    ww_query_free(all);
}

/* Facets are counted from a table in memory (built once per revision, shared by the readers
 * of it): a change a partner saves is counted as soon as a reader reopens, by every reader. */
static void facet_counts_follow_a_reopen(void **state)
{
    (void)state;
    char *dir = scratch_dir();
    write_sample(dir);
    ww_reader *r, *other;
    char *err = NULL;
    assert_int_equal(ww_reader_open(dir, &r, &err), WW_OK);
    assert_int_equal(ww_reader_open(dir, &other, &err), WW_OK);
    facet_text f;
    count_all_facets(r, &f);
    assert_string_equal(f.seen, "0=2 1=1 2=1 ");
    count_all_facets(other, &f);
    assert_string_equal(f.seen, "0=2 1=1 2=1 ");

    ww_writer *w;
    assert_int_equal(ww_writer_open(dir, false, &w, &err), WW_OK);
    ww_doc *d;
    assert_int_equal(ww_writer_new_doc(w, &d), WW_OK);
    char masks[8] = {0x01}; /* Qc moves from noord to zuid */
    assert_int_equal(ww_doc_set_value(d, 2, masks, sizeof masks), WW_OK);
    assert_int_equal(ww_writer_replace(w, "Qc", d), WW_OK);
    assert_int_equal(ww_writer_commit(w), WW_OK);
    ww_writer_close(w);

    count_all_facets(r, &f);
    assert_string_equal(f.seen, "0=2 1=1 2=1 "); /* the revision it has open */
    bool changed;
    assert_int_equal(ww_reader_reopen(r, &changed), WW_OK);
    assert_true(changed);
    count_all_facets(r, &f);
    assert_string_equal(f.seen, "0=3 2=1 ");
    assert_int_equal(ww_reader_reopen(other, &changed), WW_OK);
    count_all_facets(other, &f);
    assert_string_equal(f.seen, "0=3 2=1 ");
    ww_reader_close(r);
    ww_reader_close(other);
    remove_dir(dir);
}

static void parsed_queries_stem_and_synonyms_come_from_the_database(void **state)
{
    (void)state;
    char *dir = scratch_dir();
    write_sample(dir);
    ww_reader *r;
    char *err = NULL;
    assert_int_equal(ww_reader_open(dir, &r, &err), WW_OK);
    /* The word as typed: no document says "geldzorgen". */
    ww_query *q = ww_query_parse(r, "geldzorgen");
    ww_mset *m;
    assert_int_equal(ww_reader_search(r, q, &BEST_FIRST, &m), WW_OK);
    assert_int_equal(ww_mset_total(m), 0);
    ww_mset_free(m);
    ww_query_free(q);
    /* Its synonyms, looked up by its stem, find the document about schulden. */
    q = ww_query_synonyms(r, "geldzorgen");
    assert_non_null(q);
    assert_int_equal(ww_reader_search(r, q, &BEST_FIRST, &m), WW_OK);
    assert_int_equal(ww_mset_total(m), 1);
    char *described = ww_query_describe(q);
    assert_non_null(strstr(described, "Zschuld"));
    free(described);
    ww_mset_free(m);
    ww_query_free(q);
    assert_null(ww_query_synonyms(r, "koffie"));

    /* Operators and unbalanced brackets are text, never an error. */
    q = ww_query_parse(r, "koffie AND ( -");
    assert_non_null(q);
    assert_int_equal(ww_reader_search(r, q, &BEST_FIRST, &m), WW_OK);
    assert_int_equal(ww_mset_total(m), 1);
    ww_mset_free(m);
    ww_query_free(q);
    ww_reader_close(r);
    remove_dir(dir);
}

static void combined_queries_filter_prefix_and_spell(void **state)
{
    (void)state;
    char *dir = scratch_dir();
    write_sample(dir);
    ww_reader *r;
    char *err = NULL;
    assert_int_equal(ww_reader_open(dir, &r, &err), WW_OK);
    ww_query *parts[2] = {ww_query_prefix("gym", 10), ww_query_value_at_least(9, "Qc")};
    ww_query *q = ww_query_combine(WW_OP_FILTER, (const ww_query *const *)parts, 2);
    ww_mset *m;
    assert_int_equal(ww_reader_search(r, q, &BEST_FIRST, &m), WW_OK);
    assert_int_equal(ww_mset_total(m), 1);
    ww_mset_free(m);
    ww_query_free(q);
    ww_query_free(parts[0]);
    ww_query_free(parts[1]);

    char *best;
    unsigned freq;
    assert_int_equal(ww_reader_best_completion(r, "buurt", 100, &best, &freq), WW_OK);
    assert_string_equal(best, "buurtkamer");
    free(best);
    char *spelled;
    assert_int_equal(ww_reader_spelling(r, "gymnastik", &spelled), WW_OK);
    assert_string_equal(spelled, "gymnastiek");
    free(spelled);
    assert_int_equal(ww_reader_spelling(r, "koffie", &spelled), WW_OK);
    assert_null(spelled);
    ww_reader_close(r);
    remove_dir(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(opening_a_missing_database_reports_not_found_with_a_message),
        cmocka_unit_test(a_second_writer_is_refused_as_locked),
        cmocka_unit_test(a_term_xapian_rejects_becomes_a_status_not_an_exception),
        cmocka_unit_test(documents_are_found_replaced_and_deleted_by_their_id_term),
        cmocka_unit_test(facets_count_every_bit_of_the_masks),
        cmocka_unit_test(facet_counts_follow_a_reopen),
        cmocka_unit_test(parsed_queries_stem_and_synonyms_come_from_the_database),
        cmocka_unit_test(combined_queries_filter_prefix_and_spell),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
