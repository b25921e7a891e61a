/* ww_daemon.c -- libmicrohttpd glue: requests in, responses out, limits, logging. */
#include "ww_daemon.h"

#include "ww_guard.h"
#include "ww_http.h"
#include "ww_metrics.h"
#include "ww_routes.h"
#include "ww_text.h"
#include "ww_time.h"
#include "ww_util.h"
#include "ww_workers.h"

#include <arpa/inet.h>
#include <ctype.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

enum {
    MAX_BODY = 256 * 1024, /* the largest catalog file, plus nothing */
    MAX_PARAMS = 100,
    MAX_FORM_FIELDS = 2000, /* the partners' entry form, with its rows of places and times */
    MEMORY_PER_CONNECTION = 64 * 1024, /* bounds the request line and headers */
    SPARE_FILES = 64 /* open files besides the connections: index, catalog, logs */
};

struct ww_daemon {
    struct MHD_Daemon *mhd;
    unsigned port;
    ww_server *srv;
    ww_guard *guard;
    ww_workers *workers; /* answer complete requests, whichever thread accepted them */
    bool access_log;
    atomic_int active_requests;
};

/* The record ww_guard keeps of a connection, which libmicrohttpd holds as its socket context. */
static ww_guarded *guarded(struct MHD_Connection *conn)
{
    const union MHD_ConnectionInfo *info =
        MHD_get_connection_info(conn, MHD_CONNECTION_INFO_SOCKET_CONTEXT);
    return info ? info->socket_context : NULL;
}

static void on_connection(void *cls, struct MHD_Connection *conn, void **socket_context,
                          enum MHD_ConnectionNotificationCode event)
{
    ww_daemon *d = cls;
    if (event == MHD_CONNECTION_NOTIFY_STARTED) {
        const union MHD_ConnectionInfo *info =
            MHD_get_connection_info(conn, MHD_CONNECTION_INFO_CONNECTION_FD);
        *socket_context = info ? ww_guard_opened(d->guard, info->connect_fd) : NULL;
    } else if (event == MHD_CONNECTION_NOTIFY_CLOSED) {
        ww_guard_closed(d->guard, *socket_context);
        *socket_context = NULL;
    }
}

typedef struct {
    struct timespec start;
    ww_buf body;
    /* While a worker answers: the connection is suspended, and `job` answers it into `res`. */
    struct ww_daemon *daemon;
    struct MHD_Connection *conn;
    const char *url, *http_method; /* libmicrohttpd's, valid while the connection lives */
    ww_job job;
    ww_response res;
    bool answered;        /* res is ready: the connection was resumed to send it */
    bool head_seen;       /* the access handler saw the complete request head */
    bool too_large;       /* the body outgrew MAX_BODY */
    bool too_many_params; /* the query string has more than MAX_PARAMS arguments */
    ww_route route;
    unsigned status;
    size_t bytes;
    char method[16];
    char *path;
} request_state;

/* Strict percent-decoding for the path and every parameter: a malformed escape ("%zz") or an
 * encoded NUL becomes the byte 0xFF, which is never valid UTF-8, so the request is refused
 * with 400 instead of being guessed at. */
static size_t strict_unescape(void *cls, struct MHD_Connection *conn, char *s)
{
    (void)cls;
    (void)conn;
    char *out = s;
    for (const char *p = s; *p;) {
        if (*p == '%') {
            if (isxdigit((unsigned char)p[1]) && isxdigit((unsigned char)p[2])) {
                char hex[3] = {p[1], p[2], 0};
                char c = (char)strtol(hex, NULL, 16);
                *out++ = c ? c : (char)0xFF;
                p += 3;
            } else {
                *out++ = (char)0xFF;
                p++;
            }
        } else if (*p == '+') {
            *out++ = ' ';
            p++;
        } else {
            *out++ = *p++;
        }
    }
    *out = '\0';
    return (size_t)(out - s);
}

typedef struct {
    ww_param items[MAX_PARAMS];
    size_t count;
    bool too_many;
} param_list;

