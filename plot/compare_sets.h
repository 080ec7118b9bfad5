/* The chart of `hetlane compare` for one workload: for every
 * configuration label, A's and B's median wall time as two bars with
 * fastest-to-slowest whiskers, B's labeled with the ratio B / A and
 * whether the difference is beyond the runs' spread. */
#ifndef HL_PLOT_COMPARE_SETS_H
#define HL_PLOT_COMPARE_SETS_H

#include "model/results_pair.h"
#include "plot/bars.h"

struct hl_plot_compare_sets {
    const struct hl_pair_experiment *x;
    struct hl_plot_bars bars;
};

/* Lays the chart out; name_a and name_b say where A and B came from,
 * host_a and host_b on which machine ("" when unknown). Returns -1 with
 * err filled (runtime) when text cannot be measured. */
int hl_plot_compare_sets_layout(struct hl_plot_compare_sets *cs, const struct hl_pair_experiment *x,
                                const char *name_a, const char *host_a, const char *name_b,
                                const char *host_b, const struct hl_plot_style *st,
                                struct hl_error *err);

struct hl_plot_chart hl_plot_compare_sets_chart(const struct hl_plot_compare_sets *cs);

#endif
