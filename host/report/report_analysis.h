/* What the measurements say, computed from a results model: the facts a
 * report states as conclusions. Nothing here is canned: every claim has a
 * measured number behind it, and a claim the numbers do not support is
 * not made. */
#ifndef HL_REPORT_ANALYSIS_H
#define HL_REPORT_ANALYSIS_H

#include <stdbool.h>
#include <stddef.h>

#include "model/results.h"

/* The thresholds of the classification, shared with the report's text
 * and its tests so that they agree. */
#define HL_BOUND_IO_CPU_RATIO_MAX 0.25      /* serial cpu/wall below: mostly waiting */
#define HL_BOUND_COMPUTE_CPU_RATIO_MIN 0.8  /* serial cpu/wall at or above: busy */
#define HL_BOUND_COMPUTE_EFFICIENCY_MIN 0.7 /* speedup/W at or above: near-linear */
#define HL_BOUND_MEMORY_BANDWIDTH_MIN 0.6   /* share of the copy limit reached */
#define HL_VERDICT_MARGIN 1.05              /* within 5% of serial: even */

enum hl_bound {
    HL_BOUND_UNCLEAR, /* the evidence fits none of the patterns below */
    HL_BOUND_IO,      /* CPU time far below wall time: waiting dominates */
    HL_BOUND_MEMORY,  /* bandwidth near the machine's measured copy limit */
    HL_BOUND_COMPUTE, /* CPU busy and near-linear scaling with workers */
};

/* How a configuration fared against serial: a margin (report_analysis.c)
 * keeps run-to-run noise from being called a win or a loss. */
enum hl_verdict {
    HL_VERDICT_UNKNOWN, /* no verified serial or no such configuration */
    HL_VERDICT_WON,     /* clearly faster than serial */
    HL_VERDICT_EVEN,    /* within the margin */
    HL_VERDICT_LOST,    /* clearly slower than serial */
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
    const struct hl_config_result *fastest_cpu; /* fastest of serial, pthread and fork */
    double thread_speedup, process_speedup;     /* serial / best_thread, best_process; or NAN */
    enum hl_bound bound;
    double serial_cpu_ratio;   /* serial median cpu / median wall */
    double best_bandwidth_gbs; /* bytes moved / median wall of the fastest CPU config */
    double bandwidth_ratio;    /* best_bandwidth_gbs / copy limit at its thread count */
    double best_efficiency;    /* max over CPU configs with W >= 2 of speedup / W */
    int best_efficiency_workers;
    const struct hl_config_result *best_efficiency_config; /* the config behind it */
    size_t ndevices;
    struct hl_device_finding devices[16];
};

/* Analyses one experiment. `limit` may be NULL (then memory-bound cannot
 * be concluded). Pointers in *out point into `e`. Never fails. */
void hl_analyse_experiment(const struct hl_experiment_result *e, const struct hl_copy_limit *limit,
                           struct hl_finding *out);

/* The verdict on a speedup against serial (NAN: unknown). */
enum hl_verdict hl_verdict_of(double speedup);

/* Short name of a bound: "I/O-bound", "memory-bound", ... */
const char *hl_bound_name(enum hl_bound b);

#endif
