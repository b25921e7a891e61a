/* ww_questions.c -- counting unanswered questions per week, and keeping the common ones. */
#include "ww_questions.h"

#include "ww_fs.h"
#include "ww_util.h"

#include <errno.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* How often the file may be written at most; WW_QUESTIONS_WRITE_SECONDS overrides it (tests). */
enum { WRITE_EVERY = 10, MAX_FILE = 16 * 1024 * 1024, MAX_KEYS_A_WEEK = 100000 };

struct ww_questions {
    pthread_mutex_t lock;
    char *file;
    json_t *weeks; /* {"2026-W48": {key: {"aantal", "ambitie", "leefgebied"}}} */
    time_t written;
    bool dirty;
    int write_every;
};

/* "2026-W48": the ISO week of `when` in local time. */
static void week_of(time_t when, char out[16])
{
    struct tm tm;
    localtime_r(&when, &tm);
    strftime(out, 16, "%G-W%V", &tm);
}

/* Drops the weeks before the last WW_QUESTIONS_WEEKS (week keys sort as time does). */
static void drop_old(json_t *weeks, time_t now)
{
    char oldest[16];
    week_of(now - (time_t)WW_QUESTIONS_WEEKS * 7 * 24 * 3600, oldest);
    const char *week;
    json_t *counts, *tmp;
    json_object_foreach_safe(weeks, tmp, week, counts)
    {
        if (strcmp(week, oldest) < 0)
            json_object_del(weeks, week);
    }
}

/* The file's count, or NULL when it is not one. */
static json_t *read_count(const char *file)
{
    char *text = NULL;
    size_t len = 0;
    if (ww_read_file(file, MAX_FILE, &text, &len) != 0)
        return errno == ENOENT ? json_object() : NULL;
    json_t *root = json_loadb(text, len, 0, NULL);
    free(text);
    json_t *weeks = json_incref(json_object_get(root, "weken"));
    json_decref(root);
    if (!json_is_object(weeks)) {
        json_decref(weeks);
        return NULL;
    }
    return weeks;
}

ww_questions *ww_questions_open(const char *file, time_t now)
{
    ww_questions *q = ww_xcalloc(1, sizeof *q);
    pthread_mutex_init(&q->lock, NULL);
    q->file = ww_xstrdup(file);
    q->weeks = read_count(file);
    if (!q->weeks) {
        char *aside = ww_xasprintf("%s.onleesbaar", file);
        rename(file, aside);
        free(aside);
        q->weeks = json_object();
    }
    drop_old(q->weeks, now);
    const char *every = getenv("WW_QUESTIONS_WRITE_SECONDS");
    q->write_every = every ? atoi(every) : WRITE_EVERY;
    return q;
}

/* The file's text: only the questions asked at least WW_QUESTIONS_MIN times in their week. */
static char *kept_text(const json_t *weeks)
{
    json_t *kept = json_object();
    const char *week, *key;
    json_t *counts, *count;
    json_object_foreach((json_t *)weeks, week, counts)
    {
        json_t *mine = json_object();
        json_object_foreach(counts, key, count)
        {
            if (json_integer_value(json_object_get(count, "aantal")) >= WW_QUESTIONS_MIN)
                json_object_set(mine, key, count);
        }
        if (json_object_size(mine))
            json_object_set(kept, week, mine);
        json_decref(mine);
    }
    json_t *root = json_pack("{s:i,s:o}", "versie", 1, "weken", kept);
    char *text = json_dumps(root, JSON_INDENT(1) | JSON_SORT_KEYS);
    json_decref(root);
    return text;
}

/* Writes the file now (the lock held). */
static void write_count(ww_questions *q, time_t now)
{
    char *text = kept_text(q->weeks);
    if (text && ww_write_file_atomic(q->file, text, strlen(text), 0600) == 0) {
        q->dirty = false;
        q->written = now;
    }
    free(text);
}