static enum MHD_Result collect_param(void *cls, enum MHD_ValueKind kind, const char *key,
                                     const char *value)
{
    (void)kind;
    param_list *list = cls;
    if (list->count == MAX_PARAMS) {
        list->too_many = true;
        return MHD_NO;
    }
    list->items[list->count++] = (ww_param){key, value ? value : ""};
    return MHD_YES;
}

static void add_common_headers(struct MHD_Response *r)
{
    MHD_add_response_header(r, "X-Content-Type-Options", "nosniff");
    MHD_add_response_header(r, "X-Frame-Options", "DENY");
    MHD_add_response_header(r, "Referrer-Policy", "no-referrer");
    MHD_add_response_header(r, "Content-Security-Policy",
                            "default-src 'self'; frame-ancestors 'none'; base-uri 'none'; "
                            "form-action 'self'");
}

static enum MHD_Result send_response(struct MHD_Connection *conn, request_state *st,
                                     ww_response *res)
{
    struct MHD_Response *r =
        MHD_create_response_from_buffer(res->body_len, res->body, MHD_RESPMEM_MUST_FREE);
    if (!r) {
        ww_response_free(res);
        return MHD_NO;
    }
    res->body = NULL; /* libmicrohttpd frees it now */
    MHD_add_response_header(r, "Content-Type", res->content_type);
    add_common_headers(r);
    bool cache_set = false;
    for (size_t i = 0; i < res->header_count; i++) {
        MHD_add_response_header(r, res->headers[i].name, res->headers[i].value);
        cache_set |= strcmp(res->headers[i].name, "Cache-Control") == 0;
    }
    if (!cache_set)
        MHD_add_response_header(r, "Cache-Control", "no-cache");
    st->status = res->status;
    st->bytes = res->body_len;
    enum MHD_Result ok = MHD_queue_response(conn, res->status, r);
    MHD_destroy_response(r);
    ww_response_free(res);
    return ok;
}

static const char *header(struct MHD_Connection *conn, const char *name)
{
    return MHD_lookup_connection_value(conn, MHD_HEADER_KIND, name);
}

/* The request as handlers see it: headers, parameters and body. A posted form is decoded in
 * place into `form` (its fields point into the body; NULL: not yet); false when it is
 * malformed. */
static bool read_request(struct MHD_Connection *conn, const char *url, const char *method,
                         request_state *st, const param_list *params, ww_param *form,
                         ww_request *req)
{
    *req = (ww_request){
        .method = method,
        .path = url,
        .params = params->items,
        .param_count = params->count,
        .bad_encoding = !ww_utf8_valid(url, strlen(url), NULL),
        .body = st->body.data ? st->body.data : "",
        .body_len = st->body.len,
        .content_type = header(conn, "Content-Type"),
        .authorization = header(conn, "Authorization"),
        .if_match = header(conn, "If-Match"),
        .cookie = header(conn, "Cookie"),
        .origin = header(conn, "Origin"),
        .fetch_site = header(conn, "Sec-Fetch-Site"),
        .host = header(conn, "Host"),
    };
    const char *proto = header(conn, "X-Forwarded-Proto");
    req->over_tls = proto && strcasecmp(proto, "https") == 0;
    if (!form || strcmp(method, "POST") != 0 || !req->content_type || !st->body.data ||
        strncasecmp(req->content_type, WW_FORM_TYPE, strlen(WW_FORM_TYPE)) != 0)
        return true;
    long n = ww_form_parse(st->body.data, form, MAX_FORM_FIELDS);
    req->form = form;
    req->form_count = n < 0 ? 0 : (size_t)n;
    return n >= 0;
}

/* Called when the request line is in, before libmicrohttpd splits the query string: the
 * request's state starts here, and becomes its *con_cls. A query string with more arguments
 * than the API ever takes is marked for a 400. libmicrohttpd 0.9.75 itself would run out of its
 * per-connection memory on some thousand arguments and then never answer (fixed in 1.0.0, whose
 * receiving was rewritten); it splits the arguments only after this callback, from the very
 * bytes this callback is shown, so cutting them off here keeps it from trying. */
