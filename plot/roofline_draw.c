/* Drawing the roofline chart laid out by roofline.c. */
#include <math.h>
#include <stdio.h>

#include "plot/legend.h"
#include "plot/roofline.h"

#define TICK_LEN 5

/* "1/16", "1/4", "1", "4", "16": a power of two as people write it. */
static void fmt_ratio(double x, char *buf, size_t size) {
    if (x >= 1)
        snprintf(buf, size, "%.0f", x);
    else
        snprintf(buf, size, "1/%.0f", 1 / x);
}

/* "100 M", "1 G", "10 G", "1 T" for 10^k operations per second. */
static void fmt_rate(int k, char *buf, size_t size) {
    static const char *const units[] = {"", "k", "M", "G", "T", "P"};
    int u = k / 3;
    u = u < 0 ? 0 : u > 5 ? 5 : u;
    snprintf(buf, size, "%.0f %s", pow(10, k - 3 * u), units[u]);
}

static void draw_axes(cairo_t *cr, const struct hl_plot_roofline *rf) {
    const struct hl_plot_style *st = rf->style;
    const struct hl_plot_rect p = rf->plot;
    char buf[64];
    double base = floor(p.y + p.h) + 0.5;
    if (rf->band) { /* the "no bytes" band: where only flat ceilings reach */
        struct hl_plot_rect band = {rf->area.x + rf->area.w, p.y, p.w - rf->area.w, p.h};
        hl_plot_fill_rect(cr, band, hl_plot_lane_bg);
        hl_plot_text(cr, &st->tick, band.x + band.w / 2, base + TICK_LEN + 3, HL_PLOT_CENTER,
                     HL_PLOT_TOP, "no bytes");
    }
    cairo_set_line_width(cr, 1);
    for (int k = (int)rf->ylo; k <= (int)rf->yhi; k++) {
        double y = floor(hl_plot_roofline_py(rf, pow(10, k))) + 0.5;
        hl_plot_set_rgb(cr, hl_plot_grid);
        cairo_move_to(cr, p.x, y);
        cairo_line_to(cr, p.x + p.w, y);
        cairo_stroke(cr);
        fmt_rate(k, buf, sizeof buf);
        hl_plot_text(cr, &st->tick, p.x - TICK_LEN - 4, y, HL_PLOT_RIGHT, HL_PLOT_MIDDLE, buf);
    }
    int lo = (int)ceil(rf->xlo / log10(2.0) - 1e-9), hi = (int)floor(rf->xhi / log10(2.0) + 1e-9);
    int step = hi - lo > 16 ? 4 : hi - lo > 8 ? 2 : 1;
    for (int k = lo; k <= hi; k++) {
        if (((k % step) + step) % step != 0)
            continue;
        double x = floor(hl_plot_roofline_px(rf, exp2(k))) + 0.5;
        hl_plot_set_rgb(cr, hl_plot_grid);
        cairo_move_to(cr, x, p.y);
        cairo_line_to(cr, x, p.y + p.h);
        cairo_stroke(cr);
        fmt_ratio(exp2(k), buf, sizeof buf);
        hl_plot_text(cr, &st->tick, x, base + TICK_LEN + 3, HL_PLOT_CENTER, HL_PLOT_TOP, buf);
    }
    hl_plot_set_rgb(cr, hl_plot_axis);
    cairo_move_to(cr, floor(p.x) + 0.5, p.y);
    cairo_line_to(cr, floor(p.x) + 0.5, base);
    cairo_line_to(cr, p.x + p.w, base);
    cairo_stroke(cr);
    snprintf(buf, sizeof buf, "%s per second (log scale)", hl_plot_roofline_ops(rf->exp));
    hl_plot_text(cr, &st->label, st->margin, p.y - 8, HL_PLOT_LEFT, HL_PLOT_BOTTOM, buf);
    snprintf(buf, sizeof buf, "%s per byte moved (log scale)", hl_plot_roofline_ops(rf->exp));
    hl_plot_text(cr, &st->label, rf->area.x + rf->area.w / 2,
                 base + TICK_LEN + 3 + hl_plot_line_height(cr, &st->tick) + 6, HL_PLOT_CENTER,
                 HL_PLOT_TOP, buf);
}

