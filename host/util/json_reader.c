#include "util/json_reader.h"

#include <errno.h>
#include <locale.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "util/alloc.h"
#include "util/utf8.h"

#define BUFFER_SIZE ((size_t)256 * 1024)
#define NUMBER_MAX 128 /* characters in one number */

/* What may come next. */
enum state {
    S_VALUE,        /* a value: the top, after ':', after ',' in an array */
    S_VALUE_OR_END, /* after '[' */
    S_KEY_OR_END,   /* after '{' */
    S_KEY,          /* after ',' in an object */
    S_AFTER,        /* after a value: ',' or the container's end */
    S_DONE,         /* END was returned */
    S_ERROR,
};

int hl_json_reader_open_fd(struct hl_json_reader *jr, int fd, bool (*stop)(void)) {
    hl_json_reader_open_mem(jr, NULL, 0);
    jr->fd = fd;
    jr->stop = stop;
    jr->eof = false;
    jr->buf = hl_malloc(BUFFER_SIZE);
    if (jr->buf == NULL) {
        errno = ENOMEM;
        return -1;
    }
    jr->data = jr->buf;
    return 0;
}

void hl_json_reader_open_mem(struct hl_json_reader *jr, const void *data, size_t len) {
    memset(jr, 0, sizeof *jr);
    jr->fd = -1;
    jr->data = data;
    jr->len = len;
    jr->eof = true;
    jr->line = 1;
    jr->column = 1;
    jr->state = S_VALUE;
}

void hl_json_reader_close(struct hl_json_reader *jr) {
    free(jr->buf);
    free(jr->str);
    jr->buf = NULL;
    jr->str = NULL;
    jr->data = NULL;
    jr->len = jr->pos = 0;
    jr->str_cap = jr->str_len = 0;
}

/* Records the first problem, at the position of the next byte. */
__attribute__((format(printf, 2, 3))) static enum hl_jr_token fail(struct hl_json_reader *jr,
                                                                   const char *fmt, ...) {
    if (jr->state == S_ERROR)
        return HL_JR_ERROR;
    jr->state = S_ERROR;
    jr->error_line = jr->line;
    jr->error_column = jr->column;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(jr->error, sizeof jr->error, fmt, ap);
    va_end(ap);
    return HL_JR_ERROR;
}

/* Refills the buffer; false at the end of the input or on an error. */
static bool refill(struct hl_json_reader *jr) {
    if (jr->eof || jr->state == S_ERROR)
        return false;
    for (;;) {
        if (jr->stop != NULL && jr->stop()) {
            fail(jr, "interrupted");
            jr->io_error = true;
            return false;
        }
        ssize_t got = read(jr->fd, jr->buf, BUFFER_SIZE);
        if (got > 0) {
            jr->len = (size_t)got;
            jr->pos = 0;
            return true;
        }
        if (got == 0) {
            jr->eof = true;
            return false;
        }
        if (errno != EINTR) {
            fail(jr, "read error: %s", strerror(errno));
            jr->io_error = true;
            return false;
        }
    }
}

/* The next byte without taking it, or -1 at the end (or on an error). */
static inline int peek(struct hl_json_reader *jr) {
    if (jr->pos == jr->len && !refill(jr))
        return -1;
    return jr->data[jr->pos];
}

static inline int take(struct hl_json_reader *jr) {
    int c = peek(jr);
    if (c >= 0) {
        jr->pos++;
        if (c == '\n') {
            jr->line++;
            jr->column = 1;
        } else {
            jr->column++;
        }
    }
    return c;
}

static int skip_space(struct hl_json_reader *jr) {
    int c;
    while ((c = peek(jr)) == ' ' || c == '\t' || c == '\n' || c == '\r')
        take(jr);
    return c;
}

