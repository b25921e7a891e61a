/* ww_readers.h -- one Xapian reader per server thread (Xapian handles are not thread-safe),
 * kept on the newest published index: a new generation behind `current` or a new commit in it
 * is picked up before the next request, without a restart. */
#ifndef WW_READERS_H
#define WW_READERS_H

#include "ww_region_schema.h"
#include "ww_schema.h"
#include "ww_xapian.h"

typedef struct ww_readers ww_readers;

/* The readers of the index in `index_dir` (copied), for `schema` (borrowed: it must outlive
 * them). A thread's reader is closed when the thread ends; ww_readers_free closes the calling
 * thread's and must come after every other thread that used them has ended. */
ww_readers *ww_readers_new(const char *index_dir, const ww_schema *schema);
/* A gemeente's index in a region (everything copied by ww_readers_new_region). */
typedef struct {
    const char *location;           /* a database's folder or "tcp://host:port" */
    const char *fingerprint;        /* what it must be built with (ww_index_fingerprint of the
                                       gemeente's own schema); NULL: the region's schema */
    const ww_region_wijken *wijken; /* how its wijken are numbered among the region's; NULL or
                                       not `own`: as the region's */
} ww_readers_shard;

/* The readers of a region (issue 18): the `count` indexes of `shards` as one, each given
 * timeout_ms to connect and to answer. A shard that is down, too slow or built with another
 * schema is left out (ww_readers_missing) and tried again every few seconds, so a gemeente that
 * is back is searched again without a restart. Answers are not cached (a region has no single
 * revision). Spellings and synonyms come from the database at `words` (copied; ww_build_words),
 * NULL: from a shard on this host. */
ww_readers *ww_readers_new_region(const ww_readers_shard *shards, size_t count, unsigned timeout_ms,
                                  const char *words, const ww_schema *schema);
/* The shards the thread's reader left out (bit i: location i); 0 for a single index. */
uint64_t ww_readers_missing(ww_readers *readers);
/* The same after asking each of the thread's shards for a word (a round trip to each remote
 * one): a shard that went away since the reader opened is found out now, not by the next
 * search (/healthz). */
uint64_t ww_readers_probe(ww_readers *readers);
void ww_readers_free(ww_readers *readers);

/* The calling thread's reader, fresh; NULL when no index can be opened, with the reason in
 * *why (thread-owned text, valid until the thread's next call). The thread owns the reader. */
ww_reader *ww_readers_get(ww_readers *readers, const char **why);

/* Which index the thread's reader (from its last ww_readers_get) sees: the generation and its
 * committed revision, e.g. "gen-00000003@7"; "" when unknown. Answers made from one version
 * stay true for it, so this keys cached answers. Thread-owned; valid until the thread's next
 * call. */
const char *ww_readers_version(ww_readers *readers);

/* Drops the thread's reader, so that its next ww_readers_get opens the index anew (after an
 * error such as WW_ERR_MODIFIED). */
void ww_readers_reset(ww_readers *readers);

/* Says that this process changed the index: every thread's next ww_readers_get looks for the
 * new revision at once instead of within the freshness interval, so that a partner who saved
 * a change finds it in the very next request, whichever thread answers it. Any thread. */
void ww_readers_note_change(ww_readers *readers);

#endif
