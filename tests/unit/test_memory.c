/* test_memory.c -- out of memory is handled the same everywhere: a message and an abort, never
 * a NULL that a caller could take for an empty answer. Each case runs in a child process. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "ww_util.h"

#include <jansson.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

/* Runs `body` in a child with stderr into a pipe; returns the signal that ended it (0 when it
 * exited) and what it wrote in `err`. */
static int in_child(void (*body)(void), char *err, size_t size)
{
    int fds[2];
    assert_int_equal(pipe(fds), 0);
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        dup2(fds[1], STDERR_FILENO);
        close(fds[0]);
        body();
        _exit(0);
    }
    close(fds[1]);
    ssize_t n = read(fds[0], err, size - 1);
    err[n > 0 ? n : 0] = '\0';
    close(fds[0]);
    int status;
    waitpid(pid, &status, 0);
    return WIFSIGNALED(status) ? WTERMSIG(status) : 0;
}

static void huge_json_string(void)
{
    /* jansson copies the text into memory it asks for first: far more than there is. */
    json_t *s = json_stringn_nocheck("x", (size_t)1 << 62);
    printf("%p\n", (void *)s);
}

static void jansson_aborts_with_a_message_when_memory_runs_out(void **state)
{
    (void)state;
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
    skip(); /* the sanitizers answer an impossible allocation themselves */
#endif
    char err[512];
    assert_int_equal(in_child(huge_json_string, err, sizeof err), SIGABRT);
    assert_non_null(strstr(err, "wegwijzer: out of memory"));
}

static void huge_allocation(void)
{
    void *p = ww_xmalloc((size_t)1 << 62);
    printf("%p\n", p);
}

static void ww_xmalloc_aborts_with_a_message_when_memory_runs_out(void **state)
{
    (void)state;
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
    skip();
#endif
    char err[512];
    assert_int_equal(in_child(huge_allocation, err, sizeof err), SIGABRT);
    assert_non_null(strstr(err, "wegwijzer: out of memory"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(jansson_aborts_with_a_message_when_memory_runs_out),
        cmocka_unit_test(ww_xmalloc_aborts_with_a_message_when_memory_runs_out),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
