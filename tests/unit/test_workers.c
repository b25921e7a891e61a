/* test_workers.c -- the pool that answers requests: every job queued runs, stopping runs what
 * is still queued and refuses what comes later (a server that stops still gets requests on its
 * kept-alive connections), and two workers run two jobs at the same time (one waits for the
 * other, so a pool that ran them one after the other would fail here, not hang). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "ww_workers.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <time.h>

static void count(void *arg)
{
    atomic_fetch_add((atomic_int *)arg, 1);
}

static void every_job_runs_and_stop_refuses_later_ones(void **state)
{
    (void)state;
    ww_workers *w = ww_workers_start(2);
    assert_non_null(w);
    atomic_int ran = 0;
    ww_job jobs[1000];
    for (size_t i = 0; i < 1000; i++) {
        jobs[i] = (ww_job){.run = count, .arg = &ran};
        assert_true(ww_workers_submit(w, &jobs[i]));
    }
    ww_workers_stop(w);
    assert_int_equal(atomic_load(&ran), 1000);
    ww_job late = {.run = count, .arg = &ran};
    assert_false(ww_workers_submit(w, &late));
    ww_workers_stop(w); /* twice is harmless */
    ww_workers_free(w);
    assert_int_equal(atomic_load(&ran), 1000);
}

/* Two jobs that meet: each says it has started and waits (up to five seconds) for the other. */
typedef struct {
    pthread_mutex_t lock;
    pthread_cond_t changed;
    int started;
    bool met[2];
} meeting;

typedef struct {
    meeting *m;
    int who;
} guest;

static void meet(void *arg)
{
    guest *g = arg;
    meeting *m = g->m;
    struct timespec deadline;
    clock_gettime(CLOCK_REALTIME, &deadline);
    deadline.tv_sec += 5;
    pthread_mutex_lock(&m->lock);
    m->started++;
    pthread_cond_broadcast(&m->changed);
    while (m->started < 2 && pthread_cond_timedwait(&m->changed, &m->lock, &deadline) == 0)
        ;
    m->met[g->who] = m->started == 2;
    pthread_mutex_unlock(&m->lock);
}

static void two_workers_run_two_jobs_at_once(void **state)
{
    (void)state;
    ww_workers *w = ww_workers_start(2);
    assert_non_null(w);
    meeting m = {.lock = PTHREAD_MUTEX_INITIALIZER, .changed = PTHREAD_COND_INITIALIZER};
    guest a = {&m, 0}, b = {&m, 1};
    ww_job first = {.run = meet, .arg = &a}, second = {.run = meet, .arg = &b};
    ww_workers_submit(w, &first);
    ww_workers_submit(w, &second);
    ww_workers_free(w);
    assert_true(m.met[0]);
    assert_true(m.met[1]);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(every_job_runs_and_stop_refuses_later_ones),
        cmocka_unit_test(two_workers_run_two_jobs_at_once),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
