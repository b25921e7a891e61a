/* ww_chart.c -- the layout of the insight charts as JSON, for the SVG partials to draw. */
#include "ww_chart.h"

#include "ww_util.h"

#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum {
    FONT_SIZE = 13,    /* the partials set it on the <svg>; every width below assumes it */
    MARGIN = 8,        /* around every chart */
    LABEL_GAP = 8,     /* between a label and what it names */
    BASELINE_DROP = 5, /* from the middle of a line of text down to its baseline: about 0.35em */
};

/* What an empty chart says, in its place. */
static const char EMPTY_MESSAGE[] = "Geen gegevens";

/* ---- Shared ----------------------------------------------------------------------------- */

/* Units a text takes at FONT_SIZE: 7.5 per character (code point). A sans-serif averages less,
 * so a label measured this way leaves a little room rather than touching what follows. */
static long long text_width(const char *text)
{
    long long chars = 0;
    for (const unsigned char *p = (const unsigned char *)(text ? text : ""); *p; p++)
        chars += (*p & 0xC0) != 0x80;
    return (chars * 15 + 1) / 2;
}

static const char *item(const char *const *texts, size_t i)
{
    return texts ? texts[i] : NULL;
}

static long long widest(const char *const *texts, size_t n)
{
    long long widest_so_far = 0;
    for (size_t i = 0; i < n; i++) {
        long long width = text_width(item(texts, i));
        if (width > widest_so_far)
            widest_so_far = width;
    }
    return widest_so_far;
}

static long long larger(long long a, long long b)
{
    return a > b ? a : b;
}

/* A copy of a text as a JSON string; NULL, and text that is not UTF-8, become "". */
static json_t *text_value(const char *text)
{
    json_t *value = text ? json_string(text) : NULL;
    return value ? value : json_string("");
}

/* A number as people here write it: up to 15 digits, a decimal comma ("0,5", "12"). */
static void format_number(char *out, size_t size, double value)
{
    snprintf(out, size, "%.15g", value);
    char *point = strchr(out, '.');
    if (point)
        *point = ',';
}

/* A count as the axes and bars take it: not below zero, NaN as zero. */
static double count_value(double value)
{
    return isfinite(value) && value > 0 ? value : 0;
}

/* The keys every chart has: its size, the font size its widths assume, and where an empty
 * chart says so. */
static void set_frame(json_t *chart, long long width, long long height, bool empty,
                      long long message_x, long long message_y)
{
    json_object_set_new(chart, "breedte", json_integer(width));
    json_object_set_new(chart, "hoogte", json_integer(height));
    json_object_set_new(chart, "lettergrootte", json_integer(FONT_SIZE));
    json_object_set_new(chart, "geen_gegevens", json_boolean(empty));
    json_object_set_new(chart, "melding", json_string(EMPTY_MESSAGE));
    json_object_set_new(chart, "melding_x", json_integer(message_x));
    json_object_set_new(chart, "melding_y", json_integer(message_y));
}

/* ---- Heat map --------------------------------------------------------------------------- */

enum {
    CELL_HEIGHT = 32,
    CELL_MIN_WIDTH = 44,
    CELL_PADDING = 12, /* beside the widest number in a cell */
    CELL_GAP = 2,      /* white between cells, so that neighbours of one step stay apart */
    HEAT_STEPS = 5,
    DARK_STEP = 4, /* from this step on, the cell is dark enough to need light text */
};

/* cos 45°: how far a label rotated by -45° reaches to the right and up, per unit of length. */
static const double DIAGONAL = 0.70710678;

typedef struct {
    long long left, top;        /* of the first cell */
    long long pitch_x, pitch_y; /* from one cell to the next, gap included */
    unsigned largest, thin_below;
} heat_grid;

/* The step of a count that is neither 0 nor thin: the fifth of the largest count it reaches. */
static unsigned heat_step(unsigned count, unsigned largest)
{
    unsigned long long step = ((unsigned long long)count * HEAT_STEPS + largest - 1) / largest;
    return step < 1 ? 1 : step > HEAT_STEPS ? HEAT_STEPS : (unsigned)step;
}

/* Escaping keeps markup out of an href, not a scheme: only URLs the caller can have meant for
 * a page of this site or another site pass. */
static json_t *link_value(const char *url)
{
    bool safe = url && ((url[0] == '/' && url[1] != '/' && url[1] != '\\') || url[0] == '?' ||
                        url[0] == '#' || strncmp(url, "https://", 8) == 0 ||
                        strncmp(url, "http://", 7) == 0);
    json_t *value = safe ? json_string(url) : NULL;
    return value ? value : json_null();
}

