/* ww_encoding.c -- encoding detection and conversion with iconv. */
#include "ww_encoding.h"

#include "ww_text.h"
#include "ww_util.h"

#include <errno.h>
#include <iconv.h>
#include <stdlib.h>
#include <string.h>

const char *ww_encoding_name(ww_encoding enc)
{
    switch (enc) {
    case WW_ENC_UTF8:
        return "UTF-8";
    case WW_ENC_UTF8_BOM:
        return "UTF-8 met BOM";
    case WW_ENC_UTF16LE:
        return "UTF-16 (little-endian)";
    case WW_ENC_UTF16BE:
        return "UTF-16 (big-endian)";
    case WW_ENC_WINDOWS_1252:
        return "Windows-1252";
    }
    return "onbekend";
}

/* Converts with iconv; on failure reports the input offset where conversion stopped. */
static int convert(const char *from, const char *bytes, size_t len, ww_utf8_text *out,
                   ww_encoding_error *err)
{
    iconv_t cd = iconv_open("UTF-8", from);
    if (cd == (iconv_t)-1) {
        err->offset = 0;
        err->message = "tekenset kan niet worden omgezet (iconv ontbreekt)";
        return -1;
    }
    /* Every input byte becomes at most 3 UTF-8 bytes (UTF-16: 2 bytes -> at most 3, or 4 -> 4). */
    size_t cap = len * 3 + 1;
    char *result = ww_xmalloc(cap);
    char *in = (char *)bytes, *outp = result;
    size_t in_left = len, out_left = cap - 1;
    size_t rc = iconv(cd, &in, &in_left, &outp, &out_left);
    iconv_close(cd);
    if (rc == (size_t)-1) {
        err->offset = (size_t)(in - bytes);
        err->message = errno == EINVAL ? "het bestand eindigt midden in een teken"
                                       : "tekst die in geen tekenset geldig is";
        free(result);
        return -1;
    }
    *outp = '\0';
    out->text = result;
    out->len = (size_t)(outp - result);
    return 0;
}

static int find_nul(const char *bytes, size_t len, size_t *offset)
{
    const char *nul = memchr(bytes, '\0', len);
    if (!nul)
        return 0;
    *offset = (size_t)(nul - bytes);
    return 1;
}

int ww_decode(const char *bytes, size_t len, ww_utf8_text *out, ww_encoding_error *err)
{
    memset(out, 0, sizeof *out);
    const unsigned char *u = (const unsigned char *)bytes;

    if (len >= 2 && ((u[0] == 0xFF && u[1] == 0xFE) || (u[0] == 0xFE && u[1] == 0xFF))) {
        int little = u[0] == 0xFF;
        if (convert(little ? "UTF-16LE" : "UTF-16BE", bytes + 2, len - 2, out, err) != 0) {
            err->offset += 2;
            return -1;
        }
        out->source = little ? WW_ENC_UTF16LE : WW_ENC_UTF16BE;
        size_t nul_at;
        if (find_nul(out->text, out->len, &nul_at)) {
            /* Report where the NUL stood in the input: count code units before it.
             * A code point above U+FFFF (a 4-byte UTF-8 sequence, lead
             * byte 0xF0..0xF4) was a surrogate pair of two code units in the input, so it adds
             * one more unit than ww_utf8_length counts for it. */
            size_t units = ww_utf8_length(out->text, nul_at);
            for (size_t i = 0; i < nul_at; i++)
                if ((unsigned char)out->text[i] >= 0xF0)
                    units++;
            err->offset = 2 + 2 * units;
            err->message = "NUL-teken in het bestand";
            free(out->text);
            memset(out, 0, sizeof *out);
            return -1;
        }
        return 0;
    }

    size_t nul_at;
    if (find_nul(bytes, len, &nul_at)) {
        err->offset = nul_at;
        err->message = "NUL-teken in het bestand";
        return -1;
    }

    size_t skip = 0;
    out->source = WW_ENC_UTF8;
    if (len >= 3 && u[0] == 0xEF && u[1] == 0xBB && u[2] == 0xBF) {
        skip = 3;
        out->source = WW_ENC_UTF8_BOM;
    }
    if (ww_utf8_valid(bytes + skip, len - skip, NULL)) {
        out->text = ww_xstrndup(bytes + skip, len - skip);
        out->len = len - skip;
        return 0;
    }
    if (convert("WINDOWS-1252", bytes + skip, len - skip, out, err) != 0) {
        err->offset += skip;
        return -1;
    }
    out->source = WW_ENC_WINDOWS_1252;
    return 0;
}
