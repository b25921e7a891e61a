/* test_chart.c -- the geometry of the insight charts (ww_chart: heat map, bars, lines) and the
 * partials that draw it: classes by count, links only where given and safe, bars in
 * proportion, the nice maximum of the y axis, thinned x labels, one point, empty charts; and
 * the SVG that comes out, escaped. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "ww_chart.h"
#include "ww_template.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- Helpers ---------------------------------------------------------------------------- */

static json_t *at(const json_t *chart, const char *list, size_t i)
{
    json_t *item = json_array_get(json_object_get(chart, list), i);
    assert_non_null(item);
    return item;
}

static long long number(const json_t *object, const char *key)
{
    json_t *value = json_object_get(object, key);
    assert_true(json_is_integer(value));
    return json_integer_value(value);
}

static const char *text(const json_t *object, const char *key)
{
    json_t *value = json_object_get(object, key);
    assert_true(json_is_string(value));
    return json_string_value(value);
}

static size_t count_of(const json_t *chart, const char *list)
{
    json_t *array = json_object_get(chart, list);
    assert_true(json_is_array(array));
    return json_array_size(array);
}

static size_t occurrences(const char *haystack, const char *needle)
{
    size_t n = 0;
    for (const char *p = strstr(haystack, needle); p; p = strstr(p + 1, needle))
        n++;
    return n;
}

/* The y axis of a one-series chart whose largest value is `largest`. */
static json_t *line_up_to(double largest)
{
    const char *months[] = {"jan", "feb"};
    const char *names[] = {"aanmeldingen"};
    double values[] = {0, largest};
    return ww_chart_line(months, 2, names, 1, values);
}

/* ---- Heat map --------------------------------------------------------------------------- */

static void a_heat_map_has_a_cell_per_row_and_column_with_its_count(void **state)
{
    (void)state;
    const char *wijken[] = {"Assendorp", "Holtenbroek"};
    const char *ambities[] = {"Gezond", "Veilig", "Meedoen"};
    const unsigned counts[] = {1, 2, 3, 4, 5, 6};
    json_t *chart = ww_chart_heatmap(wijken, 2, ambities, 3, counts, 0, NULL);
    assert_int_equal(count_of(chart, "cellen"), 6);
    assert_int_equal(count_of(chart, "rijen"), 2);
    assert_int_equal(count_of(chart, "kolommen"), 3);
    assert_string_equal(text(at(chart, "cellen", 5), "waarde"), "6");
    assert_string_equal(text(at(chart, "cellen", 5), "rij"), "Holtenbroek");
    assert_string_equal(text(at(chart, "cellen", 5), "kolom"), "Meedoen");
    /* Row-major: the second cell is to the right of the first, the fourth below it. */
    json_t *first = at(chart, "cellen", 0), *second = at(chart, "cellen", 1);
    json_t *below = at(chart, "cellen", 3);
    assert_true(number(second, "x") >= number(first, "x") + number(first, "breedte"));
    assert_int_equal(number(second, "y"), number(first, "y"));
    assert_true(number(below, "y") >= number(first, "y") + number(first, "hoogte"));
    assert_int_equal(number(below, "x"), number(first, "x"));
    /* The number sits in the middle of its cell; the labels beside their row and column. */
    assert_int_equal(number(first, "tekst_x"), number(first, "x") + number(first, "breedte") / 2);
    assert_true(number(at(chart, "rijen", 1), "x") < number(below, "x"));
    assert_true(number(at(chart, "kolommen", 2), "y") < number(first, "y"));
    json_t *last = at(chart, "cellen", 5);
    assert_true(number(chart, "breedte") >= number(last, "x") + number(last, "breedte"));
    assert_true(number(chart, "hoogte") >= number(last, "y") + number(last, "hoogte"));
    assert_false(json_is_true(json_object_get(chart, "geen_gegevens")));
    json_decref(chart);
}