static json_t *heat_cell(const heat_grid *grid, size_t row, size_t col, unsigned count,
                         const char *url, const char *row_label, const char *col_label)
{
    static const char *const step_classes[HEAT_STEPS] = {"ww-heat-1", "ww-heat-2", "ww-heat-3",
                                                         "ww-heat-4", "ww-heat-5"};
    long long x = grid->left + (long long)col * grid->pitch_x;
    long long y = grid->top + (long long)row * grid->pitch_y;
    long long width = grid->pitch_x - CELL_GAP, height = grid->pitch_y - CELL_GAP;
    bool empty = count == 0, thin = !empty && count < grid->thin_below;
    unsigned step = empty || thin ? 0 : heat_step(count, grid->largest);
    char number[16];
    snprintf(number, sizeof number, "%u", count);
    return json_pack("{s:I,s:I,s:I,s:I,s:s,s:I,s:I,s:s,s:s,s:b,s:b,s:o,s:o,s:o}", "x",
                     (json_int_t)x, "y", (json_int_t)y, "breedte", (json_int_t)width, "hoogte",
                     (json_int_t)height, "waarde", number, "tekst_x", (json_int_t)(x + width / 2),
                     "tekst_y", (json_int_t)(y + height / 2 + BASELINE_DROP), "klasse",
                     empty  ? "ww-heat-leeg"
                     : thin ? "ww-heat-dun"
                            : step_classes[step - 1],
                     "tekst_klasse",
                     step >= DARK_STEP ? "ww-heat-tekst-licht" : "ww-heat-tekst-donker", "leeg",
                     empty, "dun", thin, "url", link_value(url), "rij", text_value(row_label),
                     "kolom", text_value(col_label));
}

static json_t *heat_row_labels(const heat_grid *grid, const char *const *labels, size_t rows)
{
    json_t *list = json_array();
    for (size_t r = 0; r < rows; r++) {
        long long middle =
            grid->top + (long long)r * grid->pitch_y + (grid->pitch_y - CELL_GAP) / 2;
        json_array_append_new(list, json_pack("{s:o,s:I,s:I}", "tekst", text_value(item(labels, r)),
                                              "x", (json_int_t)(grid->left - LABEL_GAP), "y",
                                              (json_int_t)(middle + BASELINE_DROP)));
    }
    return list;
}

/* The column labels, rotated -45° about their start just above the middle of their column (a
 * little to the right, since the rotated letters lean left of their baseline). *right is
 * raised to where the furthest of them ends. */
static json_t *heat_column_labels(const heat_grid *grid, const char *const *labels, size_t cols,
                                  long long *right)
{
    json_t *list = json_array();
    for (size_t c = 0; c < cols; c++) {
        long long x = grid->left + (long long)c * grid->pitch_x + (grid->pitch_x - CELL_GAP) / 2 +
                      FONT_SIZE / 3;
        long long y = grid->top - LABEL_GAP;
        *right = larger(*right, x + (long long)ceil(text_width(item(labels, c)) * DIAGONAL));
        json_array_append_new(list, json_pack("{s:o,s:I,s:I}", "tekst", text_value(item(labels, c)),
                                              "x", (json_int_t)x, "y", (json_int_t)y));
    }
    return list;
}

json_t *ww_chart_heatmap(const char *const *row_labels, size_t rows, const char *const *col_labels,
                         size_t cols, const unsigned *counts, unsigned thin_below,
                         const char *const *cell_urls)
{
    size_t cell_count = rows * cols;
    unsigned largest = 0;
    for (size_t i = 0; i < cell_count; i++)
        if (counts[i] > largest)
            largest = counts[i];
    char widest_number[16];
    snprintf(widest_number, sizeof widest_number, "%u", largest);
    long long column_label_reach = (long long)ceil(widest(col_labels, cols) * DIAGONAL);
    heat_grid grid = {
        .left = MARGIN + widest(row_labels, rows) + LABEL_GAP,
        .top = MARGIN + (cols ? column_label_reach + FONT_SIZE + LABEL_GAP : 0),
        .pitch_x = larger(CELL_MIN_WIDTH, text_width(widest_number) + CELL_PADDING) + CELL_GAP,
        .pitch_y = CELL_HEIGHT + CELL_GAP,
        .largest = largest,
        .thin_below = thin_below,
    };
    long long right = larger(grid.left + (long long)cols * grid.pitch_x - CELL_GAP,
                             cell_count ? 0 : grid.left + text_width(EMPTY_MESSAGE));
    long long bottom = grid.top + larger(rows ? (long long)rows * grid.pitch_y - CELL_GAP : 0,
                                         cell_count ? 0 : CELL_HEIGHT);
    json_t *chart = json_object();
    json_object_set_new(chart, "rijen", heat_row_labels(&grid, row_labels, rows));
    json_object_set_new(chart, "kolommen", heat_column_labels(&grid, col_labels, cols, &right));
    json_t *cells = json_array();
    for (size_t r = 0; r < rows; r++)
        for (size_t c = 0; c < cols; c++)
            json_array_append_new(cells, heat_cell(&grid, r, c, counts[r * cols + c],
                                                   item(cell_urls, r * cols + c),
                                                   item(row_labels, r), item(col_labels, c)));
    json_object_set_new(chart, "cellen", cells);
    set_frame(chart, right + MARGIN, bottom + MARGIN, cell_count == 0, grid.left,
              grid.top + CELL_HEIGHT / 2 + BASELINE_DROP);
    return chart;
}

