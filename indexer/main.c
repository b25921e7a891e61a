/* main.c -- wegwijzer-indexer: checks the catalog and builds or updates the search index.
 *
 *   wegwijzer-indexer --catalog DIR --index DIR [--full] [--schema DIR] [--words FILE] [--quiet]
 *                     [--wait S] [FILE...]
 *   wegwijzer-indexer --catalog DIR --check [--schema DIR]
 *   wegwijzer-indexer --catalog DIR [--index DIR] --export-hsds DIR
 *   wegwijzer-indexer --catalog DIR --import-hsds FILE|DIR [--overwrite] [--schema DIR]
 *
 * Exit status: 0 every file indexed; 1 some files rejected (the rest are indexed); 2 usage or
 * I/O error. Errors go to stderr as file:line:col: field: message. */
#include "ww_build.h"
#include "ww_hsds_import.h"
#include "ww_hsds_index.h"
#include "ww_index_dir.h"
#include "ww_open_data.h"
#include "ww_schema.h"
#include "ww_time.h"
#include "ww_util.h"

#include <errno.h>
#include <ftw.h>
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
    "         wegwijzer-indexer --catalog MAP [--index MAP] --export-hsds MAP\n"
    "         wegwijzer-indexer --catalog MAP --import-hsds BESTAND|MAP [--overwrite]\n"
    "\n"
    "  --catalog MAP  de catalogus (met aanbod/ en organisaties/)\n"
    "  --index MAP    bouwt de index daar, of werkt hem bij (alleen gewijzigde bestanden)\n"
    "  --check        controleert alleen; schrijft niets\n"
    "  --full         bouwt de index helemaal opnieuw\n"
    "  --export-hsds MAP  schrijft de catalogus daar als Open Referral HSDS 3.0 (JSON), zoals\n"
    "                 /api/hsds/ hem geeft; werkt eerst de index bij (zonder --index: een\n"
    "                 tijdelijke)\n"
    "  --import-hsds BESTAND|MAP  zet Open Referral HSDS 3.0 (JSON: services met hun\n"
    "                 organisaties en locaties) om in aanbod/ en organisaties/ van de\n"
    "                 catalogus; vreemde termen via schema/" WW_HSDS_MAPPING_FILE "; meldt\n"
    "                 wat niet overgenomen is\n"
    "  --overwrite    vervangt bij --import-hsds bestanden die er al zijn\n"
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
    const char *export_hsds; /* write the index as HSDS there, after building */
    const char *import_hsds; /* read HSDS from there into the catalog, instead of building */
    bool check, full, quiet, overwrite;
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

/* An import builds nothing: -1 when --import-hsds comes with --catalog only (and --overwrite,
 * --schema, --words, --quiet), else 2 after showing the usage. */
static int import_options(const options *o, int argc)
{
    if (o->catalog && o->import_hsds && !o->index && !o->check && !o->full && !o->export_hsds &&
        optind == argc)
        return -1;
    fputs(USAGE, stderr);
    return 2;
}

/* The options of the command line (getopt_long). */
static const struct option OPTIONS[] = {
    {"catalog", required_argument, NULL, 'c'},
    {"index", required_argument, NULL, 'i'},
    {"check", no_argument, NULL, 'k'},
    {"full", no_argument, NULL, 'f'},
    {"schema", required_argument, NULL, 's'},
    {"words", required_argument, NULL, 'W'},
    {"quiet", no_argument, NULL, 'q'},
    {"wait", required_argument, NULL, 'w'},
    {"help", no_argument, NULL, 'h'},
    {"export-hsds", required_argument, NULL, 'x'},
    {"import-hsds", required_argument, NULL, 'I'},
    {"overwrite", no_argument, NULL, 'O'},
    {NULL, 0, NULL, 0},
};

/* Reads the command line into *o: -1 when the program may go on, else the exit status after
 * printing the help (0) or why not (2). */
