/* ww_workers.h -- a fixed pool of threads that run jobs from one queue.
 *
 * libmicrohttpd keeps a connection on the thread that accepted it, so with few clients one
 * thread can queue the work while another core sits idle. The daemon hands each complete
 * request to this pool instead (the connection suspended meanwhile): any idle worker takes the
 * next job, whichever thread accepted it. Each worker keeps its own index reader (ww_readers is
 * per thread), so there are as many readers as workers.
 *
 * Threads: ww_workers_submit from any thread; start, stop and free from one. */
#ifndef WW_WORKERS_H
#define WW_WORKERS_H

#include <stdbool.h>
#include <stddef.h>

typedef struct ww_workers ww_workers;

/* One job: `run(arg)` on a worker. The caller owns the job's memory and keeps it until `run`
 * has started (it is embedded in what `arg` points to, so nothing is allocated per job). */
typedef struct ww_job {
    void (*run)(void *arg);
    void *arg;
    struct ww_job *next; /* the queue's */
} ww_job;

/* Starts `count` workers (at least one); NULL when no thread could be started. */
ww_workers *ww_workers_start(unsigned count);
/* Queues `job` (run and arg set) for the next idle worker; false, and nothing queued, once the
 * pool is stopping (the caller runs the job itself then). */
bool ww_workers_submit(ww_workers *workers, ww_job *job);
/* Runs every job queued so far, then stops the workers; later jobs are refused. The pool stays
 * until ww_workers_free, so that a late ww_workers_submit is safe. */
void ww_workers_stop(ww_workers *workers);
/* Stops the pool if need be and frees it, once nobody can submit any more. NULL is allowed. */
void ww_workers_free(ww_workers *workers);

#endif
