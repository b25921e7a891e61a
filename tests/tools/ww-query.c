/* ww-query.c -- runs one search through the library and prints it as JSON: a developer's
 * probe and the engine-only side of the benchmark (no HTTP).
 *
 *   ww-query --index DIR --schema DIR [--today YYYY-MM-DD] [--repeat N] [--no-facets] [--exact]
 *            [--words FILE] [--near LAT,LON [--nearest-first]] [param=value ...] [TEXT]
 * Filters are param=value (wijk=zuid, gratis=1, voorliggend=1, page=2; sort=wachttijd orders by
 * waiting time); the last bare argument is the text. With --repeat the search runs N times and
 * only the time is printed. --words is the word list spelling leaves alone, as the server's
 * (default: /usr/share/dict/dutch when it is there).
 * --near searches from a place (each result gets afstand_m), --nearest-first sorts by it. */
#include "ww_build.h"
#include "ww_diag.h"
#include "ww_index_dir.h"
#include "ww_schema.h"
#include "ww_search.h"
#include "ww_util.h"

#include <jansson.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static void add_facet(const char *value, unsigned count, void *ctx)
{
    json_object_set_new(ctx, value, json_integer(count));
}

int main(int argc, char **argv)
{
    const char *index = NULL, *schema_dir = "schema", *text = NULL, *today = NULL,
               *words = "/usr/share/dict/dutch";
    long repeat = 0;
    ww_filter_value filters[64];
    size_t nf = 0;
    ww_search_request req = {.limit = 20}; /* the API's per_page */
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--index") && i + 1 < argc)
            index = argv[++i];
        else if (!strcmp(argv[i], "--schema") && i + 1 < argc)
            schema_dir = argv[++i];
        else if (!strcmp(argv[i], "--words") && i + 1 < argc)
            words = argv[++i];
        else if (!strcmp(argv[i], "--today") && i + 1 < argc)
            today = argv[++i];
        else if (!strcmp(argv[i], "--repeat") && i + 1 < argc)
            repeat = atol(argv[++i]);
        else if (!strcmp(argv[i], "--no-facets"))
            req.without_facets = true;
        else if (!strcmp(argv[i], "--exact"))
            req.exact_up_to = UINT_MAX;
        else if (!strcmp(argv[i], "--near") && i + 1 < argc)
            req.near = sscanf(argv[++i], "%lf,%lf", &req.lat, &req.lon) == 2;
        else if (!strcmp(argv[i], "--nearest-first"))
            req.sort = WW_SORT_DISTANCE;
        else if (!strcmp(argv[i], "sort=wachttijd"))
            req.sort = WW_SORT_WAITING;
        else if (!strcmp(argv[i], "gratis=1"))
            req.gratis = true;
        else if (!strcmp(argv[i], "voorliggend=1"))
            req.voorliggend = true;
        else if (!strncmp(argv[i], "page=", 5))
            req.offset = (unsigned)(atoi(argv[i] + 5) - 1) * req.limit;
        else if (strchr(argv[i], '=') && nf < 64) {
            char *eq = strchr(argv[i], '=');
            *eq = '\0';
            filters[nf++] = (ww_filter_value){argv[i], eq + 1};
        } else
            text = argv[i];
    }
    if (!index) {
        fprintf(stderr, "usage: ww-query --index DIR [--schema DIR] [param=value ...] [TEXT]\n");
        return 2;
    }
    ww_diag diag = {0};
    ww_schema *schema = ww_schema_load(schema_dir, &diag);
    if (!schema) {
        ww_diag_print(&diag, 0, stderr);
        return 2;
    }
    char *why = NULL;
    ww_schema_set_dictionary(schema, ww_dictionary_load(words, &why));
    free(why);
    char *path = ww_index_current_path(index), *err = NULL;
    ww_reader *reader;
    if (ww_reader_open(path, &reader, &err) != WW_OK) {
        fprintf(stderr, "ww-query: %s\n", err ? err : "?");
        return 2;
    }
    ww_search_prepare(reader, schema);
    req.text = text;
    req.filters = filters;
    req.filter_count = nf;
    req.today = today;
    ww_search_result res;
    ww_search_error serr;
    int rc = 0;
    if (!ww_search_check(schema, &req, &serr)) {
        printf("{\"error\": {\"param\": \"%s\", \"message\": \"%s\"}}\n", serr.param, serr.message);
        rc = 1;
    } else if (repeat > 0) {
        /* Once untimed: a server's reader has its facet table built (and the index's pages in
         * the cache) before the searches that count. */
        if (ww_search(reader, schema, &req, &res) == WW_OK)
            ww_search_result_free(&res);
        struct timespec t0, t1;
        clock_gettime(CLOCK_MONOTONIC, &t0);
        for (long r = 0; r < repeat; r++)
            if (ww_search(reader, schema, &req, &res) == WW_OK)
                ww_search_result_free(&res);
        clock_gettime(CLOCK_MONOTONIC, &t1);
        printf("%.1f\n",
               ((t1.tv_sec - t0.tv_sec) * 1e6 + (t1.tv_nsec - t0.tv_nsec) / 1e3) / repeat);
    } else if (ww_search(reader, schema, &req, &res) != WW_OK) {
        fprintf(stderr, "ww-query: %s\n", ww_reader_last_error(reader));
        rc = 2;
    } else {
        json_t *out = json_object(), *ids = json_array(), *facets = json_object(),
               *amb = json_array(), *metres = json_array();
        for (unsigned i = 0; i < ww_mset_size(res.mset); i++) {
            size_t len;
            const char *data = ww_mset_data(res.mset, i, &len);
            json_t *e = json_loadb(data, len, 0, NULL);
            json_array_append(ids, json_object_get(e, "id"));
            json_decref(e);
            double m = ww_search_distance_m(&res, i);
            json_array_append_new(metres,
                                  m >= 0 ? json_integer((json_int_t)(m + 0.5)) : json_null());
        }
        if (req.near)
            json_object_set_new(out, "afstand_m", metres);
        else
            json_decref(metres);
        for (size_t f = 0; f < WW_FILTER_COUNT; f++) {
            json_t *counts = json_object();
            ww_search_each_facet(&res, schema, &WW_FILTERS[f], add_facet, counts);
            json_object_set_new(facets, WW_FILTERS[f].param, counts);
        }
        for (size_t i = 0; i < res.ambition_count; i++)
            json_array_append_new(amb, json_pack("{s:s,s:f}", "id", res.ambitions[i].id, "score",
                                                 res.ambitions[i].score));
        json_object_set_new(out, "total", json_integer(res.total));
        json_object_set_new(out, "total_exact", json_boolean(res.total_exact));
        json_object_set_new(out, "ids", ids);
        json_object_set_new(out, "suggestion",
                            res.suggestion ? json_string(res.suggestion) : json_null());
        json_object_set_new(out, "suggestion_used", json_boolean(res.suggestion_used));
        json_object_set_new(out, "query_ambities", amb);
        json_object_set_new(out, "facets", facets);
        json_dumpf(out, stdout, JSON_INDENT(1));
        putchar('\n');
        json_decref(out);
        ww_search_result_free(&res);
    }
    ww_reader_close(reader);
    free(path);
    ww_schema_free(schema);
    ww_diag_free(&diag);
    return rc;
}