static int read_options(int argc, char **argv, options *o)
{
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
        case 'x':
            o->export_hsds = optarg;
            break;
        case 'I':
            o->import_hsds = optarg;
            break;
        case 'O':
            o->overwrite = true;
            break;
        case 'h':
            fputs(USAGE, stdout);
            return 0;
        default:
            fputs(USAGE, stderr);
            return 2;
        }
    }
    if (o->import_hsds || o->overwrite)
        return import_options(o, argc);
    bool wants_index = o->index || o->export_hsds;
    if (!o->catalog || o->check == wants_index || (optind < argc && (o->check || o->full)) ||
        (o->export_hsds && optind < argc)) {
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

/* Writes the index as HSDS files (ww_hsds_export); the exit status. */
static int export_hsds(const options *o, const ww_schema *schema)
{
    char *path = ww_index_current_path(o->index), *err = NULL;
    ww_reader *reader = NULL;
    ww_diag diag = {0};
    int status = 2;
    json_t *terms = ww_open_data_read(o->catalog, &diag);
    if (ww_reader_open(path, &reader, &err) != WW_OK) {
        fprintf(stderr, "wegwijzer-indexer: kan de index %s niet openen: %s\n", path,
                err ? err : "onbekende fout");
    } else if (!terms) {
        ww_diag_print(&diag, 0, stderr);
    } else {
        char today[WW_DATE_SIZE];
        ww_today(today);
        ww_hsds_context ctx = {.schema = schema,
                               .today = today,
                               .province = json_string_value(json_object_get(terms, "provincie"))};
        size_t services = 0;
        if (ww_hsds_export(reader, &ctx, o->export_hsds, &services, &err) == 0) {
            if (!o->quiet)
                printf("hsds: %zu diensten geschreven naar %s\n", services, o->export_hsds);
            status = 0;
        } else {
            fprintf(stderr, "wegwijzer-indexer: %s\n", err);
        }
    }
    json_decref(terms);
    ww_diag_free(&diag);
    ww_reader_close(reader);
    free(err);
    free(path);
    return status;
}

/* Imports HSDS into the catalog (ww_hsds_import), with the mapping file of the schema folder;
 * the exit status. */
static int import_hsds(const options *o, const ww_schema *schema, const char *schema_dir,
                       struct timespec start)
{
    char *map_path = ww_xasprintf("%s/%s", schema_dir, WW_HSDS_MAPPING_FILE), *err = NULL;
    ww_diag diag = {0};
    ww_hsds_mapping *mapping = ww_hsds_mapping_load(map_path, schema, &diag);
    int status = 2;
    char today[WW_DATE_SIZE];
    ww_today(today);
    ww_hsds_import_options io = {.schema = schema,
                                 .mapping = mapping,
                                 .catalog_dir = o->catalog,
                                 .today = today,
                                 .overwrite = o->overwrite,
                                 .report = stderr};
    ww_hsds_import *imp = mapping ? ww_hsds_import_new(&io) : NULL;
    ww_hsds_import_stats st = {0};
    if (!mapping) {
        ww_diag_print(&diag, 0, stderr);
        fprintf(stderr, "wegwijzer-indexer: %s is niet bruikbaar\n", map_path);
    } else if (ww_hsds_import_path(imp, o->import_hsds, &err) != 0 ||
               ww_hsds_import_finish(imp, &st, &err) != 0) {
        fprintf(stderr, "wegwijzer-indexer: %s\n", err);
    } else {
        status = st.rejected ? 1 : 0;
        if (!o->quiet)
            printf("hsds-import: %zu services gelezen; %zu aanbod en %zu organisaties "
                   "geschreven, %zu bestonden al, %zu afgekeurd, %.2f s\n",
                   st.services, st.entries, st.organisations, st.existing, st.rejected,
                   seconds_since(&start));
    }
    ww_hsds_import_free(imp);
    ww_hsds_mapping_free(mapping);
    ww_diag_free(&diag);
    free(map_path);
    free(err);
    return status;
}

static int remove_one(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
    (void)st, (void)flag, (void)ftw;
    return remove(path);
}

/* Builds as the options say, then exports when asked; an export without --index builds into a
 * temporary index under TMPDIR (else /tmp) that is removed afterwards. The exit status. */
static int run_all(options *o, const ww_schema *schema, ww_diag *diag, struct timespec start)
{
    const char *tmp = getenv("TMPDIR");
    char temporary[4096];
    snprintf(temporary, sizeof temporary, "%s/wegwijzer-export-XXXXXX", tmp && *tmp ? tmp : "/tmp");
    if (o->export_hsds && !o->index) {
        if (!mkdtemp(temporary)) {
            fprintf(stderr, "wegwijzer-indexer: kan geen tijdelijke index maken in %s: %s\n",
                    tmp && *tmp ? tmp : "/tmp", ww_errno_text(errno));
            return 2;
        }
        o->index = temporary;
    }
    int status = run(o, schema, diag, start);
    if (o->export_hsds && status != 2) {
        int exported = export_hsds(o, schema);
        if (exported != 0)
            status = exported;
    }
    if (o->index == temporary)
        nftw(temporary, remove_one, 16, FTW_DEPTH | FTW_PHYS);
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
            status = o.import_hsds ? import_hsds(&o, schema, schema_dir, start)
                                   : run_all(&o, schema, &diag, start);
        }
        free(errmsg);
        free(warning);
    }
    ww_diag_free(&diag);
    ww_schema_free(schema);
    free(schema_dir);
    return status;
}
