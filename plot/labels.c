#include "plot/labels.h"

#include <math.h>

#define RINGS 40 /* positions further out, one label height apart */

bool hl_plot_rects_intersect(struct hl_plot_rect a, struct hl_plot_rect b) {
    return a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
}

/* Liang-Barsky: clips the segment to the rectangle; it hits when some of
 * it is left. */
bool hl_plot_segment_hits_rect(struct hl_plot_segment s, struct hl_plot_rect r) {
    double dx = s.x1 - s.x0, dy = s.y1 - s.y0, t0 = 0, t1 = 1;
    const double p[4] = {-dx, dx, -dy, dy};
    const double q[4] = {s.x0 - r.x, r.x + r.w - s.x0, s.y0 - r.y, r.y + r.h - s.y0};
    for (int i = 0; i < 4; i++) {
        if (p[i] == 0) {
            if (q[i] <= 0)
                return false; /* parallel to this edge and outside (or on) it */
            continue;
        }
        double t = q[i] / p[i];
        if (p[i] < 0)
            t0 = fmax(t0, t);
        else
            t1 = fmin(t1, t);
        if (t0 >= t1)
            return false;
    }
    return true;
}

static bool inside(struct hl_plot_rect box, struct hl_plot_rect bounds) {
    return box.x >= bounds.x && box.y >= bounds.y && box.x + box.w <= bounds.x + bounds.w &&
           box.y + box.h <= bounds.y + bounds.h;
}

/* Lines and markers the box touches. */
static int crossings(struct hl_plot_rect box, const struct hl_plot_obstacles *obs) {
    int n = 0;
    for (size_t i = 0; i < obs->nrects; i++)
        n += hl_plot_rects_intersect(box, obs->rects[i]);
    for (size_t i = 0; i < obs->nsegs; i++)
        n += hl_plot_segment_hits_rect(obs->segs[i], box);
    return n;
}

static bool hits_labels(struct hl_plot_rect box, const struct hl_plot_label *labels, size_t n) {
    for (size_t i = 0; i < n; i++) {
        if (labels[i].placed && hl_plot_rects_intersect(box, labels[i].box))
            return true;
    }
    return false;
}

/* Candidate k of label l: the 8 places around the point first, then
 * right, left, above and below, ring by ring further out. Returns false
 * past the last one. */
static bool candidate(const struct hl_plot_label *l, double gap, int k, struct hl_plot_rect *box,
                      bool *leader) {
    double x = l->ax, y = l->ay, w = l->w, h = l->h;
    *leader = k >= 8;
    if (k < 8) {
        static const double dx[8] = {1, -1, 0.5, 0.5, -0.5, -0.5, 0, 0};
        static const double dy[8] = {0, 0, -1, 1, -1, 1, -1, 1};
        double bx = dx[k] > 0 ? x + gap * dx[k] : dx[k] < 0 ? x + gap * dx[k] - w : x - w / 2;
        double by = dy[k] < 0 ? y - gap - h : dy[k] > 0 ? y + gap : y - h / 2;
        *box = (struct hl_plot_rect){bx, by, w, h};
        return true;
    }
    int ring = (k - 8) / 6 + 1, side = (k - 8) % 6;
    if (ring > RINGS)
        return false;
    double step = h + 2, d = ring * step;
    switch (side) {
    case 0: *box = (struct hl_plot_rect){x + gap, y - h / 2 - d, w, h}; break;
    case 1: *box = (struct hl_plot_rect){x + gap, y - h / 2 + d, w, h}; break;
    case 2: *box = (struct hl_plot_rect){x - gap - w, y - h / 2 - d, w, h}; break;
    case 3: *box = (struct hl_plot_rect){x - gap - w, y - h / 2 + d, w, h}; break;
    case 4: *box = (struct hl_plot_rect){x - w / 2, y - gap - h - d, w, h}; break;
    default: *box = (struct hl_plot_rect){x - w / 2, y + gap + d, w, h}; break;
    }
    return true;
}

static void place_one(struct hl_plot_label *labels, size_t i, const struct hl_plot_obstacles *obs,
                      struct hl_plot_rect bounds, double gap) {
    struct hl_plot_label *l = &labels[i];
    struct hl_plot_rect box, best = {0};
    bool leader, best_leader = false;
    int best_cross = -1;
    l->placed = l->leader = l->crosses = false;
    for (int k = 0; candidate(l, gap, k, &box, &leader); k++) {
        if (!inside(box, bounds) || hits_labels(box, labels, i))
            continue;
        int cross = crossings(box, obs);
        if (cross == 0) {
            l->box = box;
            l->placed = true;
            l->leader = leader;
            return;
        }
        if (best_cross < 0 || cross < best_cross) {
            best = box;
            best_cross = cross;
            best_leader = leader;
        }
    }
    if (best_cross > 0) {
        l->box = best;
        l->placed = l->crosses = true;
        l->leader = best_leader;
    }
}

void hl_plot_labels_place(struct hl_plot_label *labels, size_t n,
                          const struct hl_plot_obstacles *obs, struct hl_plot_rect bounds,
                          double gap) {
    for (size_t i = 0; i < n; i++)
        place_one(labels, i, obs, bounds, gap);
}

void hl_plot_label_leader(cairo_t *cr, const struct hl_plot_label *l) {
    if (!l->placed || !l->leader)
        return;
    double x = fmin(fmax(l->ax, l->box.x), l->box.x + l->box.w);
    double y = fmin(fmax(l->ay, l->box.y), l->box.y + l->box.h);
    cairo_save(cr);
    hl_plot_set_rgba(cr, hl_plot_muted, 0.8);
    cairo_set_line_width(cr, 0.8);
    cairo_move_to(cr, l->ax, l->ay);
    cairo_line_to(cr, x, y);
    cairo_stroke(cr);
    cairo_restore(cr);
}
