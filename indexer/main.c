/* main.c -- wegwijzer-indexer: checks the catalog and builds or updates the search index.
 *
 *   wegwijzer-indexer --catalog DIR --index DIR [--full] [--schema DIR] [--quiet] [FILE...]
 *   wegwijzer-indexer --catalog DIR --check [--schema DIR]
 *
 * Exit status: 0 every file indexed; 1 some files rejected (the rest are indexed); 2 usage or
 * I/O error. Errors go to stderr as file:line:col: field: message. */
#include "ww_build.h"
#include "ww_schema.h"
#include "ww_util.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static const char USAGE[] =
    "gebruik: wegwijzer-indexer --catalog MAP --index MAP [--full] [--schema MAP] [--quiet]\n"
    "                           [aanbod/ID.yaml ...]\n"
    "         wegwijzer-indexer --catalog MAP --check [--schema MAP]\n"
    "\n"
    "  --catalog MAP  de catalogus (met aanbod/ en organisaties/)\n"
    "  --index MAP    bouwt de index daar, of werkt hem bij (alleen gewijzigde bestanden)\n"
    "  --check        controleert alleen; schrijft niets\n"
    "  --full         bouwt de index helemaal opnieuw\n"
    "  --schema MAP   het schema (standaard: schema/ naast de map van dit programma)\n"
    "  --quiet        geen voortgang en geen samenvatting\n"
    "  aanbod/ID.yaml werkt alleen deze aanbod-bestanden bij (snel, zonder de mappen te lezen)\n";

static double seconds_since(const struct timespec *start)
{
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return (double)(now.tv_sec - start->tv_sec) + (double)(now.tv_nsec - start->tv_nsec) / 1e9;
}

typedef struct {
    struct timespec last;
    bool shown;
} progress_state;

/* On a terminal only, at most a few times a second. */
static void show_progress(size_t done, size_t total, void *ctx)
{
    progress_state *p = ctx;
    if (seconds_since(&p->last) < 0.2 && done < total)
        return;
    clock_gettime(CLOCK_MONOTONIC, &p->last);
    fprintf(stderr, "\r  %zu van %zu aanbod gelezen (%zu%%)", done, total,
            total ? done * 100 / total : 100);
    p->shown = true;
}

int main(int argc, char **argv)
{
    static const struct option OPTIONS[] = {
        {"catalog", required_argument, NULL, 'c'}, {"index", required_argument, NULL, 'i'},
        {"check", no_argument, NULL, 'k'},         {"full", no_argument, NULL, 'f'},
        {"schema", required_argument, NULL, 's'},  {"quiet", no_argument, NULL, 'q'},
        {"help", no_argument, NULL, 'h'},          {NULL, 0, NULL, 0},
    };
    const char *catalog = NULL, *index = NULL, *schema_arg = NULL;
    bool check = false, full = false, quiet = false;
    int opt;
    while ((opt = getopt_long(argc, argv, "", OPTIONS, NULL)) != -1) {
        switch (opt) {
        case 'c':
            catalog = optarg;
            break;
        case 'i':
            index = optarg;
            break;
        case 'k':
            check = true;
            break;
        case 'f':
            full = true;
            break;
        case 's':
            schema_arg = optarg;
            break;
        case 'q':
            quiet = true;
            break;
        case 'h':
            fputs(USAGE, stdout);
            return 0;
        default:
            fputs(USAGE, stderr);
            return 2;
        }
    }
    if (!catalog || (check == (index != NULL)) || (optind < argc && (check || full))) {
        fputs(USAGE, stderr);
        return 2;
    }

    struct timespec start;
    clock_gettime(CLOCK_MONOTONIC, &start);
    char *schema_dir = schema_arg ? ww_xstrdup(schema_arg) : ww_schema_default_dir();
    ww_diag diag = {0};
    ww_schema *schema = ww_schema_load(schema_dir, &diag);
    if (!schema) {
        ww_diag_print(&diag, 0, stderr);
        fprintf(stderr, "wegwijzer-indexer: het schema in %s is niet bruikbaar\n", schema_dir);
        ww_diag_free(&diag);
        free(schema_dir);
        return 2;
    }

    progress_state progress = {0};
    clock_gettime(CLOCK_MONOTONIC, &progress.last);
    ww_build_options options = {
        .catalog_dir = catalog,
        .index_dir = index,
        .schema = schema,
        .check_only = check,
        .full = full,
        .only = (const char *const *)(argv + optind),
        .only_count = (size_t)(argc - optind),
        .progress = (!quiet && isatty(STDERR_FILENO)) ? show_progress : NULL,
        .progress_ctx = &progress,
    };
    ww_build_stats stats;
    char *errmsg = NULL;
    int rc = ww_build(&options, &diag, &stats, &errmsg);
    if (progress.shown)
        fputs("\r\033[K", stderr);
    ww_diag_print(&diag, 0, stderr);

    int status;
    if (rc != 0) {
        fprintf(stderr, "wegwijzer-indexer: %s\n", errmsg ? errmsg : "onbekende fout");
        status = 2;
    } else {
        status = stats.rejected ? 1 : 0;
        if (!quiet)
            printf("%s: %zu aanbod %s (%zu gelezen, %zu verwijderd), %zu organisaties, "
                   "%zu afgekeurd, %zu waarschuwingen, %.2f s\n",
                   check        ? "controle"
                   : stats.full ? "volledige bouw"
                                : "bijgewerkt",
                   stats.entries, check ? "goedgekeurd" : "in de index", stats.entries_read,
                   stats.entries_removed, stats.organisations, stats.rejected, diag.warnings,
                   seconds_since(&start));
    }
    free(errmsg);
    ww_diag_free(&diag);
    ww_schema_free(schema);
    free(schema_dir);
    return status;
}
