/* ww_catalog.c -- the catalog folder's layout. */
#include "ww_catalog.h"

#include "ww_fs.h"
#include "ww_util.h"
#include "ww_validate.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static const char *const FOLDERS[] = {
    [WW_RECORD_ENTRY] = "aanbod", [WW_RECORD_ORGANISATION] = "organisaties"};

const char *ww_catalog_folder_name(ww_record_kind kind)
{
    return FOLDERS[kind];
}

char *ww_catalog_folder(const char *catalog, ww_record_kind kind)
{
    return ww_xasprintf("%s/%s", catalog, FOLDERS[kind]);
}

char *ww_catalog_file(const char *catalog, ww_record_kind kind, const char *id)
{
    return ww_xasprintf("%s/%s/%s.yaml", catalog, FOLDERS[kind], id);
}

char *ww_catalog_label(ww_record_kind kind, const char *id)
{
    return ww_xasprintf("%s/%s.yaml", FOLDERS[kind], id);
}

char *ww_catalog_id_of(const char *file_name)
{
    size_t n = strlen(file_name);
    return n > 5 && strcmp(file_name + n - 5, ".yaml") == 0 ? ww_xstrndup(file_name, n - 5) : NULL;
}

bool ww_catalog_has(const char *catalog, ww_record_kind kind, const char *id)
{
    if (!ww_valid_id(id))
        return false;
    char *path = ww_catalog_file(catalog, kind, id);
    struct stat st;
    bool found = stat(path, &st) == 0 && S_ISREG(st.st_mode);
    free(path);
    return found;
}

char *ww_catalog_read(const char *catalog, ww_record_kind kind, const char *id, size_t *len,
                      char **etag)
{
    *len = 0;
    if (!ww_valid_id(id)) { /* the id names the file: nothing else may reach a path */
        errno = ENOENT;
        return NULL;
    }
    char *path = ww_catalog_file(catalog, kind, id), *bytes = NULL;
    int rc = ww_read_file(path, WW_MAX_CATALOG_FILE, &bytes, len), err = errno;
    free(path);
    if (rc != 0) {
        errno = err;
        return NULL;
    }
    if (etag)
        *etag = ww_catalog_etag(bytes, *len);
    return bytes;
}

char *ww_catalog_etag(const char *bytes, size_t len)
{
    unsigned char hash[16];
    char hex[33];
    crypto_generichash(hash, sizeof hash, (const unsigned char *)bytes, len, NULL, 0);
    sodium_bin2hex(hex, sizeof hex, hash, sizeof hash);
    return ww_xasprintf("\"%s\"", hex);
}

int ww_catalog_archive(const char *catalog, const char *id, const char *utc_compact,
                       char **archived)
{
    *archived = NULL;
    char *folder = ww_xasprintf("%s/archief", catalog), *from = NULL;
    if (mkdir(folder, 0755) != 0 && errno != EEXIST) {
        int err = errno;
        free(folder);
        errno = err;
        return -1;
    }
    from = ww_catalog_file(catalog, WW_RECORD_ENTRY, id);
    int rc = -1;
    for (unsigned n = 1; n < 1000 && rc != 0; n++) {
        char *name = n == 1 ? ww_xasprintf("archief/%s.%s.yaml", id, utc_compact)
                            : ww_xasprintf("archief/%s.%s-%u.yaml", id, utc_compact, n);
        char *to = ww_xasprintf("%s/%s", catalog, name);
        /* Never over an archived version: renameat2 refuses when the name exists. */
        rc = renameat2(AT_FDCWD, from, AT_FDCWD, to, RENAME_NOREPLACE);
        if (rc == 0)
            *archived = name;
        else
            free(name);
        free(to);
        if (rc != 0 && errno != EEXIST)
            break;
    }
    int err = errno;
    if (rc == 0) {
        char *entries = ww_catalog_folder(catalog, WW_RECORD_ENTRY);
        rc = ww_fsync_dir(folder) == 0 && ww_fsync_dir(entries) == 0 ? 0 : -1;
        err = errno;
        free(entries);
        if (rc != 0) { /* moved, but perhaps not for good: not a success to report */
            free(*archived);
            *archived = NULL;
        }
    }
    free(from);
    free(folder);
    errno = err;
    return rc;
}

char *ww_catalog_lock_file(const char *catalog)
{
    return ww_xasprintf("%s/.wegwijzer-schrijfslot", catalog);
}
