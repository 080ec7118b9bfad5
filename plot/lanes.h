/* Task marks shared by the timeline and the overview: a task bar colored
 * by its worker, phase bands inside it, the failed-task mark, and whole
 * runs drawn as one lane per worker. Lanes stay fast and legible at any
 * task count: tasks narrower than WIDE pixels are summed into per-pixel
 * busy fractions instead of being drawn one by one, so a million tasks
 * cost one pass over them plus one rectangle per pixel column at most. */
#ifndef HL_PLOT_LANES_H
#define HL_PLOT_LANES_H

#include "model/results.h"
#include "plot/axis.h"

/* A task bar: worker color with a darker edge, from bar.x for bar.w
 * (at least 1 px is drawn so zero-length tasks stay visible). */
void hl_plot_task_bar(cairo_t *cr, struct hl_plot_rect bar, struct hl_plot_rgb color);

/* The failed-task mark: red, dark red edge, at least 5 px wide. */
void hl_plot_failed_bar(cairo_t *cr, struct hl_plot_rect bar);

/* A phase segment inside `bar` from x0 to x1: a band through the bar's
 * middle in the phase's tone. */
void hl_plot_phase_band(cairo_t *cr, struct hl_plot_rect bar, double x0, double x1, int kind);

/* Share of a bar's height the phase band takes. */
#define HL_PLOT_BAND_SHARE 0.46

/* Narrowest a phase is drawn inside a bar wide enough for all of its
 * phases: a 0.1 ms transfer after a 500 ms wait still shows. */
#define HL_PLOT_PHASE_MIN_PX 3.0

/* Every phase band of task t inside `bar`; x0 is where the task's time 0
 * falls and scale its pixels per nanosecond. Phases in order that do not
 * overlap are each drawn at least HL_PLOT_PHASE_MIN_PX wide, the room
 * taken from the widest; others are drawn as their times say. */
void hl_plot_phase_bands(cairo_t *cr, struct hl_plot_rect bar, const struct hl_task_record *t,
                         double x0, double scale);

struct hl_plot_lanes {
    struct hl_plot_rect area; /* lanes top to bottom, lane k = worker k */
    int nlanes;
    const struct hl_plot_time_axis *axis; /* area.x is time 0, area.x + area.w axis->max_s */
    const struct hl_run_result *run;
    bool phases; /* the run has phases: draw their bands */
};

/* Height of one lane and the bar inside it. */
double hl_plot_lane_height(const struct hl_plot_lanes *l);
struct hl_plot_rect hl_plot_lane_bar(const struct hl_plot_lanes *l, int lane);

/* Zebra backgrounds of the lanes; draw before grid lines. */
void hl_plot_lanes_background(cairo_t *cr, const struct hl_plot_lanes *l);

/* Every task of the run in its worker's lane. Returns -1 when the column
 * buffers cannot be allocated (nothing is drawn then), else 0. */
int hl_plot_lanes_draw(cairo_t *cr, const struct hl_plot_lanes *l);

#endif