static void a_cell_is_empty_thin_or_one_of_five_steps_of_the_largest(void **state)
{
    (void)state;
    const char *columns[] = {"a", "b", "c", "d", "e", "f", "g", "h", "i"};
    const unsigned counts[] = {0, 4, 20, 21, 40, 60, 79, 80, 100};
    const char *expected[] = {"ww-heat-leeg", "ww-heat-dun", "ww-heat-1", "ww-heat-2", "ww-heat-2",
                              "ww-heat-3",    "ww-heat-4",   "ww-heat-4", "ww-heat-5"};
    const char *row[] = {"Stadshagen"};
    json_t *chart = ww_chart_heatmap(row, 1, columns, 9, counts, 5, NULL);
    for (size_t i = 0; i < 9; i++)
        assert_string_equal(text(at(chart, "cellen", i), "klasse"), expected[i]);
    assert_true(json_is_true(json_object_get(at(chart, "cellen", 0), "leeg")));
    assert_false(json_is_true(json_object_get(at(chart, "cellen", 0), "dun")));
    assert_true(json_is_true(json_object_get(at(chart, "cellen", 1), "dun")));
    assert_false(json_is_true(json_object_get(at(chart, "cellen", 1), "leeg")));
    assert_false(json_is_true(json_object_get(at(chart, "cellen", 2), "dun")));
    assert_string_equal(text(at(chart, "cellen", 0), "waarde"), "0");
    /* Light text on the two dark steps, dark text elsewhere. */
    assert_string_equal(text(at(chart, "cellen", 5), "tekst_klasse"), "ww-heat-tekst-donker");
    assert_string_equal(text(at(chart, "cellen", 6), "tekst_klasse"), "ww-heat-tekst-licht");
    assert_string_equal(text(at(chart, "cellen", 8), "tekst_klasse"), "ww-heat-tekst-licht");
    assert_string_equal(text(at(chart, "cellen", 1), "tekst_klasse"), "ww-heat-tekst-donker");
    json_decref(chart);

    /* Without a threshold, 4 is a step like any other. */
    chart = ww_chart_heatmap(row, 1, columns, 9, counts, 0, NULL);
    assert_string_equal(text(at(chart, "cellen", 1), "klasse"), "ww-heat-1");
    json_decref(chart);
}

static void only_cells_given_a_safe_url_are_links(void **state)
{
    (void)state;
    const char *rows[] = {"Wijk"};
    const char *columns[] = {"a", "b", "c", "d", "e", "f"};
    const unsigned counts[] = {1, 2, 3, 4, 5, 6};
    const char *urls[] = {"/inzicht?wijk=1&ambitie=2", NULL,
                          "javascript:alert(1)",       "//elders.example",
                          "https://www.zwolle.nl/",    "data:text/html,x"};
    json_t *chart = ww_chart_heatmap(rows, 1, columns, 6, counts, 0, urls);
    assert_string_equal(text(at(chart, "cellen", 0), "url"), "/inzicht?wijk=1&ambitie=2");
    assert_string_equal(text(at(chart, "cellen", 4), "url"), "https://www.zwolle.nl/");
    for (size_t i = 1; i < 4; i++)
        assert_true(json_is_null(json_object_get(at(chart, "cellen", i), "url")));
    assert_true(json_is_null(json_object_get(at(chart, "cellen", 5), "url")));
    json_decref(chart);

    chart = ww_chart_heatmap(rows, 1, columns, 6, counts, 0, NULL);
    for (size_t i = 0; i < 6; i++)
        assert_true(json_is_null(json_object_get(at(chart, "cellen", i), "url")));
    json_decref(chart);
}

static void long_labels_get_room_and_are_kept_whole(void **state)
{
    (void)state;
    const char *rows[] = {"Kort", "Een heel lange naam van een wijk in Zwolle-Zuid"};
    const char *columns[] = {"Gezond", "Een ambitie met een lange naam"};
    const unsigned counts[] = {1, 2, 3, 4};
    json_t *chart = ww_chart_heatmap(rows, 2, columns, 2, counts, 0, NULL);
    /* 7.5 units a character; a label rotated by 45° reaches 0.7 of its length right and up. */
    long long row_label = (long long)strlen(rows[1]) * 15 / 2;
    long long column_reach = (long long)strlen(columns[1]) * 15 / 2 * 7 / 10;
    json_t *first = at(chart, "cellen", 0);
    assert_true(number(first, "x") >= row_label);    /* the row labels fit on the left */
    assert_true(number(first, "y") >= column_reach); /* the column labels above */
    json_t *last_column = at(chart, "kolommen", 1);
    assert_true(number(chart, "breedte") >= number(last_column, "x") + column_reach);
    assert_string_equal(text(at(chart, "rijen", 1), "tekst"), rows[1]);
    assert_string_equal(text(last_column, "tekst"), columns[1]);
    json_decref(chart);
}

