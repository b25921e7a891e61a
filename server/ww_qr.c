/* ww_qr.c -- a QR code as SVG path data, over libqrencode. */
#include "ww_qr.h"

#include "ww_util.h"

#include <qrencode.h>

enum { QUIET_ZONE = 4 }; /* modules of white around the code, as the standard asks */

char *ww_qr_svg_path(const char *text, int *size)
{
    QRcode *qr = QRcode_encodeString(text, 0, QR_ECLEVEL_M, QR_MODE_8, 1);
    if (!qr)
        return NULL;
    ww_buf path = {0};
    int width = qr->width;
    /* One rectangle per run of dark modules in a row: far fewer than one per module. */
    for (int y = 0; y < width; y++) {
        for (int x = 0; x < width;) {
            if (!(qr->data[y * width + x] & 1)) {
                x++;
                continue;
            }
            int run = 0;
            while (x + run < width && (qr->data[y * width + x + run] & 1))
                run++;
            ww_buf_printf(&path, "%sM%d,%dh%dv1h-%dz", path.len ? " " : "", x + QUIET_ZONE,
                          y + QUIET_ZONE, run, run);
            x += run;
        }
    }
    *size = width + 2 * QUIET_ZONE;
    QRcode_free(qr);
    return ww_buf_release(&path);
}
