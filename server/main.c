/* main.c -- wegwijzer-server: serves the search index over HTTP.
 *
 *   wegwijzer-server --index DIR --catalog DIR [--port N] [--listen ADDR] [--web DIR]
 *                    [--partners FILE] [--schema DIR] [--threads N] [--cache-mb N] [--quiet]
 *
 * Start-up reads straight through: options, schema, handlers, listen, wait for SIGTERM or
 * SIGINT, stop gracefully. */
#include "ww_api.h"
#include "ww_cache.h"
#include "ww_daemon.h"
#include "ww_pages.h"
#include "ww_partner.h"
#include "ww_partners.h"
#include "ww_routes.h"
#include "ww_static.h"
#include "ww_readers.h"
#include "ww_schema.h"
#include "ww_util.h"
#include "ww_write.h"

#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static const char USAGE[] =
    "gebruik: wegwijzer-server --index MAP --catalog MAP [--port N] [--listen ADRES]\n"
    "                          [--web MAP] [--partners BESTAND] [--schema MAP] [--threads N]\n"
    "                          [--client-timeout SECONDEN] [--cache-mb N] [--quiet]\n"
    "         wegwijzer-server token ORGANISATIE --partners BESTAND\n"
    "         (wegwijzer-server token --help: tokens intrekken en tonen)\n";

static const char TOKEN_USAGE[] =
    "gebruik: wegwijzer-server token ORGANISATIE --partners BESTAND   nieuw token (eenmaal "
    "getoond)\n"
    "         wegwijzer-server token --revoke ID --partners BESTAND   token intrekken\n"
    "         wegwijzer-server token --list --partners BESTAND        tokens tonen (zonder "
    "geheim)\n"
    "ORGANISATIE 'gemeente' maakt een token dat elk aanbod mag wijzigen.\n";