static void a_heat_map_without_rows_or_columns_is_an_empty_chart(void **state)
{
    (void)state;
    json_t *chart = ww_chart_heatmap(NULL, 0, NULL, 0, NULL, 5, NULL);
    assert_int_equal(count_of(chart, "cellen"), 0);
    assert_true(json_is_true(json_object_get(chart, "geen_gegevens")));
    assert_true(number(chart, "breedte") > 0);
    assert_true(number(chart, "hoogte") > 0);
    json_decref(chart);

    const char *rows[] = {"Assendorp", "Diezerpoort"};
    chart = ww_chart_heatmap(rows, 2, NULL, 0, NULL, 0, NULL);
    assert_int_equal(count_of(chart, "cellen"), 0);
    assert_int_equal(count_of(chart, "rijen"), 2);
    assert_true(json_is_true(json_object_get(chart, "geen_gegevens")));
    assert_true(number(chart, "hoogte") > number(at(chart, "rijen", 1), "y"));
    json_decref(chart);
}

/* ---- Bars ------------------------------------------------------------------------------- */

static void bars_are_as_long_as_their_share_of_the_maximum(void **state)
{
    (void)state;
    const char *labels[] = {"Gezond", "Veilig", "Meedoen"};
    const double values[] = {10, 20, 40};
    const char *texts[] = {"10", "20", "40"};
    json_t *chart = ww_chart_bars(labels, values, 3, texts, 0);
    long long whole = number(at(chart, "staven", 2), "breedte");
    assert_true(whole > 0);
    assert_int_equal(number(at(chart, "staven", 0), "breedte") * 4, whole);
    assert_int_equal(number(at(chart, "staven", 1), "breedte") * 2, whole);
    assert_string_equal(text(at(chart, "staven", 1), "tekst"), "20");
    assert_string_equal(text(at(chart, "staven", 1), "naam"), "Veilig");
    json_t *longest = at(chart, "staven", 2);
    assert_true(number(longest, "tekst_x") > number(longest, "x") + whole);
    assert_true(number(chart, "breedte") > number(longest, "tekst_x"));
    json_decref(chart);

    /* Against a given maximum: 40 of 100 is 40% of the whole length. */
    const char *percentages[] = {"10%", "20%", "40%"};
    chart = ww_chart_bars(labels, values, 3, percentages, 100);
    assert_int_equal(number(at(chart, "staven", 2), "breedte") * 10, whole * 4);
    assert_string_equal(text(at(chart, "staven", 2), "tekst"), "40%");
    json_decref(chart);
}

static void a_bar_of_zero_has_no_length_but_its_text(void **state)
{
    (void)state;
    const char *labels[] = {"Niets", "Iets"};
    const double values[] = {0, 5};
    json_t *chart = ww_chart_bars(labels, values, 2, NULL, 0);
    json_t *zero = at(chart, "staven", 0);
    assert_int_equal(number(zero, "breedte"), 0);
    assert_true(json_is_true(json_object_get(zero, "nul")));
    assert_string_equal(text(zero, "tekst"), "0"); /* no texts given: the value */
    assert_true(number(zero, "tekst_x") > number(zero, "x"));
    assert_false(json_is_true(json_object_get(at(chart, "staven", 1), "nul")));
    json_decref(chart);

    /* All zero: no division by zero, every bar still has its text. */
    const double zeros[] = {0, 0};
    const char *texts[] = {"0%", "0%"};
    chart = ww_chart_bars(labels, zeros, 2, texts, 0);
    assert_int_equal(number(at(chart, "staven", 1), "breedte"), 0);
    assert_string_equal(text(at(chart, "staven", 1), "tekst"), "0%");
    json_decref(chart);

    chart = ww_chart_bars(NULL, NULL, 0, NULL, 0);
    assert_int_equal(count_of(chart, "staven"), 0);
    assert_true(json_is_true(json_object_get(chart, "geen_gegevens")));
    json_decref(chart);
}

/* ---- Lines ------------------------------------------------------------------------------ */

