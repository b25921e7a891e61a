/* ww_encoding.h -- turns the raw bytes of a catalog file into UTF-8, as the catalog contract
 * says: UTF-8 (a BOM is dropped), UTF-16 with a BOM, or else Windows-1252 (what office software
 * exports). A NUL byte or text no conversion makes valid is an error with its byte offset. */
#ifndef WW_ENCODING_H
#define WW_ENCODING_H

#include <stddef.h>

typedef enum {
    WW_ENC_UTF8,
    WW_ENC_UTF8_BOM,
    WW_ENC_UTF16LE,
    WW_ENC_UTF16BE,
    WW_ENC_WINDOWS_1252
} ww_encoding;

/* A Dutch name of the encoding for messages ("UTF-16 (little-endian)"). */
const char *ww_encoding_name(ww_encoding enc);

typedef struct {
    char *text;         /* NUL-terminated UTF-8; owned by the caller (free) */
    size_t len;         /* bytes in text, without the NUL */
    ww_encoding source; /* what the input was read as */
} ww_utf8_text;

typedef struct {
    size_t offset;       /* byte offset in the input */
    const char *message; /* static Dutch text */
} ww_encoding_error;

/* Returns 0 and fills *out, or -1 and fills *err (then nothing is allocated). */
int ww_decode(const char *bytes, size_t len, ww_utf8_text *out, ww_encoding_error *err);

#endif
