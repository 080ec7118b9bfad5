/* The scaling chart of one workload: median wall time against worker
 * count (log2 axis), one line per CPU backend, min-max whiskers; every
 * OpenCL configuration a dashed horizontal reference line at its median,
 * labelled with its time (its queues are not workers to scale with);
 * and the ideal: serial / W for compute workloads, ceil(T / W) x latency
 * for fetch (when its latency_ms parameter is known). */
#ifndef HL_PLOT_SCALING_H
#define HL_PLOT_SCALING_H

#include "model/results.h"
#include "plot/axis.h"
#include "plot/chart.h"
#include "plot/legend.h"

enum hl_plot_ideal { HL_IDEAL_NONE, HL_IDEAL_SERIAL, HL_IDEAL_LATENCY };

struct hl_plot_scaling {
    const struct hl_experiment_result *exp;
    const struct hl_plot_style *style;
    enum hl_plot_ideal ideal;
    double serial_s;                /* HL_IDEAL_SERIAL: the serial median */
    double latency_s;               /* HL_IDEAL_LATENCY */
    int64_t tasks;                  /* HL_IDEAL_LATENCY: T */
    int min_w, max_w;               /* worker counts with runs */
    double lo, hi;                  /* log2 x range */
    struct hl_plot_value_axis axis; /* y */
    struct hl_plot_legend legend;
    char title[256], subtitle[512];
    double width, height, legend_y;
    struct hl_plot_rect plot;
};

/* Lays the chart out. Returns -1 with err filled (runtime) when text
 * cannot be measured. */
int hl_plot_scaling_layout(struct hl_plot_scaling *sc, const struct hl_experiment_result *exp,
                           int runs, const struct hl_plot_style *st, struct hl_error *err);

struct hl_plot_chart hl_plot_scaling_chart(const struct hl_plot_scaling *sc);

/* The ideal wall time at W workers, NAN when there is no ideal. */
double hl_plot_scaling_ideal(const struct hl_plot_scaling *sc, int workers);

#endif