static void the_y_axis_ends_at_a_nice_maximum(void **state)
{
    (void)state;
    const struct {
        double largest;
        long long maximum;
        size_t lines;
    } cases[] = {{0, 1, 6},     {0.4, 1, 6},     {1, 1, 6},          {2, 2, 5},     {3, 5, 6},
                 {7, 10, 6},    {10, 10, 6},     {23, 50, 6},        {100, 100, 6}, {101, 200, 5},
                 {180, 200, 5}, {4999, 5000, 6}, {123456, 200000, 5}};
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        json_t *chart = line_up_to(cases[i].largest);
        assert_int_equal(number(chart, "maximum"), cases[i].maximum);
        assert_int_equal(count_of(chart, "raster"), cases[i].lines);
        json_decref(chart);
    }
    json_t *chart = line_up_to(7);
    const char *ten[] = {"0", "2", "4", "6", "8", "10"};
    for (size_t i = 0; i < 6; i++)
        assert_string_equal(text(at(chart, "raster", i), "tekst"), ten[i]);
    /* Gridline 0 is the x axis, the last one the top of the plot. */
    assert_int_equal(number(at(chart, "raster", 0), "y"), number(chart, "as_onder"));
    assert_int_equal(number(at(chart, "raster", 5), "y"), number(chart, "as_boven"));
    json_decref(chart);
    chart = line_up_to(2);
    assert_string_equal(text(at(chart, "raster", 1), "tekst"), "0,5");
    json_decref(chart);
}

static void at_most_twelve_x_labels_show_evenly_spread(void **state)
{
    (void)state;
    const struct {
        size_t points, shown, step;
    } cases[] = {{1, 1, 1}, {12, 12, 1}, {13, 7, 2}, {24, 12, 2}, {25, 9, 3}, {36, 12, 3}};
    const char *months[36];
    char names[36][8];
    double values[36];
    for (size_t i = 0; i < 36; i++) {
        snprintf(names[i], sizeof names[i], "m%zu", i);
        months[i] = names[i];
        values[i] = (double)i;
    }
    const char *series[] = {"aanmeldingen"};
    for (size_t c = 0; c < sizeof cases / sizeof *cases; c++) {
        json_t *chart = ww_chart_line(months, cases[c].points, series, 1, values);
        assert_int_equal(count_of(chart, "x_labels"), cases[c].shown);
        for (size_t i = 0; i < cases[c].shown; i++)
            assert_string_equal(text(at(chart, "x_labels", i), "tekst"), months[i * cases[c].step]);
        /* Every point keeps its marker, shown label or not. */
        json_t *line = at(chart, "reeksen", 0);
        assert_int_equal(json_array_size(json_object_get(line, "markeringen")), cases[c].points);
        json_decref(chart);
    }
}

static void lines_follow_the_values_each_in_its_own_style(void **state)
{
    (void)state;
    const char *months[] = {"jan", "feb", "mrt"};
    const char *names[] = {"Gezond", "Veilig", "Meedoen", "Wonen"};
    const double values[] = {0, 5, 10, 1, 2, 3, 4, 4, 4, 2, 2, 2};
    json_t *chart = ww_chart_line(months, 3, names, 4, values);
    assert_int_equal(number(chart, "maximum"), 10);
    assert_int_equal(count_of(chart, "reeksen"), 4);
    assert_int_equal(count_of(chart, "legenda"), 4);
    const char *classes[] = {"ww-line-1", "ww-line-2", "ww-line-3", "ww-line-1"};
    for (size_t s = 0; s < 4; s++) {
        assert_string_equal(text(at(chart, "reeksen", s), "klasse"), classes[s]);
        assert_string_equal(text(at(chart, "legenda", s), "klasse"), classes[s]);
        assert_string_equal(text(at(chart, "legenda", s), "naam"), names[s]);
    }
    json_t *first = at(chart, "reeksen", 0);
    json_t *markers = json_object_get(first, "markeringen");
    assert_true(json_is_true(json_object_get(first, "lijn")));
    assert_int_equal(number(json_array_get(markers, 0), "y"), number(chart, "as_onder"));
    assert_int_equal(number(json_array_get(markers, 2), "y"), number(chart, "as_boven"));
    assert_int_equal(number(json_array_get(markers, 0), "x"), number(chart, "as_links"));
    assert_int_equal(number(json_array_get(markers, 2), "x"), number(chart, "as_rechts"));
    assert_string_equal(text(json_array_get(markers, 1), "tekst"), "feb: 5");
    char expected[128];
    snprintf(expected, sizeof expected, "%lld,%lld %lld,%lld %lld,%lld",
             number(json_array_get(markers, 0), "x"), number(json_array_get(markers, 0), "y"),
             number(json_array_get(markers, 1), "x"), number(json_array_get(markers, 1), "y"),
             number(json_array_get(markers, 2), "x"), number(json_array_get(markers, 2), "y"));
    assert_string_equal(text(first, "punten"), expected);
    json_decref(chart);
}

