/* Legends: a row of swatches and labels that wraps to the chart's width.
 * Items are copied, so labels may be built in stack buffers. */
#ifndef HL_PLOT_LEGEND_H
#define HL_PLOT_LEGEND_H

#include <stddef.h>

#include "plot/chart.h"

enum hl_plot_swatch {
    HL_SWATCH_HEADING,  /* text only, muted: "phases:" */
    HL_SWATCH_BOX,      /* a bar's color */
    HL_SWATCH_PHASE,    /* a phase band's tone */
    HL_SWATCH_FAILED,   /* the failed-task mark */
    HL_SWATCH_RUN_END,  /* dashed vertical line */
    HL_SWATCH_SERIES,   /* line with a dot */
    HL_SWATCH_IDEAL,    /* dashed line */
    HL_SWATCH_BASELINE, /* hollow diamond: the serial point */
};

#define HL_PLOT_LEGEND_MAX 40
#define HL_PLOT_LEGEND_LABEL 64

struct hl_plot_legend_item {
    enum hl_plot_swatch kind;
    struct hl_plot_rgb color;
    char label[HL_PLOT_LEGEND_LABEL];
};

struct hl_plot_legend {
    size_t n;
    struct hl_plot_legend_item items[HL_PLOT_LEGEND_MAX];
};

/* Appends an item; items past HL_PLOT_LEGEND_MAX are dropped (legends are
 * built from bounded lists: at most 10 worker colors, 6 phases, ...). */
void hl_plot_legend_add(struct hl_plot_legend *lg, enum hl_plot_swatch kind,
                        struct hl_plot_rgb color, const char *label);

/* Adds the worker colors for `nworkers` workers: "worker k" for each, or
 * "workers 0, 10, ..." per color once colors repeat; `noun` replaces
 * "worker" ("queue" for OpenCL). */
void hl_plot_legend_add_workers(struct hl_plot_legend *lg, int nworkers, const char *noun);

/* Adds "phases:" and one item per phase kind present (has[kind]). */
void hl_plot_legend_add_phases(struct hl_plot_legend *lg, const bool *has);

/* Height the legend takes when wrapped at max_w; 0 when empty. */
double hl_plot_legend_height(cairo_t *cr, const struct hl_plot_style *st,
                             const struct hl_plot_legend *lg, double max_w);

/* Draws the legend from (x, y), wrapping at max_w. Returns the y below. */
double hl_plot_legend_draw(cairo_t *cr, const struct hl_plot_style *st,
                           const struct hl_plot_legend *lg, double x, double y, double max_w);

/* Draws one swatch in the box (x, y, w, h); used by legends and keys. */
void hl_plot_swatch_draw(cairo_t *cr, enum hl_plot_swatch kind, struct hl_plot_rgb color,
                         struct hl_plot_rect box);

/* A hollow diamond of radius r at (x, y), outlined in color: the serial
 * baseline, drawn over whatever point shares its place. */
void hl_plot_diamond(cairo_t *cr, double x, double y, double r, struct hl_plot_rgb color);

#endif
