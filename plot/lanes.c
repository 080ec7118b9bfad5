#include "plot/lanes.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "plot/view.h"
#include "util/alloc.h"

#define WIDE 2.0   /* px: narrower tasks are summed per pixel column */
#define GAPPED 4.0 /* px: wider tasks get a 1 px gap to show where they meet */
#define LEVELS 64  /* busy fractions are drawn in this many alpha steps */

void hl_plot_task_bar(cairo_t *cr, struct hl_plot_rect bar, struct hl_plot_rgb color) {
    if (bar.w < 1) {
        bar.x -= (1 - bar.w) / 2;
        bar.w = 1;
    }
    hl_plot_fill_rect(cr, bar, color);
    if (bar.w >= 4 && bar.h >= 6) {
        /* A 1 px edge inside the bar: light colors (yellow) stay readable
         * on white, and the fill inside keeps the exact worker color. */
        hl_plot_set_rgb(cr, hl_plot_mix(color, hl_plot_ink, 0.35));
        cairo_set_line_width(cr, 1);
        cairo_rectangle(cr, bar.x + 0.5, bar.y + 0.5, bar.w - 1, bar.h - 1);
        cairo_stroke(cr);
    }
}

void hl_plot_failed_bar(cairo_t *cr, struct hl_plot_rect bar) {
    /* Wide enough to be seen among a million tasks, red inside its edge. */
    if (bar.w < 5) {
        bar.x -= (5 - bar.w) / 2;
        bar.w = 5;
    }
    hl_plot_fill_rect(cr, bar, hl_plot_failed);
    hl_plot_set_rgb(cr, hl_plot_failed_edge);
    double lw = bar.w >= 10 && bar.h >= 8 ? 2 : 1;
    cairo_set_line_width(cr, lw);
    cairo_rectangle(cr, bar.x + lw / 2, bar.y + lw / 2, bar.w - lw, bar.h - lw);
    cairo_stroke(cr);
}

void hl_plot_phase_band(cairo_t *cr, struct hl_plot_rect bar, double x0, double x1, int kind) {
    double h = bar.h * HL_PLOT_BAND_SHARE;
    struct hl_plot_rect band = {x0, bar.y + (bar.h - h) / 2, x1 - x0, h};
    if (band.w < 1) {
        band.x -= (1 - band.w) / 2;
        band.w = 1;
    }
    hl_plot_fill_rect(cr, band, hl_plot_phase_color(kind));
    if (band.w >= 3 && band.h >= 4) {
        hl_plot_set_rgba(cr, hl_plot_ink, 0.6);
        cairo_set_line_width(cr, 1);
        cairo_rectangle(cr, band.x + 0.5, band.y + 0.5, band.w - 1, band.h - 1);
        cairo_stroke(cr);
    }
}

/* Widens phases thinner than the minimum in xs (pairs of ends, in order,
 * not overlapping), taking the room from the widest. Returns false (xs
 * unchanged) when they are not so ordered or there is no room. */
static bool widen_phases(double (*xs)[2], int n) {
    double deficit = 0, widest = 0;
    int wi = 0;
    for (int p = 0; p < n; p++) {
        double w = xs[p][1] - xs[p][0];
        if (w < 0 || (p > 0 && xs[p][0] < xs[p - 1][1] - 0.01))
            return false;
        deficit += w < HL_PLOT_PHASE_MIN_PX ? HL_PLOT_PHASE_MIN_PX - w : 0;
        if (w > widest) {
            widest = w;
            wi = p;
        }
    }
    if (deficit == 0 || widest - deficit < HL_PLOT_PHASE_MIN_PX)
        return deficit == 0;
    /* Each phase moves by what the ones before it grew; the widest shrinks
     * by all the growth, so the first start and the last end stay put. */
    double shift = 0;
    for (int p = 0; p < n; p++) {
        double w = xs[p][1] - xs[p][0];
        double grow = p == wi ? -deficit : w < HL_PLOT_PHASE_MIN_PX ? HL_PLOT_PHASE_MIN_PX - w : 0;
        xs[p][0] += shift;
        xs[p][1] += shift + grow;
        shift += grow;
    }
    return true;
}

void hl_plot_phase_bands(cairo_t *cr, struct hl_plot_rect bar, const struct hl_task_record *t,
                         double x0, double scale) {
    double xs[HL_MAX_PHASES][2];
    int n = t->nphases < HL_MAX_PHASES ? t->nphases : HL_MAX_PHASES;
    for (int p = 0; p < n; p++) {
        xs[p][0] = x0 + (double)t->phases[p].t0_ns * scale;
        xs[p][1] = x0 + (double)t->phases[p].t1_ns * scale;
    }
    if (bar.w >= n * HL_PLOT_PHASE_MIN_PX * 2)
        widen_phases(xs, n);
    for (int p = 0; p < n; p++)
        hl_plot_phase_band(cr, bar, xs[p][0], xs[p][1], t->phases[p].kind);
}

double hl_plot_lane_height(const struct hl_plot_lanes *l) {
    return l->area.h / (l->nlanes > 0 ? l->nlanes : 1);
}

