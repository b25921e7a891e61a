/* ww_build.h -- turning a catalog folder into a published index.
 *
 * An index folder holds numbered generations (gen-00000001, ...), a symbolic link `current`
 * to the published one, a `state` file saying which catalog files (mtime, size, inode) the
 * published generation was built from, and a `lock` file.
 *
 * A full build writes a new generation and then swaps `current` with one rename(2), so a
 * reader opening `current` sees the old index or the new one, never half of it. An incremental
 * update re-reads only files that changed (and the entries of a changed organisation) and
 * applies them in one Xapian commit, which readers likewise see whole or not at all. A targeted
 * update (`only`) reads just the named entry files and their organisations: the state file is
 * left as it is, which at worst makes the next scan read those files once more. A change of
 * the schema (vocabularies, rules, synonyms) or of ww_layout.h forces a full build. The index
 * folder's layout is ww_index_dir's.
 *
 * Threads: ww_build may run on any thread, and on several at once (the server's write path
 * calls it from its workers). It keeps no state between calls and uses only reentrant calls.
 * Runs on one index folder take turns through the index lock: a second run waits for it as long
 * as its caller allows (lock_wait_ms), then fails with "een andere indexering ... loopt nog" and
 * stats.busy, and its caller decides whether to try again. A full build or a check reads files
 * ahead on a second thread of its own, which it joins before returning. */
#ifndef WW_BUILD_H
#define WW_BUILD_H

#include "ww_diag.h"
#include "ww_schema.h"
#include "ww_xapian.h"

#include <stdbool.h>
#include <stddef.h>

typedef struct {
    const char *catalog_dir;
    const char *index_dir; /* ignored with check_only */
    const ww_schema *schema;
    bool check_only;       /* validate every file, write nothing */
    bool full;             /* rebuild even when an incremental update would do */
    unsigned lock_wait_ms; /* how long to wait while another run holds the index (0: fail) */
    /* Entry files to update, and nothing else (no scan of the folders): a path or a name
     * like "aanbod/x.yaml" whose id names catalog_dir/aanbod/<id>.yaml. A file that no
     * longer exists is removed from the index. Empty: scan everything. */
    const char *const *only;
    size_t only_count;
    /* Called now and then while entries are read; may be NULL. */
    void (*progress)(size_t done, size_t total, void *ctx);
    void *progress_ctx;
} ww_build_options;

typedef struct {
    bool full;              /* a full build (or a check) rather than an update */
    bool busy;              /* failed only because another run held the index lock */
    size_t organisations;   /* valid organisation files */
    size_t entries;         /* entries in the index afterwards (valid ones, with a check) */
    size_t entries_read;    /* entry files read and checked this run */
    size_t entries_removed; /* documents deleted because their file went or went bad */
    size_t rejected;        /* files rejected this run (organisations and entries) */
} ww_build_stats;

/* Returns 0 when the run finished (rejected files are counted in stats and explained in diag),
 * or -1 on a usage or I/O error, with a Dutch message in *errmsg (caller frees). */
int ww_build(const ww_build_options *options, ww_diag *diag, ww_build_stats *stats, char **errmsg);

/* A region's word database at `path` (made anew): the synonyms and spellings every index of
 * `schema` has, and every word of the indexes `from` reads (a region's shards, which may be
 * remote: the remote backend serves neither synonyms nor spellings), each as often as it occurs
 * in documents. 0, or -1 with a Dutch message in *errmsg (caller frees). */
int ww_build_words(const ww_schema *schema, ww_reader *from, const char *path, char **errmsg);

/* What an index built with this schema and this layout records as its fingerprint: readers
 * compare it, since facets and terms mean nothing under another schema. Caller frees. */
char *ww_index_fingerprint(const ww_schema *schema);

#endif
