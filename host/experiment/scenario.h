/* The demo's study as data: one step per experiment, with the sizes,
 * tasks, runs and backends the notebook's lesson needs (see scenario.c
 * for why each is what it is). `hetlane demo` runs it (commands/demo.h)
 * and `demo --help` prints it (cli/cli_help.c), so the two cannot drift. */
#ifndef HL_EXPERIMENT_SCENARIO_H
#define HL_EXPERIMENT_SCENARIO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct hl_demo_step {
    const char *workload;
    /* -b specs; ":P" stands for the core count, "B:*" for B:1, B:2, B:4, ... B:P */
    const char *backends;
    bool opencl;                          /* and every OpenCL device there is */
    int64_t n, quick_n;                   /* problem size; 0: the workload's default */
    int64_t tasks;                        /* 0: the workload's default per configuration */
    int64_t latency_ms, quick_latency_ms; /* fetch: the built-in server's */
    int warmup, runs;                     /* adaptive: runs is the minimum */
    /* Adaptive repetitions when max_runs > 0 (model/results.h): up to
     * max_runs, until the median's 95% interval is within 5% or the
     * configuration's runs took budget_s (quick_budget_s with --quick). */
    int max_runs;
    double budget_s, quick_budget_s;
};

/* The scenario, in the order it runs; *count receives the number of
 * steps. Static data: never fails, nothing to free. */
const struct hl_demo_step *hl_demo_scenario(size_t *count);

#endif