static bool append(struct hl_json_reader *jr, const void *bytes, size_t n) {
    if (jr->str_len + n + 1 > jr->str_cap) {
        if (jr->str_len + n + 1 > HL_JSON_READER_MAX_STRING) {
            fail(jr, "a string longer than %u bytes", HL_JSON_READER_MAX_STRING - 1);
            return false;
        }
        size_t cap = jr->str_cap == 0 ? 64 : jr->str_cap * 2;
        while (cap < jr->str_len + n + 1)
            cap *= 2;
        char *grown = hl_realloc(jr->str, cap);
        if (grown == NULL) {
            fail(jr, "cannot allocate memory for a string");
            jr->io_error = true;
            return false;
        }
        jr->str = grown;
        jr->str_cap = cap;
    }
    memcpy(jr->str + jr->str_len, bytes, n);
    jr->str_len += n;
    jr->str[jr->str_len] = '\0';
    return true;
}

static bool append_code_point(struct hl_json_reader *jr, unsigned long cp) {
    unsigned char b[4];
    size_t n;
    if (cp < 0x80) {
        b[0] = (unsigned char)cp;
        n = 1;
    } else if (cp < 0x800) {
        b[0] = (unsigned char)(0xc0 | (cp >> 6));
        b[1] = (unsigned char)(0x80 | (cp & 0x3f));
        n = 2;
    } else if (cp < 0x10000) {
        b[0] = (unsigned char)(0xe0 | (cp >> 12));
        b[1] = (unsigned char)(0x80 | ((cp >> 6) & 0x3f));
        b[2] = (unsigned char)(0x80 | (cp & 0x3f));
        n = 3;
    } else {
        b[0] = (unsigned char)(0xf0 | (cp >> 18));
        b[1] = (unsigned char)(0x80 | ((cp >> 12) & 0x3f));
        b[2] = (unsigned char)(0x80 | ((cp >> 6) & 0x3f));
        b[3] = (unsigned char)(0x80 | (cp & 0x3f));
        n = 4;
    }
    return append(jr, b, n);
}

/* Four hex digits after "\u"; -1 (error set) when they are not. */
static long hex4(struct hl_json_reader *jr) {
    long v = 0;
    for (int k = 0; k < 4; k++) {
        int c = take(jr);
        int d = c >= '0' && c <= '9'   ? c - '0'
                : c >= 'a' && c <= 'f' ? c - 'a' + 10
                : c >= 'A' && c <= 'F' ? c - 'A' + 10
                                       : -1;
        if (d < 0) {
            fail(jr, "invalid \\u escape in a string");
            return -1;
        }
        v = v * 16 + d;
    }
    return v;
}

/* After the backslash. */
static bool escape(struct hl_json_reader *jr) {
    static const char from[] = "\"\\/bfnrt", to[] = "\"\\/\b\f\n\r\t";
    int c = take(jr);
    const char *at = c > 0 ? strchr(from, c) : NULL;
    if (at != NULL && c != 0)
        return append(jr, &to[at - from], 1);
    if (c != 'u') {
        fail(jr, "invalid escape in a string");
        return false;
    }
    long cp = hex4(jr);
    if (cp >= 0xd800 && cp <= 0xdbff) { /* a high surrogate: its low half must follow */
        int backslash = take(jr);
        int u = backslash == '\\' ? take(jr) : -1;
        if (u != 'u') {
            fail(jr, "a lone UTF-16 surrogate in a string");
            return false;
        }
        long low = hex4(jr);
        if (low >= 0 && (low < 0xdc00 || low > 0xdfff)) {
            fail(jr, "a lone UTF-16 surrogate in a string");
            return false;
        }
        cp = low < 0 ? -1 : 0x10000 + ((cp - 0xd800) << 10) + (low - 0xdc00);
    } else if (cp >= 0xdc00 && cp <= 0xdfff) {
        fail(jr, "a lone UTF-16 surrogate in a string");
        return false;
    }
    if (cp == 0) {
        fail(jr, "\\u0000 in a string");
        return false;
    }
    return cp > 0 && append_code_point(jr, (unsigned long)cp);
}

