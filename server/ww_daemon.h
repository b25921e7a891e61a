/* ww_daemon.h -- the HTTP server on libmicrohttpd: a thread pool, limits on connections (in
 * all and per client address), on request sizes, on idle clients and on slowly trickling
 * requests (ww_guard), and a graceful stop. Requests go to ww_dispatch with the server's context;
 * each is counted in its metrics. No client address is kept: libmicrohttpd counts them itself. */
#ifndef WW_DAEMON_H
#define WW_DAEMON_H

#include "ww_server.h"

#include <stdbool.h>

typedef struct {
    const char *listen; /* an IPv4 or IPv6 address */
    unsigned port;      /* 0: any free port (see ww_daemon_port) */
    unsigned threads;
    unsigned client_timeout;  /* seconds a client may stay silent before it is dropped */
    unsigned request_timeout; /* seconds a request (head and body) may take, however it trickles */
    unsigned max_connections; /* in all (lowered to what the open-file limit allows) */
    unsigned max_connections_per_ip; /* from one client address; 0: no limit (behind a proxy) */
    bool access_log;                 /* one line per request on stdout, without client addresses */
} ww_daemon_options;

typedef struct ww_daemon ww_daemon;

/* Starts serving `srv` (borrowed until ww_daemon_stop); NULL with *errmsg (caller frees) when
 * it cannot listen. */
ww_daemon *ww_daemon_start(const ww_daemon_options *options, ww_server *srv, char **errmsg);
unsigned ww_daemon_port(const ww_daemon *daemon);
/* Stops accepting connections, waits up to grace_seconds for requests in flight, then stops
 * and frees the daemon. */
void ww_daemon_stop(ww_daemon *daemon, double grace_seconds);

#endif