/* ---- Bars ------------------------------------------------------------------------------- */

enum {
    BAR_HEIGHT = 20,
    BAR_PITCH = 28, /* from one bar to the next */
    BAR_AREA = 320, /* the length of a bar at the maximum */
    VALUE_GAP = 6,  /* between a bar's end and its text */
};

/* One bar of `length` units in row `i`; *right is raised to where its text ends. */
static json_t *bar(size_t i, long long left, long long length, const char *label, json_t *text,
                   long long *right)
{
    long long y = MARGIN + (long long)i * BAR_PITCH;
    long long middle = y + BAR_HEIGHT / 2 + BASELINE_DROP;
    long long text_x = left + length + VALUE_GAP;
    *right = larger(*right, text_x + text_width(json_string_value(text)));
    return json_pack("{s:o,s:I,s:I,s:I,s:I,s:I,s:I,s:o,s:I,s:I,s:b}", "naam", text_value(label),
                     "naam_x", (json_int_t)(left - LABEL_GAP), "naam_y", (json_int_t)middle, "x",
                     (json_int_t)left, "y", (json_int_t)y, "breedte", (json_int_t)length, "hoogte",
                     (json_int_t)BAR_HEIGHT, "tekst", text, "tekst_x", (json_int_t)text_x,
                     "tekst_y", (json_int_t)middle, "nul", length == 0);
}

json_t *ww_chart_bars(const char *const *labels, const double *values, size_t n,
                      const char *const *value_texts, double max)
{
    double scale = count_value(max);
    for (size_t i = 0; count_value(max) == 0 && i < n; i++)
        scale = fmax(scale, count_value(values[i]));
    long long left = MARGIN + widest(labels, n) + LABEL_GAP;
    long long right = left + BAR_AREA;
    if (n == 0)
        right = larger(right, left + text_width(EMPTY_MESSAGE));
    json_t *bars = json_array();
    for (size_t i = 0; i < n; i++) {
        double value = fmin(count_value(values[i]), scale);
        long long length = scale > 0 ? llround(value / scale * BAR_AREA) : 0;
        char number[32];
        format_number(number, sizeof number, count_value(values[i]));
        const char *given = item(value_texts, i);
        json_array_append_new(bars, bar(i, left, length, item(labels, i),
                                        text_value(given ? given : number), &right));
    }
    long long bottom =
        MARGIN + (n ? (long long)n * BAR_PITCH - (BAR_PITCH - BAR_HEIGHT) : BAR_HEIGHT);
    json_t *chart = json_object();
    json_object_set_new(chart, "staven", bars);
    json_object_set_new(chart, "as_x", json_integer(left));
    json_object_set_new(chart, "as_y1", json_integer(MARGIN / 2));
    json_object_set_new(chart, "as_y2", json_integer(bottom + MARGIN / 2));
    set_frame(chart, right + MARGIN, bottom + MARGIN, n == 0, left,
              MARGIN + BAR_HEIGHT / 2 + BASELINE_DROP);
    return chart;
}

/* ---- Line ------------------------------------------------------------------------------- */

enum {
    PLOT_HEIGHT = 200,
    PLOT_MIN_WIDTH = 480,
    MAX_X_LABELS = 12,
    X_LABEL_SPACE = 10, /* at least between two x labels that show */
    MAX_GRID_STEPS = 5,
    SERIES_STYLES = 3,  /* ww-line-1 .. ww-line-3 */
    LEGEND_SWATCH = 28, /* the length of the bit of line before a series' name */
    LEGEND_SPACE = 20,  /* between two series in the legend */
    LEGEND_ROW = 22,
};

