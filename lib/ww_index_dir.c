/* ww_index_dir.c -- generations, the `current` link, the state file's place and the lock. */
#include "ww_index_dir.h"

#include "ww_fs.h"
#include "ww_util.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

/* Counts per month for the gemeente's insight (ww_insight): kept across generations. */
#define HISTORY "inzicht-historie.csv"
/* The server's count of unanswered questions (server/ww_questions): kept across generations. */
#define QUESTIONS "vraagstatistiek.json"

char *ww_index_current_path(const char *index_dir)
{
    return ww_xasprintf("%s/current", index_dir);
}

char *ww_index_questions_path(const char *index_dir)
{
    return ww_xasprintf("%s/%s", index_dir, QUESTIONS);
}

char *ww_index_history_path(const char *index_dir)
{
    return ww_xasprintf("%s/%s", index_dir, HISTORY);
}

char *ww_index_state_path(const char *index_dir)
{
    return ww_xasprintf("%s/state", index_dir);
}

char *ww_index_generation_path(const char *index_dir, unsigned generation)
{
    return ww_xasprintf("%s/gen-%08u", index_dir, generation);
}

static unsigned generation_of(const char *name)
{
    unsigned n;
    char tail;
    return sscanf(name, "gen-%8u%c", &n, &tail) == 1 ? n : 0;
}

bool ww_index_published(const char *index_dir, char out[64])
{
    char *link = ww_index_current_path(index_dir);
    ssize_t n = readlink(link, out, 63);
    free(link);
    out[n > 0 ? n : 0] = '\0';
    return n > 0;
}

unsigned ww_index_current_generation(const char *index_dir)
{
    char target[64];
    return ww_index_published(index_dir, target) ? generation_of(target) : 0;
}

/* A Xapian glass database is one flat folder of files. */
static void remove_flat_folder(const char *dir)
{
    DIR *d = opendir(dir);
    if (!d)
        return;
    for (struct dirent *de; (de = readdir(d)) != NULL;) {
        if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0)
            continue;
        char *p = ww_xasprintf("%s/%s", dir, de->d_name);
        unlink(p);
        free(p);
    }
    closedir(d);
    rmdir(dir);
}

void ww_index_remove_generation(const char *index_dir, unsigned generation)
{
    char *path = ww_index_generation_path(index_dir, generation);
    remove_flat_folder(path);
    free(path);
}

/* Calls `each` for every generation in the folder. */
static void each_generation(const char *index_dir, void (*each)(unsigned g, void *ctx), void *ctx)
{
    DIR *d = opendir(index_dir);
    for (struct dirent *de; d && (de = readdir(d)) != NULL;) {
        unsigned g = generation_of(de->d_name);
        if (g)
            each(g, ctx);
    }
    if (d)
        closedir(d);
}

static void note_highest(unsigned g, void *ctx)
{
    unsigned *highest = ctx;
    if (g > *highest)
        *highest = g;
}

unsigned ww_index_highest_generation(const char *index_dir)
{
    unsigned highest = 0;
    each_generation(index_dir, note_highest, &highest);
    return highest;
}

typedef struct {
    const char *index_dir;
    unsigned keep_a, keep_b;
    unsigned *remove;
    size_t count;
} prune_list;

static void note_prunable(unsigned g, void *ctx)
{
    prune_list *p = ctx;
    if (g != p->keep_a && g != p->keep_b) {
        p->remove = ww_xrealloc(p->remove, (p->count + 1) * sizeof *p->remove);
        p->remove[p->count++] = g;
    }
}

void ww_index_prune(const char *index_dir, unsigned keep_a, unsigned keep_b)
{
    /* Listed first, removed after: a folder is not changed while it is being read. */
    prune_list p = {index_dir, keep_a, keep_b, NULL, 0};
    each_generation(index_dir, note_prunable, &p);
    for (size_t i = 0; i < p.count; i++)
        ww_index_remove_generation(index_dir, p.remove[i]);
    free(p.remove);
}

