/* ww_fs.c -- whole-file reads, crash-safe replacements and appends. */
#include "ww_fs.h"

#include "ww_util.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* Reads fd to its end into a buffer of `cap` bytes to start with, refusing more than
 * max_bytes. 0 with *out (caller frees) and *len, or -1 with errno. */
static int read_all(int fd, size_t cap, size_t max_bytes, char **out, size_t *len)
{
    char *data = ww_xmalloc(cap);
    size_t got = 0;
    for (;;) {
        if (got + 1 >= cap) {
            if (cap > max_bytes + 1)
                break; /* grew past the limit while being read */
            cap = cap * 2 > max_bytes + 2 ? max_bytes + 2 : cap * 2;
            data = ww_xrealloc(data, cap);
        }
        ssize_t n = read(fd, data + got, cap - 1 - got);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0) {
            int err = errno;
            free(data);
            errno = err;
            return -1;
        }
        if (n == 0) {
            data[got] = '\0';
            *out = data;
            *len = got;
            return 0;
        }
        got += (size_t)n;
        if (got > max_bytes)
            break;
    }
    free(data);
    errno = EFBIG;
    return -1;
}

int ww_read_file(const char *path, size_t max_bytes, char **out, size_t *len)
{
    *out = NULL;
    *len = 0;
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return -1;
    struct stat st;
    int rc = -1, err = 0;
    if (fstat(fd, &st) != 0)
        err = errno;
    else if (!S_ISREG(st.st_mode))
        err = EINVAL;
    else if ((size_t)st.st_size > max_bytes)
        err = EFBIG;
    /* Sized by the file, plus room to notice that it grew past the limit meanwhile; the limit
     * itself is no allocation size (a small file must not cost a 256 KiB mapping). */
    else if ((rc = read_all(fd, (size_t)st.st_size + 2, max_bytes, out, len)) != 0)
        err = errno;
    close(fd);
    errno = err;
    return rc;
}

/* Writes all `len` bytes to fd. 0, or -1 with errno. */
static int write_all(int fd, const char *bytes, size_t len)
{
    size_t done = 0;
    while (done < len) {
        ssize_t n = write(fd, bytes + done, len - done);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0)
            return -1;
        if (n == 0) {
            errno = EIO;
            return -1;
        }
        done += (size_t)n;
    }
    return 0;
}

int ww_fsync_dir(const char *dir)
{
    int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0)
        return -1;
    int rc = fsync(fd), err = errno;
    close(fd);
    errno = err;
    return rc;
}

int ww_write_file_atomic(const char *path, const char *bytes, size_t len, mode_t mode)
{
    const char *slash = strrchr(path, '/');
    char *dir = slash ? ww_xstrndup(path, (size_t)(slash - path)) : ww_xstrdup(".");
    char *tmp = ww_xasprintf("%s/.%s.XXXXXX", dir, slash ? slash + 1 : path);
    int fd = mkostemp(tmp, O_CLOEXEC), rc = -1;
    if (fd >= 0) {
        bool written = write_all(fd, bytes, len) == 0 && fchmod(fd, mode) == 0 && fsync(fd) == 0;
        int err = errno;
        if (close(fd) == 0 && written && rename(tmp, path) == 0)
            rc = ww_fsync_dir(dir);
        else if (!written)
            errno = err;
    }
    int err = errno;
    if (rc != 0)
        unlink(tmp);
    free(tmp);
    free(dir);
    errno = err;
    return rc;
}

int ww_append_durable(const char *path, const char *bytes, size_t len, mode_t mode)
{
    int fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, mode);
    if (fd < 0)
        return -1;
    int rc = write_all(fd, bytes, len) == 0 && fsync(fd) == 0 ? 0 : -1, err = errno;
    if (close(fd) != 0 && rc == 0)
        return -1;
    errno = err;
    return rc;
}

char *ww_find_beside_program(const char *name)
{
    char dir[PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", dir, sizeof dir - 1);
    if (n <= 0)
        return NULL;
    dir[n] = '\0';
    for (char *slash = strrchr(dir, '/'); slash && slash != dir; slash = strrchr(dir, '/')) {
        *slash = '\0';
        char *candidate = ww_xasprintf("%s/%s", dir, name);
        if (access(candidate, R_OK) == 0)
            return candidate;
        free(candidate);
    }
    return NULL;
}
