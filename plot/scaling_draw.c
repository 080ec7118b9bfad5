/* Drawing the scaling chart from its layout (scaling.c): axes, the ideal,
 * series lines, whiskers and interval boxes, dots, then the labels where
 * scaling_labels.c placed them. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "model/backend_traits.h"
#include "plot/scaling.h"
#include "plot/view.h"
#include "util/alloc.h"

#define TICK_LEN 5
#define MAX_X_LABELS 12

static bool measured(const struct hl_experiment_result *e, int w) {
    for (size_t i = 0; i < e->nconfigs; i++) {
        if (e->configs[i].nruns > 0 && e->configs[i].workers == w &&
            !hl_plot_scaling_is_reference(&e->configs[i]))
            return true;
    }
    return false;
}

static void draw_axes(cairo_t *cr, const struct hl_plot_scaling *sc) {
    const struct hl_plot_style *st = sc->style;
    const struct hl_plot_rect p = sc->plot;
    char buf[96];
    hl_plot_set_rgb(cr, hl_plot_grid);
    cairo_set_line_width(cr, 1);
    for (int i = 0; i < sc->axis.nticks; i++) {
        double y = floor(hl_plot_scaling_y(sc, sc->axis.ticks[i])) + 0.5;
        cairo_move_to(cr, p.x, y);
        cairo_line_to(cr, p.x + p.w, y);
    }
    cairo_stroke(cr);
    hl_plot_set_rgb(cr, hl_plot_axis);
    cairo_move_to(cr, floor(p.x) + 0.5, p.y);
    cairo_line_to(cr, floor(p.x) + 0.5, p.y + p.h);
    cairo_line_to(cr, p.x + p.w, floor(p.y + p.h) + 0.5);
    cairo_stroke(cr);
    for (int i = 0; i < sc->axis.nticks; i++) {
        hl_plot_value_label(&sc->axis, i, buf, sizeof buf);
        hl_plot_text(cr, &st->tick, p.x - TICK_LEN - 4, hl_plot_scaling_y(sc, sc->axis.ticks[i]),
                     HL_PLOT_RIGHT, HL_PLOT_MIDDLE, buf);
    }
    snprintf(buf, sizeof buf, "median wall time (%s, log scale)", sc->axis.unit);
    hl_plot_text(cr, &st->label, st->margin, p.y - 8, HL_PLOT_LEFT, HL_PLOT_BOTTOM, buf);
    /* x ticks at the worker counts measured; powers of two when crowded. */
    int distinct = 0;
    for (int w = sc->min_w; w <= sc->max_w; w++)
        distinct += measured(sc->exp, w);
    double base = floor(p.y + p.h) + 0.5;
    for (int w = sc->min_w; w <= sc->max_w; w++) {
        if (!measured(sc->exp, w) || (distinct > MAX_X_LABELS && (w & (w - 1)) != 0))
            continue;
        double x = floor(hl_plot_scaling_x(sc, w)) + 0.5;
        hl_plot_set_rgb(cr, hl_plot_axis);
        cairo_move_to(cr, x, base);
        cairo_line_to(cr, x, base + TICK_LEN);
        cairo_stroke(cr);
        snprintf(buf, sizeof buf, "%d", w);
        hl_plot_text(cr, &st->tick, x, base + TICK_LEN + 3, HL_PLOT_CENTER, HL_PLOT_TOP, buf);
    }
    hl_plot_text(cr, &st->label, p.x + p.w / 2,
                 base + TICK_LEN + 3 + hl_plot_line_height(cr, &st->tick) + 8, HL_PLOT_CENTER,
                 HL_PLOT_TOP, "workers W (log scale)");
}

static int draw_ideal(cairo_t *cr, const struct hl_plot_scaling *sc) {
    static const double dash[] = {6, 4};
    size_t room = 2 * (size_t)(sc->max_w - sc->min_w + 2) + 4;
    double(*pts)[2] = hl_calloc(room, sizeof *pts);
    if (pts == NULL)
        return -1;
    size_t n = hl_plot_scaling_ideal_path(sc, pts, room);
    cairo_save(cr);
    hl_plot_set_rgba(cr, hl_plot_ink, 0.75);
    cairo_set_line_width(cr, 1.5);
    cairo_set_dash(cr, dash, 2, 0);
    for (size_t i = 0; i < n; i++)
        cairo_line_to(cr, pts[i][0], pts[i][1]);
    cairo_stroke(cr);
    cairo_restore(cr);
    free(pts);
    return 0;
}

/* The line through a series' dots, in order of worker count. */
static void draw_line(cairo_t *cr, const struct hl_plot_scaling *sc, size_t head) {
    const struct hl_experiment_result *e = sc->exp;
    hl_plot_set_rgb(cr, hl_plot_scaling_color(e, head));
    cairo_set_line_width(cr, 2);
    for (int w = sc->min_w; w <= sc->max_w; w++) {
        for (size_t i = head; i < e->nconfigs; i++) {
            if (!isnan(sc->xs[i]) && e->configs[i].workers == w &&
                hl_plot_scaling_series_head(e, i) == head)
                cairo_line_to(cr, sc->xs[i], sc->ys[i]);
        }
    }
    cairo_stroke(cr);
}

/* A device configuration: a dashed line across the plot at its median,
 * in its series' color (red when it did not verify). */