static void *on_request_line(void *cls, const char *uri, struct MHD_Connection *conn)
{
    ww_daemon *d = cls;
    (void)conn;
    request_state *st = ww_xcalloc(1, sizeof *st);
    clock_gettime(CLOCK_MONOTONIC, &st->start);
    snprintf(st->method, sizeof st->method, "-");
    st->path = ww_xstrndup(uri, strcspn(uri, "?") < 200 ? strcspn(uri, "?") : 200);
    st->route = WW_ROUTE_OTHER;
    char *query = strchr(uri, '?');
    size_t arguments = 0; /* "a=1&&b" has two, as libmicrohttpd counts them */
    for (const char *p = query; p && *p; p++)
        arguments += (*p == '?' || *p == '&') && p[1] && p[1] != '&';
    if (arguments > MAX_PARAMS) {
        st->too_many_params = true;
#if MHD_VERSION < 0x01000000
        query[1] = '\0';
#endif
    }
    atomic_fetch_add(&d->active_requests, 1);
    return st;
}

static enum MHD_Result count_header(void *cls, enum MHD_ValueKind kind, const char *key,
                                    const char *value)
{
    (void)kind;
    (void)value;
    size_t *n = cls;
    *n += strcasecmp(key, "Content-Length") == 0;
    return MHD_YES;
}

/* What can be answered as soon as the request head is complete, before a byte of its body is
 * read: too many arguments, a Content-Length given twice (RFC 9112 says 400: two lengths are a
 * way to smuggle a request past a proxy) or over the limit, and whatever the route refuses
 * without its body (a write without a token, a partner's POST without a session cookie). False
 * after replying: no "100 Continue" is sent and the body is never read. */
static bool head_acceptable(ww_daemon *d, struct MHD_Connection *conn, const char *url,
                            const char *method, request_state *st, ww_response *res)
{
    snprintf(st->method, sizeof st->method, "%s", method);
    size_t lengths = 0;
    MHD_get_connection_values(conn, MHD_HEADER_KIND, count_header, &lengths);
    const char *length = header(conn, "Content-Length");
    if (st->too_many_params) {
        ww_reply_error(res, 400, "bad_parameter", "te veel parameters (ten hoogste %d)",
                       MAX_PARAMS);
    } else if (lengths > 1) {
        ww_reply_error(res, 400, "bad_request", "Content-Length staat er meer dan eens");
    } else if (length && strtoull(length, NULL, 10) > MAX_BODY) {
        ww_reply_error(res, 413, "too_large", "het verzoek is te groot (ten hoogste %d bytes)",
                       MAX_BODY);
    } else {
        param_list params = {.count = 0};
        MHD_get_connection_values(conn, MHD_GET_ARGUMENT_KIND, collect_param, &params);
        ww_request req;
        read_request(conn, url, method, st, &params, NULL, &req);
        return ww_dispatch_head(d->srv, &req, res, &st->route);
    }
    return false;
}

/* The request, complete: to its handler. */
static void answer(ww_daemon *d, struct MHD_Connection *conn, const char *url, const char *method,
                   request_state *st, ww_response *res)
{
    param_list params = {.count = 0};
    MHD_get_connection_values(conn, MHD_GET_ARGUMENT_KIND, collect_param, &params);
    static _Thread_local ww_param form[MAX_FORM_FIELDS];
    ww_request req;
    if (!read_request(conn, url, method, st, &params, form, &req))
        ww_reply_error(res, 400, "bad_form", "het formulier is niet goed verstuurd");
    else if (st->too_large)
        ww_reply_error(res, 413, "too_large", "het verzoek is te groot (ten hoogste %d bytes)",
                       MAX_BODY);
    else if (params.too_many)
        ww_reply_error(res, 400, "bad_parameter", "te veel parameters (ten hoogste %d)",
                       MAX_PARAMS);
    else
        st->route = ww_dispatch(d->srv, &req, res);
}

