/* hetlane demo: the notebook's whole study on this machine, as data.
 *
 *   square  N = 11,999,999: serial, pthread and fork at 1, 2 and the core
 *           count, every OpenCL device; 6 to 30 runs after 1 warm-up
 *   sum     8 tasks of 11^7: serial, pthread and fork at 2 and 4, every
 *           OpenCL device; 6 to 30 runs after 1 warm-up
 *   fetch   12 GETs from the built-in server at 500 ms: serial, pthread 1,
 *           2, 4, 6, fork 1, 2, 3, 6, curl-multi 12; 1 to 10 runs, no
 *           warm-up (it is all waiting: one serial run is ~6 s)
 *
 * Runs are adaptive and interleaved (experiment/scenario.c says the
 * budgets). Before them, the machine's ceilings that its configurations
 * need are measured (experiment/ceilings.h: copy limit on buffers of
 * square's size, add throughput, start-up floors, every device's), or
 * taken from the per-machine cache (commands/ceilings_cache.h), and kept
 * in the results, so the report and the roofline charts judge every
 * configuration against them. --quick shrinks sizes, latency and time
 * budgets to fit CI. The demo fills a results model; main writes it, the
 * charts and the report. */
#ifndef HL_DEMO_H
#define HL_DEMO_H

#include <stdbool.h>
#include <stdio.h>

#include "backends/backend_list.h"
#include "commands/progress.h"
#include "experiment/experiment.h"
#include "experiment/scenario.h"
#include "model/results.h"

#define HL_DEMO_MAX_STEPS 4

struct hl_demo_plan {
    const struct hl_demo_step *step;
    struct hl_backend_list configs; /* what the plan's configs point to */
    struct hl_plan plan;
    char opencl_note[HL_ERROR_MSG_MAX]; /* why no OpenCL configuration, or "" */
    double estimate_s[HL_MAX_CONFIGS];  /* expected seconds per configuration */
};

struct hl_demo {
    bool quick;
    FILE *progress_out;
    enum hl_progress_mode progress_mode;
    int cores;
    int64_t copy_n; /* elements per copy-limit buffer (square's n) */
    int copy_reps;
    double copy_estimate_s, total_estimate_s;
    size_t nplans;
    struct hl_demo_plan plans[HL_DEMO_MAX_STEPS];
    struct hl_progress progress;
};

/* Builds the plans for this machine (its cores and OpenCL devices) and
 * checks each (hl_plan_check), so that a plan the machine cannot run is
 * refused before any work: a usage or memory error in err, and -1. */
int hl_demo_prepare(struct hl_demo *d, bool quick, FILE *progress_out, enum hl_progress_mode mode,
                    struct hl_error *err);

/* Obtains the ceilings into out->ceilings (and out->copy when measured
 * now; left empty, with a progress line, when they cannot be), then runs
 * every plan, appending one
 * experiment per step to out, with progress as prepared. Failed or
 * unverified runs are recorded, not returned. An experiment that cannot
 * start (memory, its server) is left out and the others still run; then
 * -1 is returned with the first such error in err, and out holds every
 * experiment that ran, to be written all the same. */
int hl_demo_run(struct hl_demo *d, struct hl_results *out, struct hl_error *err);

#endif
