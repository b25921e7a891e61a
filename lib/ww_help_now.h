/* ww_help_now.h -- "hulp nu": recognising a question that signals acute danger (thoughts of
 * suicide, self-harm, violence at home, direct danger, a medical emergency) and the help lines to
 * show above the results, all read from schema/hulp-nu.yaml.
 *
 * Owns: the help lines (113, 112, Veilig Thuis, the huisarts), the kinds of danger (`soorten`)
 * with their rules, and the phrases that are no danger (`geen_gevaar`). The schema loads it with
 * the other schema files (ww_schema.help_now); it is read-only after loading and may be shared
 * between threads. The file is NOT part of the schema's fingerprint: nothing of it is in the
 * index, and correcting a phone number must not make the server refuse its index.
 *
 * Matching works on the folded words of a question (ww_fold, ww_each_word: what search sees),
 * so "Suïcide" and "suicide" are one word. The rule language is described in the file itself. */
#ifndef WW_HELP_NOW_H
#define WW_HELP_NOW_H

#include "ww_diag.h"

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

/* One help line. Strings are owned by the ww_help_now that holds the line, or, for a line a
 * caller makes itself (the wijkteam's, from the site configuration), borrowed from that caller;
 * only `id`, `name` and `explanation` are never NULL. */
typedef struct {
    const char *id;          /* "113" */
    const char *name;        /* naam: "113 Zelfmoordpreventie" */
    const char *phone;       /* telefoon as people read it: "0800-0113"; NULL when none */
    const char *tel;         /* the same as a tel: URL ("tel:08000113"); NULL with phone */
    const char *url;         /* an https:// address, or NULL */
    const char *url_text;    /* url_tekst: the text of the link; NULL with url */
    const char *explanation; /* uitleg, plain Dutch */
} ww_help_line;

typedef struct ww_help_now ww_help_now;

/* The kinds a question matched: bit i is kind i of the file, in the file's order. */
typedef uint32_t ww_help_kinds;
enum { WW_HELP_MAX_KINDS = 32 };

/* Reads the file at `path`. Every problem goes to `diag` with the file, line and column. Returns
 * the rules (free with ww_help_now_free), or NULL when the file is missing or wrong in any way:
 * an unknown key, a kind without rules or lines, a rule that is not a row of words, a line id
 * that does not exist, a phone number that is not one. */
ww_help_now *ww_help_now_load(const char *path, ww_diag *diag);
void ww_help_now_free(ww_help_now *help);

/* The kinds of danger in `text` (any UTF-8, any length: only the first 256 words count; a
 * search question has at most 500 bytes). 0 when none, when `help` is NULL or when `text` is
 * not valid UTF-8. */
ww_help_kinds ww_help_now_match(const ww_help_now *help, const char *text);

/* The number of kinds, and the id ("zelfdoding") of kind i; both borrowed from `help`. */
size_t ww_help_now_kind_count(const ww_help_now *help);
const char *ww_help_now_kind_id(const ww_help_now *help, size_t i);

/* The answer for `kinds` as the API and the pages give it:
 *   {"soort": ["zelfdoding", ...], "tekst": "U hoeft dit niet alleen te dragen. ...",
 *    "lijnen": [{"id", "naam", "telefoon"?, "tel"?, "url"?, "url_tekst"?, "uitleg"}, ...]}
 * with the `tekst` of the first kind that matched, its lines first, each line once, then `extra`
 * when not NULL (the sociaal wijkteam of the site's configuration: the caller's, copied). A new
 * object (caller owns), or NULL when `kinds` is 0. */
json_t *ww_help_now_json(const ww_help_now *help, ww_help_kinds kinds, const ww_help_line *extra);

/* ww_help_now_json(help, ww_help_now_match(help, text), extra). */
json_t *ww_help_now_answer(const ww_help_now *help, const char *text, const ww_help_line *extra);

#endif
