/* ww_indexing.h -- keeps the index level with the catalog behind the write path.
 *
 * A partner's write updates the index for its one entry at once when it can. When it cannot
 * (another indexer run holds the index lock, or the update failed), the entry waits here, and a
 * thread of its own brings the index level as soon as the lock is free: every saved change
 * reaches the index by itself, and no request waits for an indexer run. The same thread does
 * the catch-up of the whole catalog (an incremental update) when one is asked for, such as at
 * start-up after a crash while the lock was taken. What still waits when the server stops is
 * caught up at its next start, since the catalog files are the truth.
 *
 * Threads: every function may be called from any thread; the module has one lock. */
#ifndef WW_INDEXING_H
#define WW_INDEXING_H

#include "ww_build.h"
#include "ww_readers.h"

#include <stdbool.h>
#include <stddef.h>

typedef struct ww_indexing ww_indexing;

/* Starts the thread for the catalog and index given (the strings and the schema are borrowed
 * and must outlive it); `readers` are told of every change it makes. Stop with
 * ww_indexing_stop. */
ww_indexing *ww_indexing_start(const char *catalog_dir, const char *index_dir,
                               const ww_schema *schema, ww_readers *readers);

/* Stops the thread after the update it is doing, if any, and frees everything. */
void ww_indexing_stop(ww_indexing *indexing);

/* Updates the index for entry `id` now, when the index lock is free and nothing else waits:
 * true when the index has the entry as its file is now. Otherwise the entry waits for the
 * thread, and false says that it will be searchable a little later. */
bool ww_indexing_update(ww_indexing *indexing, const char *id);

/* Asks the thread for a catch-up of the whole catalog. */
void ww_indexing_catch_up(ww_indexing *indexing);

/* Entries waiting for the index (a catch-up counts as one). */
size_t ww_indexing_waiting(ww_indexing *indexing);

#endif
