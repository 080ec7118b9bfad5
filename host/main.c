/* hetlane: argv -> a request (cli/) -> the command that carries it out
 * (commands/) -> an exit status: 0 ok, 1 runtime failure, 2 usage,
 * 128 + signal after SIGINT, SIGTERM or SIGHUP. */
#include <signal.h>
#include <stdio.h>

#include "cli/cli.h"
#include "commands/commands.h"
#include "util/fault.h"
#include "util/interrupt.h"

static int run_command(int argc, char **argv) {
    struct hl_config cfg;
    struct hl_error err = {0};
    if (hl_cli_parse(argc, argv, &cfg, &err) != 0 || hl_cmd_prepare(&cfg, &err) != 0)
        return hl_cmd_fail(&err);
    switch (cfg.command) {
    case HL_CMD_HELP:
    case HL_CMD_VERSION: return hl_cmd_help(&cfg);
    case HL_CMD_RUN: return hl_cmd_run(&cfg);
    case HL_CMD_DEVICES: return hl_cmd_devices(&cfg);
    case HL_CMD_SERVE: return hl_cmd_serve(&cfg);
    case HL_CMD_PLOT: return hl_cmd_plot(&cfg);
    case HL_CMD_DEMO: return hl_cmd_demo(&cfg);
    case HL_CMD_COMPARE: return hl_cmd_compare(&cfg);
    case HL_CMD_CEILINGS: return hl_cmd_ceilings(&cfg);
    case HL_CMD_REPORT: return hl_cmd_report(&cfg);
    }
    return 0;
}

int main(int argc, char **argv) {
    /* fork workers are reaped with waitpid(): an inherited SIG_IGN for
     * SIGCHLD would make the kernel reap them first and lose their fate. */
    signal(SIGCHLD, SIG_DFL);
    /* A reader that goes away (`| head`, a pager quit early) must not kill
     * hetlane before its files are safe: writes to stdout then fail with
     * EPIPE, which hl_cmd_finish_stdout judges at the end. */
    signal(SIGPIPE, SIG_IGN);
    int status = run_command(argc, argv);
    int sig = hl_interrupted();
    if (sig != 0) {
        hl_cmd_flush_stdout();
        fprintf(stderr, "hetlane: interrupted by %s: stopped every worker, left no partial file\n",
                hl_interrupt_signal_name(sig));
        status = 128 + sig;
    }
    status = hl_cmd_finish_stdout(status);
    hl_fault_print_tally(stderr);
    return status;
}