/* A worker's job: answers the request, then resumes its connection, whose thread sends it. */
static void answer_on_worker(void *arg)
{
    request_state *st = arg;
    answer(st->daemon, st->conn, st->url, st->http_method, st, &st->res);
    st->answered = true;
    MHD_resume_connection(st->conn);
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *conn, const char *url,
                                  const char *method, const char *version, const char *upload_data,
                                  size_t *upload_size, void **con_cls)
{
    ww_daemon *d = cls;
    (void)version;
    request_state *st = *con_cls;
    ww_response res = {0};
    if (st->answered) {
        return send_response(conn, st, &st->res);
    } else if (!st->head_seen) {
        st->head_seen = true;
        if (head_acceptable(d, conn, url, method, st, &res))
            return MHD_YES;
    } else if (*upload_size) {
        if (st->body.len + *upload_size > MAX_BODY)
            st->too_large = true;
        else
            ww_buf_append(&st->body, upload_data, *upload_size);
        *upload_size = 0;
        return MHD_YES;
    } else {
        /* The request is in: a worker answers it while this thread serves its other
         * connections. */
        ww_guard_received(d->guard, guarded(conn));
        st->daemon = d;
        st->conn = conn;
        st->url = url;
        st->http_method = method;
        st->job = (ww_job){.run = answer_on_worker, .arg = st};
        MHD_suspend_connection(conn);
        if (!ww_workers_submit(d->workers, &st->job))
            answer_on_worker(st); /* the server is stopping: answered here, as it stops */
        return MHD_YES;
    }
    ww_guard_received(d->guard, guarded(conn));
    return send_response(conn, st, &res);
}

static double seconds_since(const struct timespec *start)
{
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return (double)(now.tv_sec - start->tv_sec) + (double)(now.tv_nsec - start->tv_nsec) / 1e9;
}

/* The access log has no client address and no query string: a query can say who is asking. */
static void on_completed(void *cls, struct MHD_Connection *conn, void **con_cls,
                         enum MHD_RequestTerminationCode how)
{
    ww_daemon *d = cls;
    (void)how;
    ww_guard_answered(d->guard, guarded(conn));
    request_state *st = *con_cls;
    if (!st)
        return;
    double seconds = seconds_since(&st->start);
    ww_metrics_record(d->srv->metrics, st->route, st->status ? st->status : 499, seconds);
    if (d->access_log) {
        char when[WW_UTC_SIZE];
        ww_utc_now(when);
        /* The path is cut at non-printable bytes: the log stays one line per request. */
        for (char *p = st->path; *p; p++)
            if ((unsigned char)*p < 0x20 || *p == 0x7F)
                *p = '?';
        printf("%s %s %s %u %.1fms %zuB\n", when, st->method, st->path,
               st->status ? st->status : 499, seconds * 1000, st->bytes);
        fflush(stdout);
    }
    ww_buf_free(&st->body);
    ww_response_free(&st->res); /* an answer made but never sent: the client or the server went */
    free(st->path);
    free(st);
    *con_cls = NULL;
    atomic_fetch_sub(&d->active_requests, 1);
}

/* The connections the server can hold: `wanted`, with the open-file limit raised to allow it
 * as far as the system lets a process raise it, and lowered to fit otherwise. */
static unsigned connection_limit(unsigned wanted)
{
    struct rlimit files;
    if (getrlimit(RLIMIT_NOFILE, &files) != 0)
        return wanted;
    rlim_t needed = (rlim_t)wanted + SPARE_FILES;
    if (files.rlim_cur < needed) {
        files.rlim_cur = files.rlim_max < needed ? files.rlim_max : needed;
        setrlimit(RLIMIT_NOFILE, &files);
        getrlimit(RLIMIT_NOFILE, &files);
    }
    if (files.rlim_cur >= needed)
        return wanted;
    return files.rlim_cur > 2 * SPARE_FILES ? (unsigned)(files.rlim_cur - SPARE_FILES)
                                            : SPARE_FILES;
}

