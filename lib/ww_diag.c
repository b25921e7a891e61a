/* ww_diag.c -- collecting and printing catalog diagnostics. */
#include "ww_diag.h"

#include "ww_util.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

void ww_diag_add(ww_diag *diag, ww_severity severity, const char *file, unsigned line,
                 unsigned column, const char *path, const char *fmt, ...)
{
    if (diag->count == diag->cap) {
        diag->cap = diag->cap ? diag->cap * 2 : 16;
        diag->items = ww_xrealloc(diag->items, diag->cap * sizeof *diag->items);
    }
    va_list ap;
    va_start(ap, fmt);
    char *message = ww_xvasprintf(fmt, ap);
    va_end(ap);
    ww_diag_item *item = &diag->items[diag->count++];
    item->severity = severity;
    item->file = ww_xstrdup(file ? file : "");
    item->line = line;
    item->column = column;
    item->path = ww_xstrdup(path ? path : "");
    item->message = message;
    if (severity == WW_DIAG_ERROR)
        diag->errors++;
    else
        diag->warnings++;
}

void ww_diag_print(const ww_diag *diag, size_t from, FILE *out)
{
    for (size_t i = from; i < diag->count; i++) {
        const ww_diag_item *d = &diag->items[i];
        fprintf(out, "%s:%u:%u: ", d->file, d->line ? d->line : 1, d->column ? d->column : 1);
        if (d->severity == WW_DIAG_WARNING)
            fputs("waarschuwing: ", out);
        if (d->path[0])
            fprintf(out, "%s: ", d->path);
        fprintf(out, "%s\n", d->message);
    }
}

void ww_diag_move(ww_diag *into, ww_diag *from)
{
    if (from->count) {
        if (into->count + from->count > into->cap) {
            into->cap = into->count + from->count;
            into->items = ww_xrealloc(into->items, into->cap * sizeof *into->items);
        }
        memcpy(into->items + into->count, from->items, from->count * sizeof *from->items);
        into->count += from->count;
        into->errors += from->errors;
        into->warnings += from->warnings;
    }
    free(from->items);
    *from = (ww_diag){0};
}

void ww_diag_free(ww_diag *diag)
{
    for (size_t i = 0; i < diag->count; i++) {
        free(diag->items[i].file);
        free(diag->items[i].path);
        free(diag->items[i].message);
    }
    free(diag->items);
    *diag = (ww_diag){0};
}

json_t *ww_diag_to_json(const ww_diag *diag, ww_severity severity, bool positions)
{
    json_t *list = json_array();
    for (size_t i = 0; i < diag->count; i++) {
        const ww_diag_item *d = &diag->items[i];
        if (d->severity != severity)
            continue;
        json_array_append_new(
            list, positions
                      ? json_pack("{s:s,s:i,s:i,s:s}", "path", d->path, "line", (json_int_t)d->line,
                                  "column", (json_int_t)d->column, "message", d->message)
                      : json_pack("{s:s,s:s}", "path", d->path, "message", d->message));
    }
    return list;
}
