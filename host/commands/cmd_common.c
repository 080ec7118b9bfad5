/* What every command shares: its failure line, the help and version
 * answers, and the setup that must come before any thread. */
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "commands/commands.h"
#include "util/interrupt.h"
#include "workloads/fetch/fetch_setup.h"

int hl_cmd_fail(const struct hl_error *err) {
    /* After an interrupt main says so: what failed then failed because
     * of it. */
    if (!hl_interrupted())
        hl_error_print_line(stderr, "hetlane: ", err->msg);
    return err->status == HL_OK ? HL_ERR_RUNTIME : (int)err->status;
}

int hl_cmd_help(const struct hl_config *cfg) {
    if (cfg->command == HL_CMD_VERSION)
        printf("hetlane %s\n", HETLANE_VERSION);
    else
        hl_cli_print_help(stdout, cfg->help_for);
    return 0;
}

int hl_cmd_prepare(const struct hl_config *cfg, struct hl_error *err) {
    /* Ctrl-C (or SIGTERM, SIGHUP) during run, demo, plot and compare
     * stops the work cleanly (util/interrupt.h); serve handles its
     * signals itself. */
    if ((cfg->command == HL_CMD_RUN || cfg->command == HL_CMD_DEMO || cfg->command == HL_CMD_PLOT ||
         cfg->command == HL_CMD_COMPARE) &&
        hl_interrupt_install() != 0)
        return hl_error_errno(err, HL_ERR_RUNTIME, errno, "cannot install signal handlers");
    /* libcurl is set up once, here, before any thread exists (fetch.h). */
    if ((cfg->command == HL_CMD_RUN && (cfg->workload->kind & HL_KIND_IO) != 0) ||
        cfg->command == HL_CMD_DEMO)
        return hl_fetch_global_init(err);
    return 0;
}

/* True when fd is a pipe or socket whose reader has gone (a pager quit,
 * `| head` done): poll reports POLLERR for a pipe without readers. */
static bool reader_gone(int fd) {
    struct stat st;
    if (fstat(fd, &st) != 0 || !(S_ISFIFO(st.st_mode) || S_ISSOCK(st.st_mode)))
        return false;
    struct pollfd p = {.fd = fd, .events = POLLOUT};
    int n;
    do {
        n = poll(&p, 1, 0);
    } while (n < 0 && errno == EINTR);
    return n == 1 && (p.revents & (POLLERR | POLLHUP)) != 0;
}

/* The reason of the first failed flush: stdio keeps the error flag but
 * not errno, and a later flush of an emptied buffer succeeds. */
static int stdout_errno;

void hl_cmd_flush_stdout(void) {
    errno = 0;
    if (fflush(stdout) != 0 && stdout_errno == 0)
        stdout_errno = errno;
}

int hl_cmd_finish_stdout(int status) {
    hl_cmd_flush_stdout();
    bool failed = ferror(stdout) != 0;
    int e = stdout_errno;
    /* Before the close: after it, fd 1 is no longer ours to look at. */
    bool gone = failed && (e == EPIPE || reader_gone(STDOUT_FILENO));
    errno = 0;
    if (fclose(stdout) != 0 && !failed) {
        failed = true;
        e = errno;
    }
    if (e == 0) /* a write inside printf failed, and its buffer was dropped */
        e = EIO;
    /* What was printed is a view of what was saved: a reader that stopped
     * reading loses nothing, so the command's own status stands. */
    if (!failed || gone)
        return status;
    fprintf(stderr, "hetlane: cannot write to standard output: %s\n", strerror(e));
    return status == 0 ? HL_ERR_RUNTIME : status;
}
