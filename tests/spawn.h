/* Runs the hetlane binary as a user would and captures what it says. */
#ifndef HL_TESTS_SPAWN_H
#define HL_TESTS_SPAWN_H

#include <stddef.h>

struct spawn_result {
    int status; /* exit status, or 128 + signal */
    char out[65536];
    char err[65536];
};

/* Runs argv (NULL-terminated) with extra "NAME=value" environment entries
 * (NULL-terminated, may be NULL). Returns 0, or -1 if it could not run. */
int spawn_capture(const char *const argv[], const char *const env[], struct spawn_result *res);

/* Number of lines in s (a final line without '\n' counts). */
int count_lines(const char *s);

/* True when `dir` holds no entry at all, or does not exist. */
int dir_is_empty_or_missing(const char *dir);

#endif
