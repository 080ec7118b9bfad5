/* Point labels that never overlap: each label is tried at positions
 * around its point (right, left, above, below and the diagonals), then
 * further out with a leader line back to the point, and takes the first
 * position that stays inside the plot and touches no label placed before
 * it, no marker or box (rects) and no line (segments). The boxes are
 * exposed so that a test can check, over many inputs, that no two
 * intersect. */
#ifndef HL_PLOT_LABELS_H
#define HL_PLOT_LABELS_H

#include <stdbool.h>
#include <stddef.h>

#include "plot/chart.h"

struct hl_plot_segment {
    double x0, y0, x1, y1;
};

struct hl_plot_label {
    double ax, ay;           /* the point it labels */
    double w, h;             /* its text's box */
    struct hl_plot_rect box; /* where it went */
    bool placed;             /* false: no room left anywhere; it is not drawn */
    bool leader;             /* away from its point: a leader line joins them */
    bool crosses;            /* placed over a line or marker, as the last resort */
};

/* What labels must keep clear of. */
struct hl_plot_obstacles {
    const struct hl_plot_rect *rects; /* markers, whiskers' caps, interval boxes */
    size_t nrects;
    const struct hl_plot_segment *segs; /* series lines, the ideal, whiskers */
    size_t nsegs;
};

/* Places labels[0..n) in order (earlier labels get the nearer spots)
 * inside `bounds`, `gap` pixels from their points at the nearest. A label
 * that finds no clear position takes the one that overlaps no label and
 * crosses the fewest lines and markers (crosses = true); one that cannot
 * avoid other labels at all is not placed. Never fails. */
void hl_plot_labels_place(struct hl_plot_label *labels, size_t n,
                          const struct hl_plot_obstacles *obs, struct hl_plot_rect bounds,
                          double gap);

/* True when the rectangles share more than an edge. */
bool hl_plot_rects_intersect(struct hl_plot_rect a, struct hl_plot_rect b);

/* True when the segment passes through the rectangle's inside. */
bool hl_plot_segment_hits_rect(struct hl_plot_segment s, struct hl_plot_rect r);

/* Draws the leader line from a label's point to the nearest point of its
 * box, thin and muted. */
void hl_plot_label_leader(cairo_t *cr, const struct hl_plot_label *l);

#endif
