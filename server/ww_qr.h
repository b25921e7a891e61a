/* ww_qr.h -- a QR code (libqrencode) as the data of an SVG path, so that a template can draw it
 * without any markup coming from C: <svg viewBox="0 0 SIZE SIZE"><path d="PATH"/></svg>. Used
 * by the shortlist (/lijst) to put the list's address on paper for a phone's camera. */
#ifndef WW_QR_H
#define WW_QR_H

/* Encodes `text` (8-bit mode, error correction level M) and returns the path of its dark
 * modules, one unit per module, with the quiet zone of four modules around it: "M4,4h7v1h-7z
 * ..."; *size is the side of the whole square in modules. NULL when the text cannot be
 * encoded (longer than a QR code holds); errno says why. Caller frees. */
char *ww_qr_svg_path(const char *text, int *size);

#endif
