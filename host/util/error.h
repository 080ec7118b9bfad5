/* One error type for the whole program: a message buffer and the exit
 * status the CLI should use for it. Every fallible function takes a
 * `struct hl_error *` and fills it on failure; it never prints. */
#ifndef HL_UTIL_ERROR_H
#define HL_UTIL_ERROR_H

#include <stddef.h>
#include <stdio.h>

enum hl_status {
    HL_OK = 0,
    HL_ERR_RUNTIME = 1, /* a run, a task, I/O or memory failed */
    HL_ERR_USAGE = 2,   /* the user asked for something invalid */
};

#define HL_ERROR_MSG_MAX 512

struct hl_error {
    enum hl_status status;
    char msg[HL_ERROR_MSG_MAX];
};

/* Records the first error only: later calls keep the original cause. A
 * message too long for msg keeps its start and its end (the reason),
 * with " ... " between.
 * Returns -1 so callers can write `return hl_error_set(...)`. */
int hl_error_set(struct hl_error *err, enum hl_status status, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Like hl_error_set, appending ": strerror(errnum)". */
int hl_error_errno(struct hl_error *err, enum hl_status status, int errnum, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

void hl_error_clear(struct hl_error *err);

/* Prints prefix and msg as exactly one line: line breaks become " | " and
 * other control characters (from what a user typed, say) become '?'. */
void hl_error_print_line(FILE *out, const char *prefix, const char *msg);

#endif