struct hl_plot_rect hl_plot_lane_bar(const struct hl_plot_lanes *l, int lane) {
    double lh = hl_plot_lane_height(l);
    double pad = lh >= 10 ? floor(lh * 0.14) : 0;
    return (struct hl_plot_rect){l->area.x, l->area.y + lane * lh + pad, l->area.w, lh - 2 * pad};
}

void hl_plot_lanes_background(cairo_t *cr, const struct hl_plot_lanes *l) {
    double lh = hl_plot_lane_height(l);
    if (lh < 4) { /* stripes this thin would only flicker */
        hl_plot_fill_rect(cr, l->area, hl_plot_lane_bg);
        return;
    }
    for (int k = 0; k < l->nlanes; k++) {
        struct hl_plot_rect r = {l->area.x, l->area.y + k * lh, l->area.w, lh};
        hl_plot_fill_rect(cr, r, k % 2 == 0 ? hl_plot_lane_bg : hl_plot_white);
    }
}

/* Per-lane pixel columns: busy fraction, phase busy fraction per kind, and
 * whether a failed task touches the column. */
struct columns {
    int ncols;
    float *busy;           /* nlanes x ncols */
    float *phase;          /* nlanes x HL_PHASE_COUNT x ncols, or NULL */
    unsigned char *failed; /* nlanes x ncols */
};

/* Adds the part of [x0, x1) that falls in each column to col[]. */
static void add_span(float *col, int ncols, double x0, double x1) {
    if (x1 <= 0 || x0 >= ncols || x1 <= x0)
        return;
    x0 = x0 < 0 ? 0 : x0;
    x1 = x1 > ncols ? ncols : x1;
    int c0 = (int)x0, c1 = (int)x1;
    if (c0 == c1) {
        col[c0] += (float)(x1 - x0);
        return;
    }
    col[c0] += (float)(c0 + 1 - x0);
    for (int c = c0 + 1; c < c1; c++)
        col[c] += 1;
    if (x1 > c1) /* then c1 < ncols, since x1 <= ncols */
        col[c1] += (float)(x1 - c1);
}

static void mark_span(unsigned char *col, int ncols, double x0, double x1) {
    int c0 = (int)floor(x0), c1 = (int)floor(x1);
    c0 = c0 < 0 ? 0 : c0 >= ncols ? ncols - 1 : c0;
    c1 = c1 < c0 ? c0 : c1 >= ncols ? ncols - 1 : c1;
    memset(col + c0, 1, (size_t)c1 - (size_t)c0 + 1);
}

static int level(float v) {
    int q = (int)lroundf(v * LEVELS);
    return q < 0 ? 0 : q > LEVELS ? LEVELS : q;
}

/* Draws runs of equal busy level as rectangles in `color`. */
static void draw_busy(cairo_t *cr, const float *col, int ncols, struct hl_plot_rect bar,
                      struct hl_plot_rgb color) {
    for (int c = 0; c < ncols;) {
        int q = level(col[c]), e = c + 1;
        while (e < ncols && level(col[e]) == q)
            e++;
        if (q > 0) {
            hl_plot_set_rgba(cr, color, (double)q / LEVELS);
            cairo_rectangle(cr, bar.x + c, bar.y, e - c, bar.h);
            cairo_fill(cr);
        }
        c = e;
    }
}

/* Summed phases: each column's band is split top to bottom among the
 * phase kinds by their share of the column's phase time (h2d over kernel
 * over d2h), as opaque as the phases are busy. Columns with the same
 * split merge into one rectangle per kind. */
#define SHARES 16
#define SMOOTH                                                                                     \
    4 /* px either side: shares are taken over 9 columns, else                                     \
       * phases cut at column edges make the band flicker */

static void column_split(const float *ph, int ncols, int c, int *split, int *alpha) {
    float total = 0, near[HL_PHASE_COUNT] = {0}, near_total = 0;
    for (int k = 0; k < HL_PHASE_COUNT; k++)
        total += ph[(size_t)k * ncols + c];
    *alpha = level(total);
    memset(split, 0, HL_PHASE_COUNT * sizeof *split);
    if (*alpha == 0)
        return; /* nothing drawn: idle lanes cost one pass */
    int lo = c - SMOOTH < 0 ? 0 : c - SMOOTH, hi = c + SMOOTH >= ncols ? ncols - 1 : c + SMOOTH;
    for (int k = 0; k < HL_PHASE_COUNT; k++) {
        for (int i = lo; i <= hi; i++)
            near[k] += ph[(size_t)k * ncols + i];
        near_total += near[k];
    }
    for (int k = 0; k < HL_PHASE_COUNT; k++)
        split[k] = (int)lroundf(near[k] / near_total * SHARES);
}

