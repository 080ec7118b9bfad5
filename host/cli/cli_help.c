/* Every command's --help text, built from the tables it describes (the
 * workloads, the backends, the demo's scenario), so help cannot drift
 * from what runs. */
#include <stdio.h>

#include "cli/cli.h"
#include "experiment/scenario.h"
#include "util/sysinfo.h"
#include "util/text.h"

/* What every command that writes a directory says about it. */
static const char one_set[] =
    "DIR holds one result set: what an earlier run wrote there is replaced\n"
    "whole once the new set is written (a failed write keeps the old one); a\n"
    "directory holding files hetlane did not write is refused.\n";

static void print_demo_help(FILE *out) {
    size_t n;
    const struct hl_demo_step *steps = hl_demo_scenario(&n);
    fprintf(out, "usage: hetlane demo [-o DIR] [--quick] [-q]\n\n"
                 "Runs the notebook's whole study on this machine: measures the ceilings\n"
                 "its configurations need (or takes them from the cache, `hetlane ceilings\n"
                 "--help`), then runs, verifies and times\n\n");
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
        char how[96];
        if (st->max_runs > st->runs && st->warmup > 0)
            fprintf(out, "%d to %d runs (adaptive) after %d warm-up%s\n", st->runs, st->max_runs,
                    st->warmup, st->warmup == 1 ? "" : "s");
        else if (st->max_runs > st->runs)
            fprintf(out, "%d to %d runs (adaptive), no warm-up\n", st->runs, st->max_runs);
        else
            fprintf(out, "%s\n", hl_format_runs(how, sizeof how, st->runs, st->warmup));
        fprintf(out, "          on %s%s\n", st->backends, st->opencl ? ",opencl" : "");
    }
    fprintf(out,
            "\n  (P: the cores this process may use; B:*: B:1, B:2, B:4, ... and B:P;\n"
            "  opencl: every OpenCL device)\n\n"
            "options:\n"
            "  -o, --out DIR  output directory (default ./" HL_DEMO_OUT_DIR ")\n"
            "      --quick    the smaller sizes and latency above (for CI: seconds\n"
            "                 instead of half a minute)\n"
            "  -q, --quiet    no progress on stderr (the summary still goes to stdout)\n\n"
            "Writes DIR/report.html and report.md (conclusions computed from the\n"
            "measurements), results.json, results.csv, trace.json and the charts.\n"
            "%s"
            "Progress: a bar on a terminal, one line per experiment otherwise.\n"
            "Exit status: 0 every run done and verified; 1 a run or task failed or a\n"
            "result did not verify (after all output is written); 2 usage error.\n",
            one_set);
}

static void print_run_help(FILE *out) {
    size_t nwl, nbe;
    const struct hl_workload *const *wls = hl_workload_all(&nwl);
    const struct hl_backend *const *bes = hl_backend_all(&nbe);
    fprintf(out, "usage: hetlane run WORKLOAD [options]\n\nworkloads:\n");
    for (size_t i = 0; i < nwl; i++)
        fprintf(out, "  %-10s %s\n             -n counts %s\n", wls[i]->name, wls[i]->summary,
                wls[i]->size_meaning);
    fprintf(out,
            "\nbackends (-b SPEC[,SPEC...], repeatable; default for square and sum:\n"
            "serial,pthread:P,fork:P with P = %d, the cores this process may use,\n"
            "%s):\n",
            hl_sys_cores(),
            HETLANE_WITH_OPENCL ? "then every OpenCL device that `hetlane devices` lists"
                                : "(this build has no OpenCL)");
    for (size_t i = 0; i < nbe; i++) {
        char spec[32];
        hl_backend_spec_syntax(bes[i], spec, sizeof spec);
        fprintf(out, "  %-14s %s\n", spec, bes[i]->summary);
    }
    fprintf(out, "  %-14s %s\n", "A+B[+C...]",
            "a join: one run split across the joined backends (serial or pthread:W,\n"
            "               and OpenCL devices), e.g. pthread:W+opencl:0:0 (docs/coexec.md)");
    fprintf(out,
            "  (W workers, 1 <= W <= %d; without :W, W = %d)\n\n"
            "options:\n"
            "  -b, --backend SPEC  configurations to run, in order\n"
            "  -n, --size N        problem size (see above)\n"
            "  -t, --tasks T       tasks per run, 1..%d (default: square 4 x workers,\n"
            "                      sum 8, fetch 12)\n"
            "  -r, --runs R        counted runs per configuration, 1..%d (default:\n"
            "                      adaptive, 3 to 30 until the median's 95%% interval\n"
            "                      is within 5%% or 1 s of runs)\n"
            "      --warmup W      uncounted runs first, 0..%d (default 1)\n"
            "  -o, --out DIR       output directory (default ./" HL_RUN_OUT_DIR ")\n"
            "      --format F      charts as png (default), svg or pdf\n"
            "  -q, --quiet         no progress lines on stderr\n"
            "      --no-overlap    OpenCL: one in-order queue, so no chunk's transfer\n"
            "                      overlaps another's kernel (default: 2 queues)\n",
            HL_MAX_WORKERS, hl_sys_cores(), HL_MAX_TASKS, HL_MAX_RUNS, HL_MAX_WARMUP);
    hl_cli_print_fetch_help(out);
    fprintf(out,
            "\nWrites DIR/results.json, results.csv, trace.json and the charts, and\n"
            "prints a summary table.\n%s"
            "Exit status: 0 every run done and verified; 1 a run or task failed or a\n"
            "result did not verify (after all output is written); 2 usage error.\n",
            one_set);
}