/* After the opening quote: the string into jr->str. */
static bool read_string(struct hl_json_reader *jr) {
    jr->str_len = 0;
    if (!append(jr, "", 0))
        return false;
    for (;;) {
        int c = take(jr);
        if (c < 0) {
            fail(jr, "the file ends inside a string");
            return false;
        }
        if (c == '"')
            return true;
        if (c < 0x20) {
            fail(jr, "control character 0x%02x in a string", c);
            return false;
        }
        if (c == '\\') {
            if (!escape(jr))
                return false;
            continue;
        }
        unsigned char seq[4] = {(unsigned char)c};
        size_t n = hl_utf8_lead_len(seq[0]);
        for (size_t k = 1; k < n; k++) {
            int d = peek(jr);
            if (d < 0 || (d & 0xc0) != 0x80)
                break;
            seq[k] = (unsigned char)take(jr);
        }
        if (!hl_utf8_char_ok(seq, n)) {
            fail(jr, "invalid UTF-8 in a string");
            return false;
        }
        if (!append(jr, seq, n))
            return false;
    }
}

static void take_digits(struct hl_json_reader *jr, char *num, size_t *n) {
    int c;
    while ((c = peek(jr)) >= '0' && c <= '9') {
        if (*n < NUMBER_MAX)
            num[*n] = (char)c;
        ++*n;
        take(jr);
    }
}

/* An int64_t from digits with an optional '-'; false on overflow. */
static bool to_int(const char *num, int64_t *out) {
    bool neg = *num == '-';
    int64_t v = 0; /* built negative: INT64_MIN has no positive twin */
    for (const char *p = num + neg; *p != '\0'; p++) {
        int d = *p - '0';
        if (v < INT64_MIN / 10 || (v == INT64_MIN / 10 && d > -(INT64_MIN % 10)))
            return false;
        v = v * 10 - d;
    }
    if (!neg && v == INT64_MIN)
        return false;
    *out = neg ? v : -v;
    return true;
}

/* A number whose first character (a digit or '-') is next. */
static enum hl_jr_token read_number(struct hl_json_reader *jr) {
    char num[NUMBER_MAX + 1];
    size_t n = 0;
    bool real = false;
    if (peek(jr) == '-')
        num[n++] = (char)take(jr);
    int c = peek(jr);
    if (c == '0') {
        num[n++] = (char)take(jr);
    } else if (c >= '1' && c <= '9') {
        take_digits(jr, num, &n);
    } else {
        return fail(jr, "invalid number");
    }
    if (peek(jr) == '.') {
        real = true;
        num[n < NUMBER_MAX ? n : NUMBER_MAX] = (char)take(jr);
        size_t before = ++n;
        take_digits(jr, num, &n);
        if (n == before)
            return fail(jr, "invalid number: no digit after '.'");
    }
    if ((c = peek(jr)) == 'e' || c == 'E') {
        real = true;
        if (n < NUMBER_MAX)
            num[n] = (char)take(jr);
        n++;
        if ((c = peek(jr)) == '+' || c == '-') {
            if (n < NUMBER_MAX)
                num[n] = (char)take(jr);
            n++;
        }
        size_t before = n;
        take_digits(jr, num, &n);
        if (n == before)
            return fail(jr, "invalid number: no digit in the exponent");
    }
    if (n > NUMBER_MAX)
        return fail(jr, "a number longer than %d characters", NUMBER_MAX);
    num[n] = '\0';
    if (!real)
        return to_int(num, &jr->i) ? HL_JR_INT
                                   : fail(jr, "integer %s is out of range (64 bits)", num);
    /* strtod reads the locale's decimal point; JSON's is '.'. */
    const char *point = localeconv()->decimal_point;
    char *dot = strchr(num, '.');
    if (dot != NULL && point != NULL && point[0] != '\0' && point[1] == '\0')
        *dot = point[0];
    errno = 0;
    jr->r = strtod(num, NULL);
    if (!isfinite(jr->r) || (errno == ERANGE && fabs(jr->r) > 1))
        return fail(jr, "number %s is out of range", num);
    return HL_JR_REAL;
}

static enum hl_jr_token read_literal(struct hl_json_reader *jr, const char *word,
                                     enum hl_jr_token tok) {
    for (const char *p = word; *p != '\0'; p++) {
        if (take(jr) != *p)
            return fail(jr, "invalid literal (true, false or null?)");
    }
    return tok;
}

