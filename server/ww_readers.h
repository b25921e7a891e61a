/* ww_readers.h -- one Xapian reader per server thread (Xapian handles are not thread-safe),
 * kept on the newest published index: a new generation behind `current` or a new commit in it
 * is picked up before the next request, without a restart. */
#ifndef WW_READERS_H
#define WW_READERS_H

#include "ww_schema.h"
#include "ww_xapian.h"

/* Call once before any thread asks for a reader. The strings are borrowed for the lifetime of
 * the server. */
void ww_readers_init(const char *index_dir, const ww_schema *schema);

/* The calling thread's reader, fresh; NULL when no index can be opened, with the reason in
 * *why (static or thread-owned text, valid until the next call). The thread owns the reader;
 * it is closed when the thread ends. */
ww_reader *ww_thread_reader(const char **why);

/* Which index the thread's reader (from the last ww_thread_reader call) sees: the generation
 * and its committed revision, e.g. "gen-00000003@7". Answers made from one version stay true
 * for it, so this keys cached answers. Thread-owned; valid until the thread's next call. */
const char *ww_thread_reader_version(void);

/* Drops the thread's reader, so the next call opens the index anew (after an error such as
 * WW_ERR_MODIFIED). */
void ww_thread_reader_reset(void);

#endif
