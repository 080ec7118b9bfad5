/* Each configuration on its workload's roofline: the ceilings that apply
 * to it (model/ceilings.h) at the workload's intensity
 * (model/intensity.h), the one that limits it, the fraction of that
 * ceiling it reached, and whether its run time sits near its start-up
 * floor. The report's "bound" (report/report_roofline.c) and the
 * W-roofline chart (plot/roofline.c) both read this, so the sentence and
 * the picture cannot disagree.
 *
 * Which ceilings apply:
 *   serial, pthread:W, fork:W  the CPU's copy bandwidth and int64-add rate
 *                              at W (W past the cores: at the cores)
 *   opencl:P:D[/MODE]          the device's memory bandwidth and add rate,
 *                              and for pageable and pinned the link
 *                              (PCIe on a GPU) in that mode: h2d and d2h
 *                              at once, the workload's link bytes split
 *                              evenly between them (2 x the slower)
 * A memory or link ceiling at intensity I (operations per byte) allows
 * bandwidth x I operations per second; the lowest of those that apply is
 * the limit. A workload without memory (link) bytes is not limited by
 * memory (the link). Results saved before ceilings were measured may
 * still hold the CPU's copy limit (results.h hl_copy_limit): it serves as
 * the copy ceiling. */
#ifndef HL_MODEL_ROOFLINE_H
#define HL_MODEL_ROOFLINE_H

#include <stdbool.h>

#include "model/results.h"

/* Start-up-bound: the start-up floor is at least this share of the run
 * (the run sits within 2x of its floor). */
#define HL_STARTUP_NEAR 0.5

/* Intensities below this many operations per byte are memory-bound on any
 * current CPU or GPU even where no compute ceiling was measured: each
 * does more than one integer operation per byte its memory delivers. */
#define HL_BALANCE_FLOOR 1.0

enum hl_roof_kind {
    HL_ROOF_NONE,    /* no ceiling known for it */
    HL_ROOF_MEMORY,  /* the CPU's copy bandwidth, or the device's memory */
    HL_ROOF_COMPUTE, /* the int64-add rate */
    HL_ROOF_LINK,    /* the host-device link: the offload ceiling */
};

struct hl_roof_point {
    const struct hl_config_result *config;
    bool placed;      /* a verified median and an intensity: on the chart */
    bool device;      /* an OpenCL configuration */
    double ops_per_s; /* attained: elements x ops / median wall time */
    /* Operations per byte of memory and of link traffic (INFINITY: no
     * such bytes; 0: the configuration has no link). */
    double mem_intensity, link_intensity;
    /* The ceilings that apply, 0 where not measured (or not applicable:
     * link_gbs of a CPU or zero-copy configuration). */
    double mem_gbs, compute_gops, link_gbs;
    bool compute_known;      /* the add ceiling was measured for it */
    enum hl_roof_kind limit; /* the lowest known ceiling at its intensity */
    bool limit_assumed;      /* memory, with no compute ceiling measured, by
                                the intensity alone (below HL_BALANCE_FLOOR) */
    double roof_ops_per_s;   /* what the limiting ceiling allows at its intensity */
    double intensity;        /* the intensity it is placed at (that ceiling's) */
    double fraction;         /* ops_per_s / roof_ops_per_s, NAN unknown */
    double floor_s;          /* start-up floor: 0 serial, NAN unknown */
    bool startup_bound;      /* floor_s >= HL_STARTUP_NEAR x median */
    char device_index[16];   /* "0:0" for a device configuration */
};

/* Places configuration c of experiment e of r. Never fails: an unplaced
 * point (no verified run, no intensity) has placed false. */
void hl_roofline_place(const struct hl_results *r, const struct hl_experiment_result *e,
                       const struct hl_config_result *c, struct hl_roof_point *p);

/* True when experiment e has a roofline to draw: an intensity, elements
 * and at least one configuration that ran and verified (the chart and the
 * report that shows it agree on this). */
bool hl_roofline_wanted(const struct hl_experiment_result *e);

/* The configuration's device index "P:D" from its label
 * ("opencl:0:1/pinned" -> "0:1") into buf; false when it has none. */
bool hl_roofline_device_index(const char *label, char *buf, size_t size);

/* The link ceiling of a device in host-memory mode `transfer` (NULL or
 * "zero-copy": 0, no link traffic), as the header says. */
double hl_roofline_link_gbs(const struct hl_device_ceilings *d, const char *transfer);

/* "copy ceiling", "memory ceiling", "int64-add ceiling", "link ceiling". */
const char *hl_roof_kind_name(enum hl_roof_kind k, bool device);

#endif
