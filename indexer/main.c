/* main.c -- wegwijzer-indexer: checks the catalog and builds or updates the search index.
 *
 *   wegwijzer-indexer --catalog DIR --index DIR [--full] [--schema DIR] [--words FILE] [--quiet]
 *                     [--wait S] [FILE...]
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
    "                           [--words BESTAND] [--wait SECONDEN] [aanbod/ID.yaml ...]\n"
    "         wegwijzer-indexer --catalog MAP --check [--schema MAP]\n"
    "\n"
    "  --catalog MAP  de catalogus (met aanbod/ en organisaties/)\n"
    "  --index MAP    bouwt de index daar, of werkt hem bij (alleen gewijzigde bestanden)\n"
    "  --check        controleert alleen; schrijft niets\n"
    "  --full         bouwt de index helemaal opnieuw\n"
    "  --schema MAP   het schema (standaard: schema/ naast de map van dit programma)\n"
    "  --words BESTAND  de woordenlijst van de taal, waarmee samenstellingen in het aanbod\n"
    "                 ook op hun delen worden gevonden (standaard " WW_DEFAULT_WORDS ")\n"
    "  --quiet        geen voortgang en geen samenvatting\n"
    "  --wait S       wacht zo lang (standaard 60 s; 0: niet) als een andere indexering, zoals\n"
    "                 de server na een wijziging van een partner, de index even bezet\n"
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

typedef struct {
    const char *catalog, *index, *schema, *words;
    bool check, full, quiet;
    unsigned wait_seconds;   /* for the index lock */
    const char *const *only; /* entry files named after the options */
    size_t only_count;
} options;

/* A number of seconds from 0 to an hour, or false after saying so. */
static bool read_seconds(const char *text, unsigned *seconds)
{
    char *end;
    long value = strtol(text, &end, 10);
    if (end == text || *end || value < 0 || value > 3600) {
        fprintf(stderr, "wegwijzer-indexer: --wait moet 0 tot 3600 seconden zijn\n");
        return false;
    }
    *seconds = (unsigned)value;
    return true;
}

/* Reads the command line into *o: -1 when the program may go on, else the exit status after
 * printing the help (0) or why not (2). */
static int read_options(int argc, char **argv, options *o)
{
    static const struct option OPTIONS[] = {
        {"catalog", required_argument, NULL, 'c'}, {"index", required_argument, NULL, 'i'},
        {"check", no_argument, NULL, 'k'},         {"full", no_argument, NULL, 'f'},
        {"schema", required_argument, NULL, 's'},  {"words", required_argument, NULL, 'W'},
        {"quiet", no_argument, NULL, 'q'},         {"wait", required_argument, NULL, 'w'},
        {"help", no_argument, NULL, 'h'},          {NULL, 0, NULL, 0},
    };
    o->wait_seconds = 60;
    for (int opt; (opt = getopt_long(argc, argv, "", OPTIONS, NULL)) != -1;) {
        switch (opt) {
        case 'c':
            o->catalog = optarg;
            break;
        case 'i':
            o->index = optarg;
            break;
        case 'k':
            o->check = true;
            break;
        case 'f':
            o->full = true;
            break;
        case 's':
            o->schema = optarg;
            break;
        case 'W':
            o->words = optarg;
            break;
        case 'q':
            o->quiet = true;
            break;
        case 'w':
            if (!read_seconds(optarg, &o->wait_seconds))
                return 2;
            break;
        case 'h':
            fputs(USAGE, stdout);
            return 0;
        default:
            fputs(USAGE, stderr);
            return 2;
        }
    }
    if (!o->catalog || (o->check == (o->index != NULL)) ||
        (optind < argc && (o->check || o->full))) {
        fputs(USAGE, stderr);
        return 2;
    }
    o->only = (const char *const *)(argv + optind);
    o->only_count = (size_t)(argc - optind);
    return -1;
}

/* The last line of a run that finished: what was done, how many, how long. */
static void print_summary(const options *o, const ww_build_stats *stats, const ww_diag *diag,
                          double seconds)
{
    printf("%s: %zu aanbod %s (%zu gelezen, %zu verwijderd), %zu organisaties, "
           "%zu afgekeurd, %zu waarschuwingen, %.2f s\n",
           o->check      ? "controle"
           : stats->full ? "volledige bouw"
                         : "bijgewerkt",
           stats->entries, o->check ? "goedgekeurd" : "in de index", stats->entries_read,
           stats->entries_removed, stats->organisations, stats->rejected, diag->warnings, seconds);
}

/* Builds, updates or checks as the options say; the exit status. */
static int run(const options *o, const ww_schema *schema, ww_diag *diag, struct timespec start)
{
    progress_state progress = {0};
    clock_gettime(CLOCK_MONOTONIC, &progress.last);
    ww_build_options build = {
        .catalog_dir = o->catalog,
        .index_dir = o->index,
        .schema = schema,
        .check_only = o->check,
        .full = o->full,
        .lock_wait_ms = o->wait_seconds * 1000,
        .only = o->only,
        .only_count = o->only_count,
        .progress = (!o->quiet && isatty(STDERR_FILENO)) ? show_progress : NULL,
        .progress_ctx = &progress,
    };
    ww_build_stats stats;
    char *errmsg = NULL;
    int rc = ww_build(&build, diag, &stats, &errmsg);
    if (progress.shown)
        fputs("\r\033[K", stderr);
    ww_diag_print(diag, 0, stderr);
    int status = stats.rejected ? 1 : 0;
    if (rc != 0) {
        fprintf(stderr, "wegwijzer-indexer: %s\n", errmsg ? errmsg : "onbekende fout");
        status = 2;
    } else if (!o->quiet) {
        print_summary(o, &stats, diag, seconds_since(&start));
    }
    free(errmsg);
    return status;
}

int main(int argc, char **argv)
{
    options o = {0};
    int status = read_options(argc, argv, &o);
    if (status >= 0)
        return status;
    struct timespec start;
    clock_gettime(CLOCK_MONOTONIC, &start);
    char *schema_dir = o.schema ? ww_xstrdup(o.schema) : ww_schema_default_dir();
    ww_diag diag = {0};
    ww_schema *schema = ww_schema_load(schema_dir, &diag);
    if (!schema) {
        ww_diag_print(&diag, 0, stderr);
        fprintf(stderr, "wegwijzer-indexer: het schema in %s is niet bruikbaar\n", schema_dir);
        status = 2;
    } else {
        char *errmsg = NULL, *warning = NULL;
        if (!ww_schema_load_words(schema, o.words, &errmsg, &warning)) {
            fprintf(stderr, "wegwijzer-indexer: %s\n", errmsg);
            status = 2;
        } else {
            if (warning && !o.quiet)
                fprintf(stderr,
                        "wegwijzer-indexer: let op: %s; samenstellingen worden niet op hun "
                        "delen gevonden\n",
                        warning);
            status = run(&o, schema, &diag, start);
        }
        free(errmsg);
        free(warning);
    }
    ww_diag_free(&diag);
    ww_schema_free(schema);
    free(schema_dir);
    return status;
}
