/* ww_fs.h -- files: reading one whole and bounded, replacing one so that a crash leaves the old
 * or the new content, appending a line that survives a crash, and finding the project's own
 * folders beside the running program.
 *
 * Errors: like the system calls these wrap, 0 or -1 with errno set; the caller words the
 * message, since only it knows what the file is to the user. */
#ifndef WW_FS_H
#define WW_FS_H

#include <stddef.h>
#include <sys/types.h>

/* Reads the regular file at `path`, of at most `max_bytes`, into *out: a new NUL-terminated
 * buffer the caller frees, `*len` bytes without the NUL. 0, or -1 with errno (EFBIG: larger
 * than max_bytes; EINVAL: not a regular file) and *out NULL. */
int ww_read_file(const char *path, size_t max_bytes, char **out, size_t *len);

/* Replaces `path` with `len` bytes so that after a crash at any moment it holds the old or the
 * new content, never a mix: a hidden temporary file beside it, fsync, rename, fsync of the
 * folder. 0, or -1 with errno (the temporary file is removed). */
int ww_write_file_atomic(const char *path, const char *bytes, size_t len, mode_t mode);

/* Appends `len` bytes to `path` (created with `mode` when absent) and waits until they are on
 * disk: for audit trails and token files, whose lines must survive a crash once the caller
 * goes on. 0, or -1 with errno. */
int ww_append_durable(const char *path, const char *bytes, size_t len, mode_t mode);

/* Makes a rename or a new file in `dir` survive a crash. 0, or -1 with errno. */
int ww_fsync_dir(const char *dir);

/* The path of `name` (a file or folder) in the nearest folder above the running program that
 * has one: build/wegwijzer-server and build/asan/wegwijzer-server both find the project's
 * schema/. NULL when there is none. Caller frees. */
char *ww_find_beside_program(const char *name);

#endif