static void draw_phase_columns(cairo_t *cr, const float *ph, int ncols, struct hl_plot_rect bar) {
    double h = bar.h * HL_PLOT_BAND_SHARE, top = bar.y + (bar.h - h) / 2;
    for (int c = 0; c < ncols;) {
        int split[HL_PHASE_COUNT], alpha, e = c + 1;
        column_split(ph, ncols, c, split, &alpha);
        for (; e < ncols; e++) {
            int next[HL_PHASE_COUNT], a;
            column_split(ph, ncols, e, next, &a);
            if (a != alpha || memcmp(next, split, sizeof next) != 0)
                break;
        }
        double y = top;
        for (int k = 0; k < HL_PHASE_COUNT && alpha > 0; k++) {
            if (split[k] == 0)
                continue;
            double kh = h * split[k] / SHARES;
            hl_plot_set_rgba(cr, hl_plot_phase_color(k), (double)alpha / LEVELS);
            cairo_rectangle(cr, bar.x + c, y, e - c, kh);
            cairo_fill(cr);
            y += kh;
        }
        c = e;
    }
}

static void draw_failed_runs(cairo_t *cr, const unsigned char *col, int ncols,
                             struct hl_plot_rect lane) {
    for (int c = 0; c < ncols;) {
        if (!col[c]) {
            c++;
            continue;
        }
        int e = c + 1;
        while (e < ncols && col[e])
            e++;
        hl_plot_failed_bar(cr, (struct hl_plot_rect){lane.x + c, lane.y, e - c, lane.h});
        c = e;
    }
}

static void draw_task(cairo_t *cr, const struct hl_plot_lanes *l, const struct hl_task_record *t,
                      struct columns *cols, double scale) {
    int lane = t->worker;
    struct hl_plot_rect bar = hl_plot_lane_bar(l, lane);
    size_t base = (size_t)lane * cols->ncols;
    double x0 = (double)t->t0_ns * scale, x1 = (double)t->t1_ns * scale;
    bool wide = x1 - x0 >= WIDE;
    if (wide) {
        double gap = x1 - x0 >= GAPPED ? 0.5 : 0;
        hl_plot_task_bar(cr,
                         (struct hl_plot_rect){bar.x + x0 + gap, bar.y, x1 - x0 - 2 * gap, bar.h},
                         hl_plot_worker_color(lane));
    } else {
        add_span(cols->busy + base, cols->ncols, x0, x1);
    }
    if (cols->phase == NULL)
        return;
    if (wide && t->nphases > 0 && x1 - x0 >= t->nphases * HL_PLOT_PHASE_MIN_PX * 2) {
        hl_plot_phase_bands(cr, bar, t, bar.x, scale); /* thin phases kept visible */
        return;
    }
    for (int p = 0; p < t->nphases; p++) {
        int k = t->phases[p].kind;
        double p0 = (double)t->phases[p].t0_ns * scale, p1 = (double)t->phases[p].t1_ns * scale;
        if (k < 0 || k >= HL_PHASE_COUNT)
            continue;
        if (wide && p1 - p0 >= 1)
            hl_plot_phase_band(cr, bar, bar.x + p0, bar.x + p1, k);
        else
            add_span(cols->phase + (base * HL_PHASE_COUNT) + (size_t)k * cols->ncols, cols->ncols,
                     p0, p1);
    }
}

int hl_plot_lanes_draw(cairo_t *cr, const struct hl_plot_lanes *l) {
    struct columns cols = {.ncols = (int)ceil(l->area.w)};
    size_t cells = (size_t)l->nlanes * (size_t)cols.ncols;
    cols.busy = hl_calloc(cells, sizeof *cols.busy);
    cols.failed = hl_calloc(cells, 1);
    if (l->phases)
        cols.phase = hl_calloc(cells * HL_PHASE_COUNT, sizeof *cols.phase);
    if (cols.busy == NULL || cols.failed == NULL || (l->phases && cols.phase == NULL)) {
        free(cols.busy);
        free(cols.failed);
        free(cols.phase);
        return -1;
    }
    double scale = l->area.w / (l->axis->max_s * 1e9); /* px per ns */
    for (size_t i = 0; i < l->run->ntasks; i++) {
        const struct hl_task_record *t = &l->run->tasks[i];
        enum hl_plot_task_state s = hl_plot_task_state(t);
        if (s == HL_TASK_NOT_RUN || t->worker >= l->nlanes)
            continue;
        if (s == HL_TASK_FAILED)
            mark_span(cols.failed + (size_t)t->worker * cols.ncols, cols.ncols,
                      (double)t->t0_ns * scale, (double)t->t1_ns * scale);
        else
            draw_task(cr, l, t, &cols, scale);
    }
    double lh = hl_plot_lane_height(l);
    for (int k = 0; k < l->nlanes; k++) {
        size_t base = (size_t)k * cols.ncols;
        struct hl_plot_rect bar = hl_plot_lane_bar(l, k);
        draw_busy(cr, cols.busy + base, cols.ncols, bar, hl_plot_worker_color(k));
        if (cols.phase != NULL)
            draw_phase_columns(cr, cols.phase + base * HL_PHASE_COUNT, cols.ncols, bar);
        /* Failures span the whole lane, drawn last: never hidden. */
        draw_failed_runs(cr, cols.failed + base, cols.ncols,
                         (struct hl_plot_rect){l->area.x, l->area.y + k * lh, l->area.w, lh});
    }
    free(cols.busy);
    free(cols.failed);
    free(cols.phase);
    return 0;
}
