/* The comparison chart of one workload: median wall time per
 * configuration as a horizontal bar, min-max whiskers, the median's 95%
 * interval as a box on the whisker where the runs made one, each labeled
 * with its time and speedup against serial (and "noisy" where the runs'
 * spread is flagged); the fastest one is named. */
#ifndef HL_PLOT_COMPARE_H
#define HL_PLOT_COMPARE_H

#include "model/results.h"
#include "plot/bars.h"

struct hl_plot_compare {
    const struct hl_experiment_result *exp;
    struct hl_plot_bars bars;
    long fastest; /* config index, -1 when none verified */
};

/* Lays the chart out; r (may be NULL) says how runs were repeated.
 * Returns -1 with err filled (runtime) when text cannot be measured. */
int hl_plot_compare_layout(struct hl_plot_compare *cp, const struct hl_results *r,
                           const struct hl_experiment_result *exp, const struct hl_plot_style *st,
                           struct hl_error *err);

struct hl_plot_chart hl_plot_compare_chart(const struct hl_plot_compare *cp);

#endif