void ww_questions_close(ww_questions *q)
{
    if (!q)
        return;
    if (q->dirty)
        write_count(q, time(NULL));
    json_decref(q->weeks);
    pthread_mutex_destroy(&q->lock);
    free(q->file);
    free(q);
}

void ww_questions_note(ww_questions *q, const char *key, const char *ambition,
                       const char *leefgebied, time_t now)
{
    if (!q || !key || !*key)
        return;
    char week[16];
    week_of(now, week);
    pthread_mutex_lock(&q->lock);
    json_t *counts = json_object_get(q->weeks, week);
    if (!counts) {
        drop_old(q->weeks, now);
        json_object_set_new(q->weeks, week, counts = json_object());
    }
    json_t *count = json_object_get(counts, key);
    if (!count && json_object_size(counts) < MAX_KEYS_A_WEEK)
        json_object_set_new(
            counts, key, count = json_pack("{s:i,s:n,s:n}", "aantal", 0, "ambitie", "leefgebied"));
    if (count) {
        json_int_t n = json_integer_value(json_object_get(count, "aantal")) + 1;
        json_object_set_new(count, "aantal", json_integer(n));
        if (ambition && json_is_null(json_object_get(count, "ambitie")))
            json_object_set_new(count, "ambitie", json_string(ambition));
        if (leefgebied && json_is_null(json_object_get(count, "leefgebied")))
            json_object_set_new(count, "leefgebied", json_string(leefgebied));
        q->dirty = q->dirty || n >= WW_QUESTIONS_MIN;
    }
    if (q->dirty && now - q->written >= q->write_every)
        write_count(q, now);
    pthread_mutex_unlock(&q->lock);
}

static int by_count(const void *a, const void *b)
{
    json_int_t x = json_integer_value(json_object_get(*(json_t *const *)a, "aantal")),
               y = json_integer_value(json_object_get(*(json_t *const *)b, "aantal"));
    if (x != y)
        return x < y ? 1 : -1;
    return strcmp(json_string_value(json_object_get(*(json_t *const *)a, "vraag")),
                  json_string_value(json_object_get(*(json_t *const *)b, "vraag")));
}

/* One week's kept questions, most asked first. */
static json_t *week_questions(const json_t *counts)
{
    size_t n = 0;
    json_t **list = ww_xcalloc(json_object_size(counts) + 1, sizeof *list);
    const char *key;
    json_t *count;
    json_object_foreach((json_t *)counts, key, count)
    {
        if (json_integer_value(json_object_get(count, "aantal")) >= WW_QUESTIONS_MIN) {
            list[n] = json_deep_copy(count);
            json_object_set_new(list[n++], "vraag", json_string(key));
        }
    }
    qsort(list, n, sizeof *list, by_count);
    json_t *out = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append_new(out, list[i]);
    free(list);
    return out;
}

static int newest_first(const void *a, const void *b)
{
    return strcmp(*(const char *const *)b, *(const char *const *)a);
}

json_t *ww_questions_json(ww_questions *q, time_t now)
{
    json_t *weeks = json_array();
    pthread_mutex_lock(&q->lock);
    drop_old(q->weeks, now);
    size_t n = 0;
    const char **names = ww_xcalloc(json_object_size(q->weeks) + 1, sizeof *names);
    const char *week;
    json_t *counts;
    json_object_foreach(q->weeks, week, counts) names[n++] = week;
    qsort(names, n, sizeof *names, newest_first);
    for (size_t i = 0; i < n; i++) {
        json_t *questions = week_questions(json_object_get(q->weeks, names[i]));
        if (json_array_size(questions))
            json_array_append_new(weeks,
                                  json_pack("{s:s,s:o}", "week", names[i], "vragen", questions));
        else
            json_decref(questions);
    }
    free(names);
    pthread_mutex_unlock(&q->lock);
    return json_pack("{s:o}", "weken", weeks);
}
