/* ww_json.c -- compact JSON output, byte for byte as jansson's json_dumps(JSON_COMPACT). */
#include "ww_json.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Entries nest a few levels (their YAML may nest 16 at most); the bound only keeps a malformed
 * value from running the stack out. */
#define MAX_DEPTH 2048

/* Bytes that jansson writes escaped: the quote, the backslash and control characters. */
static bool needs_escape(unsigned char c)
{
    return c < 0x20 || c == '"' || c == '\\';
}

void ww_json_append_string(ww_buf *buf, const char *s, size_t len)
{
    ww_buf_putc(buf, '"');
    size_t start = 0;
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        if (!needs_escape(c))
            continue;
        ww_buf_append(buf, s + start, i - start);
        start = i + 1;
        switch (c) {
        case '"':
            ww_buf_append(buf, "\\\"", 2);
            break;
        case '\\':
            ww_buf_append(buf, "\\\\", 2);
            break;
        case '\b':
            ww_buf_append(buf, "\\b", 2);
            break;
        case '\f':
            ww_buf_append(buf, "\\f", 2);
            break;
        case '\n':
            ww_buf_append(buf, "\\n", 2);
            break;
        case '\r':
            ww_buf_append(buf, "\\r", 2);
            break;
        case '\t':
            ww_buf_append(buf, "\\t", 2);
            break;
        default: {
            char seq[8];
            snprintf(seq, sizeof seq, "\\u%04X", (unsigned)c); /* jansson: upper-case hex */
            ww_buf_append(buf, seq, 6);
        }
        }
    }
    ww_buf_append(buf, s + start, len - start);
    ww_buf_putc(buf, '"');
}

static bool append_value(ww_buf *buf, const json_t *value, unsigned depth);

static bool append_object(ww_buf *buf, const json_t *object, unsigned depth)
{
    ww_buf_putc(buf, '{');
    bool first = true;
    const char *key;
    json_t *item;
    /* json_object_foreach walks in insertion order, as json_dumps does without JSON_SORT_KEYS. */
    json_object_foreach((json_t *)object, key, item)
    {
        if (!first)
            ww_buf_putc(buf, ',');
        first = false;
        ww_json_append_string(buf, key, strlen(key));
        ww_buf_putc(buf, ':');
        if (!append_value(buf, item, depth + 1))
            return false;
    }
    ww_buf_putc(buf, '}');
    return true;
}

static bool append_array(ww_buf *buf, const json_t *array, unsigned depth)
{
    ww_buf_putc(buf, '[');
    for (size_t i = 0; i < json_array_size(array); i++) {
        if (i)
            ww_buf_putc(buf, ',');
        if (!append_value(buf, json_array_get(array, i), depth + 1))
            return false;
    }
    ww_buf_putc(buf, ']');
    return true;
}

/* Rare (amounts, coordinates), and jansson has its own rules for them (17 digits, ".0" added,
 * exponent trimmed): let jansson write them. */
static bool append_real(ww_buf *buf, const json_t *real)
{
    char *text = json_dumps(real, JSON_COMPACT | JSON_ENCODE_ANY);
    if (!text)
        return false;
    ww_buf_puts(buf, text);
    free(text);
    return true;
}

static bool append_value(ww_buf *buf, const json_t *value, unsigned depth)
{
    if (depth > MAX_DEPTH)
        return false;
    switch (json_typeof(value)) {
    case JSON_OBJECT:
        return append_object(buf, value, depth);
    case JSON_ARRAY:
        return append_array(buf, value, depth);
    case JSON_STRING:
        ww_json_append_string(buf, json_string_value(value), json_string_length(value));
        return true;
    case JSON_INTEGER:
        ww_buf_printf(buf, "%" JSON_INTEGER_FORMAT, json_integer_value(value));
        return true;
    case JSON_REAL:
        return append_real(buf, value);
    case JSON_TRUE:
        ww_buf_append(buf, "true", 4);
        return true;
    case JSON_FALSE:
        ww_buf_append(buf, "false", 5);
        return true;
    case JSON_NULL:
        ww_buf_append(buf, "null", 4);
        return true;
    }
    return false;
}

bool ww_json_append(ww_buf *buf, const json_t *value)
{
    return value && append_value(buf, value, 0);
}

bool ww_json_list_has(const json_t *list, const char *s)
{
    size_t i;
    const json_t *v;
    json_array_foreach(list, i, v)
    {
        if (s && json_is_string(v) && !strcmp(json_string_value(v), s))
            return true;
    }
    return false;
}
