/* An experiment: one workload on every configuration of a plan, with
 * warm-up and counted runs, each run timed, checked and recorded. */
#ifndef HL_EXPERIMENT_H
#define HL_EXPERIMENT_H

#include <stdbool.h>
#include <stdio.h>

#include "backends/backend.h"
#include "model/results.h"
#include "workloads/workload.h"

struct hl_plan {
    const struct hl_workload *workload;
    struct hl_params params; /* n resolved; tasks 0 = per-config default */
    int warmup, runs;        /* runs: the fixed count; adaptive: adapt.min_runs */
    bool adaptive;           /* repeat each configuration as `adapt` says */
    struct hl_adaptive adapt;
    size_t nconfigs;
    const struct hl_backend_config *configs;
    FILE *progress; /* one line per configuration, or NULL for none */
    /* Optional: called on the calling thread before each run (warm-up or
     * counted) of configuration i. Runs are interleaved (rounds.h), so
     * consecutive calls name different configurations. */
    void (*on_run)(void *ctx, size_t i);
    void *on_run_ctx;
};

/* Adaptive repetitions for `hetlane run` without --runs: at least 3 runs
 * (the fixed count it had before), at most 30, until the median's 95%
 * interval is within 5% or the configuration's runs took 1 s. */
struct hl_adaptive hl_adaptive_run_default(void);

/* Sets plan->adaptive and plan->adapt from `a`, and plan->runs to its
 * minimum. */
void hl_plan_set_adaptive(struct hl_plan *plan, struct hl_adaptive a);

/* Task count a configuration runs under `plan`, and the largest of them. */
int64_t hl_plan_tasks(const struct hl_plan *plan, const struct hl_backend_config *cfg);
int64_t hl_plan_max_tasks(const struct hl_plan *plan);

/* Checks the plan against the workload's limits and the machine's memory
 * before anything is allocated: usage errors name the option, a plan that
 * needs more memory than is available is a runtime error. */
int hl_plan_check(const struct hl_plan *plan, struct hl_error *err);

/* Runs the plan and appends its results to `out` (workload, params, one
 * config result per configuration), the configurations' runs interleaved
 * round-robin (rounds.h). Runs that fail or do not verify are recorded,
 * not returned as errors. Returns -1 with err filled only when
 * the experiment could not start (workload buffers or records could not be
 * allocated); `out` then holds nothing new. */
int hl_experiment_run(const struct hl_plan *plan, struct hl_results *out, struct hl_error *err);

#endif