static void draw_reference(cairo_t *cr, const struct hl_plot_scaling *sc, size_t i) {
    static const double dash[] = {9, 4};
    const struct hl_config_result *c = &sc->exp->configs[i];
    struct hl_plot_rgb color =
        hl_plot_scaling_color(sc->exp, hl_plot_scaling_series_head(sc->exp, i));
    cairo_save(cr);
    hl_plot_set_rgb(cr, c->verified ? color : hl_plot_failed);
    cairo_set_line_width(cr, 1.8);
    cairo_set_dash(cr, dash, 2, 0);
    cairo_move_to(cr, sc->plot.x, sc->ys[i]);
    cairo_line_to(cr, sc->plot.x + sc->plot.w, sc->ys[i]);
    cairo_stroke(cr);
    cairo_restore(cr);
}

/* Whisker from the fastest to the slowest run and, where the runs made
 * one, the median's interval as a box in the series' color. */
static void draw_spread(cairo_t *cr, const struct hl_plot_scaling *sc, size_t i) {
    const struct hl_config_result *c = &sc->exp->configs[i];
    double x = sc->xs[i];
    double ya = hl_plot_scaling_y(sc, hl_plot_stored_s(c->wall_s.min));
    double yb = hl_plot_scaling_y(sc, hl_plot_stored_s(c->wall_s.max));
    hl_plot_set_rgb(cr, hl_plot_ink);
    cairo_set_line_width(cr, 1.2);
    cairo_move_to(cr, x, ya);
    cairo_line_to(cr, x, yb);
    cairo_move_to(cr, x - 4, ya);
    cairo_line_to(cr, x + 4, ya);
    cairo_move_to(cr, x - 4, yb);
    cairo_line_to(cr, x + 4, yb);
    cairo_stroke(cr);
    double lo, hi;
    if (!hl_plot_interval(c, &lo, &hi))
        return;
    double y0 = hl_plot_scaling_y(sc, hi), y1 = hl_plot_scaling_y(sc, lo);
    struct hl_plot_rgb color =
        hl_plot_scaling_color(sc->exp, hl_plot_scaling_series_head(sc->exp, i));
    cairo_rectangle(cr, x - 3.5, y0, 7, fmax(y1 - y0, 1));
    hl_plot_set_rgba(cr, color, 0.45);
    cairo_fill_preserve(cr);
    hl_plot_set_rgb(cr, hl_plot_mix(color, hl_plot_ink, 0.5));
    cairo_set_line_width(cr, 1);
    cairo_stroke(cr);
}

static void draw_dot(cairo_t *cr, const struct hl_plot_scaling *sc, size_t i) {
    const struct hl_config_result *c = &sc->exp->configs[i];
    struct hl_plot_rgb color =
        hl_plot_scaling_color(sc->exp, hl_plot_scaling_series_head(sc->exp, i));
    if (hl_config_is_baseline(c) && c->verified) {
        hl_plot_diamond(cr, sc->xs[i], sc->ys[i], 8, hl_plot_backend_color(c->backend));
        return;
    }
    /* An unverified point is a hollow red ring: present, not trusted. */
    cairo_arc(cr, sc->xs[i], sc->ys[i], 5.5, 0, 2 * M_PI);
    hl_plot_set_rgb(cr, c->verified ? color : hl_plot_white);
    cairo_fill_preserve(cr);
    hl_plot_set_rgb(cr, c->verified ? hl_plot_mix(color, hl_plot_ink, 0.4) : hl_plot_failed);
    cairo_set_line_width(cr, c->verified ? 1.2 : 2.5);
    cairo_stroke(cr);
}

int hl_plot_scaling_draw(cairo_t *cr, const void *ctx) {
    const struct hl_plot_scaling *sc = ctx;
    const struct hl_plot_style *st = sc->style;
    const struct hl_experiment_result *e = sc->exp;
    hl_plot_clear(cr, sc->width, sc->height);
    hl_plot_draw_title(cr, st, st->margin, sc->title, NULL, sc->subtitle);
    hl_plot_legend_draw(cr, st, &sc->legend, st->margin, sc->legend_y, st->width - 2 * st->margin);
    draw_axes(cr, sc);
    if (draw_ideal(cr, sc) != 0)
        return -1;
    for (size_t i = 0; i < e->nconfigs; i++) {
        if (hl_plot_scaling_is_reference(&e->configs[i]))
            draw_reference(cr, sc, i);
        else if (hl_plot_scaling_is_head(e, i))
            draw_line(cr, sc, i);
    }
    for (size_t i = 0; i < e->nconfigs; i++) {
        if (!isnan(sc->xs[i]))
            draw_spread(cr, sc, i);
    }
    for (size_t k = 0; k < sc->nlabels; k++)
        hl_plot_label_leader(cr, &sc->labels[k]);
    /* Dots over lines, serial's diamond over every series. */
    for (int pass = 0; pass < 2; pass++) {
        for (size_t i = 0; i < e->nconfigs; i++) {
            if (!isnan(sc->xs[i]) && (hl_config_is_baseline(&e->configs[i]) == (pass == 1)))
                draw_dot(cr, sc, i);
        }
    }
    struct hl_plot_font font = st->small;
    font.halo = true;
    font.color = hl_plot_ink;
    for (size_t k = 0; k < sc->nlabels; k++) {
        const struct hl_plot_label *l = &sc->labels[k];
        if (!l->placed)
            continue;
        struct hl_plot_font f = font;
        if (sc->label_config[k] == e->nconfigs) /* the ideal's knee */
            f.color = hl_plot_muted, f.italic = true;
        hl_plot_text(cr, &f, l->box.x + 1, l->box.y, HL_PLOT_LEFT, HL_PLOT_TOP, sc->label_text[k]);
    }
    return 0;
}

struct hl_plot_chart hl_plot_scaling_chart(const struct hl_plot_scaling *sc) {
    return (struct hl_plot_chart){sc->width, sc->height, hl_plot_scaling_draw, sc};
}
