/* What every chart shares: geometry, the style (sizes and fonts, kept
 * apart from data and drawing) and the chart handle the writer renders. */
#ifndef HL_PLOT_CHART_H
#define HL_PLOT_CHART_H

#include <cairo.h>

#include "plot/text.h"

struct hl_plot_rect {
    double x, y, w, h;
};

struct hl_plot_style {
    double width;  /* every chart's width in pixels */
    double margin; /* around the whole chart */
    struct hl_plot_font title, subtitle, label, label_bold, tick, small, note;
    int lane_threshold;      /* a timeline with more tasks draws one lane per worker */
    double row_min, row_max; /* task row height (row mode) */
    double lane_min, lane_max;
    double plot_target; /* height rows or lanes aim to fill */
};

/* The style every chart uses unless a caller passes another. */
const struct hl_plot_style *hl_plot_style_default(void);

/* A chart ready to render: its size and how to draw it. cairo errors stay
 * in the context's status, where the writer looks for them; draw() returns
 * -1 only for failures of its own (memory). */
struct hl_plot_chart {
    double width, height;
    int (*draw)(cairo_t *cr, const void *ctx); /* -1 when out of memory */
    const void *ctx;
};

/* Fills the whole chart with the background color. */
void hl_plot_clear(cairo_t *cr, double width, double height);

/* Fills a rectangle with c. */
void hl_plot_fill_rect(cairo_t *cr, struct hl_plot_rect r, struct hl_plot_rgb c);

/* Title (bold), then `alert` in red on the same line when given (failures
 * must not be missed), and a muted subtitle below when given; all cut to
 * the chart's width. Returns the y just below them. */
double hl_plot_draw_title(cairo_t *cr, const struct hl_plot_style *st, double y, const char *title,
                          const char *alert, const char *subtitle);

/* Height hl_plot_draw_title takes. */
double hl_plot_title_height(cairo_t *cr, const struct hl_plot_style *st, const char *subtitle);

#endif
