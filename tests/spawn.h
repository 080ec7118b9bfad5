/* Runs the hetlane binary as a user would and captures what it says. */
#ifndef HL_TESTS_SPAWN_H
#define HL_TESTS_SPAWN_H

#include <stddef.h>
#include <stdio.h>
#include <sys/types.h>

struct spawn_result {
    int status;   /* exit status, or 128 + signal */
    int signaled; /* it ended by a signal (status is then 128 + it) */
    char out[65536];
    char err[65536];
};

/* Runs argv (NULL-terminated) with extra "NAME=value" environment entries
 * (NULL-terminated, may be NULL). Returns 0, or -1 if it could not run.
 * With HETLANE_TEST_WRAPPER set (say "valgrind --error-exitcode=99"),
 * its words go before argv: the CI gates run the CLI tests that way. */
int spawn_capture(const char *const argv[], const char *const env[], struct spawn_result *res);

/* A program started without waiting for it. */
struct spawn_proc {
    pid_t pid;
    FILE *out, *err;
};

/* Starts argv as spawn_capture does, in a process group of its own when
 * own_group (so a test can signal the group, as a terminal would).
 * Returns 0, or -1 if it could not start. */
int spawn_start(const char *const argv[], const char *const env[], int own_group,
                struct spawn_proc *p);

/* Waits for p at most timeout_ms (< 0: for ever) and captures what it
 * said. Returns 0, or -1 when it had to be killed (res still filled). */
int spawn_wait(struct spawn_proc *p, int timeout_ms, struct spawn_result *res);

/* In a child process: execs argv as spawn_capture does (wrapper too);
 * exits 127 when it cannot. */
_Noreturn void spawn_exec(const char *const argv[]);

/* True under HETLANE_TEST_WRAPPER: timings are not the program's own. */
int spawn_wrapped(void);

/* Number of lines in s (a final line without '\n' counts). */
int count_lines(const char *s);

/* True when `dir` holds no entry at all, or does not exist. */
int dir_is_empty_or_missing(const char *dir);

#endif
