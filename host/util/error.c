#include "util/error.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

__attribute__((format(printf, 4, 0))) static int set_va(struct hl_error *err, enum hl_status status,
                                                        int errnum, const char *fmt, va_list ap) {
    if (err == NULL || err->status != HL_OK)
        return -1;
    err->status = status;
    int len = vsnprintf(err->msg, sizeof err->msg, fmt, ap);
    if (errnum != 0 && len >= 0 && (size_t)len < sizeof err->msg)
        snprintf(err->msg + len, sizeof err->msg - (size_t)len, ": %s", strerror(errnum));
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
