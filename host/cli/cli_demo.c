/* The command line of `hetlane demo`: options and help only. */
#include <string.h>

#include "cli/cli.h"
#include "commands/demo.h"

int hl_cli_parse_demo(int argc, char **argv, int first, struct hl_config *cfg,
                      struct hl_error *err) {
    for (int i = first; i < argc; i++) {
        const char *v = NULL;
        int m;
        if (strcmp(argv[i], "-h") == 0 || strcmp(argv[i], "--help") == 0) {
            cfg->command = HL_CMD_HELP;
            cfg->help_for = HL_CMD_DEMO;
            return 0;
        }
        if (strcmp(argv[i], "-q") == 0 || strcmp(argv[i], "--quiet") == 0) {
            cfg->quiet = true;
        } else if (strcmp(argv[i], "--quick") == 0) {
            cfg->quick = true;
        } else if ((m = hl_cli_take_option(argc, argv, &i, "-o", "--out", &v, err)) != 0) {
            if (m < 0)
                return -1;
            cfg->out_dir = v;
        } else if (argv[i][0] == '-') {
            return hl_error_set(err, HL_ERR_USAGE, "demo: unknown option '%s'", argv[i]);
        } else {
            return hl_error_set(err, HL_ERR_USAGE, "demo: unexpected argument '%s'", argv[i]);
        }
    }
    return 0;
}

void hl_cli_print_demo_help(FILE *out) {
    size_t n;
    const struct hl_demo_step *steps = hl_demo_scenario(&n);
    fprintf(out, "usage: hetlane demo [-o DIR] [--quick] [-q]\n\n"
                 "Runs the notebook's whole study on this machine: measures the machine's\n"
                 "copy bandwidth once, then runs, verifies and times\n\n");
    for (size_t i = 0; i < n; i++) {
        const struct hl_demo_step *st = &steps[i];
        fprintf(out, "  %-7s ", st->workload);
        if (st->n > 0)
            fprintf(out, "n = %lld (--quick: %lld), ", (long long)st->n, (long long)st->quick_n);
        if (st->tasks > 0)
            fprintf(out, "%lld tasks, ", (long long)st->tasks);
        if (st->latency_ms > 0)
            fprintf(out, "latency %lld ms (--quick: %lld), ", (long long)st->latency_ms,
                    (long long)st->quick_latency_ms);
        fprintf(out, "%d run%s", st->runs, st->runs == 1 ? "" : "s");
        if (st->warmup > 0)
            fprintf(out, " after %d warm-up\n", st->warmup);
        else
            fprintf(out, ", no warm-up\n");
        fprintf(out, "          on %s%s\n", st->backends, st->opencl ? ",opencl" : "");
    }
    fprintf(out, "\n  (P: the cores this process may use; opencl: every OpenCL device)\n\n"
                 "options:\n"
                 "  -o, --out DIR  output directory (default ./hetlane-out)\n"
                 "      --quick    the smaller sizes and latency above (for CI: seconds\n"
                 "                 instead of half a minute)\n"
                 "  -q, --quiet    no progress on stderr (the summary still goes to stdout)\n\n"
                 "Writes DIR/report.html and report.md (conclusions computed from the\n"
                 "measurements), results.json, results.csv, trace.json and the charts.\n"
                 "Progress: a bar on a terminal, one line per experiment otherwise.\n"
                 "Exit status: 0 every run done and verified; 1 a run or task failed or a\n"
                 "result did not verify (after all output is written); 2 usage error.\n");
}
