/* test_handlers.c -- the server's handlers called directly, without a socket: a server context
 * over a copy of the test catalog (indexed by the real wegwijzer-indexer), requests built as
 * plain data, and the responses the handlers fill. The HTTP suites (tests/cli) go through
 * libmicrohttpd; these reach what a socket makes hard to set up: every status of the write path
 * in a row, and a handler's answer that cannot be built. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "ww_routes.h"
#include "ww_server.h"
#include "ww_tokens.h"
#include "ww_util.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
    char *dir, *catalog;
    ww_server *srv;
    char *token;        /* of buurthuis-test */
    char *editor_token; /* of gemeente */
} fixture;

static int run_command(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static int run_command(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *cmd = ww_xvasprintf(fmt, ap);
    va_end(ap);
    int rc = system(cmd);
    free(cmd);
    return rc;
}

static char *new_token(const char *partners, const char *organisation)
{
    char *token = NULL, *err = NULL;
    if (ww_tokens_new(partners, organisation, &token, &err) != 0)
        fail_msg("token: %s", err);
    return token;
}

static int setup(void **state)
{
    fixture *f = ww_xcalloc(1, sizeof *f);
    *state = f; /* set first: teardown runs even when setup fails */
    f->dir = ww_xstrdup("/tmp/ww-test-handlers-XXXXXX");
    if (!mkdtemp(f->dir))
        return -1;
    f->catalog = ww_xasprintf("%s/catalog", f->dir);
    const char *build = getenv("WW_BUILD") ? getenv("WW_BUILD") : "build";
    char *index = ww_xasprintf("%s/idx", f->dir), *partners = ww_xasprintf("%s/partners", f->dir);
    if (run_command("cp -r tests/fixtures/search '%s'", f->catalog) != 0 ||
        run_command("%s/wegwijzer-indexer --quiet --catalog '%s' --index '%s'", build, f->catalog,
                    index) != 0) {
        free(index);
        free(partners);
        return -1;
    }
    f->token = new_token(partners, "buurthuis-test");
    f->editor_token = new_token(partners, "gemeente");
    ww_server_options options = {.index_dir = index,
                                 .catalog_dir = f->catalog,
                                 .schema_dir = getenv("WW_SCHEMA") ? getenv("WW_SCHEMA") : "schema",
                                 .web_dir = "web",
                                 .partners_file = partners,
                                 .cache_bytes = 1 << 20};
    ww_diag diag = {0};
    char *err = NULL;
    f->srv = ww_server_open(&options, &diag, &err);
    ww_diag_free(&diag);
    if (!f->srv)
        fprintf(stderr, "ww_server_open: %s\n", err);
    free(err);
    free(index);
    free(partners);
    return f->srv ? 0 : -1;
}

static int teardown(void **state)
{
    fixture *f = *state;
    ww_server_close(f->srv);
    int rc = f->dir ? run_command("rm -rf '%s'", f->dir) : 0;
    free(f->token);
    free(f->editor_token);
    free(f->catalog);
    free(f->dir);
    free(f);
    return rc;
}

/* ---- Requests ------------------------------------------------------------------------------ */

typedef struct {
    ww_request req;
    ww_param params[8];
    char authorization[160];
} request;

/* A request for `method` `path`, with up to eight parameters as key, value, ..., NULL. */
static request *make(const char *method, const char *path, ...)
{
    request *r = ww_xcalloc(1, sizeof *r);
    r->req.method = method;
    r->req.path = path;
    r->req.body = "";
    r->req.params = r->params;
    va_list ap;
    va_start(ap, path);
    for (const char *key; (key = va_arg(ap, const char *)) && r->req.param_count < 8;)
        r->params[r->req.param_count++] = (ww_param){key, va_arg(ap, const char *)};
    va_end(ap);
    return r;
}

static void sign(request *r, const char *token)
{
    snprintf(r->authorization, sizeof r->authorization, "Bearer %s", token);
    r->req.authorization = r->authorization;
}

static void with_body(request *r, const char *type, const char *body)
{
    r->req.content_type = type;
    r->req.body = body;
    r->req.body_len = strlen(body);
}

/* Dispatches `r` (and frees it); the response's body parsed as JSON goes to *json (NULL when it
 * is none), the response itself is the caller's. */
static ww_response answer(fixture *f, request *r, json_t **json)
{
    ww_response res = {0};
    ww_dispatch(f->srv, &r->req, &res);
    free(r);
    if (json)
        *json = json_loadb(res.body ? res.body : "", res.body_len, 0, NULL);
    return res;
}

static const char *header(const ww_response *res, const char *name)
{
    for (size_t i = 0; i < res->header_count; i++)
        if (strcmp(res->headers[i].name, name) == 0)
            return res->headers[i].value;
    return NULL;
}

static const char *error_code(const json_t *json)
{
    return json_string_value(json_object_get(json_object_get(json, "error"), "code"));
}

/* ---- Search and entries -------------------------------------------------------------------- */

static void a_search_answers_with_results_and_facets(void **state)
{
    json_t *json;
    ww_response res = answer(*state, make("GET", "/api/v1/search", "q", "koffie", NULL), &json);
    assert_int_equal(res.status, 200);
    assert_int_equal(json_integer_value(json_object_get(json, "total")), 2);
    assert_non_null(json_object_get(json_object_get(json, "facets"), "wijk"));
    json_decref(json);
    ww_response_free(&res);
}

static void bad_search_parameters_are_400_and_say_what_is_allowed(void **state)
{
    static const char *const CASES[][3] = {
        {"page", "0", "'page' moet een geheel getal van 1 tot 500 zijn"},
        {"per_page", "101", "'per_page' moet een geheel getal van 1 tot 100 zijn"},
        {"gratis", "ja", "'gratis' is 1 (aan) of 0 (uit)"},
        {"wijk", "zuidoost", "kies uit: centrum, noord, oost, zuid"},
        {"stadsdeel", "zuid", "onbekende parameter 'stadsdeel'"},
        {"q", "caf\xe9", "geen geldige UTF-8-tekst"},
    };
    for (size_t i = 0; i < sizeof CASES / sizeof *CASES; i++) {
        json_t *json;
        ww_response res =
            answer(*state, make("GET", "/api/v1/search", CASES[i][0], CASES[i][1], NULL), &json);
        assert_int_equal(res.status, 400);
        assert_string_equal(error_code(json), "bad_parameter");
        const char *message =
            json_string_value(json_object_get(json_object_get(json, "error"), "message"));
        if (!message || !strstr(message, CASES[i][2]))
            fail_msg("%s=%s: %s", CASES[i][0], CASES[i][1], message ? message : res.body);
        json_decref(json);
        ww_response_free(&res);
    }
}

static void a_message_quoting_a_parameter_cut_inside_a_character_is_still_json(void **state)
{
    /* "%.60s" of 59 letters and an é cuts the é in two: the message must stay valid UTF-8. */
    char key[64];
    memset(key, 'a', 59);
    strcpy(key + 59, "\xc3\xa9");
    json_t *json;
    ww_response res = answer(*state, make("GET", "/api/v1/search", key, "1", NULL), &json);
    assert_int_equal(res.status, 400);
    assert_non_null(json);
    assert_string_equal(error_code(json), "bad_parameter");
    json_decref(json);
    ww_response_free(&res);
}

static void an_entry_comes_with_its_version_and_an_unknown_one_is_404(void **state)
{
    json_t *json;
    ww_response res = answer(*state, make("GET", "/api/v1/entries/koffie-zuid", NULL), &json);
    assert_int_equal(res.status, 200);
    assert_string_equal(json_string_value(json_object_get(json, "id")), "koffie-zuid");
    assert_non_null(header(&res, "ETag"));
    json_decref(json);
    ww_response_free(&res);
    static const char *const MISSING[] = {"/api/v1/entries/bestaat-niet", "/api/v1/entries/X",
                                          "/api/v1/entries/../../etc"};
    for (size_t i = 0; i < 3; i++) {
        res = answer(*state, make("GET", MISSING[i], NULL), &json);
        assert_int_equal(res.status, 404);
        assert_string_equal(error_code(json), "not_found");
        json_decref(json);
        ww_response_free(&res);
    }
}

static void routes_answer_405_with_allow_and_404_in_json(void **state)
{
    json_t *json;
    ww_response res = answer(*state, make("POST", "/api/v1/search", NULL), &json);
    assert_int_equal(res.status, 405);
    assert_string_equal(header(&res, "Allow"), "GET, HEAD");
    ww_response_free(&res);
    json_decref(json);
    res = answer(*state, make("GET", "/api/v2/zoeken", NULL), &json);
    assert_int_equal(res.status, 404);
    assert_string_equal(error_code(json), "not_found");
    ww_response_free(&res);
    json_decref(json);
    res = answer(*state, make("GET", "/bestaat-niet", NULL), NULL);
    assert_int_equal(res.status, 404);
    assert_string_equal(res.content_type, "text/html; charset=utf-8");
    ww_response_free(&res);
}

static void an_answer_that_cannot_be_built_is_a_500_never_an_empty_200(void **state)
{
    (void)state;
    ww_response res = {0};
    /* What json_pack gives for a string that is not UTF-8. */
    ww_reply_json(&res, 200, json_pack("{s:s}", "titel", "caf\xe9"));
    assert_int_equal(res.status, 500);
    json_t *json = json_loadb(res.body, res.body_len, 0, NULL);
    assert_string_equal(error_code(json), "internal");
    json_decref(json);
    ww_response_free(&res);
}

/* ---- The write path ------------------------------------------------------------------------- */

static const char ENTRY[] = "id: %s\n"
                            "soort: activiteit\n"
                            "titel: %s\n"
                            "samenvatting: Elke week samen breien in het buurthuis.\n"
                            "organisatie: %s\n"
                            "wijken: [zuid]\n"
                            "toegang: vrij\n"
                            "laatst_gecontroleerd: 2026-11-01\n";

/* PUT of a YAML entry, signed with `token`, naming version `if_match` (may be NULL). */
static ww_response put(fixture *f, const char *id, const char *yaml, const char *token,
                       const char *if_match, json_t **json)
{
    char *path = ww_xasprintf("/api/v1/entries/%s", id);
    request *r = make("PUT", path, NULL);
    if (token)
        sign(r, token);
    with_body(r, "application/yaml", yaml);
    r->req.if_match = if_match;
    ww_response res = answer(f, r, json);
    free(path);
    return res;
}

static void the_write_path_answers_every_status(void **state)
{
    fixture *f = *state;
    char *yaml = ww_xasprintf(ENTRY, "breien-zuid", "Breien in Zuid", "buurthuis-test");
    char *others = ww_xasprintf(ENTRY, "breien-zuid", "Breien in Zuid", "wonen-test");
    json_t *json;
    struct {
        ww_response res;
        unsigned status;
        const char *code;
    } steps[] = {
        {put(f, "breien-zuid", yaml, NULL, NULL, NULL), 401, NULL},
        {put(f, "breien-zuid", yaml, "ww_0000000000000000_fout", NULL, NULL), 401, NULL},
        {put(f, "breien-zuid", "id: breien-zuid\n", f->token, NULL, NULL), 422, NULL},
        {put(f, "breien-zuid", others, f->token, NULL, NULL), 403, NULL},
        {put(f, "breien-zuid", yaml, f->token, NULL, NULL), 201, NULL},
        {put(f, "breien-zuid", yaml, f->token, NULL, NULL), 428, NULL},
        {put(f, "breien-zuid", yaml, f->token, "\"00\"", NULL), 412, NULL},
    };
    for (size_t i = 0; i < sizeof steps / sizeof *steps; i++) {
        if (steps[i].res.status != steps[i].status)
            fail_msg("step %zu: %u, expected %u: %s", i, steps[i].res.status, steps[i].status,
                     steps[i].res.body);
    }
    /* The version from the 201 replaces it; the same bytes again change nothing. */
    const char *etag = header(&steps[4].res, "ETag");
    assert_non_null(etag);
    char *changed = ww_xasprintf(ENTRY, "breien-zuid", "Breien en haken in Zuid", "buurthuis-test");
    ww_response res = put(f, "breien-zuid", changed, f->token, etag, &json);
    assert_int_equal(res.status, 200);
    assert_string_equal(json_string_value(json_object_get(json, "status")), "gewijzigd");
    assert_true(json_is_true(json_object_get(json, "index_bijgewerkt")));
    json_decref(json);
    /* The search sees it at once: the index was updated by the write. */
    ww_response found = answer(f, make("GET", "/api/v1/search", "q", "haken", NULL), &json);
    assert_int_equal(json_integer_value(json_object_get(json, "total")), 1);
    json_decref(json);
    ww_response_free(&found);
    /* Archiving: another organisation may not, the owner may. */
    request *r = make("DELETE", "/api/v1/entries/koffie-zuid", NULL);
    sign(r, f->token);
    ww_response archived = answer(f, r, &json);
    assert_int_equal(archived.status, 200);
    assert_string_equal(json_string_value(json_object_get(json, "status")), "gearchiveerd");
    json_decref(json);
    r = make("DELETE", "/api/v1/entries/wonen-begeleid", NULL);
    sign(r, f->token);
    ww_response refused = answer(f, r, &json);
    assert_int_equal(refused.status, 403);
    assert_string_equal(error_code(json), "forbidden");
    json_decref(json);
    for (size_t i = 0; i < sizeof steps / sizeof *steps; i++)
        ww_response_free(&steps[i].res);
    ww_response_free(&res);
    ww_response_free(&archived);
    ww_response_free(&refused);
    free(changed);
    free(others);
    free(yaml);
}

static void a_write_without_a_known_body_type_is_415(void **state)
{
    fixture *f = *state;
    request *r = make("PUT", "/api/v1/entries/koffie-noord", NULL);
    sign(r, f->editor_token);
    with_body(r, "text/plain", "id: koffie-noord\n");
    json_t *json;
    ww_response res = answer(f, r, &json);
    assert_int_equal(res.status, 415);
    assert_string_equal(error_code(json), "unsupported_media_type");
    json_decref(json);
    ww_response_free(&res);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(a_search_answers_with_results_and_facets),
        cmocka_unit_test(bad_search_parameters_are_400_and_say_what_is_allowed),
        cmocka_unit_test(a_message_quoting_a_parameter_cut_inside_a_character_is_still_json),
        cmocka_unit_test(an_entry_comes_with_its_version_and_an_unknown_one_is_404),
        cmocka_unit_test(routes_answer_405_with_allow_and_404_in_json),
        cmocka_unit_test(an_answer_that_cannot_be_built_is_a_500_never_an_empty_200),
        cmocka_unit_test(the_write_path_answers_every_status),
        cmocka_unit_test(a_write_without_a_known_body_type_is_415),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
