/* ww_util.c -- allocation that aborts on exhaustion, and the string buffer. */
#include "ww_util.h"

#include <jansson.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void ww_out_of_memory(size_t size)
{
    fprintf(stderr, "wegwijzer: out of memory allocating %zu bytes\n", size);
    abort();
}

/* jansson allocates through ww_xmalloc from before main on, in every program that links this
 * file: a json_pack or json_dumps then fails only for what it is given, never for memory. */
__attribute__((constructor)) static void jansson_aborts_when_out_of_memory(void)
{
    json_set_alloc_funcs(ww_xmalloc, free);
}

void *ww_xmalloc(size_t size)
{
    void *p = malloc(size ? size : 1);
    if (!p)
        ww_out_of_memory(size);
    return p;
}

void *ww_xcalloc(size_t count, size_t size)
{
    void *p = calloc(count ? count : 1, size ? size : 1);
    if (!p)
        ww_out_of_memory(count * size);
    return p;
}

void *ww_xrealloc(void *ptr, size_t size)
{
    void *p = realloc(ptr, size ? size : 1);
    if (!p)
        ww_out_of_memory(size);
    return p;
}

char *ww_xstrndup(const char *s, size_t len)
{
    char *copy = ww_xmalloc(len + 1);
    memcpy(copy, s, len);
    copy[len] = '\0';
    return copy;
}

char *ww_xstrdup(const char *s)
{
    return ww_xstrndup(s, strlen(s));
}

static void buf_reserve(ww_buf *buf, size_t more)
{
    if (buf->len + more + 1 > buf->cap) {
        size_t cap = buf->cap ? buf->cap : 64;
        while (cap < buf->len + more + 1)
            cap *= 2;
        buf->data = ww_xrealloc(buf->data, cap);
        buf->cap = cap;
    }
}

static void buf_vprintf(ww_buf *buf, const char *fmt, va_list ap)
{
    /* Formats straight into the spare room, which short texts (most of them: terms, paths)
     * fit; only a longer one is formatted a second time, into room made for it. */
    buf_reserve(buf, 63);
    size_t room = buf->cap - buf->len;
    va_list copy;
    va_copy(copy, ap);
    int needed = vsnprintf(buf->data + buf->len, room, fmt, copy);
    va_end(copy);
    if (needed < 0) {
        buf->data[buf->len] = '\0';
        return;
    }
    if ((size_t)needed >= room) {
        buf_reserve(buf, (size_t)needed);
        vsnprintf(buf->data + buf->len, (size_t)needed + 1, fmt, ap);
    }
    buf->len += (size_t)needed;
}

char *ww_xvasprintf(const char *fmt, va_list ap)
{
    ww_buf buf = {0};
    buf_vprintf(&buf, fmt, ap);
    return ww_buf_release(&buf);
}

char *ww_xasprintf(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *s = ww_xvasprintf(fmt, ap);
    va_end(ap);
    return s;
}

void ww_buf_append(ww_buf *buf, const char *bytes, size_t len)
{
    buf_reserve(buf, len);
    if (len)
        memcpy(buf->data + buf->len, bytes, len);
    buf->len += len;
    buf->data[buf->len] = '\0';
}

void ww_buf_puts(ww_buf *buf, const char *s)
{
    ww_buf_append(buf, s, strlen(s));
}

void ww_buf_putc(ww_buf *buf, char c)
{
    ww_buf_append(buf, &c, 1);
}

void ww_buf_printf(ww_buf *buf, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    buf_vprintf(buf, fmt, ap);
    va_end(ap);
}

void ww_buf_reset(ww_buf *buf)
{
    buf->len = 0;
    if (buf->data)
        buf->data[0] = '\0';
}

void ww_buf_free(ww_buf *buf)
{
    free(buf->data);
    buf->data = NULL;
    buf->len = buf->cap = 0;
}

char *ww_buf_release(ww_buf *buf)
{
    char *s = buf->data ? buf->data : ww_xstrdup("");
    buf->data = NULL;
    buf->len = buf->cap = 0;
    return s;
}

const char *ww_errno_text(int err)
{
    const char *text = strerrordesc_np(err);
    return text ? text : "onbekende fout";
}
