/* argv -> struct hl_config. Parsing does no work and touches no file: it
 * only checks that the request is well-formed, so every usage error is
 * reported before anything runs. */
#ifndef HL_CLI_H
#define HL_CLI_H

#include <stdbool.h>
#include <stdio.h>

#include "backend.h"
#include "workload.h"

#define HL_MAX_CONFIGS 64
#define HL_MAX_TASKS 1000000
#define HL_MAX_RUNS 100000
#define HL_MAX_WARMUP 1000

enum hl_command {
    HL_CMD_HELP,    /* hetlane --help, or `hetlane CMD --help` (help_for) */
    HL_CMD_VERSION,
    HL_CMD_RUN,
    HL_CMD_DEVICES,
    HL_CMD_PLOT,
};

struct hl_config {
    enum hl_command command;
    enum hl_command help_for; /* HL_CMD_HELP: which command's help */
    const struct hl_workload *workload;
    struct hl_params params; /* n resolved to the default when not given */
    int runs, warmup;
    const char *out_dir;    /* plot: NULL = beside the results file */
    const char *format;     /* charts: "png" (default), "svg" or "pdf" */
    const char *results_path; /* plot: the results.json to redraw */
    bool quiet;
    bool json;
    size_t nconfigs;
    struct hl_backend_config configs[HL_MAX_CONFIGS];
};

/* Parses argv. On success fills *cfg (pointers into argv stay valid as
 * long as argv). On failure fills err with a usage error naming the bad
 * argument and returns -1. */
int hl_cli_parse(int argc, char **argv, struct hl_config *cfg, struct hl_error *err);

/* Parses one -b value ("serial,pthread:4") and appends its configs. */
int hl_cli_parse_backends(const char *spec, struct hl_config *cfg, struct hl_error *err);

/* Prints the help of `command` (HL_CMD_HELP for the overview). */
void hl_cli_print_help(FILE *out, enum hl_command command);

#endif
