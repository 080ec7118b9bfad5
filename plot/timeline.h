/* The timeline (Gantt) chart of one configuration's median run: x is time
 * from the run's start, one bar per task colored by its worker, phases as
 * bands inside the bars, failures in red. Above style->lane_threshold
 * tasks it draws one lane per worker instead, tasks as adjacent segments.
 *
 * The layout is plain data computed before drawing, so tests can find
 * where task k's bar is and probe the pixels there. */
#ifndef HL_PLOT_TIMELINE_H
#define HL_PLOT_TIMELINE_H

#include "model/results.h"
#include "plot/axis.h"
#include "plot/chart.h"
#include "plot/legend.h"
#include "plot/view.h"

struct hl_plot_timeline {
    /* What is drawn; borrowed, must outlive the layout. */
    const struct hl_results *results; /* host line; may be NULL */
    const struct hl_experiment_result *exp;
    const struct hl_config_result *cfg;
    const struct hl_plot_style *style;
    /* Computed by hl_plot_timeline_layout. */
    struct hl_plot_run_view view;
    struct hl_plot_time_axis axis;
    struct hl_plot_legend legend;
    char title[256], alert[96], subtitle[512];
    double width, height;
    double legend_y;
    struct hl_plot_rect plot; /* where bars are; time 0 at plot.x */
    bool lanes;               /* one lane per worker (many tasks) */
    int nrows;                /* task rows, or lanes */
    double row_h, bar_h;
    int label_every; /* lane labels on every n-th lane */
};

/* Lays out the timeline of cfg's median run. Returns -1 with err filled
 * (runtime) when cfg has no runs or text cannot be measured. */
int hl_plot_timeline_layout(struct hl_plot_timeline *tl, const struct hl_results *results,
                            const struct hl_experiment_result *exp,
                            const struct hl_config_result *cfg, const struct hl_plot_style *st,
                            struct hl_error *err);

/* The chart to render; tl must outlive it. */
struct hl_plot_chart hl_plot_timeline_chart(const struct hl_plot_timeline *tl);

/* x of a time from the run's start. */
double hl_plot_timeline_x(const struct hl_plot_timeline *tl, int64_t t_ns);

/* Middle y of task row `row` (row mode) or of worker lane `row`. */
double hl_plot_timeline_row_y(const struct hl_plot_timeline *tl, int row);

#endif
