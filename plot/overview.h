/* The overview of one workload: every configuration's median run as a
 * small multiple (one lane per worker), stacked on one shared time axis,
 * so 1, 2 and 4 threads or processes compare at a glance. */
#ifndef HL_PLOT_OVERVIEW_H
#define HL_PLOT_OVERVIEW_H

#include "model/results.h"
#include "plot/axis.h"
#include "plot/chart.h"
#include "plot/legend.h"
#include "plot/view.h"

struct hl_plot_panel {
    const struct hl_config_result *cfg;
    struct hl_plot_run_view view; /* view.run is NULL without runs */
    struct hl_plot_rect area;     /* the lanes; label column to its left */
};

struct hl_plot_overview {
    const struct hl_results *results; /* may be NULL */
    const struct hl_experiment_result *exp;
    const struct hl_plot_style *style;
    size_t npanels;
    struct hl_plot_panel *panels; /* owned */
    struct hl_plot_time_axis axis;
    struct hl_plot_legend legend;
    char title[256], subtitle[512];
    double width, height, legend_y;
    struct hl_plot_rect plot; /* spans every panel */
};

/* Lays out the overview of exp. Returns -1 with err filled (runtime) when
 * memory runs out or text cannot be measured; free with
 * hl_plot_overview_free either way. */
int hl_plot_overview_layout(struct hl_plot_overview *ov, const struct hl_results *results,
                            const struct hl_experiment_result *exp, const struct hl_plot_style *st,
                            struct hl_error *err);

struct hl_plot_chart hl_plot_overview_chart(const struct hl_plot_overview *ov);

void hl_plot_overview_free(struct hl_plot_overview *ov);

#endif
