/* The scaling chart of one workload: median wall time against worker
 * count (log2 x, log10 y: the one rule for every scaling chart, so the
 * ideal's 1 / W is a straight line), one line per CPU backend, min-max
 * whiskers; every OpenCL configuration a dashed horizontal reference line
 * at its median, labelled with its time (its queues are not workers to
 * scale with); the median's 95% interval as a box where the runs
 * made one, and the ideal (model/ideal.h): serial / W up to the usable
 * cores and flat past them, or ceil(T / W) x latency for fetch. Points at
 * the same W are set slightly apart so each whisker can be told whose;
 * labels are placed so that none overlaps another, a line or a marker
 * (labels.h). */
#ifndef HL_PLOT_SCALING_H
#define HL_PLOT_SCALING_H

#include "model/ideal.h"
#include "model/results.h"
#include "plot/axis.h"
#include "plot/chart.h"
#include "plot/labels.h"
#include "plot/legend.h"

#define HL_PLOT_SCALING_LABEL_MAX 128

struct hl_plot_scaling {
    const struct hl_experiment_result *exp;
    const struct hl_plot_style *style;
    struct hl_ideal ideal;
    int min_w, max_w;               /* worker counts with runs */
    double lo, hi;                  /* log2 x range */
    struct hl_plot_value_axis axis; /* y, always log */
    struct hl_plot_legend legend;
    char title[256], subtitle[640];
    double width, height, legend_y;
    struct hl_plot_rect plot;
    /* Per config (exp->nconfigs): where its dot is; NAN without one. A
     * reference line (a device) has no x and its line's y. */
    double *xs, *ys;
    /* The labels as placed: one per dot, then the ideal's knee if any. */
    size_t nlabels;
    struct hl_plot_label *labels;
    size_t *label_config; /* its config, or exp->nconfigs for the knee */
    char (*label_text)[HL_PLOT_SCALING_LABEL_MAX];
};

/* Lays the chart out, labels placed; r (may be NULL) gives the cores that
 * cap the ideal and how runs were repeated. Returns -1 with err filled
 * (runtime) when text cannot be measured or memory runs out; free with
 * hl_plot_scaling_free either way. */
int hl_plot_scaling_layout(struct hl_plot_scaling *sc, const struct hl_results *r,
                           const struct hl_experiment_result *exp, const struct hl_plot_style *st,
                           struct hl_error *err);

/* Frees what the layout allocated; safe on a zeroed or failed layout. */
void hl_plot_scaling_free(struct hl_plot_scaling *sc);

struct hl_plot_chart hl_plot_scaling_chart(const struct hl_plot_scaling *sc);

/* The ideal wall time at W workers, NAN when there is no ideal. */
double hl_plot_scaling_ideal(const struct hl_plot_scaling *sc, int workers);

/* Pixel position of `workers` (x) and of s seconds (y) on the chart. */
double hl_plot_scaling_x(const struct hl_plot_scaling *sc, double workers);
double hl_plot_scaling_y(const struct hl_plot_scaling *sc, double s);

/* Internal to the chart's files (scaling.c, scaling_labels.c,
 * scaling_draw.c). */
bool hl_plot_scaling_is_head(const struct hl_experiment_result *e, size_t c);
/* An OpenCL configuration or a join (its lanes are not workers of one
 * kind): a horizontal line at its median, not a dot. */
bool hl_plot_scaling_is_reference(const struct hl_config_result *c);
/* Where a reference line's label is anchored: its right end. */
double hl_plot_scaling_reference_x(const struct hl_plot_scaling *sc);
size_t hl_plot_scaling_series_head(const struct hl_experiment_result *e, size_t c);
struct hl_plot_rgb hl_plot_scaling_color(const struct hl_experiment_result *e, size_t head);
int hl_plot_scaling_place_labels(struct hl_plot_scaling *sc, cairo_t *cr);
/* The ideal as a polyline in pixels into pts (at most room points);
 * returns how many. */
size_t hl_plot_scaling_ideal_path(const struct hl_plot_scaling *sc, double (*pts)[2], size_t room);
int hl_plot_scaling_draw(cairo_t *cr, const void *ctx);

#endif
