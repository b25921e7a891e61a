/* ww_workers.c -- a fixed pool of threads that run jobs from one queue. */
#include "ww_workers.h"

#include "ww_util.h"

#include <pthread.h>
#include <stdbool.h>
#include <stdlib.h>

struct ww_workers {
    pthread_mutex_t lock;
    pthread_cond_t work; /* a job was queued, or the pool is stopping */
    ww_job *head, *tail; /* first in, first out */
    bool stopping;       /* no more jobs are taken */
    unsigned count;      /* threads started and not yet joined */
    pthread_t *threads;
};

/* The next job, waiting for one; NULL when the pool stops and the queue is empty. */
static ww_job *next_job(ww_workers *w)
{
    pthread_mutex_lock(&w->lock);
    while (!w->head && !w->stopping)
        pthread_cond_wait(&w->work, &w->lock);
    ww_job *job = w->head;
    if (job) {
        w->head = job->next;
        if (!w->head)
            w->tail = NULL;
    }
    pthread_mutex_unlock(&w->lock);
    return job;
}

static void *work(void *arg)
{
    ww_workers *w = arg;
    for (ww_job *job; (job = next_job(w));)
        job->run(job->arg);
    return NULL;
}

ww_workers *ww_workers_start(unsigned count)
{
    if (count == 0)
        count = 1;
    ww_workers *w = ww_xcalloc(1, sizeof *w);
    pthread_mutex_init(&w->lock, NULL);
    pthread_cond_init(&w->work, NULL);
    w->threads = ww_xcalloc(count, sizeof *w->threads);
    for (unsigned i = 0; i < count; i++)
        if (pthread_create(&w->threads[w->count], NULL, work, w) == 0)
            w->count++;
    if (w->count == 0) {
        ww_workers_free(w);
        return NULL;
    }
    return w;
}

bool ww_workers_submit(ww_workers *w, ww_job *job)
{
    job->next = NULL;
    pthread_mutex_lock(&w->lock);
    bool taken = !w->stopping;
    if (taken) {
        if (w->tail)
            w->tail->next = job;
        else
            w->head = job;
        w->tail = job;
        pthread_cond_signal(&w->work);
    }
    pthread_mutex_unlock(&w->lock);
    return taken;
}

void ww_workers_stop(ww_workers *w)
{
    pthread_mutex_lock(&w->lock);
    w->stopping = true;
    pthread_cond_broadcast(&w->work);
    pthread_mutex_unlock(&w->lock);
    for (unsigned i = 0; i < w->count; i++)
        pthread_join(w->threads[i], NULL);
    w->count = 0;
}

void ww_workers_free(ww_workers *w)
{
    if (!w)
        return;
    ww_workers_stop(w);
    pthread_cond_destroy(&w->work);
    pthread_mutex_destroy(&w->lock);
    free(w->threads);
    free(w);
}
