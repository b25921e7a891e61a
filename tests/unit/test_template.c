/* test_template.c -- the HTML templates: escaping by default, sections, partials, errors. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "ww_template.h"

#include <stdlib.h>
#include <string.h>

/* Renders `text` with the JSON `data` and checks the output. */
static void expect_render(const char *text, const char *data, const char *expected)
{
    char *err = NULL;
    ww_templates *set = ww_templates_from_text("t", text, &err);
    if (!set)
        fail_msg("compile failed: %s", err);
    json_t *json = json_loads(data, 0, NULL);
    assert_non_null(json);
    char *out = ww_template_render(set, "t", json);
    assert_string_equal(out, expected);
    free(out);
    json_decref(json);
    ww_templates_free(set);
}

static void every_value_is_html_escaped(void **state)
{
    (void)state;
    expect_render("<h1>{{titel}}</h1>", "{\"titel\": \"<script>alert('x')</script> & \\\"co\\\"\"}",
                  "<h1>&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;co&quot;</h1>");
    expect_render("<a href=\"{{url}}\">", "{\"url\": \"\\\" onmouseover=\\\"x\"}",
                  "<a href=\"&quot; onmouseover=&quot;x\">");
}

static void triple_braces_give_no_way_around_escaping(void **state)
{
    (void)state;
    char *err = NULL;
    ww_templates *set = ww_templates_from_text("t", "{{{raw}}}", &err);
    assert_null(set);
    assert_non_null(strstr(err, "ongeldige naam"));
    free(err);
}

static void sections_repeat_for_lists_and_show_for_true_values(void **state)
{
    (void)state;
    expect_render("{{#wijken}}[{{.}}]{{/wijken}}", "{\"wijken\": [\"zuid\", \"noord\"]}",
                  "[zuid][noord]");
    expect_render("{{#org}}{{naam}}{{/org}}", "{\"org\": {\"naam\": \"De Proef\"}}", "De Proef");
    expect_render("{{#gratis}}gratis{{/gratis}}{{^gratis}}betaald{{/gratis}}",
                  "{\"gratis\": false}", "betaald");
    expect_render("{{^lijst}}leeg{{/lijst}}", "{\"lijst\": []}", "leeg");
    expect_render("{{#n}}{{n}} resultaten{{/n}}", "{\"n\": 12}", "12 resultaten");
}

static void names_are_dotted_and_found_in_outer_contexts(void **state)
{
    (void)state;
    expect_render("{{organisatie.naam}}", "{\"organisatie\": {\"naam\": \"Maatjes\"}}", "Maatjes");
    expect_render("{{#items}}{{id}} in {{stad}};{{/items}}",
                  "{\"stad\": \"Zwolle\", \"items\": [{\"id\": \"a\"}, {\"id\": \"b\"}]}",
                  "a in Zwolle;b in Zwolle;");
    expect_render("[{{missing.deeper}}]", "{}", "[]");
}

static void partials_share_the_context_and_cannot_recurse_forever(void **state)
{
    (void)state;
    char *err = NULL;
    ww_templates *set = ww_templates_from_text("t", "<{{> t}}>", &err);
    assert_non_null(set);
    json_t *data = json_object();
    char *out = ww_template_render(set, "t", data);
    assert_non_null(out); /* bounded by the nesting limit */
    assert_true(strlen(out) < 100);
    free(out);
    assert_null(ww_template_render(set, "missing", data));
    json_decref(data);
    ww_templates_free(set);
}

/* Two self-inclusions per level double the work at every level: the step budget ends it. */
static void a_runaway_rendering_is_refused(void **state)
{
    (void)state;
    char *err = NULL;
    ww_templates *set = ww_templates_from_text("t", "{{#items}}{{> t}}{{/items}}{{> t}}x", &err);
    assert_non_null(set);
    json_t *data = json_pack("{s:[i,i,i]}", "items", 1, 2, 3);
    assert_null(ww_template_render(set, "t", data));
    json_decref(data);
    ww_templates_free(set);
}

static void broken_templates_are_refused_with_the_line(void **state)
{
    (void)state;
    static const char *const BROKEN[][2] = {
        {"{{#a}}open", "wordt niet gesloten"},
        {"line\n{{/a}}", "t:2: {{/a}} sluit niets"},
        {"{{#a}}{{/b}}", "sluit niets"},
        {"x {{ y", "zonder '}}'"},
    };
    for (size_t i = 0; i < sizeof BROKEN / sizeof *BROKEN; i++) {
        char *err = NULL;
        ww_templates *set = ww_templates_from_text("t", BROKEN[i][0], &err);
        assert_null(set);
        if (!err || !strstr(err, BROKEN[i][1]))
            fail_msg("'%s': expected '%s' in '%s'", BROKEN[i][0], BROKEN[i][1], err ? err : "");
        free(err);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(every_value_is_html_escaped),
        cmocka_unit_test(triple_braces_give_no_way_around_escaping),
        cmocka_unit_test(sections_repeat_for_lists_and_show_for_true_values),
        cmocka_unit_test(names_are_dotted_and_found_in_outer_contexts),
        cmocka_unit_test(partials_share_the_context_and_cannot_recurse_forever),
        cmocka_unit_test(a_runaway_rendering_is_refused),
        cmocka_unit_test(broken_templates_are_refused_with_the_line),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
