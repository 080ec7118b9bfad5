/* Colors, fixed in one place so that every chart agrees: worker k has the
 * same color in every timeline, a failed task is always the same red. */
#ifndef HL_PLOT_PALETTE_H
#define HL_PLOT_PALETTE_H

#include <cairo.h>

struct hl_plot_rgb {
    double r, g, b;
};

/* Worker colors repeat after this many workers. */
#define HL_PLOT_NWORKER_COLORS 10

extern const struct hl_plot_rgb hl_plot_white, hl_plot_ink, hl_plot_muted, hl_plot_grid,
    hl_plot_axis, hl_plot_lane_bg, hl_plot_failed, hl_plot_failed_edge, hl_plot_not_run;

/* Color of worker k (k >= 0; a negative k gets the neutral grey). No
 * worker color is close to hl_plot_failed. */
struct hl_plot_rgb hl_plot_worker_color(int worker);

/* Tone of a phase segment (enum hl_phase_kind), drawn as a band inside a
 * worker-colored bar: white means waiting, dark means working. */
struct hl_plot_rgb hl_plot_phase_color(int kind);

/* Color of a backend in comparison and scaling charts, by name, so that
 * "fork" is the same orange in every chart. */
struct hl_plot_rgb hl_plot_backend_color(const char *backend);

/* a + (b - a) * t, per channel. */
struct hl_plot_rgb hl_plot_mix(struct hl_plot_rgb a, struct hl_plot_rgb b, double t);

void hl_plot_set_rgb(cairo_t *cr, struct hl_plot_rgb c);
void hl_plot_set_rgba(cairo_t *cr, struct hl_plot_rgb c, double alpha);

#endif
