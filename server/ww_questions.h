/* ww_questions.h -- the questions residents ask that the sociale basis does not answer
 * (issue 16): searches that found nothing, or nothing that fits well, counted per week by the
 * question's key (ww_search_question_key: folded, stemmed, stopwords out, words sorted), with
 * the ambition and leefgebied the question was mapped to.
 *
 * Privacy first. Nothing is kept per search: no address, no session, no time finer than the
 * week, and a question that may say who asked never gets a key. Counts live in memory; only a
 * question asked at least WW_QUESTIONS_MIN times in a week is written to the file, and weeks
 * older than WW_QUESTIONS_WEEKS are dropped. The file (JSON) is replaced atomically, so a crash
 * at any moment leaves the old or the new one, whole. Safe on any thread (one lock). */
#ifndef WW_QUESTIONS_H
#define WW_QUESTIONS_H

#include <jansson.h>
#include <time.h>

enum { WW_QUESTIONS_MIN = 5, WW_QUESTIONS_WEEKS = 26 };

typedef struct ww_questions ww_questions;

/* The count kept in `file` (read when it is there, its old weeks dropped). A file that is not
 * the count is set aside as <file>.onleesbaar and a new count begins. Free with
 * ww_questions_close, which writes the count. */
ww_questions *ww_questions_open(const char *file, time_t now);
void ww_questions_close(ww_questions *questions);

/* Counts one unanswered question in the week of `now`; `ambition` and `leefgebied` (may be
 * NULL) are what it was mapped to. Writes the file, at most every few seconds, when a kept
 * question's count changed. */
void ww_questions_note(ww_questions *questions, const char *key, const char *ambition,
                       const char *leefgebied, time_t now);

/* The kept questions: {"weken": [{"week": "2026-W48", "vragen": [{"vraag", "aantal",
 * "ambitie", "leefgebied"}]}]}, newest week first, most asked first. A new object. */
json_t *ww_questions_json(ww_questions *questions, time_t now);

#endif
