/* ww_index_dir.h -- the index folder, and the only module that knows its layout:
 *
 *     <index>/gen-00000001/ ...   numbered generations, each a whole Xapian database
 *     <index>/current             a symbolic link to the published generation
 *     <index>/state               which catalog files the published generation was built from
 *     <index>/lock                held (flock) by the one indexing run at a time
 *     <index>/inzicht-historie.csv counts per month for the insight pages (ww_insight), which
 *                                 outlive every generation
 *     <index>/vraagstatistiek.json the server's count of unanswered questions per week
 *
 * A full build writes a new generation and publishes it by swapping `current` with one
 * rename(2), so a reader opening `current` sees the old index or the new one, never half of it.
 * The generation before stays until the next full build: a reader may still have it open.
 *
 * Errors: 0 or -1 with a Dutch message in *errmsg (caller frees). Paths returned are new
 * strings the caller frees. */
#ifndef WW_INDEX_DIR_H
#define WW_INDEX_DIR_H

#include <stdbool.h>
#include <stddef.h>

/* The path readers open: "<index>/current". */
char *ww_index_current_path(const char *index_dir);
/* "<index>/state", "<index>/inzicht-historie.csv" and "<index>/gen-NNNNNNNN". */
char *ww_index_state_path(const char *index_dir);
char *ww_index_history_path(const char *index_dir);
/* "<index>/vraagstatistiek.json": the server's count of unanswered questions. */
char *ww_index_questions_path(const char *index_dir);
char *ww_index_generation_path(const char *index_dir, unsigned generation);

/* The name `current` points to ("gen-00000003") in `out`; false (and "") when there is none. */
bool ww_index_published(const char *index_dir, char out[64]);
/* The generation `current` points to, or 0 when none is published. */
unsigned ww_index_current_generation(const char *index_dir);
/* The highest generation in the folder, published or not; 0 when there is none. */
unsigned ww_index_highest_generation(const char *index_dir);

/* Makes sure `index_dir` is a folder the indexer may write: new, empty, or already an index. */
int ww_index_prepare(const char *index_dir, char **errmsg);
/* Takes the lock, waiting up to `wait_ms` while another run holds it (0: not at all): -1 with
 * a message when it is still held then (errno then EWOULDBLOCK) or the lock file cannot be
 * opened. On success *fd is what ww_index_unlock needs. */
int ww_index_lock(const char *index_dir, unsigned wait_ms, int *fd, char **errmsg);
void ww_index_unlock(int fd);

/* Points `current` at `generation`, durably and atomically. */
int ww_index_publish(const char *index_dir, unsigned generation, char **errmsg);
/* Removes one generation's folder (a build that failed half-way). */
void ww_index_remove_generation(const char *index_dir, unsigned generation);
/* Removes every generation but `keep_a` and `keep_b`. */
void ww_index_prune(const char *index_dir, unsigned keep_a, unsigned keep_b);

#endif
