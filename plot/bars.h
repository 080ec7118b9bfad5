/* What the horizontal bar charts (W-compare, W-compare-sets) share: a
 * frame of title, legend and rows across one time axis, and one bar: a
 * configuration's median wall time with a whisker from its fastest to its
 * slowest run. */
#ifndef HL_PLOT_BARS_H
#define HL_PLOT_BARS_H

#include <stddef.h>

#include "model/results.h"
#include "plot/axis.h"
#include "plot/chart.h"
#include "plot/legend.h"

#define HL_PLOT_BARS_LABEL_GAP 12 /* between a row's label and the plot */
#define HL_PLOT_BARS_VALUE_GAP 8  /* between a bar's end and its value */

struct hl_plot_bars {
    const struct hl_plot_style *style;
    struct hl_plot_time_axis axis;
    struct hl_plot_legend legend; /* filled by the chart before the layout */
    char title[256], subtitle[512];
    double width, height, legend_y;
    struct hl_plot_rect plot;
    double row_h, bar_h;
};

/* Lays the frame out on measuring context cr: title and subtitle, the
 * legend, then `rows` rows of row_h (bars bar_h high) with label_w to the
 * left of the plot and value_w to its right, and a time axis to max_s. */
void hl_plot_bars_layout(struct hl_plot_bars *b, cairo_t *cr, size_t rows, double row_h,
                         double bar_h, double label_w, double value_w, double max_s);

/* The background, title, legend and the grid behind the rows. */
void hl_plot_bars_draw_frame(cairo_t *cr, const struct hl_plot_bars *b);

/* The axis line left of the rows and the time ticks below them. */
void hl_plot_bars_draw_axis(cairo_t *cr, const struct hl_plot_bars *b);

/* c's median as a bar centred on cy (pale with a red edge when it did not
 * verify), its whisker, and the median's interval as a box on the whisker
 * where the runs made one (hl_plot_interval); returns the x where its
 * value text may start. */
double hl_plot_bars_draw_bar(cairo_t *cr, const struct hl_plot_bars *b,
                             const struct hl_config_result *c, struct hl_plot_rgb color, double cy);

#endif
