/* The scaling chart's marks as geometry (dots, whiskers, interval boxes,
 * series lines, the ideal) and its labels placed clear of them all. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model/backend_traits.h"
#include "plot/scaling.h"
#include "plot/view.h"
#include "util/alloc.h"

#define DOT_R 7     /* half the box a dot and its outline cover */
#define DIAMOND_R 9 /* the serial diamond's */
#define CAP 4       /* whisker caps reach this far either side */
#define BOX_HALF 4  /* the interval box's half width */
#define LABEL_GAP 9 /* label to its dot, at the nearest */

/* The marks' shapes, for labels to keep clear of. */
struct marks {
    struct hl_plot_rect *rects;
    size_t nrects;
    struct hl_plot_segment *segs;
    size_t nsegs, room;
};

static void add_seg(struct marks *m, double x0, double y0, double x1, double y1) {
    if (m->nsegs < m->room)
        m->segs[m->nsegs++] = (struct hl_plot_segment){x0, y0, x1, y1};
}

/* Dots, whiskers, interval boxes, series lines and the ideal. Returns -1
 * out of memory. */
static int collect_marks(const struct hl_plot_scaling *sc, struct marks *m) {
    const struct hl_experiment_result *e = sc->exp;
    size_t ideal_room = 2 * (size_t)(sc->max_w - sc->min_w + 2) + 4;
    m->room = 4 * e->nconfigs + ideal_room + 4;
    m->rects = hl_calloc(2 * e->nconfigs + 1, sizeof *m->rects);
    m->segs = hl_calloc(m->room, sizeof *m->segs);
    double(*pts)[2] = hl_calloc(ideal_room, sizeof *pts);
    if (m->rects == NULL || m->segs == NULL || pts == NULL) {
        free(pts);
        return -1;
    }
    for (size_t i = 0; i < e->nconfigs; i++) {
        const struct hl_config_result *c = &e->configs[i];
        double x = sc->xs[i], y = sc->ys[i];
        if (hl_plot_scaling_is_reference(c))
            add_seg(m, sc->plot.x, y, sc->plot.x + sc->plot.w, y);
        if (isnan(x))
            continue;
        double r = hl_config_is_baseline(c) ? DIAMOND_R : DOT_R;
        m->rects[m->nrects++] = (struct hl_plot_rect){x - r, y - r, 2 * r, 2 * r};
        double ya = hl_plot_scaling_y(sc, hl_plot_stored_s(c->wall_s.min));
        double yb = hl_plot_scaling_y(sc, hl_plot_stored_s(c->wall_s.max));
        add_seg(m, x, ya, x, yb);
        add_seg(m, x - CAP, ya, x + CAP, ya);
        add_seg(m, x - CAP, yb, x + CAP, yb);
        double lo, hi;
        if (hl_plot_interval(c, &lo, &hi)) {
            double y0 = hl_plot_scaling_y(sc, hi), y1 = hl_plot_scaling_y(sc, lo);
            m->rects[m->nrects++] = (struct hl_plot_rect){x - BOX_HALF, y0, 2 * BOX_HALF, y1 - y0};
        }
        /* The series line from this dot to the series' next one by W. */
        size_t head = hl_plot_scaling_series_head(e, i);
        size_t next = e->nconfigs;
        for (size_t k = 0; k < e->nconfigs; k++) {
            const struct hl_config_result *o = &e->configs[k];
            if (isnan(sc->xs[k]) || hl_plot_scaling_series_head(e, k) != head ||
                o->workers <= c->workers)
                continue;
            if (next == e->nconfigs || o->workers < e->configs[next].workers)
                next = k;
        }
        if (next < e->nconfigs)
            add_seg(m, x, y, sc->xs[next], sc->ys[next]);
    }
    size_t n = hl_plot_scaling_ideal_path(sc, pts, ideal_room);
    for (size_t i = 1; i < n; i++)
        add_seg(m, pts[i - 1][0], pts[i - 1][1], pts[i][0], pts[i][1]);
    free(pts);
    return 0;
}

/* "pthread:2 9.00 ms · 1.70×", " · noisy" when its runs are flagged. */
static void label_text(const struct hl_config_result *c, char *buf, size_t size) {
    char wall[32], x[32];
    hl_plot_fmt_duration(hl_plot_median_wall(c), wall, sizeof wall);
    hl_plot_fmt_speedup(c->speedup, x, sizeof x);
    snprintf(buf, size, "%s %s%s%s%s", c->label, wall, x[0] != '\0' ? " \xc2\xb7 " : "", x,
             c->noise.known && c->noise.flagged ? " \xc2\xb7 noisy" : "");
}

int hl_plot_scaling_place_labels(struct hl_plot_scaling *sc, cairo_t *cr) {
    const struct hl_experiment_result *e = sc->exp;
    size_t room = e->nconfigs + 1;
    sc->labels = hl_calloc(room, sizeof *sc->labels);
    sc->label_config = hl_calloc(room, sizeof *sc->label_config);
    sc->label_text = hl_calloc(room, sizeof *sc->label_text);
    struct marks m = {0};
    if (sc->labels == NULL || sc->label_config == NULL || sc->label_text == NULL ||
        collect_marks(sc, &m) != 0) {
        free(m.rects);
        free(m.segs);
        return -1;
    }
    struct hl_plot_font font = sc->style->small;
    double h = hl_plot_line_height(cr, &font);
    for (size_t i = 0; i < e->nconfigs; i++) {
        bool line = hl_plot_scaling_is_reference(&e->configs[i]);
        if (isnan(sc->xs[i]) && !line)
            continue;
        size_t k = sc->nlabels++;
        label_text(&e->configs[i], sc->label_text[k], HL_PLOT_SCALING_LABEL_MAX);
        sc->label_config[k] = i;
        sc->labels[k] =
            (struct hl_plot_label){.ax = line ? hl_plot_scaling_reference_x(sc) : sc->xs[i],
                                   .ay = sc->ys[i],
                                   .w = hl_plot_text_width(cr, &font, sc->label_text[k]) + 2,
                                   .h = h};
    }
    const struct hl_ideal *id = &sc->ideal;
    if (id->kind == HL_IDEAL_SERIAL && id->cores >= sc->min_w && id->cores < sc->max_w) {
        size_t k = sc->nlabels++;
        snprintf(sc->label_text[k], HL_PLOT_SCALING_LABEL_MAX, "ideal flat past %d core%s",
                 id->cores, id->cores == 1 ? "" : "s");
        sc->label_config[k] = e->nconfigs;
        sc->labels[k] =
            (struct hl_plot_label){.ax = hl_plot_scaling_x(sc, id->cores),
                                   .ay = hl_plot_scaling_y(sc, hl_ideal_at(id, id->cores)),
                                   .w = hl_plot_text_width(cr, &font, sc->label_text[k]) + 2,
                                   .h = h};
    }
    struct hl_plot_obstacles obs = {m.rects, m.nrects, m.segs, m.nsegs};
    struct hl_plot_rect bounds = {sc->plot.x + 2, sc->plot.y + 2, sc->plot.w - 4, sc->plot.h - 4};
    hl_plot_labels_place(sc->labels, sc->nlabels, &obs, bounds, LABEL_GAP);
    free(m.rects);
    free(m.segs);
    return 0;
}
