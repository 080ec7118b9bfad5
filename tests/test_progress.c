/* Progress as users see it: a bar redrawn in place on a terminal, with
 * the step and the time left; plain lines in a pipe; nothing when quiet. */
#include <fcntl.h>
#include <pty.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check.h"
#include "commands/progress.h"

/* Everything readable from fd now (non-blocking), as a string. */
static char *drain(int fd) {
    static char buf[8192];
    size_t len = 0;
    fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK);
    ssize_t n;
    while (len + 1 < sizeof buf && (n = read(fd, buf + len, sizeof buf - 1 - len)) > 0)
        len += (size_t)n;
    buf[len] = '\0';
    return buf;
}

static void test_format(void) {
    char buf[160];
    hl_progress_format_bar(buf, sizeof buf, 0.5, "fetch pthread:4", 18.4);
    CHECKF(strcmp(buf, "[############............]  50%  fetch pthread:4           ~18 s left") ==
               0,
           "'%s'", buf);
    hl_progress_format_bar(buf, sizeof buf, 1.7, "a step with a name far too long to fit", 125);
    CHECKF(strncmp(buf, "[########################] 100%  a step with a name far t  ", 59) == 0,
           "'%s'", buf);
    CHECKF(strstr(buf, "~2 min 05 s left") != NULL, "'%s'", buf);
    CHECKF(strlen(buf) < 80, "%zu columns: wraps on a 80-column terminal", strlen(buf));
    hl_progress_format_bar(buf, sizeof buf, 0.0, "x", -3);
    CHECKF(strstr(buf, "  0%") != NULL && strstr(buf, "~0 s left") != NULL, "'%s'", buf);
}

static void test_modes(void) {
    int fds[2];
    REQUIRE(pipe(fds) == 0);
    FILE *pipe_out = fdopen(fds[1], "w");
    CHECK(hl_progress_mode_for(pipe_out, false) == HL_PROGRESS_LINES);
    CHECK(hl_progress_mode_for(pipe_out, true) == HL_PROGRESS_NONE);

    /* Lines: only what the caller says, no bar. */
    struct hl_progress p;
    hl_progress_start(&p, pipe_out, HL_PROGRESS_LINES, 10);
    hl_progress_step(&p, "square serial", 4);
    hl_progress_line(&p, "done: %d", 3);
    hl_progress_step_done(&p);
    hl_progress_finish(&p);
    CHECKF(strcmp(drain(fds[0]), "done: 3\n") == 0, "'%s'", drain(fds[0]));

    /* Quiet: nothing at all. */
    hl_progress_start(&p, pipe_out, HL_PROGRESS_NONE, 10);
    hl_progress_step(&p, "square serial", 4);
    hl_progress_line(&p, "done");
    hl_progress_finish(&p);
    CHECK(drain(fds[0])[0] == '\0');
    fclose(pipe_out);
    close(fds[0]);
}

static void test_terminal(void) {
    int master, slave;
    if (openpty(&master, &slave, NULL, NULL, NULL) != 0) {
        printf("test_progress: no pseudo-terminal here; bar mode not tested\n");
        return;
    }
    FILE *tty = fdopen(slave, "w");
    setenv("TERM", "xterm", 1);
    CHECK(hl_progress_mode_for(tty, false) == HL_PROGRESS_BAR);
    CHECK(hl_progress_mode_for(tty, true) == HL_PROGRESS_NONE);
    setenv("TERM", "dumb", 1);
    CHECK(hl_progress_mode_for(tty, false) == HL_PROGRESS_LINES);

    struct hl_progress p;
    hl_progress_start(&p, tty, HL_PROGRESS_BAR, 2.0);
    hl_progress_step(&p, "fetch serial", 1.0);
    usleep(600 * 1000); /* the redraw thread ticks while the step runs */
    hl_progress_line(&p, "fetch: done");
    hl_progress_step_done(&p);
    hl_progress_finish(&p);
    const char *out = drain(master);
    /* Several redraws of one line, the line printed over the cleared bar,
     * the bar cleared at the end. */
    int bars = 0;
    for (const char *s = out; (s = strstr(s, "\r[")) != NULL; s++)
        bars++;
    CHECKF(bars >= 3, "%d redraws in '%s'", bars, out);
    CHECKF(strstr(out, "fetch serial") != NULL && strstr(out, "s left") != NULL, "'%s'", out);
    CHECKF(strstr(out, "\r\033[Kfetch: done") != NULL, "'%s'", out);
    size_t len = strlen(out);
    CHECKF(len >= 4 && strcmp(out + len - 4, "\r\033[K") == 0, "ends with '%s'",
           len >= 4 ? out + len - 4 : out);
    CHECKF(strstr(out, "] 100%") == NULL, "a 2 s job showed done after 0.6 s: '%s'", out);
    fclose(tty);
    close(master);
}

int main(void) {
    test_format();
    test_modes();
    test_terminal();
    return check_finish("test_progress");
}
