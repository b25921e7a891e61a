/* ww_guard.h -- a deadline for receiving every request.
 *
 * libmicrohttpd drops a client that stays silent for the client timeout, but not one that sends
 * a header line or a byte of its body every few seconds and never finishes ("slowloris"):
 * enough of those hold every connection the server has. The guard notes when each connection
 * starts waiting for a request (at its start, and again after each answer on a kept-alive
 * connection) and when the request is in; a thread of its own shuts a connection down whose
 * request is not in within the deadline. It keeps no addresses, only socket numbers and times.
 *
 * Threads: libmicrohttpd's threads call in; one lock inside. */
#ifndef WW_GUARD_H
#define WW_GUARD_H

#include "ww_metrics.h"

#include <stdbool.h>

typedef struct ww_guard ww_guard;
typedef struct ww_guarded ww_guarded; /* one connection under guard */

/* Starts the guard's thread: a request must be in within `seconds`. Each connection cut is
 * counted in `metrics` (borrowed until ww_guard_stop). */
ww_guard *ww_guard_start(unsigned seconds, ww_metrics *metrics);
/* Stops the thread; every connection must have been closed (ww_guard_closed) before. */
void ww_guard_stop(ww_guard *guard);

/* A new connection on socket `fd`: returns its record (freed by ww_guard_closed). */
ww_guarded *ww_guard_opened(ww_guard *guard, int fd);
/* The connection is closed (libmicrohttpd calls this before it closes the socket). */
void ww_guard_closed(ww_guard *guard, ww_guarded *connection);

/* Its request is in (or refused from its head alone): no deadline until it is answered. */
void ww_guard_received(ww_guard *guard, ww_guarded *connection);
/* Its request is answered: the deadline for the next head starts now. */
void ww_guard_answered(ww_guard *guard, ww_guarded *connection);

#endif
