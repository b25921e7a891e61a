/* main.c -- wegwijzer-server: serves the search index over HTTP.
 *
 *   wegwijzer-server --index DIR --catalog DIR [--port N] [--listen ADDR] [--web DIR]
 *   wegwijzer-server --regio FILE [the same options but --index, --catalog and --partners]
 *                    [--partners FILE] [--schema DIR] [--threads N] [--cache-mb N] [--quiet]
 *                    [--client-timeout S] [--request-timeout S] [--max-connections N]
 *                    [--max-connections-per-ip N] [--geen-vraagstatistiek]
 *
 * Start-up reads straight through: options, the server's context (ww_server_open), listen,
 * wait for SIGTERM or SIGINT, stop gracefully. The --web folder holds the templates, the static
 * files and the site's configuration (site.yaml); a problem in any of them, like one in the
 * schema, is printed with its file and line and ends the program with status 2. */
#include "ww_daemon.h"
#include "ww_server.h"
#include "ww_tokens.h"
#include "ww_util.h"

#include <getopt.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static const char USAGE[] =
    "gebruik: wegwijzer-server --index MAP --catalog MAP [--port N] [--listen ADRES]\n"
    "                          [--web MAP] [--partners BESTAND] [--schema MAP] [--threads N]\n"
    "                          [--cache-mb N] [--quiet] [--client-timeout SECONDEN]\n"
    "                          [--request-timeout SECONDEN] [--max-connections N]\n"
    "                          [--max-connections-per-ip N] [--words BESTAND]\n"
    "                          [--geen-vraagstatistiek]\n"
    "         wegwijzer-server --regio BESTAND [--port N] [--web MAP] ...\n"
    "                          (de gemeenten van een regio samen; zie "
    "schema/regio.voorbeeld.yaml)\n"
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
    int rc = list     ? ww_tokens_list(file, stdout, &err)
             : revoke ? ww_tokens_revoke(file, revoke, &err)
                      : ww_tokens_new(file, organisation, &token, &err);
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

typedef struct {
    ww_server_options server;
    ww_daemon_options daemon;
} options;

static const struct option OPTIONS[] = {
    {"index", required_argument, NULL, 'i'},
    {"regio", required_argument, NULL, 'r'},
    {"catalog", required_argument, NULL, 'c'},
    {"port", required_argument, NULL, 'p'},
    {"listen", required_argument, NULL, 'l'},
    {"web", required_argument, NULL, 'w'},
    {"partners", required_argument, NULL, 'a'},
    {"schema", required_argument, NULL, 's'},
    {"words", required_argument, NULL, 'W'},
    {"threads", required_argument, NULL, 't'},
    {"quiet", no_argument, NULL, 'q'},
    {"geen-vraagstatistiek", no_argument, NULL, 'g'},
    {"help", no_argument, NULL, 'h'},
    {"client-timeout", required_argument, NULL, 'T'},
    {"cache-mb", required_argument, NULL, 'C'},
    {"request-timeout", required_argument, NULL, 'R'},
    {"max-connections", required_argument, NULL, 'M'},
    {"max-connections-per-ip", required_argument, NULL, 'I'},
    {NULL, 0, NULL, 0},
};

/* Reads the command line into *o: -1 when the program may go on, else the exit status after
 * printing the help (0) or why not (2). */
/* The options that take a text: true when `opt` is one of them. */
static bool text_option(int opt, options *o)
{
    ww_server_options *s = &o->server;
    switch (opt) {
    case 'i':
        s->index_dir = optarg;
        return true;
    case 'r':
        s->region_file = optarg;
        return true;
    case 'c':
        s->catalog_dir = optarg;
        return true;
    case 'l':
        o->daemon.listen = optarg;
        return true;
    case 's':
        s->schema_dir = optarg;
        return true;
    case 'W':
        s->words_file = optarg;
        return true;
    case 'w':
        s->web_dir = optarg;
        return true;
    case 'a':
        s->partners_file = optarg;
        return true;
    case 'q':
        o->daemon.access_log = false;
        return true;
    case 'g':
        o->server.question_count = false;
        return true;
    default:
        return false;
    }
}

