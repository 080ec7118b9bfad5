/* What the measurements say, computed from a results model: the facts a
 * report states as conclusions. Nothing here is canned: every claim has a
 * measured number behind it, and a claim the numbers do not support is
 * not made. */
#ifndef HL_REPORT_ANALYSIS_H
#define HL_REPORT_ANALYSIS_H

#include <stdbool.h>
#include <stddef.h>

#include "results.h"

enum hl_bound {
    HL_BOUND_UNCLEAR, /* the evidence fits none of the patterns below */
    HL_BOUND_IO,      /* CPU time far below wall time: waiting dominates */
    HL_BOUND_MEMORY,  /* bandwidth near the machine's measured copy limit */
    HL_BOUND_COMPUTE, /* CPU busy and near-linear scaling with workers */
};

/* Measured memory limit: copy bandwidth (read + written bytes per second)
 * by thread count; 0 where not measured. */
#define HL_LIMIT_MAX_THREADS 64
struct hl_copy_limit {
    double gbs[HL_LIMIT_MAX_THREADS + 1];
};

struct hl_device_finding {
    const struct hl_config_result *config;
    double speedup;           /* vs serial; NAN without serial */
    double transfer_fraction; /* h2d + d2h time / all phase time, median run */
};

struct hl_finding {
    const struct hl_experiment_result *experiment;
    const struct hl_config_result *serial;  /* NULL when serial did not run */
    const struct hl_config_result *fastest; /* verified config with lowest median */
    const struct hl_config_result *best_thread, *best_process; /* fastest pthread / fork */
    enum hl_bound bound;
    double serial_cpu_ratio;   /* serial median cpu / median wall */
    double best_bandwidth_gbs; /* bytes moved / median wall of the fastest CPU config */
    double bandwidth_ratio;    /* best_bandwidth_gbs / copy limit at its thread count */
    double best_efficiency;    /* max over CPU configs with W >= 2 of speedup / W */
    int best_efficiency_workers;
    size_t ndevices;
    struct hl_device_finding devices[16];
};

/* Analyses one experiment. `limit` may be NULL (then memory-bound cannot
 * be concluded). Pointers in *out point into `e`. Never fails. */
void hl_analyse_experiment(const struct hl_experiment_result *e, const struct hl_copy_limit *limit,
                           struct hl_finding *out);

/* Short name of a bound: "I/O-bound", "memory-bound", ... */
const char *hl_bound_name(enum hl_bound b);

/* Median of per-run values is what every conclusion uses; this returns
 * the run whose wall time is the median (lower middle), or NULL. */
const struct hl_run_result *hl_config_median_run(const struct hl_config_result *c);

#endif
