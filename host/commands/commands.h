/* The subcommands: each runs its whole sequence from a parsed request
 * (cli/cli.h) to the files it writes, and returns hetlane's exit status:
 * 0 done and verified, 1 (HL_ERR_RUNTIME) a runtime failure or a result
 * that did not verify, 2 (HL_ERR_USAGE) a request refused before any
 * work. Each says why in one line on stderr; after an interrupt main says
 * that instead. */
#ifndef HL_COMMANDS_COMMANDS_H
#define HL_COMMANDS_COMMANDS_H

#include <stdbool.h>

#include "cli/cli.h"

int hl_cmd_run(const struct hl_config *cfg);      /* hetlane run */
int hl_cmd_demo(const struct hl_config *cfg);     /* hetlane demo */
int hl_cmd_plot(const struct hl_config *cfg);     /* hetlane plot */
int hl_cmd_report(const struct hl_config *cfg);   /* hetlane report */
int hl_cmd_compare(const struct hl_config *cfg);  /* hetlane compare */
int hl_cmd_devices(const struct hl_config *cfg);  /* hetlane devices */
int hl_cmd_ceilings(const struct hl_config *cfg); /* hetlane ceilings */
int hl_cmd_serve(const struct hl_config *cfg);    /* hetlane serve */
int hl_cmd_help(const struct hl_config *cfg);     /* --help, --version */

/* Sets up what a command needs before any thread exists: libcurl's
 * global state for run fetch and demo, the Ctrl-C handler of run, demo,
 * plot and compare. Returns 0, or -1 with err filled (runtime). */
int hl_cmd_prepare(const struct hl_config *cfg, struct hl_error *err);

/* Prints err's reason in one line (unless an interrupt explains it) and
 * returns the exit status it stands for. */
int hl_cmd_fail(const struct hl_error *err);

/* fflush(stdout) that remembers why the first failed one failed, for
 * hl_cmd_finish_stdout. Commands call it after what they print. */
void hl_cmd_flush_stdout(void);

/* Closes stdout at the end of every command and returns the exit status
 * to use: `status`, or 1 (after one line on stderr) when what was printed
 * could not be written (a full disk: `hetlane devices --json >
 * /dev/full`). A reader that has gone (EPIPE: `| head`, a pager quit
 * early) is not a failure: every file was saved before anything was
 * printed, so `status` stands. */
int hl_cmd_finish_stdout(int status);

#endif
