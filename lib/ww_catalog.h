/* ww_catalog.h -- the catalog as a folder: which kinds of record it holds, which file holds a
 * record by its id, the version (ETag) of a file, and where writers lock and archive.
 *
 *     <catalog>/aanbod/<id>.yaml           an entry (an offer)
 *     <catalog>/organisaties/<id>.yaml     an organisation
 *     <catalog>/archief/<id>.<UTC>.yaml    an entry a partner archived
 *     <catalog>/.wegwijzer-schrijfslot     the lock writers take (hidden: not a record)
 *
 * The only module that knows these names; every other one asks it for a path. Paths it returns
 * are new strings the caller frees. Reading what a file means is ww_record's job. */
#ifndef WW_CATALOG_H
#define WW_CATALOG_H

#include <stdbool.h>
#include <stddef.h>

/* Catalog files are small; anything larger is refused before it is parsed. */
#define WW_MAX_CATALOG_FILE (256 * 1024)

typedef enum { WW_RECORD_ENTRY, WW_RECORD_ORGANISATION } ww_record_kind;

/* The folder of a kind, as the schema names it in verwijst_naar: "aanbod", "organisaties"
 * (static). */
const char *ww_catalog_folder_name(ww_record_kind kind);
/* "<catalog>/<folder>". */
char *ww_catalog_folder(const char *catalog, ww_record_kind kind);
/* "<catalog>/<folder>/<id>.yaml". */
char *ww_catalog_file(const char *catalog, ww_record_kind kind, const char *id);
/* "<folder>/<id>.yaml": how messages and the audit trail name a record. */
char *ww_catalog_label(ww_record_kind kind, const char *id);
/* The id a file name promises ("x.yaml" -> "x"), or NULL when the name does not end in .yaml.
 * Not checked to be a valid id (ww_valid_id). */
char *ww_catalog_id_of(const char *file_name);

/* Whether record `id` (a valid id) is a regular file of the catalog. */
bool ww_catalog_has(const char *catalog, ww_record_kind kind, const char *id);
/* The bytes of record `id` (NUL-terminated, caller frees) and their length; with `etag` not
 * NULL, also their ETag (caller frees). NULL with errno when it cannot be read: ENOENT for no
 * such record or an invalid id, EFBIG when larger than WW_MAX_CATALOG_FILE. */
char *ww_catalog_read(const char *catalog, ww_record_kind kind, const char *id, size_t *len,
                      char **etag);
/* The version of a file's bytes as HTTP quotes it: "\"<32 hex digits>\"". Caller frees. */
char *ww_catalog_etag(const char *bytes, size_t len);

/* Moves entry `id` into the archive as "archief/<id>.<utc_compact>.yaml", or with "-2", "-3", ...
 * before ".yaml" when a version archived in the same second has that name already: an archived
 * version is never overwritten. Both folders are synced. 0 with the archived file's path
 * relative to the catalog in *archived (caller frees), or -1 with errno: nothing moved, or (a
 * failed sync) the move may not survive a crash. */
int ww_catalog_archive(const char *catalog, const char *id, const char *utc_compact,
                       char **archived);
/* The file writers lock (flock) so that two servers on one catalog take turns. */
char *ww_catalog_lock_file(const char *catalog);

#endif