static void a_single_point_is_a_marker_without_a_line(void **state)
{
    (void)state;
    const char *months[] = {"jan 2025"};
    const char *names[] = {"aanmeldingen"};
    const double values[] = {3};
    json_t *chart = ww_chart_line(months, 1, names, 1, values);
    json_t *line = at(chart, "reeksen", 0);
    assert_false(json_is_true(json_object_get(line, "lijn")));
    json_t *markers = json_object_get(line, "markeringen");
    assert_int_equal(json_array_size(markers), 1);
    long long x = number(json_array_get(markers, 0), "x");
    assert_true(x > number(chart, "as_links") && x < number(chart, "as_rechts"));
    assert_int_equal(number(chart, "maximum"), 5);
    assert_int_equal(count_of(chart, "x_labels"), 1);
    assert_false(json_is_true(json_object_get(chart, "geen_gegevens")));
    json_decref(chart);
}

static void a_line_chart_without_points_or_series_is_empty(void **state)
{
    (void)state;
    const char *names[] = {"aanmeldingen"};
    json_t *chart = ww_chart_line(NULL, 0, names, 1, NULL);
    assert_true(json_is_true(json_object_get(chart, "geen_gegevens")));
    assert_int_equal(count_of(chart, "reeksen"), 0);
    assert_int_equal(count_of(chart, "x_labels"), 0);
    assert_int_equal(number(chart, "maximum"), 1);
    json_decref(chart);

    const char *months[] = {"jan"};
    chart = ww_chart_line(months, 1, NULL, 0, NULL);
    assert_true(json_is_true(json_object_get(chart, "geen_gegevens")));
    assert_int_equal(count_of(chart, "legenda"), 0);
    assert_true(number(chart, "breedte") > 0 && number(chart, "hoogte") > 0);
    json_decref(chart);
}

/* ---- The partials ----------------------------------------------------------------------- */

/* Renders `chart` with a title and an id through the templates of the site. */
static char *render(const char *partial, json_t *chart, const char *title)
{
    char *err = NULL;
    ww_templates *set = ww_templates_load("web/templates", &err);
    if (!set)
        fail_msg("%s", err);
    json_object_set_new(chart, "titel", json_string(title));
    json_object_set_new(chart, "id", json_string("g1"));
    char *html = ww_template_render(set, partial, chart);
    assert_non_null(html);
    ww_templates_free(set);
    return html;
}

static void the_heat_map_draws_cells_links_and_escaped_labels(void **state)
{
    (void)state;
    const char *rows[] = {"<script>alert(1)</script>", "Westenholte"};
    const char *columns[] = {"Gezond", "Veilig"};
    const unsigned counts[] = {12, 0, 3, 7};
    const char *urls[] = {"/inzicht?wijk=1&ambitie=2", NULL, NULL, NULL};
    json_t *chart = ww_chart_heatmap(rows, 2, columns, 2, counts, 5, urls);
    json_object_set_new(chart, "url", json_string("/elders")); /* a page's own url */
    char *html = render("grafiek-warmte", chart, "Aanbod per wijk en ambitie");
    assert_non_null(strstr(html, "<svg"));
    assert_non_null(strstr(html, "role=\"img\""));
    assert_non_null(strstr(html, "aria-labelledby=\"g1-titel\""));
    assert_non_null(strstr(html, "<title id=\"g1-titel\">Aanbod per wijk en ambitie</title>"));
    assert_non_null(strstr(html, "viewBox=\"0 0 "));
    assert_non_null(strstr(html, ">12</text>"));
    assert_non_null(strstr(html, ">7</text>"));
    assert_non_null(strstr(html, "<a href=\"/inzicht?wijk=1&amp;ambitie=2\">"));
    assert_int_equal(occurrences(html, "<a href="), 1); /* not the page's url for the others */
    assert_non_null(strstr(html, "<pattern id=\"g1-arcering\""));
    assert_int_equal(occurrences(html, "fill=\"url(#g1-arcering)\""), 1);
    assert_non_null(strstr(html, "class=\"ww-heat-dun\""));
    assert_non_null(strstr(html, "&lt;script&gt;alert(1)&lt;/script&gt;"));
    assert_null(strstr(html, "<script"));
    free(html);
    json_decref(chart);
}

