#include "util/error.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

/* A message longer than the buffer keeps its start and its end, with
 * "..." between: the end holds the reason (": No space left on device"),
 * which a long path in the middle must not push out. */
static void shorten_into(char *dst, size_t size, const char *src, size_t len) {
    if (len < size) {
        memcpy(dst, src, len + 1);
        return;
    }
    static const char gap[] = " ... ";
    size_t tail = size / 3, head = size - 1 - tail - (sizeof gap - 1);
    while (head > 0 && ((unsigned char)src[head] & 0xc0) == 0x80) /* whole UTF-8 characters */
        head--;
    const char *end = src + len - tail;
    while (((unsigned char)*end & 0xc0) == 0x80) {
        end++;
        tail--;
    }
    memcpy(dst, src, head);
    memcpy(dst + head, gap, sizeof gap - 1);
    memcpy(dst + head + sizeof gap - 1, end, tail + 1);
}

__attribute__((format(printf, 4, 0))) static int set_va(struct hl_error *err, enum hl_status status,
                                                        int errnum, const char *fmt, va_list ap) {
    if (err == NULL || err->status != HL_OK)
        return -1;
    err->status = status;
    char full[8192]; /* room for two paths of PATH_MAX */
    int len = vsnprintf(full, sizeof full, fmt, ap);
    if (len < 0)
        len = 0;
    if ((size_t)len >= sizeof full)
        len = (int)sizeof full - 1;
    if (errnum != 0)
        len += snprintf(full + len, sizeof full - (size_t)len, ": %s", strerror(errnum));
    if ((size_t)len >= sizeof full)
        len = (int)sizeof full - 1;
    shorten_into(err->msg, sizeof err->msg, full, (size_t)len);
    return -1;
}

int hl_error_set(struct hl_error *err, enum hl_status status, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    set_va(err, status, 0, fmt, ap);
    va_end(ap);
    return -1;
}

int hl_error_errno(struct hl_error *err, enum hl_status status, int errnum, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    set_va(err, status, errnum, fmt, ap);
    va_end(ap);
    return -1;
}

void hl_error_clear(struct hl_error *err) {
    err->status = HL_OK;
    err->msg[0] = '\0';
}

void hl_error_print_line(FILE *out, const char *prefix, const char *msg) {
    fputs(prefix, out);
    for (const char *p = msg; *p != '\0'; p++) {
        if (*p == '\n' && p[1] != '\0')
            fputs(" | ", out);
        else if ((unsigned char)*p >= 0x20 && *p != 0x7f)
            fputc(*p, out);
        else if (*p != '\n')
            fputc('?', out);
    }
    fputc('\n', out);
}
