/* ww_catalog.c -- the catalog folder's layout. */
#include "ww_catalog.h"

#include "ww_fs.h"
#include "ww_util.h"
#include "ww_validate.h"

#include <errno.h>
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

char *ww_catalog_archive_folder(const char *catalog)
{
    return ww_xasprintf("%s/archief", catalog);
}

char *ww_catalog_archive_file(const char *catalog, const char *id, const char *utc_compact)
{
    return ww_xasprintf("%s/archief/%s.%s.yaml", catalog, id, utc_compact);
}

char *ww_catalog_lock_file(const char *catalog)
{
    return ww_xasprintf("%s/.wegwijzer-schrijfslot", catalog);
}