/* The look of each series of a line chart (web/static/css/inzicht.css), in turn. */
static const char *const SERIES_CLASSES[SERIES_STYLES] = {"ww-line-1", "ww-line-2", "ww-line-3"};

/* Past this, counts are not counts; it keeps the maximum an integer a double holds exactly. */
static const double LARGEST_COUNT = 1e15;

typedef struct {
    double maximum;    /* of the y axis */
    unsigned steps;    /* of the grid between 0 and the maximum */
    long long left;    /* the y axis */
    long long top;     /* the maximum */
    long long width;   /* of the plot */
    size_t points;     /* along the x axis */
    size_t label_step; /* 1: every x label shows, 2: every other, ... */
} line_frame;

/* The least of 1, 2, 5 × 10^k at or above `largest`, at least 1; and the steps of the grid up
 * to it (5 of 0.2 × 10^k, 4 of 0.5 × 10^k or 5 of 10^k: values one reads off at a glance). */
static void nice_maximum(double largest, line_frame *frame)
{
    largest = fmin(largest, LARGEST_COUNT);
    double power = 1;
    while (power * 10 < largest)
        power *= 10;
    static const double factors[] = {1, 2, 5, 10};
    for (size_t i = 0; i < sizeof factors / sizeof *factors; i++) {
        if (factors[i] * power >= largest) {
            frame->maximum = factors[i] * power;
            frame->steps = factors[i] == 2 ? 4 : MAX_GRID_STEPS;
            return;
        }
    }
}

static long long frame_x(const line_frame *frame, size_t i)
{
    if (frame->points < 2)
        return frame->left + frame->width / 2;
    return frame->left + llround((double)i * (double)frame->width / (double)(frame->points - 1));
}

static long long frame_y(const line_frame *frame, double value)
{
    return frame->top + PLOT_HEIGHT - llround(value / frame->maximum * PLOT_HEIGHT);
}

static json_t *line_grid(const line_frame *frame, char texts[][32])
{
    json_t *grid = json_array();
    for (unsigned i = 0; i <= frame->steps; i++) {
        long long y = frame_y(frame, frame->maximum * i / frame->steps);
        json_array_append_new(grid,
                              json_pack("{s:I,s:s,s:I,s:I}", "y", (json_int_t)y, "tekst", texts[i],
                                        "tekst_x", (json_int_t)(frame->left - LABEL_GAP), "tekst_y",
                                        (json_int_t)(y + BASELINE_DROP)));
    }
    return grid;
}

static json_t *line_x_labels(const line_frame *frame, const char *const *labels)
{
    json_t *list = json_array();
    for (size_t i = 0; i < frame->points; i += frame->label_step)
        json_array_append_new(
            list, json_pack("{s:o,s:I,s:I}", "tekst", text_value(item(labels, i)), "x",
                            (json_int_t)frame_x(frame, i), "y",
                            (json_int_t)(frame->top + PLOT_HEIGHT + LABEL_GAP + FONT_SIZE)));
    return list;
}

/* One series: its line as SVG points, and a marker per point that names month and value. */
static json_t *line_series(const line_frame *frame, size_t s, const char *name,
                           const char *const *x_labels, const double *values)
{
    ww_buf points = {0};
    json_t *markers = json_array();
    for (size_t i = 0; i < frame->points; i++) {
        double value = fmin(count_value(values[i]), LARGEST_COUNT);
        long long x = frame_x(frame, i), y = frame_y(frame, value);
        ww_buf_printf(&points, "%s%lld,%lld", i ? " " : "", x, y);
        char number[32];
        format_number(number, sizeof number, value);
        char *label = ww_xasprintf("%s: %s", item(x_labels, i) ? item(x_labels, i) : "", number);
        json_array_append_new(markers, json_pack("{s:I,s:I,s:o}", "x", (json_int_t)x, "y",
                                                 (json_int_t)y, "tekst", text_value(label)));
        free(label);
    }
    json_t *series = json_pack("{s:o,s:s,s:b,s:s,s:o}", "naam", text_value(name), "klasse",
                               SERIES_CLASSES[s % SERIES_STYLES], "lijn", frame->points > 1,
                               "punten", points.len ? points.data : "", "markeringen", markers);
    ww_buf_free(&points);
    return series;
}

/* The legend, below the x labels from `top`, its items side by side as far as `width` lets
 * them. Returns where it ends. */