static void the_bars_draw_their_texts_and_no_rect_for_zero(void **state)
{
    (void)state;
    const char *labels[] = {"Gezond", "<b>Veilig</b>", "Meedoen"};
    const double values[] = {45, 0, 100};
    const char *texts[] = {"45%", "0%", "100%"};
    json_t *chart = ww_chart_bars(labels, values, 3, texts, 100);
    char *html = render("grafiek-staven", chart, "Aandeel per ambitie");
    assert_non_null(strstr(html, "<svg"));
    assert_non_null(strstr(html, "<title id=\"g1-titel\">Aandeel per ambitie</title>"));
    assert_non_null(strstr(html, ">45%</text>"));
    assert_non_null(strstr(html, ">0%</text>"));
    assert_non_null(strstr(html, ">100%</text>"));
    assert_int_equal(occurrences(html, "<rect class=\"ww-staaf\""), 2);
    assert_non_null(strstr(html, "&lt;b&gt;Veilig&lt;/b&gt;"));
    assert_null(strstr(html, "<b>"));
    free(html);
    json_decref(chart);
}

static void the_line_chart_draws_lines_markers_and_a_legend(void **state)
{
    (void)state;
    const char *months[] = {"jan", "feb", "mrt"};
    const char *names[] = {"Aanmeldingen", "<script>x</script>"};
    const double values[] = {3, 7, 5, 1, 1, 2};
    json_t *chart = ww_chart_line(months, 3, names, 2, values);
    char *html = render("grafiek-lijn", chart, "Aanmeldingen per maand");
    assert_non_null(strstr(html, "<svg"));
    assert_non_null(strstr(html, "<title id=\"g1-titel\">Aanmeldingen per maand</title>"));
    assert_int_equal(occurrences(html, "<polyline"), 2);
    assert_non_null(strstr(html, "class=\"ww-lijn-reeks ww-line-2\""));
    assert_non_null(strstr(html, "<title>feb: 7</title>"));
    assert_non_null(strstr(html, ">10</text>")); /* the top of the y axis */
    assert_non_null(strstr(html, ">mrt</text>"));
    assert_non_null(strstr(html, ">Aanmeldingen</text>"));
    assert_non_null(strstr(html, "&lt;script&gt;x&lt;/script&gt;"));
    assert_null(strstr(html, "<script"));
    free(html);
    json_decref(chart);

    /* One point: its marker, no polyline. */
    chart = ww_chart_line(months, 1, names, 1, values);
    html = render("grafiek-lijn", chart, "Eén maand");
    assert_int_equal(occurrences(html, "<polyline"), 0);
    assert_non_null(strstr(html, "<title>jan: 3</title>"));
    free(html);
    json_decref(chart);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(a_heat_map_has_a_cell_per_row_and_column_with_its_count),
        cmocka_unit_test(a_cell_is_empty_thin_or_one_of_five_steps_of_the_largest),
        cmocka_unit_test(only_cells_given_a_safe_url_are_links),
        cmocka_unit_test(long_labels_get_room_and_are_kept_whole),
        cmocka_unit_test(a_heat_map_without_rows_or_columns_is_an_empty_chart),
        cmocka_unit_test(bars_are_as_long_as_their_share_of_the_maximum),
        cmocka_unit_test(a_bar_of_zero_has_no_length_but_its_text),
        cmocka_unit_test(the_y_axis_ends_at_a_nice_maximum),
        cmocka_unit_test(at_most_twelve_x_labels_show_evenly_spread),
        cmocka_unit_test(lines_follow_the_values_each_in_its_own_style),
        cmocka_unit_test(a_single_point_is_a_marker_without_a_line),
        cmocka_unit_test(a_line_chart_without_points_or_series_is_empty),
        cmocka_unit_test(the_heat_map_draws_cells_links_and_escaped_labels),
        cmocka_unit_test(the_bars_draw_their_texts_and_no_rect_for_zero),
        cmocka_unit_test(the_line_chart_draws_lines_markers_and_a_legend),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
