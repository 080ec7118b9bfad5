/* argv -> struct hl_config. Parsing does no work and touches no file: it
 * only checks that the request is well-formed, so every usage error is
 * reported before anything runs. (An opencl spec lists the OpenCL
 * devices here, so that a device index that does not exist is one.) */
#ifndef HL_CLI_H
#define HL_CLI_H

#include <stdbool.h>
#include <stdio.h>

#include "backends/backend_list.h"
#include "workloads/workload.h"

#define HL_MAX_TASKS 1000000
#define HL_MAX_RUNS 100000
#define HL_MAX_WARMUP 1000

/* Default output directories: one per command, so that `run` after the
 * demo does not replace the demo's results (each DIR holds one set). */
#define HL_RUN_OUT_DIR "hetlane-out"
#define HL_DEMO_OUT_DIR "hetlane-demo"
#define HL_COMPARE_OUT_DIR "hetlane-compare"
#define HL_CEILINGS_OUT_DIR "hetlane-ceilings"

enum hl_command {
    HL_CMD_HELP, /* hetlane --help, or `hetlane CMD --help` (help_for) */
    HL_CMD_VERSION,
    HL_CMD_RUN,
    HL_CMD_DEVICES,
    HL_CMD_SERVE, /* hetlane serve: the built-in HTTP server on its own */
    HL_CMD_PLOT,
    HL_CMD_DEMO,     /* hetlane demo: the notebook's scenario, charts and report */
    HL_CMD_COMPARE,  /* hetlane compare A.json B.json: two result sets side by side */
    HL_CMD_CEILINGS, /* hetlane ceilings: this machine's measured ceilings */
    HL_CMD_REPORT,   /* hetlane report RESULTS.json: report and charts from saved results */
};

struct hl_config {
    enum hl_command command;
    enum hl_command help_for; /* HL_CMD_HELP: which command's help */
    const struct hl_workload *workload;
    struct hl_params params;    /* n resolved to the default when not given */
    int runs, warmup;           /* run: runs 0 = adaptive (no -r) */
    const char *out_dir;        /* plot: NULL = beside the results file */
    bool out_given;             /* -o was given (else out_dir is the default) */
    const char *format;         /* charts: "png" (default), "svg" or "pdf" */
    const char *results_path;   /* plot: the results.json to redraw; compare: A */
    const char *results_path_b; /* compare: B */
    bool quiet;
    bool json;
    bool quick;                      /* demo and ceilings --quick */
    struct hl_backend_list backends; /* run: what -b named, or the defaults */
    int serve_port;                  /* HL_CMD_SERVE */
    struct {
        const char *any;         /* first fetch option given, or NULL */
        const char *server_only; /* first built-in-server option given */
    } fetch_given;
};

/* Parses argv. On success fills *cfg (pointers into argv stay valid as
 * long as argv). On failure fills err with a usage error naming the bad
 * argument and returns -1. */
int hl_cli_parse(int argc, char **argv, struct hl_config *cfg, struct hl_error *err);

/* Prints the help of `command` (HL_CMD_HELP for the overview). */
void hl_cli_print_help(FILE *out, enum hl_command command);

/* Matches argv[*i] against -s/--long, with the value either next or after
 * '=' (--long=value). Returns 1 and sets *value on a match, 0 when it is
 * another option, -1 (err set) when the value is missing. */
int hl_cli_take_option(int argc, char **argv, int *i, const char *short_name, const char *long_name,
                       const char **value, struct hl_error *err);

/* fetch and serve (cli_fetch.c). */

/* Takes one fetch option (--url, --latency, --body-size, --timeout) at
 * argv[*i]: 1 when taken, 0 when it is another option, -1 (usage error
 * in err) when its value is bad. */
int hl_cli_take_fetch_option(int argc, char **argv, int *i, struct hl_config *cfg,
                             struct hl_error *err);

/* After `run` is parsed: refuses fetch options for other workloads and
 * server options with --url (usage errors naming the option). */
int hl_cli_check_fetch_options(const struct hl_config *cfg, struct hl_error *err);

/* Parses `hetlane serve` options from argv[first]. */
int hl_cli_parse_serve(int argc, char **argv, int first, struct hl_config *cfg,
                       struct hl_error *err);

/* demo (cli_demo.c): parses `hetlane demo` options from argv[first]. */
int hl_cli_parse_demo(int argc, char **argv, int first, struct hl_config *cfg,
                      struct hl_error *err);

/* Every workload's name, joined by sep and, before the last, by last_sep
 * ("square, sum or fetch"), into buf. */
void hl_cli_workload_names(char *buf, size_t size, const char *sep, const char *last_sep);

/* The fetch lines of `run --help`, and the help of `serve`. */
void hl_cli_print_fetch_help(FILE *out);
void hl_cli_print_serve_help(FILE *out);

#endif