ww_daemon *ww_daemon_start(const ww_daemon_options *opt, ww_server *srv, char **errmsg)
{
    struct sockaddr_in6 addr6 = {0};
    struct sockaddr_in addr4 = {0};
    struct sockaddr *addr;
    /* poll, not epoll (which MHD_USE_AUTO picks): with a thread pool, libmicrohttpd 0.9.75-0.9.77
     * takes the listen socket out of each worker's epoll set in MHD_quiesce_daemon while that
     * worker may already have done so itself, and then aborts ("Failed to remove listen FD from
     * epoll set"): a SIGTERM under load ended the server with 134 about once in 60. */
    unsigned flags =
        MHD_USE_POLL_INTERNAL_THREAD | MHD_USE_ERROR_LOG | MHD_USE_ITC | MHD_ALLOW_SUSPEND_RESUME;
    if (inet_pton(AF_INET, opt->listen, &addr4.sin_addr) == 1) {
        addr4.sin_family = AF_INET;
        addr4.sin_port = htons((uint16_t)opt->port);
        addr = (struct sockaddr *)&addr4;
    } else if (inet_pton(AF_INET6, opt->listen, &addr6.sin6_addr) == 1) {
        addr6.sin6_family = AF_INET6;
        addr6.sin6_port = htons((uint16_t)opt->port);
        addr = (struct sockaddr *)&addr6;
        flags |= MHD_USE_IPv6;
    } else {
        *errmsg = ww_xasprintf("'%s' is geen IP-adres om op te luisteren", opt->listen);
        return NULL;
    }
    ww_daemon *d = ww_xcalloc(1, sizeof *d);
    d->srv = srv;
    d->access_log = opt->access_log;
    d->guard = ww_guard_start(opt->request_timeout, srv->metrics);
    d->workers = ww_workers_start(opt->threads);
    if (!d->workers) {
        *errmsg = ww_xstrdup("kan geen threads starten om verzoeken te beantwoorden");
        ww_guard_stop(d->guard);
        free(d);
        return NULL;
    }
    d->mhd = MHD_start_daemon(
        flags, (uint16_t)opt->port, NULL, NULL, on_request, d, MHD_OPTION_SOCK_ADDR, addr,
        MHD_OPTION_THREAD_POOL_SIZE, (unsigned)opt->threads, MHD_OPTION_CONNECTION_LIMIT,
        connection_limit(opt->max_connections), MHD_OPTION_PER_IP_CONNECTION_LIMIT,
        opt->max_connections_per_ip, MHD_OPTION_CONNECTION_TIMEOUT, opt->client_timeout,
        MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)MEMORY_PER_CONNECTION,
        MHD_OPTION_UNESCAPE_CALLBACK, strict_unescape, NULL, MHD_OPTION_URI_LOG_CALLBACK,
        on_request_line, d, MHD_OPTION_NOTIFY_CONNECTION, on_connection, d,
        MHD_OPTION_NOTIFY_COMPLETED, on_completed, d, MHD_OPTION_END);
    if (!d->mhd) {
        *errmsg =
            ww_xasprintf("kan niet luisteren op %s poort %u (bezet?)", opt->listen, opt->port);
        ww_workers_free(d->workers);
        ww_guard_stop(d->guard);
        free(d);
        return NULL;
    }
    const union MHD_DaemonInfo *info = MHD_get_daemon_info(d->mhd, MHD_DAEMON_INFO_BIND_PORT);
    d->port = info ? info->port : opt->port;
    return d;
}

unsigned ww_daemon_port(const ww_daemon *d)
{
    return d->port;
}

void ww_daemon_stop(ww_daemon *d, double grace_seconds)
{
    if (!d)
        return;
    /* No new connections; requests in flight get `grace_seconds` to finish. */
    MHD_socket listener = MHD_quiesce_daemon(d->mhd);
    struct timespec start;
    clock_gettime(CLOCK_MONOTONIC, &start);
    while (atomic_load(&d->active_requests) > 0 && seconds_since(&start) < grace_seconds)
        usleep(10 * 1000);
    /* A suspended connection must be resumed before libmicrohttpd stops: the workers finish
     * every request they were handed first. A request that comes in on a kept-alive connection
     * after that is answered on its own thread (ww_workers_submit refuses it), so the pool is
     * freed only once libmicrohttpd has stopped. */
    ww_workers_stop(d->workers);
    MHD_stop_daemon(d->mhd);
    ww_workers_free(d->workers);
    if (listener != MHD_INVALID_SOCKET)
        close(listener);
    ww_guard_stop(d->guard);
    free(d);
}