static int read_options(int argc, char **argv, options *o)
{
    long port = 8080, threads = sysconf(_SC_NPROCESSORS_ONLN), client_timeout = 10, cache_mb = 16,
         request_timeout = 30, connections = 4096, per_ip = 64;
    const struct {
        int opt;
        const char *name;
        long min, max;
        const char *unit;
        long *value;
    } NUMBERS[] = {
        {'p', "port", 0, 65535, "", &port},
        {'t', "threads", 1, 256, "", &threads},
        {'T', "client-timeout", 1, 600, " seconden", &client_timeout},
        {'R', "request-timeout", 1, 600, " seconden", &request_timeout},
        {'C', "cache-mb", 0, 4096, "", &cache_mb},
        {'M', "max-connections", 16, 100000, "", &connections},
        {'I', "max-connections-per-ip", 0, 100000, " (0: geen grens)", &per_ip},
    };
    o->daemon = (ww_daemon_options){.listen = "127.0.0.1", .access_log = true};
    o->server.question_count = true;
    for (int opt; (opt = getopt_long(argc, argv, "", OPTIONS, NULL)) != -1;) {
        if (opt == 'h') {
            fputs(USAGE, stdout);
            return 0;
        }
        size_t n = 0;
        while (n < sizeof NUMBERS / sizeof *NUMBERS && NUMBERS[n].opt != opt)
            n++;
        bool known = n < sizeof NUMBERS / sizeof *NUMBERS;
        if (known && !number_option(NUMBERS[n].name, NUMBERS[n].min, NUMBERS[n].max,
                                    NUMBERS[n].unit, NUMBERS[n].value))
            return 2;
        if (!known && !text_option(opt, o)) {
            fputs(USAGE, stderr);
            return 2;
        }
    }
    /* A region searches the gemeenten's own indexes and writes nothing: no index, catalog or
     * partners of its own. */
    bool region = o->server.region_file != NULL;
    if (optind < argc || (!region && (!o->server.index_dir || !o->server.catalog_dir)) ||
        (region && (o->server.index_dir || o->server.catalog_dir || o->server.partners_file))) {
        fputs(USAGE, stderr);
        return 2;
    }
    o->daemon.port = (unsigned)port;
    o->daemon.threads = threads < 1 ? 2 : (unsigned)threads;
    o->daemon.client_timeout = (unsigned)client_timeout;
    o->daemon.request_timeout = (unsigned)request_timeout;
    o->daemon.max_connections = (unsigned)connections;
    o->daemon.max_connections_per_ip = (unsigned)per_ip;
    o->server.cache_bytes = (size_t)cache_mb << 20;
    return -1;
}

/* Serves until SIGTERM or SIGINT, then stops after the requests in flight. */
static int serve(ww_server *srv, const options *o)
{
    /* Signals are taken by sigwait below; the server's threads inherit this mask. */
    sigset_t stop_signals;
    sigemptyset(&stop_signals);
    sigaddset(&stop_signals, SIGINT);
    sigaddset(&stop_signals, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &stop_signals, NULL);
    signal(SIGPIPE, SIG_IGN);
    /* A file over the size limit (ulimit -f) fails its write with EFBIG, which the write path
     * reports, instead of ending the server. */
    signal(SIGXFSZ, SIG_IGN);

    char *errmsg = NULL;
    ww_daemon *daemon = ww_daemon_start(&o->daemon, srv, &errmsg);
    if (!daemon) {
        fprintf(stderr, "wegwijzer-server: %s\n", errmsg);
        free(errmsg);
        return 2;
    }
    const char *listen = o->daemon.listen;
    char shown[80];
    snprintf(shown, sizeof shown, strchr(listen, ':') ? "[%s]" : "%s", listen);
    printf("wegwijzer-server: luistert op http://%s:%u (%s %s, %u threads)\n", shown,
           ww_daemon_port(daemon), o->server.region_file ? "regio" : "index",
           o->server.region_file ? o->server.region_file : o->server.index_dir, o->daemon.threads);
    fflush(stdout);

    int sig = 0;
    sigwait(&stop_signals, &sig);
    printf("wegwijzer-server: %s ontvangen, stopt na lopende verzoeken\n",
           sig == SIGTERM ? "SIGTERM" : "SIGINT");
    fflush(stdout);
    ww_daemon_stop(daemon, 10.0);
    return 0;
}

int main(int argc, char **argv)
{
    if (argc > 1 && strcmp(argv[1], "token") == 0)
        return token_command(argc - 1, argv + 1);
    options o = {0};
    int status = read_options(argc, argv, &o);
    if (status >= 0)
        return status;

    /* Dates (geldig_tot) are Zwolle's, whatever the machine's zone. */
    setenv("TZ", "Europe/Amsterdam", 1);
    tzset();

    ww_diag diag = {0};
    char *errmsg = NULL;
    ww_server *srv = ww_server_open(&o.server, &diag, &errmsg);
    ww_diag_print(&diag, 0, stderr);
    ww_diag_free(&diag);
    if (!srv) {
        fprintf(stderr, "wegwijzer-server: %s\n", errmsg);
        free(errmsg);
        return 2;
    }
    status = serve(srv, &o);
    ww_server_close(srv);
    return status;
}
