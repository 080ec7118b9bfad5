/* What the measurements say, computed from a results model: the facts a
 * report states as conclusions. Nothing here is canned: every claim has a
 * measured number behind it, and a claim the numbers do not support is
 * not made. */
#ifndef HL_REPORT_ANALYSIS_H
#define HL_REPORT_ANALYSIS_H

#include <stdbool.h>
#include <stddef.h>

#include "model/results.h"
#include "model/roofline.h"

/* The one threshold left of the classification (the roofline,
 * model/roofline.h, decides every other bound): a workload with no
 * place on a roofline (fetch) whose serial CPU time is below this share
 * of its wall time waited. */
#define HL_BOUND_IO_CPU_RATIO_MAX 0.25 /* serial cpu/wall below: mostly waiting */
#define HL_VERDICT_MARGIN 1.05         /* within 5% of serial: even */

enum hl_bound {
    HL_BOUND_UNCLEAR, /* nothing measured says which */
    HL_BOUND_IO,      /* CPU time far below wall time: waiting dominates */
    HL_BOUND_MEMORY,  /* the memory (copy) ceiling is the lowest at its intensity */
    HL_BOUND_COMPUTE, /* the int64-add ceiling is the lowest */
    HL_BOUND_LINK,    /* the host-device link (PCIe) is the lowest: offload-bound */
    HL_BOUND_STARTUP, /* its run time sits near its start-up floor */
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
    struct hl_roof_point roof;      /* its place on the roofline */
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
    double serial_cpu_ratio;                    /* serial median cpu / median wall */
    bool roofline;                 /* the workload has an intensity: the roofline judges it */
    struct hl_roof_point cpu_roof; /* fastest_cpu on the roofline */
    /* The bound: the fastest configuration's place on the roofline
     * (roofline workloads), or waiting (fetch). Where the start-up floor
     * sits near its share of the run at one end of the median's interval
     * and not at the other, the bound is within the noise: bound_noise,
     * `bound` UNCLEAR and `bound_near` the one the median alone gives. */
    enum hl_bound bound;
    bool bound_noise;
    enum hl_bound bound_near;
    struct hl_roof_point bound_roof; /* the fastest configuration's place */
    size_t ndevices;
    struct hl_device_finding devices[16];
};

/* Analyses experiment e of r (r gives the ceilings and the copy limit).
 * Pointers in *out point into `e`. Never fails. */
void hl_analyse_experiment(const struct hl_results *r, const struct hl_experiment_result *e,
                           struct hl_finding *out);

/* The bound a placed configuration shows on the roofline. */
enum hl_bound hl_bound_of_point(const struct hl_roof_point *p);

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
