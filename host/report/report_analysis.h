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

/* How a configuration fared against another (serial, mostly): a margin
 * and the intervals of both medians (model/noise.h) keep run-to-run noise
 * from being called a win or a loss. */
enum hl_verdict {
    HL_VERDICT_UNKNOWN, /* no verified serial or no such configuration */
    HL_VERDICT_WON,     /* clearly faster: intervals apart, beyond the margin */
    HL_VERDICT_EVEN,    /* within the margin, over the whole interval */
    HL_VERDICT_LOST,    /* clearly slower */
    HL_VERDICT_NOISE,   /* the intervals overlap: the difference is within the noise */
};

/* Two medians compared with their intervals: a against b. */
struct hl_comparison {
    const struct hl_config_result *a, *b;
    double ratio;            /* b's median / a's: how many times faster a ran (a speedup) */
    double lo, hi;           /* the ratio's interval: b's interval over a's */
    enum hl_verdict verdict; /* WON: a clearly faster than b */
};

struct hl_device_finding {
    const struct hl_config_result *config;
    double speedup;                 /* vs serial; NAN without serial */
    struct hl_comparison vs_serial; /* verdict UNKNOWN without serial */
    double transfer_fraction;       /* h2d + d2h time / all phase time, median run */
};

/* A config whose median is not clearly above the fastest's (the limit of
 * what `fastest` can claim). */
#define HL_FINDING_TIES_MAX 16

struct hl_finding {
    const struct hl_experiment_result *experiment;
    const struct hl_config_result *serial;  /* NULL when serial did not run */
    const struct hl_config_result *fastest; /* verified config with lowest median */
    /* Configs the fastest did not clearly beat (verdict EVEN or NOISE):
     * while there is one, which is fastest is not settled. */
    size_t nties;
    struct hl_comparison ties[HL_FINDING_TIES_MAX];
    const struct hl_config_result *best_thread, *best_process; /* fastest pthread / fork */
    const struct hl_config_result *fastest_cpu; /* fastest of serial, pthread and fork */
    double thread_speedup, process_speedup;     /* serial / best_thread, best_process; or NAN */
    struct hl_comparison threads, processes;    /* best_thread, best_process vs serial */
    enum hl_bound bound;
    double serial_cpu_ratio;   /* serial median cpu / median wall */
    double best_bandwidth_gbs; /* bytes moved / median wall of the fastest CPU config */
    double bandwidth_ratio;    /* best_bandwidth_gbs / copy limit at its thread count */
    double best_efficiency;    /* max over CPU configs with W >= 2 of speedup / W */
    double best_efficiency_lo; /* its lower end, from the speedup's interval */
    int best_efficiency_workers;
    const struct hl_config_result *best_efficiency_config; /* the config behind it */
    double bandwidth_ratio_lo; /* bandwidth_ratio at the slow end of the median's interval */
    /* The bound the point values give fell short of it at the cautious
     * end of an interval (or the reverse): the bound is within the noise
     * of a threshold, and `bound` is HL_BOUND_UNCLEAR. */
    bool bound_noise;
    enum hl_bound bound_near; /* the bound the medians alone would give */
    size_t ndevices;
    struct hl_device_finding devices[16];
};

/* Analyses one experiment. `limit` may be NULL (then memory-bound cannot
 * be concluded). Pointers in *out point into `e`. Never fails. */
void hl_analyse_experiment(const struct hl_experiment_result *e, const struct hl_copy_limit *limit,
                           struct hl_finding *out);

/* The verdict on a speedup against serial (NAN: unknown), by the margin
 * alone. */
enum hl_verdict hl_verdict_of(double speedup);

/* a against b, by their medians and the medians' intervals (the noise of
 * c as stored, or from its runs for older files): WON when a's interval
 * lies wholly below b's and a is faster by the margin, LOST the reverse,
 * EVEN when the whole ratio interval lies within the margin, else NOISE.
 * A noisy config (flagged: its runs spread over 1.2x or have outliers)
 * is judged by its fastest to slowest run rather than its median's
 * interval. A config of one run has a zero-width interval: its noise is
 * unknown, and only the margin judges it. UNKNOWN when either is NULL. */
struct hl_comparison hl_compare(const struct hl_config_result *a, const struct hl_config_result *b);

/* Short name of a bound: "I/O-bound", "memory-bound", ... */
const char *hl_bound_name(enum hl_bound b);

#endif