int ww_index_publish(const char *index_dir, unsigned generation, char **errmsg)
{
    char *target = ww_xasprintf("gen-%08u", generation);
    char *tmp = ww_xasprintf("%s/current.tmp", index_dir);
    char *link = ww_index_current_path(index_dir);
    unlink(tmp);
    int rc = 0;
    if (symlink(target, tmp) != 0 || rename(tmp, link) != 0 || ww_fsync_dir(index_dir) != 0) {
        *errmsg = ww_xasprintf("kan de nieuwe index niet publiceren in %s: %s", index_dir,
                               ww_errno_text(errno));
        unlink(tmp);
        rc = -1;
    }
    free(target);
    free(tmp);
    free(link);
    return rc;
}

/* The names an index folder holds besides its generations; the state file is replaced through
 * a hidden temporary file (ww_write_file_atomic), which a crash may leave behind. */
static bool index_file(const char *name)
{
    static const char *const NAMES[] = {".",     "..",   "current", "current.tmp",
                                        "state", "lock", HISTORY,   QUESTIONS};
    for (size_t i = 0; i < sizeof NAMES / sizeof *NAMES; i++)
        if (strcmp(name, NAMES[i]) == 0)
            return true;
    return strncmp(name, ".state.", 7) == 0 || strcmp(name, "state.tmp") == 0 ||
           strncmp(name, "." HISTORY ".", sizeof HISTORY + 1) == 0 ||
           strncmp(name, "." QUESTIONS ".", sizeof QUESTIONS + 1) == 0 ||
           strcmp(name, QUESTIONS ".onleesbaar") == 0 || generation_of(name) != 0;
}

int ww_index_prepare(const char *index_dir, char **errmsg)
{
    if (mkdir(index_dir, 0755) == 0)
        return 0;
    if (errno != EEXIST) {
        *errmsg = ww_xasprintf("kan de map %s niet maken: %s", index_dir, ww_errno_text(errno));
        return -1;
    }
    DIR *d = opendir(index_dir);
    if (!d) {
        *errmsg =
            ww_xasprintf("%s is geen map die ik kan lezen: %s", index_dir, ww_errno_text(errno));
        return -1;
    }
    bool foreign = false;
    for (struct dirent *de; (de = readdir(d)) != NULL;)
        foreign |= !index_file(de->d_name);
    closedir(d);
    if (foreign) {
        *errmsg = ww_xasprintf("%s bevat andere bestanden; kies een lege of nieuwe map voor de "
                               "index",
                               index_dir);
        return -1;
    }
    return 0;
}

int ww_index_lock(const char *index_dir, unsigned wait_ms, int *fd, char **errmsg)
{
    char *path = ww_xasprintf("%s/lock", index_dir);
    *fd = open(path, O_CREAT | O_RDWR | O_CLOEXEC, 0644);
    free(path);
    if (*fd < 0) {
        *errmsg = ww_xasprintf("kan %s/lock niet openen: %s", index_dir, ww_errno_text(errno));
        return -1;
    }
    /* flock has no timeout: try again every 20 ms. The runs that hold the lock briefly (a
     * partner's one entry) are done within a try or two; a full build is worth the wait. */
    int rc;
    for (unsigned waited = 0;
         (rc = flock(*fd, LOCK_EX | LOCK_NB)) != 0 && errno == EWOULDBLOCK && waited < wait_ms;
         waited += 20)
        nanosleep(&(struct timespec){.tv_nsec = 20 * 1000 * 1000}, NULL);
    if (rc != 0) {
        int err = errno;
        *errmsg = wait_ms ? ww_xasprintf("een andere indexering van %s loopt nog (%.0f s gewacht)",
                                         index_dir, wait_ms / 1000.0)
                          : ww_xasprintf("een andere indexering van %s loopt nog", index_dir);
        close(*fd);
        *fd = -1;
        errno = err;
        return -1;
    }
    return 0;
}

void ww_index_unlock(int fd)
{
    if (fd >= 0)
        close(fd); /* releases the flock */
}
