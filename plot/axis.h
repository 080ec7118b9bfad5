/* Time axes and number formats: ticks at 1-2-5 steps, the unit (ns, µs,
 * ms, s) chosen from the data, and labels that never carry more decimals
 * than the step needs. */
#ifndef HL_PLOT_AXIS_H
#define HL_PLOT_AXIS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "plot/chart.h"

#define HL_PLOT_MAX_TICKS 41

/* An axis from 0 to max_s seconds with ticks every step_s. */
struct hl_plot_time_axis {
    double max_s, step_s;
    int nticks;        /* ticks at 0, step_s, ..., max_s */
    const char *unit;  /* "ms" */
    double unit_scale; /* seconds * unit_scale = value in unit */
    int decimals;      /* for tick labels */
};

/* An axis that covers [0, span_s] with at most max_ticks steps; the end is
 * rounded up to a whole step. A span <= 0 gets a 1 µs axis. */
void hl_plot_time_axis_make(double span_s, int max_ticks, struct hl_plot_time_axis *ax);

/* Label of tick i, in the axis unit without the unit ("0.5"). */
void hl_plot_tick_label(const struct hl_plot_time_axis *ax, int i, char *buf, size_t size);

/* "84.2 ms", "1.23 s", "512 µs": three significant digits, unit by value. */
void hl_plot_fmt_duration(double s, char *buf, size_t size);

/* "19,487,171". */
void hl_plot_fmt_count(int64_t v, char *buf, size_t size);

/* "1.95×"; "" for NAN. */
void hl_plot_fmt_speedup(double x, char *buf, size_t size);

/* x of time t_s on an axis drawn across `plot`. */
double hl_plot_time_x(const struct hl_plot_time_axis *ax, struct hl_plot_rect plot, double t_s);

/* Vertical grid lines at the ticks, from area's top to its bottom. */
void hl_plot_draw_time_grid(cairo_t *cr, const struct hl_plot_time_axis *ax,
                            struct hl_plot_rect area);

/* The axis line under `plot`, tick marks, tick labels and the title
 * ("time from run start (ms)") below them. */
void hl_plot_draw_time_ticks(cairo_t *cr, const struct hl_plot_style *st,
                             const struct hl_plot_time_axis *ax, struct hl_plot_rect plot,
                             const char *title);

/* Height hl_plot_draw_time_ticks takes below the plot. */
double hl_plot_time_ticks_height(cairo_t *cr, const struct hl_plot_style *st);

/* A vertical axis of seconds: linear from 0, or log10 when the values
 * span more than a decade (so a fast configuration is not flattened
 * against zero by a slow one). */
struct hl_plot_value_axis {
    bool log;
    double lo, hi; /* seconds (linear) or log10(seconds) at the ends */
    int nticks;
    double ticks[HL_PLOT_MAX_TICKS]; /* seconds */
    const char *unit;
    double unit_scale;
    int decimals; /* linear labels */
};

/* An axis covering [min_s, max_s] (min_s > 0 for a log axis to be used). */
void hl_plot_value_axis_make(double min_s, double max_s, struct hl_plot_value_axis *ax);

/* The same, always log10 (the scaling charts' one rule: an ideal of
 * serial / W is a straight line only there). A min_s that is not above 0
 * or not below max_s becomes max_s / 10. */
void hl_plot_value_axis_make_log(double min_s, double max_s, struct hl_plot_value_axis *ax);

/* Where s falls on the axis, 0 at the bottom end and 1 at the top. */
double hl_plot_value_pos(const struct hl_plot_value_axis *ax, double s);

/* Label of tick i in the axis unit ("20", "0.5"). */
void hl_plot_value_label(const struct hl_plot_value_axis *ax, int i, char *buf, size_t size);

/* How many ticks fit a plot `width` pixels wide without crowding. */
int hl_plot_ticks_for_width(double width);

#endif
