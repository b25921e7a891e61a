/* ww_guard.c -- connections waiting for their request, and a thread that ends the late ones. */
#include "ww_guard.h"

#include "ww_util.h"

#include <pthread.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <time.h>

struct ww_guarded {
    ww_guarded *prev, *next;
    int fd;
    bool waiting; /* for a request */
    bool shut;    /* shut down already */
    time_t since; /* waiting since */
};

struct ww_guard {
    unsigned seconds;
    ww_metrics *metrics;
    pthread_t thread;
    pthread_mutex_t lock; /* guards what follows */
    pthread_cond_t wake;
    ww_guarded *first;
    bool stop;
};

static time_t now_s(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec;
}

/* Shuts down the connections whose request is late (caller holds the lock). The socket is still
 * libmicrohttpd's: it sees the end of the stream and closes it, and tells ww_guard_closed first,
 * under this same lock, so a socket number here is never one that was closed and reused. */
static void shut_late(ww_guard *g)
{
    time_t now = now_s();
    for (ww_guarded *c = g->first; c; c = c->next)
        if (c->waiting && !c->shut && now - c->since >= (time_t)g->seconds) {
            shutdown(c->fd, SHUT_RDWR);
            c->shut = true;
            ww_metrics_count_late_request(g->metrics);
        }
}

static void *guard_main(void *arg)
{
    ww_guard *g = arg;
    pthread_mutex_lock(&g->lock);
    while (!g->stop) {
        struct timespec until;
        clock_gettime(CLOCK_REALTIME, &until);
        until.tv_sec += 1;
        pthread_cond_timedwait(&g->wake, &g->lock, &until);
        shut_late(g);
    }
    pthread_mutex_unlock(&g->lock);
    return NULL;
}

ww_guard *ww_guard_start(unsigned seconds, ww_metrics *metrics)
{
    ww_guard *g = ww_xcalloc(1, sizeof *g);
    g->seconds = seconds;
    g->metrics = metrics;
    pthread_mutex_init(&g->lock, NULL);
    pthread_cond_init(&g->wake, NULL);
    if (pthread_create(&g->thread, NULL, guard_main, g) != 0)
        abort(); /* no thread for it: the process has no resources to serve with */
    return g;
}

void ww_guard_stop(ww_guard *g)
{
    if (!g)
        return;
    pthread_mutex_lock(&g->lock);
    g->stop = true;
    pthread_cond_signal(&g->wake);
    pthread_mutex_unlock(&g->lock);
    pthread_join(g->thread, NULL);
    while (g->first) { /* none should be left; free them all the same */
        ww_guarded *c = g->first;
        g->first = c->next;
        free(c);
    }
    pthread_cond_destroy(&g->wake);
    pthread_mutex_destroy(&g->lock);
    free(g);
}

ww_guarded *ww_guard_opened(ww_guard *g, int fd)
{
    ww_guarded *c = ww_xcalloc(1, sizeof *c);
    c->fd = fd;
    c->waiting = true;
    c->since = now_s();
    pthread_mutex_lock(&g->lock);
    c->next = g->first;
    if (g->first)
        g->first->prev = c;
    g->first = c;
    pthread_mutex_unlock(&g->lock);
    return c;
}

void ww_guard_closed(ww_guard *g, ww_guarded *c)
{
    if (!c)
        return;
    pthread_mutex_lock(&g->lock);
    if (c->prev)
        c->prev->next = c->next;
    else
        g->first = c->next;
    if (c->next)
        c->next->prev = c->prev;
    pthread_mutex_unlock(&g->lock);
    free(c);
}

void ww_guard_received(ww_guard *g, ww_guarded *c)
{
    if (!c)
        return;
    pthread_mutex_lock(&g->lock);
    c->waiting = false;
    pthread_mutex_unlock(&g->lock);
}

void ww_guard_answered(ww_guard *g, ww_guarded *c)
{
    if (!c)
        return;
    pthread_mutex_lock(&g->lock);
    c->waiting = true;
    c->since = now_s();
    pthread_mutex_unlock(&g->lock);
}