/* wegwijzer-server token ...: manages the partners file; prints a new token once. */
static int token_command(int argc, char **argv)
{
    static const struct option OPTIONS[] = {
        {"partners", required_argument, NULL, 'a'},
        {"revoke", required_argument, NULL, 'r'},
        {"list", no_argument, NULL, 'l'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    const char *file = NULL, *revoke = NULL;
    bool list = false;
    int opt;
    while ((opt = getopt_long(argc, argv, "", OPTIONS, NULL)) != -1) {
        switch (opt) {
        case 'a':
            file = optarg;
            break;
        case 'r':
            revoke = optarg;
            break;
        case 'l':
            list = true;
            break;
        case 'h':
            fputs(TOKEN_USAGE, stdout);
            return 0;
        default:
            fputs(TOKEN_USAGE, stderr);
            return 2;
        }
    }
    const char *organisation = optind + 1 == argc ? argv[optind] : NULL;
    if (!file || (!!organisation + !!revoke + list) != 1 || optind + !!organisation != argc) {
        fputs(TOKEN_USAGE, stderr);
        return 2;
    }
    char *err = NULL, *token = NULL;
    int rc = list     ? ww_partners_list(file, stdout, &err)
             : revoke ? ww_partners_revoke(file, revoke, &err)
                      : ww_partners_new_token(file, organisation, &token, &err);
    if (rc != 0) {
        fprintf(stderr, "wegwijzer-server: %s\n", err);
        free(err);
        return 1;
    }
    if (token) {
        printf("%s\n", token);
        fprintf(stderr,
                "wegwijzer-server: nieuw token voor %s. Geef het veilig door: het wordt "
                "niet bewaard en niet nog eens getoond.\n",
                organisation);
        free(token);
    } else if (revoke) {
        fprintf(stderr, "wegwijzer-server: token %s is ingetrokken\n", revoke);
    }
    return 0;
}

/* Reads optarg as a whole number in [min, max] into *out; false after saying what is allowed. */
static bool number_option(const char *name, long min, long max, const char *unit, long *out)
{
    char *end;
    long value = strtol(optarg, &end, 10);
    if (*end || value < min || value > max) {
        fprintf(stderr, "wegwijzer-server: --%s moet %ld tot %ld%s zijn\n", name, min, max, unit);
        return false;
    }
    *out = value;
    return true;
}

int main(int argc, char **argv)
{
    if (argc > 1 && strcmp(argv[1], "token") == 0)
        return token_command(argc - 1, argv + 1);
    static const struct option OPTIONS[] = {
        {"index", required_argument, NULL, 'i'},
        {"catalog", required_argument, NULL, 'c'},
        {"port", required_argument, NULL, 'p'},
        {"listen", required_argument, NULL, 'l'},
        {"web", required_argument, NULL, 'w'},
        {"partners", required_argument, NULL, 'a'},
        {"schema", required_argument, NULL, 's'},
        {"threads", required_argument, NULL, 't'},
        {"quiet", no_argument, NULL, 'q'},
        {"help", no_argument, NULL, 'h'},
        {"client-timeout", required_argument, NULL, 'T'},
        {"cache-mb", required_argument, NULL, 'C'},
        {NULL, 0, NULL, 0},
    };
    const char *index = NULL, *catalog = NULL, *listen = "127.0.0.1", *schema_arg = NULL,
               *web_arg = NULL, *partners = NULL;
    long port = 8080, threads = sysconf(_SC_NPROCESSORS_ONLN), client_timeout = 10, cache_mb = 16;
    bool quiet = false;
    int opt;
    while ((opt = getopt_long(argc, argv, "", OPTIONS, NULL)) != -1) {
        switch (opt) {
        case 'i':
            index = optarg;
            break;
        case 'c':
            catalog = optarg;
            break;
        case 'l':
            listen = optarg;
            break;
        case 's':
            schema_arg = optarg;
            break;
        case 'w':
            web_arg = optarg;
            break;
        case 'a':
            partners = optarg;
            break;
        case 'q':
            quiet = true;
            break;
        case 'p':
            if (!number_option("port", 0, 65535, "", &port))
                return 2;
            break;
        case 't':
            if (!number_option("threads", 1, 256, "", &threads))
                return 2;
            break;
        case 'T':
            if (!number_option("client-timeout", 1, 600, " seconden", &client_timeout))
                return 2;
            break;
        case 'C':
            if (!number_option("cache-mb", 0, 4096, "", &cache_mb))
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
    if (optind < argc || !index || !catalog) {
        fputs(USAGE, stderr);
        return 2;
    }
    if (threads < 1)
        threads = 2;

    /* Dates (geldig_tot) are Zwolle's, whatever the machine's zone. */
    setenv("TZ", "Europe/Amsterdam", 1);
    tzset();

    char *schema_dir = schema_arg ? ww_xstrdup(schema_arg) : ww_schema_default_dir();
    ww_diag diag = {0};
    ww_schema *schema = ww_schema_load(schema_dir, &diag);
    ww_diag_print(&diag, 0, stderr);
    ww_diag_free(&diag);
    if (!schema) {
        fprintf(stderr, "wegwijzer-server: het schema in %s is niet bruikbaar\n", schema_dir);
        free(schema_dir);
        return 2;
    }
    ww_readers_init(index, schema);
    ww_cache_init((size_t)cache_mb << 20);
    ww_api_init(schema);
    char *write_err = NULL;
    if (ww_write_init(schema, catalog, index, partners, &write_err) != 0) {
        fprintf(stderr, "wegwijzer-server: de index is niet bij te werken: %s\n", write_err);
        free(write_err);
        ww_schema_free(schema);
        free(schema_dir);
        return 2;
    }
    /* The website: --web, or web/ beside the program; without it only the API is served. */
    char *web_dir = web_arg ? ww_xstrdup(web_arg) : ww_find_beside_program("web");
    if (web_dir) {
        char *errmsg = NULL;
        if (ww_pages_init(schema, web_dir, &errmsg) != 0) {
            fprintf(stderr, "wegwijzer-server: %s\n", errmsg);
            free(errmsg);
            free(web_dir);
            ww_schema_free(schema);
            free(schema_dir);
            return 2;
        }
        ww_static_init(web_dir);
        ww_partner_init(schema, catalog, partners != NULL);
        ww_routes_enable_pages(true);
    }

    /* Signals are taken by sigwait below; the server's threads inherit this mask. */
    sigset_t stop_signals;
    sigemptyset(&stop_signals);
    sigaddset(&stop_signals, SIGINT);
    sigaddset(&stop_signals, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &stop_signals, NULL);
    signal(SIGPIPE, SIG_IGN);

    ww_daemon_options options = {.listen = listen,
                                 .port = (unsigned)port,
                                 .threads = (unsigned)threads,
                                 .client_timeout = (unsigned)client_timeout,
                                 .access_log = !quiet};
    char *errmsg = NULL;
    ww_daemon *daemon = ww_daemon_start(&options, &errmsg);
    if (!daemon) {
        fprintf(stderr, "wegwijzer-server: %s\n", errmsg);
        free(errmsg);
        ww_pages_free();
        free(web_dir);
        ww_schema_free(schema);
        free(schema_dir);
        return 2;
    }
    const char *host = strchr(listen, ':') ? "[%s]" : "%s";
    char shown[80];
    snprintf(shown, sizeof shown, host, listen);
    printf("wegwijzer-server: luistert op http://%s:%u (index %s, %ld threads)\n", shown,
           ww_daemon_port(daemon), index, threads);
    fflush(stdout);

    int sig = 0;
    sigwait(&stop_signals, &sig);
    printf("wegwijzer-server: %s ontvangen, stopt na lopende verzoeken\n",
           sig == SIGTERM ? "SIGTERM" : "SIGINT");
    fflush(stdout);
    ww_daemon_stop(daemon, 10.0);
    ww_cache_free();
    ww_pages_free();
    free(web_dir);
    ww_schema_free(schema);
    free(schema_dir);
    return 0;
}
