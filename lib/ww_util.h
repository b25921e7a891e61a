/* ww_util.h -- allocation that never returns NULL, and a growable string buffer.
 *
 * Out of memory is not a condition Wegwijzer can serve through, so ww_xmalloc and friends
 * print a message and abort instead of making every caller check for NULL. The same holds
 * wherever memory is taken: jansson allocates through ww_xmalloc (set before main runs), and
 * C++'s operator new calls ww_out_of_memory (ww_xapian.cc), so no JSON or Xapian call returns
 * a NULL or throws for want of memory that a caller could mistake for an empty answer. */
#ifndef WW_UTIL_H
#define WW_UTIL_H

#include <stdarg.h>
#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Says so on stderr and aborts; `size` is what was asked for (0 when unknown). */
void ww_out_of_memory(size_t size) __attribute__((noreturn));

/* malloc, calloc, realloc, strdup, strndup and vasprintf that abort instead of returning NULL;
 * what they return is the caller's to free. */
void *ww_xmalloc(size_t size);
void *ww_xcalloc(size_t count, size_t size);
void *ww_xrealloc(void *ptr, size_t size);
char *ww_xstrdup(const char *s);
char *ww_xstrndup(const char *s, size_t len);
/* A new string formatted like printf; caller frees. */
char *ww_xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
char *ww_xvasprintf(const char *fmt, va_list ap) __attribute__((format(printf, 1, 0)));

/* The text of an errno value ("No such file or directory"); static. Unlike strerror, safe on
 * any thread. */
const char *ww_errno_text(int err);

/* A NUL-terminated byte string that grows as needed. Zero-initialise it ({0}) to start;
 * `data` is owned by the buffer until ww_buf_release hands it over. */
typedef struct {
    char *data;
    size_t len;
    size_t cap;
} ww_buf;

void ww_buf_append(ww_buf *buf, const char *bytes, size_t len);
void ww_buf_puts(ww_buf *buf, const char *s);
void ww_buf_putc(ww_buf *buf, char c);
void ww_buf_printf(ww_buf *buf, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void ww_buf_reset(ww_buf *buf); /* empties it, keeps the memory */
void ww_buf_free(ww_buf *buf);
/* Hands the string to the caller (never NULL, "" when empty) and empties the buffer. */
char *ww_buf_release(ww_buf *buf);

#ifdef __cplusplus
}
#endif

#endif
