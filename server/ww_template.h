/* ww_template.h -- HTML templates, compiled once at start-up, that escape by default.
 *
 * The syntax is a small part of Mustache:
 *   {{name}}            the value, HTML-escaped (names may be dotted: organisatie.naam;
 *                       {{.}} is the current item)
 *   {{#name}}..{{/name}} the block for every item of a list, once for a true or non-empty
 *                       value (with that value as the current item), not at all otherwise;
 *                       to show a block once when a list is not empty, give the template a
 *                       flag beside the list
 *   {{^name}}..{{/name}} the block when the value is missing, false, empty or 0
 *   {{> other}}         the template named `other` of the same set
 *   {{! comment}}
 * There is no way to write a value unescaped: HTML is only ever made by templates. */
#ifndef WW_TEMPLATE_H
#define WW_TEMPLATE_H

#include <jansson.h>

typedef struct ww_templates ww_templates;

/* Compiles every *.html file in `dir`; the name of a template is its file name without
 * .html. Returns NULL with *errmsg (caller frees) naming the file and line of the first
 * error. */
ww_templates *ww_templates_load(const char *dir, char **errmsg);

/* Compiles one template from text into a new set, for tests. */
ww_templates *ww_templates_from_text(const char *name, const char *text, char **errmsg);

void ww_templates_free(ww_templates *set);

/* Renders template `name` with `data` as context. Returns a new string (caller frees), or
 * NULL when there is no such template or the rendering runs away (more than four million steps:
 * a template that includes itself inside a loop). */
char *ww_template_render(const ww_templates *set, const char *name, const json_t *data);

#endif
