#include "plot/bars.h"

#include <math.h>

#include "plot/view.h"

#define GAP_TITLE 12
#define GAP_LEGEND 16

void hl_plot_bars_layout(struct hl_plot_bars *b, cairo_t *cr, size_t rows, double row_h,
                         double bar_h, double label_w, double value_w, double max_s) {
    const struct hl_plot_style *st = b->style;
    double inner_w = st->width - 2 * st->margin;
    double y = st->margin + hl_plot_title_height(cr, st, b->subtitle) + GAP_TITLE;
    b->legend_y = y;
    y += hl_plot_legend_height(cr, st, &b->legend, inner_w) + GAP_LEGEND;
    b->row_h = row_h;
    b->bar_h = bar_h;
    double left = st->margin + label_w + HL_PLOT_BARS_LABEL_GAP;
    b->plot = (struct hl_plot_rect){
        left, y, st->width - st->margin - value_w - HL_PLOT_BARS_VALUE_GAP - left,
        (double)(rows > 0 ? rows : 1) * row_h};
    b->width = st->width;
    b->height = ceil(y + b->plot.h + hl_plot_time_ticks_height(cr, st) + st->margin);
    hl_plot_time_axis_make(max_s, hl_plot_ticks_for_width(b->plot.w), &b->axis);
}

void hl_plot_bars_draw_frame(cairo_t *cr, const struct hl_plot_bars *b) {
    const struct hl_plot_style *st = b->style;
    hl_plot_clear(cr, b->width, b->height);
    hl_plot_draw_title(cr, st, st->margin, b->title, NULL, b->subtitle);
    hl_plot_legend_draw(cr, st, &b->legend, st->margin, b->legend_y, st->width - 2 * st->margin);
    hl_plot_draw_time_grid(cr, &b->axis, b->plot);
}

void hl_plot_bars_draw_axis(cairo_t *cr, const struct hl_plot_bars *b) {
    hl_plot_set_rgb(cr, hl_plot_axis);
    cairo_set_line_width(cr, 1);
    cairo_move_to(cr, floor(b->plot.x) + 0.5, b->plot.y);
    cairo_line_to(cr, floor(b->plot.x) + 0.5, b->plot.y + b->plot.h);
    cairo_stroke(cr);
    hl_plot_draw_time_ticks(cr, b->style, &b->axis, b->plot, "wall time per run");
}

double hl_plot_bars_draw_bar(cairo_t *cr, const struct hl_plot_bars *b,
                             const struct hl_config_result *c, struct hl_plot_rgb color,
                             double cy) {
    double x0 = b->plot.x, xm = hl_plot_time_x(&b->axis, b->plot, hl_plot_median_wall(c));
    double xa = hl_plot_time_x(&b->axis, b->plot, hl_plot_stored_s(c->wall_s.min));
    double xb = hl_plot_time_x(&b->axis, b->plot, hl_plot_stored_s(c->wall_s.max));
    struct hl_plot_rect bar = {x0, cy - b->bar_h / 2, fmax(xm - x0, 1), b->bar_h};
    hl_plot_fill_rect(cr, bar, c->verified ? color : hl_plot_mix(color, hl_plot_white, 0.6));
    if (!c->verified) {
        hl_plot_set_rgb(cr, hl_plot_failed);
        cairo_set_line_width(cr, 2);
        cairo_rectangle(cr, bar.x + 1, bar.y + 1, bar.w - 2, bar.h - 2);
        cairo_stroke(cr);
    }
    /* Whisker from the fastest to the slowest run, with end caps. */
    double cap = b->bar_h * 0.35;
    hl_plot_set_rgb(cr, hl_plot_ink);
    cairo_set_line_width(cr, 1.5);
    cairo_move_to(cr, xa, cy);
    cairo_line_to(cr, xb, cy);
    cairo_move_to(cr, xa, cy - cap);
    cairo_line_to(cr, xa, cy + cap);
    cairo_move_to(cr, xb, cy - cap);
    cairo_line_to(cr, xb, cy + cap);
    cairo_stroke(cr);
    double lo, hi;
    if (hl_plot_interval(c, &lo, &hi)) { /* the median's interval: a box on the whisker */
        double xl = hl_plot_time_x(&b->axis, b->plot, lo);
        double xh = hl_plot_time_x(&b->axis, b->plot, hi);
        cairo_rectangle(cr, xl, cy - cap * 0.8, fmax(xh - xl, 1.5), cap * 1.6);
        hl_plot_set_rgba(cr, hl_plot_white, 0.55);
        cairo_fill_preserve(cr);
        hl_plot_set_rgb(cr, hl_plot_ink);
        cairo_set_line_width(cr, 1.2);
        cairo_stroke(cr);
    }
    return fmax(xb, xm) + HL_PLOT_BARS_VALUE_GAP;
}
