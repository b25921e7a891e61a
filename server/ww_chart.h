/* ww_chart.h -- the geometry of the charts of the insight pages (a heat map, horizontal bars, a
 * line per series over the months) as JSON, so that templates draw the SVG and no markup comes
 * from C: web/templates/grafiek-warmte.html, grafiek-staven.html and grafiek-lijn.html.
 *
 * This module owns the layout: sizes, positions (integers, in SVG user units at a font size of
 * `lettergrootte`, with about 7.5 units per character of a label), the CSS classes of
 * web/static/css/inzicht.css and the texts to print. It owns none of its inputs: every string
 * is copied. Labels must be UTF-8 (a label that is not is drawn empty); nothing is truncated,
 * the chart grows to make room. The caller adds `titel` and `id` beside the geometry before
 * rendering (see the comment at the top of each partial).
 *
 * Each function returns a new json_t that the caller owns (json_decref); they do not fail
 * (out of memory aborts, see ww_util.h). No count is an error: zero rows, columns, bars,
 * points or series give an empty chart. Besides the keys listed below, every chart has
 *   geen_gegevens  true when there is nothing to draw
 *   melding, melding_x, melding_y   "Geen gegevens" and where to write it then. */
#ifndef WW_CHART_H
#define WW_CHART_H

#include <jansson.h>
#include <stddef.h>

/* A matrix of counts, rows down the left, columns along the top (labels rotated -45°).
 * `counts` is row-major (rows * cols); `cell_urls`, row-major too, may be NULL, and so may each
 * of its items: a cell with a URL becomes a link. A URL must be a path ("/..."), a query
 * ("?..."), a fragment or http(s); any other (javascript:, data:, "//host") is dropped.
 *   {breedte, hoogte, lettergrootte,
 *    rijen:    [{tekst, x, y}]          right-aligned at x (text-anchor end)
 *    kolommen: [{tekst, x, y}]          drawn with transform="rotate(-45 x y)"
 *    cellen:   [{x, y, breedte, hoogte, waarde ("12"), tekst_x, tekst_y (centred),
 *                klasse, tekst_klasse, leeg, dun, url (string or null), rij, kolom}]}
 * klasse: "ww-heat-leeg" for 0, "ww-heat-dun" for 0 < count < thin_below, else
 * "ww-heat-1".."ww-heat-5": the fifth of the largest count the cell reaches (ceil(5 * count /
 * largest)). tekst_klasse: "ww-heat-tekst-licht" on steps 4 and 5, else "ww-heat-tekst-donker".
 * Every cell has every key, so that a template looking one up never finds the caller's. */
json_t *ww_chart_heatmap(const char *const *row_labels, size_t rows, const char *const *col_labels,
                         size_t cols, const unsigned *counts, unsigned thin_below,
                         const char *const *cell_urls);

/* Horizontal bars, one per label, the bar's length value / max of the bar area and
 * `value_texts[i]` printed beside its end (a NULL array or item prints the value). `max` 0
 * means the largest value; values below zero or not finite count as 0, above max as max.
 *   {breedte, hoogte, lettergrootte, as_x, as_y1, as_y2 (the axis at the bars' start),
 *    staven: [{naam, naam_x, naam_y, x, y, breedte, hoogte, tekst, tekst_x, tekst_y, nul}]}
 * nul: the bar has no length (draw no rect; its text is still there). */
json_t *ww_chart_bars(const char *const *labels, const double *values, size_t n,
                      const char *const *value_texts, double max);

/* Lines over `points` months, one per series; `values` is series-major (series * points);
 * below zero or not finite counts as 0. The y axis runs from 0 to a nice maximum: the least of
 * 1, 2, 5 × 10^k at or above the largest value, at least 1 (7 → 10, 23 → 50, 100 → 100),
 * divided into 5 (for 1 and 5 × 10^k) or 4 (for 2 × 10^k) steps. At most 12 x labels show:
 * every ceil(points / 12)th, from the first. Series take the classes "ww-line-1".."ww-line-3"
 * in turn (a fourth series looks like the first again).
 *   {breedte, hoogte, lettergrootte, maximum, as_links, as_rechts, as_boven, as_onder,
 *    raster:     [{y, tekst, tekst_x, tekst_y}]  from 0 up; lines run as_links..as_rechts
 *    x_labels:   [{tekst, x, y}]                 centred (text-anchor middle)
 *    reeksen:    [{naam, klasse, lijn, punten ("x,y x,y ..."),
 *                  markeringen: [{x, y, tekst ("jan 2024: 12")}]}]
 *    legenda:    [{naam, klasse, x1, x2, midden_x, y, tekst_x, tekst_y}]}
 * lijn: false for a single point, which is drawn by its marker alone. */
json_t *ww_chart_line(const char *const *x_labels, size_t points, const char *const *series_names,
                      size_t series, const double *values);

#endif