static long long line_legend(json_t *chart, const char *const *names, size_t series, long long top,
                             long long width)
{
    json_t *legend = json_array();
    long long x = MARGIN, y = top + LEGEND_ROW / 2;
    for (size_t s = 0; s < series; s++) {
        long long item_width = LEGEND_SWATCH + LABEL_GAP + text_width(item(names, s));
        if (x > MARGIN && x + item_width > width - MARGIN) {
            x = MARGIN;
            y += LEGEND_ROW;
        }
        json_array_append_new(legend,
                              json_pack("{s:o,s:s,s:I,s:I,s:I,s:I,s:I,s:I}", "naam",
                                        text_value(item(names, s)), "klasse",
                                        SERIES_CLASSES[s % SERIES_STYLES], "x1", (json_int_t)x,
                                        "x2", (json_int_t)(x + LEGEND_SWATCH), "midden_x",
                                        (json_int_t)(x + LEGEND_SWATCH / 2), "y", (json_int_t)y,
                                        "tekst_x", (json_int_t)(x + LEGEND_SWATCH + LABEL_GAP),
                                        "tekst_y", (json_int_t)(y + BASELINE_DROP)));
        x += item_width + LEGEND_SPACE;
    }
    json_object_set_new(chart, "legenda", legend);
    return series ? y + LEGEND_ROW / 2 : top;
}

/* Places the plot: left of it room for the grid's labels and half the first x label, and wide
 * enough for the x labels that show to stand apart. */
static void line_place(line_frame *frame, const char *const *x_labels, char texts[][32])
{
    long long grid_labels = 0;
    for (unsigned i = 0; i <= frame->steps; i++) {
        format_number(texts[i], 32, frame->maximum * i / frame->steps);
        grid_labels = larger(grid_labels, text_width(texts[i]));
    }
    long long x_label_width = 0;
    for (size_t i = 0; i < frame->points; i += frame->label_step)
        x_label_width = larger(x_label_width, text_width(item(x_labels, i)));
    frame->left = MARGIN + larger(grid_labels + LABEL_GAP, (x_label_width + 1) / 2);
    frame->top = MARGIN + FONT_SIZE;
    frame->width = PLOT_MIN_WIDTH;
    if (frame->points > 1) {
        long long needed = ((x_label_width + X_LABEL_SPACE) * (long long)(frame->points - 1) +
                            (long long)frame->label_step - 1) /
                           (long long)frame->label_step;
        frame->width = larger(frame->width, needed);
    }
}

json_t *ww_chart_line(const char *const *x_labels, size_t points, const char *const *series_names,
                      size_t series, const double *values)
{
    double largest = 0;
    for (size_t i = 0; i < points * series; i++)
        largest = fmax(largest, count_value(values[i]));
    line_frame frame = {.points = points, .label_step = (points + MAX_X_LABELS - 1) / MAX_X_LABELS};
    if (frame.label_step == 0)
        frame.label_step = 1;
    nice_maximum(largest, &frame);
    char texts[MAX_GRID_STEPS + 1][32];
    line_place(&frame, x_labels, texts);
    long long bottom = frame.top + PLOT_HEIGHT;
    long long width = frame.left + frame.width + MARGIN +
                      (points ? widest(x_labels, points) / 2 : 0); /* half the last x label */
    json_t *chart = json_object();
    json_object_set_new(chart, "maximum", json_integer((json_int_t)frame.maximum));
    json_object_set_new(chart, "as_links", json_integer(frame.left));
    json_object_set_new(chart, "as_rechts", json_integer(frame.left + frame.width));
    json_object_set_new(chart, "as_boven", json_integer(frame.top));
    json_object_set_new(chart, "as_onder", json_integer(bottom));
    json_object_set_new(chart, "raster", line_grid(&frame, texts));
    json_object_set_new(chart, "x_labels", line_x_labels(&frame, x_labels));
    bool empty = points == 0 || series == 0;
    json_t *lines = json_array();
    for (size_t s = 0; !empty && s < series; s++)
        json_array_append_new(
            lines, line_series(&frame, s, item(series_names, s), x_labels, values + s * points));
    json_object_set_new(chart, "reeksen", lines);
    long long end = line_legend(chart, series_names, empty ? 0 : series,
                                bottom + LABEL_GAP + FONT_SIZE + LABEL_GAP, width);
    set_frame(chart, width, end + MARGIN, empty, frame.left + LABEL_GAP,
              frame.top + PLOT_HEIGHT / 2 + BASELINE_DROP);
    return chart;
}