static enum hl_jr_token open_container(struct hl_json_reader *jr, char kind) {
    if (jr->depth == HL_JSON_READER_MAX_DEPTH)
        return fail(jr, "nested deeper than %d levels", HL_JSON_READER_MAX_DEPTH);
    take(jr);
    jr->stack[jr->depth++] = kind;
    jr->state = kind == 'o' ? S_KEY_OR_END : S_VALUE_OR_END;
    return kind == 'o' ? HL_JR_OBJECT : HL_JR_ARRAY;
}

static enum hl_jr_token close_container(struct hl_json_reader *jr) {
    take(jr);
    jr->depth--;
    jr->state = S_AFTER;
    return jr->stack[jr->depth] == 'o' ? HL_JR_OBJECT_END : HL_JR_ARRAY_END;
}

/* A value whose first byte c is next (whitespace skipped). */
static enum hl_jr_token read_value(struct hl_json_reader *jr, int c) {
    enum hl_jr_token tok;
    switch (c) {
    case '{': return open_container(jr, 'o');
    case '[': return open_container(jr, 'a');
    case '"':
        take(jr);
        tok = read_string(jr) ? HL_JR_STRING : HL_JR_ERROR;
        break;
    case 't':
        jr->b = true;
        tok = read_literal(jr, "true", HL_JR_BOOL);
        break;
    case 'f':
        jr->b = false;
        tok = read_literal(jr, "false", HL_JR_BOOL);
        break;
    case 'n': tok = read_literal(jr, "null", HL_JR_NULL); break;
    case -1: return fail(jr, "the file ends where a value should be");
    default:
        if (c != '-' && (c < '0' || c > '9'))
            return fail(jr, "unexpected character '%c' where a value should be",
                        c >= 0x20 && c < 0x7f ? c : '?');
        tok = read_number(jr);
    }
    if (tok != HL_JR_ERROR)
        jr->state = S_AFTER;
    return tok;
}

static enum hl_jr_token read_key(struct hl_json_reader *jr, int c) {
    if (c != '"')
        return fail(jr, "expected a string (a member's name)");
    take(jr);
    if (!read_string(jr))
        return HL_JR_ERROR;
    if (skip_space(jr) != ':')
        return fail(jr, "expected ':' after a member's name");
    take(jr);
    jr->state = S_VALUE;
    return HL_JR_KEY;
}

enum hl_jr_token hl_json_reader_next(struct hl_json_reader *jr) {
    for (;;) {
        if (jr->state == S_ERROR)
            return HL_JR_ERROR;
        if (jr->state == S_DONE)
            return HL_JR_END;
        int c = skip_space(jr);
        if (jr->state == S_ERROR) /* a read error while skipping */
            return HL_JR_ERROR;
        switch (jr->state) {
        case S_VALUE: return read_value(jr, c);
        case S_VALUE_OR_END: return c == ']' ? close_container(jr) : read_value(jr, c);
        case S_KEY_OR_END: return c == '}' ? close_container(jr) : read_key(jr, c);
        case S_KEY: return read_key(jr, c);
        default: break; /* S_AFTER */
        }
        if (jr->depth == 0) {
            if (c != -1)
                return fail(jr, "text after the end of the document");
            jr->state = S_DONE;
            return HL_JR_END;
        }
        char top = jr->stack[jr->depth - 1];
        if (c == ',') {
            take(jr);
            jr->state = top == 'o' ? S_KEY : S_VALUE;
            continue;
        }
        if ((c == '}' && top == 'o') || (c == ']' && top == 'a'))
            return close_container(jr);
        return fail(jr, c == -1 ? "the file ends inside %s" : "expected ',' or the end of %s",
                    top == 'o' ? "an object" : "an array");
    }
}

int hl_json_reader_skip(struct hl_json_reader *jr, enum hl_jr_token first) {
    if (first == HL_JR_ERROR)
        return -1;
    if (first != HL_JR_OBJECT && first != HL_JR_ARRAY)
        return 0;
    int depth = jr->depth - 1; /* the depth outside what `first` opened */
    while (jr->depth > depth) {
        if (hl_json_reader_next(jr) == HL_JR_ERROR)
            return -1;
    }
    return 0;
}
