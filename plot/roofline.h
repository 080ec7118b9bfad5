/* The roofline chart of one workload (W-roofline.png): operations per
 * second against operations per byte, both log scale. Every measured
 * ceiling that applies to a configuration of the workload is a labelled
 * line with its value: memory and link bandwidth rise with intensity, the
 * add rates are flat; the link (PCIe on a GPU) is dashed, the offload
 * ceiling. Every configuration is a point at its intensity and attained
 * rate, labelled with the fraction of its limiting ceiling
 * (model/roofline.h decides which, as the report does). A workload that
 * moves no bytes (sum) sits in a band at the right, "no bytes": only flat
 * ceilings reach it. Labels never overlap (labels.h). Values are used as
 * results.json stores them, so a redraw matches byte for byte. */
#ifndef HL_PLOT_ROOFLINE_H
#define HL_PLOT_ROOFLINE_H

#include <stdbool.h>

#include "model/results.h"
#include "model/roofline.h"
#include "plot/chart.h"
#include "plot/labels.h"

#define HL_PLOT_ROOF_LINES (2 * 3 + 4 * HL_CEIL_MAX_DEVICES)
#define HL_PLOT_ROOF_TEXT 96

struct hl_plot_roof_line {
    bool flat;    /* an add rate (ops/s); else a bandwidth (bytes/s) */
    bool dashed;  /* the link */
    double value; /* ops/s or bytes/s */
    struct hl_plot_rgb color;
    char text[HL_PLOT_ROOF_TEXT];
};

struct hl_plot_roof_dot {
    struct hl_roof_point point;
    struct hl_config_result config; /* a copy with its median as stored */
    double x, y;                    /* pixels */
    char text[HL_PLOT_ROOF_TEXT];
};

struct hl_plot_roofline {
    const struct hl_experiment_result *exp;
    const struct hl_plot_style *style;
    struct hl_results stored; /* only the ceilings and copy limit, rounded as stored */
    size_t nlines;
    struct hl_plot_roof_line lines[HL_PLOT_ROOF_LINES];
    size_t ndots;
    struct hl_plot_roof_dot *dots; /* owned */
    bool band;                     /* a "no bytes" band at the right */
    double xlo, xhi, ylo, yhi;     /* log10 of ops/byte and ops/s at the edges */
    char title[256], subtitle[512];
    double width, height;
    struct hl_plot_rect plot, area; /* area: the plot without the band */
    size_t nlabels;
    struct hl_plot_label *labels; /* owned: the lines', then the dots' */
};

/* Lays the chart out for experiment e of r, labels placed. Returns -1
 * with err filled (runtime) when text cannot be measured or memory runs
 * out; free with hl_plot_roofline_free either way. */
int hl_plot_roofline_layout(struct hl_plot_roofline *rf, const struct hl_results *r,
                            const struct hl_experiment_result *e, const struct hl_plot_style *st,
                            struct hl_error *err);

void hl_plot_roofline_free(struct hl_plot_roofline *rf);

struct hl_plot_chart hl_plot_roofline_chart(const struct hl_plot_roofline *rf);

/* Pixel position of intensity x (ops/byte; INFINITY: the band) and of
 * rate y (ops/s). Internal to roofline.c and roofline_draw.c. */
double hl_plot_roofline_px(const struct hl_plot_roofline *rf, double x);
double hl_plot_roofline_py(const struct hl_plot_roofline *rf, double y);
int hl_plot_roofline_draw(cairo_t *cr, const void *ctx);
const char *hl_plot_roofline_ops(const struct hl_experiment_result *e); /* "multiplies" */

#endif