static void draw_lines(cairo_t *cr, const struct hl_plot_roofline *rf) {
    static const double dash[] = {7, 4};
    const struct hl_plot_rect p = rf->plot;
    double x0 = pow(10, rf->xlo), x1 = pow(10, rf->xhi);
    cairo_save(cr);
    cairo_rectangle(cr, p.x, p.y, p.w, p.h);
    cairo_clip(cr);
    for (size_t i = 0; i < rf->nlines; i++) {
        const struct hl_plot_roof_line *l = &rf->lines[i];
        hl_plot_set_rgb(cr, l->color);
        cairo_set_line_width(cr, l->flat ? 2.2 : 1.8);
        cairo_set_dash(cr, dash, l->dashed ? 2 : 0, 0);
        if (l->flat) {
            double y = hl_plot_roofline_py(rf, l->value);
            cairo_move_to(cr, p.x, y);
            cairo_line_to(cr, p.x + p.w, y);
        } else { /* a bandwidth is a straight line of slope 1 in log-log */
            cairo_move_to(cr, hl_plot_roofline_px(rf, x0), hl_plot_roofline_py(rf, l->value * x0));
            cairo_line_to(cr, hl_plot_roofline_px(rf, x1), hl_plot_roofline_py(rf, l->value * x1));
        }
        cairo_stroke(cr);
    }
    cairo_restore(cr);
}

static void draw_dots(cairo_t *cr, const struct hl_plot_roofline *rf) {
    for (size_t i = 0; i < rf->ndots; i++) {
        const struct hl_plot_roof_dot *d = &rf->dots[i];
        struct hl_plot_rgb color = hl_plot_backend_color(d->config.backend);
        cairo_arc(cr, d->x, d->y, 5, 0, 2 * M_PI);
        hl_plot_set_rgb(cr, color);
        cairo_fill_preserve(cr);
        hl_plot_set_rgb(cr, hl_plot_mix(color, hl_plot_ink, 0.4));
        cairo_set_line_width(cr, 1.2);
        cairo_stroke(cr);
    }
}

static void draw_labels(cairo_t *cr, const struct hl_plot_roofline *rf) {
    struct hl_plot_font f = rf->style->small;
    f.halo = true;
    for (size_t i = 0; i < rf->nlabels; i++) {
        const struct hl_plot_label *l = &rf->labels[i];
        if (!l->placed)
            continue;
        bool line = i < rf->nlines;
        f.color = line ? hl_plot_mix(rf->lines[i].color, hl_plot_ink, 0.35) : hl_plot_ink;
        hl_plot_label_leader(cr, l);
        hl_plot_text(cr, &f, l->box.x + 2, l->box.y + l->box.h / 2, HL_PLOT_LEFT, HL_PLOT_MIDDLE,
                     line ? rf->lines[i].text : rf->dots[i - rf->nlines].text);
    }
}

int hl_plot_roofline_draw(cairo_t *cr, const void *ctx) {
    const struct hl_plot_roofline *rf = ctx;
    const struct hl_plot_style *st = rf->style;
    hl_plot_clear(cr, rf->width, rf->height);
    hl_plot_draw_title(cr, st, st->margin, rf->title, NULL, rf->subtitle);
    draw_axes(cr, rf);
    draw_lines(cr, rf);
    draw_dots(cr, rf);
    draw_labels(cr, rf);
    return 0;
}

struct hl_plot_chart hl_plot_roofline_chart(const struct hl_plot_roofline *rf) {
    return (struct hl_plot_chart){rf->width, rf->height, hl_plot_roofline_draw, rf};
}