void hl_cli_print_help(FILE *out, enum hl_command command) {
    if (command == HL_CMD_RUN) {
        print_run_help(out);
        return;
    }
    if (command == HL_CMD_SERVE) {
        hl_cli_print_serve_help(out);
        return;
    }
    if (command == HL_CMD_PLOT) {
        fprintf(out,
                "usage: hetlane plot RESULTS.json [-o DIR] [--format png|svg|pdf] [-q]\n\n"
                "Redraws every chart and trace.json from a saved results.json, into\n"
                "DIR (default: the directory of RESULTS.json, whose set it then\n"
                "completes). A file that is not a hetlane results file is refused with\n"
                "exit status 2 and nothing written.\n\n"
                "  -o, --out DIR  output directory\n"
                "      --format F charts as png (default), svg or pdf\n"
                "  -q, --quiet    say nothing on stderr unless something fails\n\n%s",
                one_set);
        return;
    }
    if (command == HL_CMD_REPORT) {
        fprintf(out,
                "usage: hetlane report RESULTS.json [-o DIR] [--format png|svg|pdf] [-q]\n\n"
                "Writes report.md and report.html, with every chart, from a saved\n"
                "results.json (an older one, or another machine's), into DIR (default:\n"
                "the directory of RESULTS.json, whose set it then completes). The\n"
                "conclusions are computed from the file as the demo computes them; where\n"
                "it holds no measured ceilings, the report says what the workloads'\n"
                "intensity alone allows. A file that is not a hetlane results file is\n"
                "refused with exit status 2 and nothing written.\n\n"
                "  -o, --out DIR  output directory\n"
                "      --format F charts as png (default), svg or pdf\n"
                "  -q, --quiet    say nothing on stderr unless something fails\n\n%s",
                one_set);
        return;
    }
    if (command == HL_CMD_COMPARE) {
        fprintf(out,
                "usage: hetlane compare A.json B.json [-o DIR] [--format png|svg|pdf] [-q]\n\n"
                "Two saved result sets side by side (say CI's PoCL run and a GPU\n"
                "workstation's): for every workload and configuration label, the median\n"
                "wall time of each, the ratio B / A, and whether the difference is\n"
                "beyond the runs' spread (their fastest-to-slowest ranges do not\n"
                "overlap). Prints the table on stdout and draws W-compare-sets.png per\n"
                "workload W into DIR.\n\n"
                "  -o, --out DIR  output directory (default ./" HL_COMPARE_OUT_DIR ")\n"
                "      --format F charts as png (default), svg or pdf\n"
                "  -q, --quiet    say nothing on stderr unless something fails\n\n%s"
                "Exit status: 0 compared; 1 a chart could not be written; 2 usage error\n"
                "(a file that is not a hetlane results file).\n",
                one_set);
        return;
    }
    if (command == HL_CMD_DEMO) {
        print_demo_help(out);
        return;
    }
    if (command == HL_CMD_CEILINGS) {
        fprintf(out,
                "usage: hetlane ceilings [--json] [--quick] [-o DIR] [-q]\n\n"
                "Measures this machine's ceilings, the lines of a roofline: the CPU's\n"
                "copy bandwidth and int64-add throughput for 1..P threads, the start-up\n"
                "floors of W threads and W processes, and for every OpenCL device its\n"
                "memory bandwidth, int64-add throughput, transfers to and from pageable\n"
                "and pinned host memory, and kernel launch latency (a few seconds; how\n"
                "each is measured: docs/ceilings.md). Prints them and keeps them in the\n"
                "cache that run and demo read (an hour, this machine only).\n\n"
                "  --json         print them as JSON (schema hetlane-ceilings/1)\n"
                "  --quick        small sizes and few repetitions (for tests)\n"
                "  -o, --out DIR  also write DIR/results.json with them (no experiments),\n"
                "                 for `hetlane report` (default DIR ./" HL_CEILINGS_OUT_DIR ")\n"
                "  -q, --quiet    no progress on stderr\n\n"
                "Exit status: 0 measured; 1 a CPU probe failed (a device that fails is\n"
                "left out with a line on stderr); 2 usage error.\n");
        return;
    }
    if (command == HL_CMD_DEVICES) {
        fprintf(out, "usage: hetlane devices [--json]\n\n"
                     "Lists the CPU backends and the cores they use, and every OpenCL\n"
                     "platform and device with its index P:D for -b opencl:P:D.\n");
        return;
    }
    fprintf(out,
            "hetlane %s: shows where parallelism pays\n\n"
            "usage:\n"
            "  hetlane demo [-o DIR] [--quick] [-q]    the notebook's study: results,\n"
            "                                          charts, report (DIR: ./" HL_DEMO_OUT_DIR
            ")\n"
            "  hetlane run WORKLOAD [options]          square, sum or fetch on the backends\n"
            "                                          you choose (DIR: ./" HL_RUN_OUT_DIR ")\n"
            "  hetlane compare A.json B.json [-o DIR]  two saved result sets side by side\n"
            "  hetlane plot RESULTS.json [-o DIR]      redraw every chart from saved results\n"
            "  hetlane report RESULTS.json [-o DIR]    report and charts from saved results\n"
            "  hetlane devices [--json]                the backends this machine offers\n"
            "  hetlane ceilings [--json] [-o DIR]      this machine's measured ceilings\n"
            "  hetlane serve [--port P]                the fetch workload's HTTP server alone\n"
            "  hetlane --help | --version\n\n"
            "`hetlane COMMAND --help` says more (`run --help`: workloads, backends and\n"
            "options); so does `man hetlane` once hetlane is installed.\n",
            HETLANE_VERSION);
}
