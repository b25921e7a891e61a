/* ww_diag.h -- diagnostics about catalog files: errors and warnings with a position and a field
 * path, printed one per line like a compiler (`file:line:col: field.path: message`) and kept
 * structured so the server can answer 422 with the same list. */
#ifndef WW_DIAG_H
#define WW_DIAG_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

typedef enum { WW_DIAG_ERROR, WW_DIAG_WARNING } ww_severity;

typedef struct {
    ww_severity severity;
    char *file;      /* as given by the caller */
    unsigned line;   /* 1-based; 0 when the problem has no position */
    unsigned column; /* 1-based */
    char *path;      /* field path like "locaties[1].postcode"; "" for the whole file */
    char *message;   /* Dutch, for the people who write the catalog */
} ww_diag_item;

/* Zero-initialise ({0}); everything inside is owned by the collector. */
typedef struct {
    ww_diag_item *items;
    size_t count, cap;
    size_t errors, warnings;
} ww_diag;

void ww_diag_add(ww_diag *diag, ww_severity severity, const char *file, unsigned line,
                 unsigned column, const char *path, const char *fmt, ...)
    __attribute__((format(printf, 7, 8)));
/* Appends every item of `from` to `into`, in order, and empties `from`. */
void ww_diag_move(ww_diag *into, ww_diag *from);
/* Prints items [from, count) one per line. */
void ww_diag_print(const ww_diag *diag, size_t from, FILE *out);
void ww_diag_free(ww_diag *diag);

/* The items of one severity as the API and the partners' form list them:
 * [{path, message}], with line and column too when `positions`. A new array (caller owns). */
json_t *ww_diag_to_json(const ww_diag *diag, ww_severity severity, bool positions);

#endif
