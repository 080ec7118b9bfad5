#include "plot/compare_sets.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "plot/view.h"

#define GAP_TITLE 12
#define GAP_LEGEND 16
#define LABEL_GAP 12
#define VALUE_GAP 8

/* A's and B's colors: the first two worker colors, so they read apart. */
static struct hl_plot_rgb side_color(int side) {
    return hl_plot_worker_color(side);
}

static const struct hl_config_result *side_of(const struct hl_pair_row *row, int side) {
    return side == 0 ? row->a : row->b;
}

/* "A 1.38 ms" or "B 5.09 ms · 3.68× A · B slower, beyond the spread". */
static void value_text(const struct hl_pair_row *row, int side, char *buf, size_t size) {
    const struct hl_config_result *c = side_of(row, side);
    char wall[32];
    hl_plot_fmt_duration(hl_plot_median_wall(c), wall, sizeof wall);
    if (side == 0 || isnan(row->ratio)) {
        snprintf(buf, size, "%s %s%s", side == 0 ? "A" : "B", wall,
                 c->verified ? "" : " \xc2\xb7 NOT VERIFIED");
        return;
    }
    snprintf(buf, size, "B %s \xc2\xb7 %.2f\xc3\x97 A \xc2\xb7 %s", wall, row->ratio,
             hl_pair_verdict_text(row->verdict));
}

/* Why a side has no bar: missing, or no runs (its note's first line). */
static const char *missing_text(const struct hl_pair_row *row, int side) {
    const struct hl_config_result *c = side_of(row, side);
    if (c == NULL)
        return side == 0 ? "not in A" : "not in B";
    return c->note != NULL ? c->note : "no runs";
}

int hl_plot_compare_sets_layout(struct hl_plot_compare_sets *cs, const struct hl_pair_experiment *x,
                                const char *name_a, const char *host_a, const char *name_b,
                                const char *host_b, const struct hl_plot_style *st,
                                struct hl_error *err) {
    memset(cs, 0, sizeof *cs);
    cs->x = x;
    cs->style = st;
    cairo_t *cr = hl_plot_scratch_new();
    if (cr == NULL)
        return hl_error_set(err, HL_ERR_RUNTIME, "cairo cannot make a drawing context");
    char a[200], b[200];
    snprintf(a, sizeof a, "A: %.80s%s%.100s", name_a, host_a[0] != '\0' ? ", " : "", host_a);
    snprintf(b, sizeof b, "B: %.80s%s%.100s", name_b, host_b[0] != '\0' ? ", " : "", host_b);
    hl_plot_legend_add(&cs->legend, HL_SWATCH_BOX, side_color(0), a);
    hl_plot_legend_add(&cs->legend, HL_SWATCH_BOX, side_color(1), b);
    snprintf(cs->title, sizeof cs->title,
             "%s \xe2\x80\x94 A against B: median wall time per configuration", x->workload);
    char params[256] = "";
    if (x->a != NULL && x->b != NULL && !x->same_params)
        snprintf(params, sizeof params, "the parameters differ");
    else
        hl_plot_params_text(x->a != NULL ? x->a : x->b, params, sizeof params);
    const char *parts[] = {"bar: median", "whisker: fastest to slowest run",
                           "beyond the spread: the ranges do not overlap", params};
    hl_plot_join(cs->subtitle, sizeof cs->subtitle, parts, 4);

    double label_w = 60, value_w = 0, max_s = 0;
    for (size_t i = 0; i < x->nrows; i++) {
        const struct hl_pair_row *row = &x->rows[i];
        double w = hl_plot_text_width(cr, &st->label_bold, row->label);
        label_w = w > label_w ? w : label_w;
        for (int side = 0; side < 2; side++) {
            const struct hl_config_result *c = side_of(row, side);
            if (c == NULL || c->nruns == 0)
                continue;
            char v[256];
            value_text(row, side, v, sizeof v);
            w = hl_plot_text_width(cr, &st->label, v);
            value_w = w > value_w ? w : value_w;
            double mx = hl_plot_stored_s(c->wall_s.max);
            max_s = mx > max_s ? mx : max_s;
        }
    }
    label_w = fmin(label_w, 260);
    value_w = fmin(value_w, 480);
    double inner_w = st->width - 2 * st->margin;
    double y = st->margin + hl_plot_title_height(cr, st, cs->subtitle) + GAP_TITLE;
    cs->legend_y = y;
    y += hl_plot_legend_height(cr, st, &cs->legend, inner_w) + GAP_LEGEND;
    size_t rows = x->nrows > 0 ? x->nrows : 1;
    cs->row_h = 52;
    cs->bar_h = 18;
    double left = st->margin + label_w + LABEL_GAP;
    cs->plot = (struct hl_plot_rect){left, y, st->width - st->margin - value_w - VALUE_GAP - left,
                                     rows * cs->row_h};
    cs->width = st->width;
    cs->height = ceil(y + cs->plot.h + hl_plot_time_ticks_height(cr, st) + st->margin);
    hl_plot_time_axis_make(max_s, hl_plot_ticks_for_width(cs->plot.w), &cs->axis);
    cairo_destroy(cr);
    return 0;
}

/* One side's bar, whisker and value at vertical centre cy. */
static void draw_side(cairo_t *cr, const struct hl_plot_compare_sets *cs,
                      const struct hl_pair_row *row, int side, double cy) {
    const struct hl_plot_style *st = cs->style;
    const struct hl_config_result *c = side_of(row, side);
    char fit[200];
    if (c == NULL || c->nruns == 0) {
        hl_plot_text(cr, &st->note, cs->plot.x + 8, cy, HL_PLOT_LEFT, HL_PLOT_MIDDLE,
                     hl_plot_text_fit(cr, &st->note, missing_text(row, side), cs->plot.w - 16, fit,
                                      sizeof fit));
        return;
    }
    double x0 = cs->plot.x, xm = hl_plot_time_x(&cs->axis, cs->plot, hl_plot_median_wall(c));
    double xa = hl_plot_time_x(&cs->axis, cs->plot, hl_plot_stored_s(c->wall_s.min));
    double xb = hl_plot_time_x(&cs->axis, cs->plot, hl_plot_stored_s(c->wall_s.max));
    struct hl_plot_rgb color = side_color(side);
    struct hl_plot_rect bar = {x0, cy - cs->bar_h / 2, fmax(xm - x0, 1), cs->bar_h};
    hl_plot_fill_rect(cr, bar, c->verified ? color : hl_plot_mix(color, hl_plot_white, 0.6));
    double cap = cs->bar_h * 0.35;
    hl_plot_set_rgb(cr, hl_plot_ink);
    cairo_set_line_width(cr, 1.5);
    cairo_move_to(cr, xa, cy);
    cairo_line_to(cr, xb, cy);
    cairo_move_to(cr, xa, cy - cap);
    cairo_line_to(cr, xa, cy + cap);
    cairo_move_to(cr, xb, cy - cap);
    cairo_line_to(cr, xb, cy + cap);
    cairo_stroke(cr);
    char v[256];
    value_text(row, side, v, sizeof v);
    bool beyond = row->verdict == HL_PAIR_B_FASTER || row->verdict == HL_PAIR_B_SLOWER;
    struct hl_plot_font f = side == 1 && beyond ? st->label_bold : st->label;
    if (!c->verified)
        f = st->label_bold, f.color = hl_plot_failed;
    hl_plot_text(cr, &f, fmax(xb, xm) + VALUE_GAP, cy, HL_PLOT_LEFT, HL_PLOT_MIDDLE,
                 hl_plot_text_fit(cr, &f, v, st->width - st->margin - fmax(xb, xm) - VALUE_GAP, fit,
                                  sizeof fit));
}

static int draw(cairo_t *cr, const void *ctx) {
    const struct hl_plot_compare_sets *cs = ctx;
    const struct hl_plot_style *st = cs->style;
    hl_plot_clear(cr, cs->width, cs->height);
    hl_plot_draw_title(cr, st, st->margin, cs->title, NULL, cs->subtitle);
    hl_plot_legend_draw(cr, st, &cs->legend, st->margin, cs->legend_y, st->width - 2 * st->margin);
    hl_plot_draw_time_grid(cr, &cs->axis, cs->plot);
    for (size_t i = 0; i < cs->x->nrows; i++) {
        const struct hl_pair_row *row = &cs->x->rows[i];
        double top = cs->plot.y + (double)i * cs->row_h;
        hl_plot_text(cr, &st->label_bold, cs->plot.x - LABEL_GAP, top + cs->row_h / 2,
                     HL_PLOT_RIGHT, HL_PLOT_MIDDLE, row->label);
        draw_side(cr, cs, row, 0, top + cs->row_h / 2 - cs->bar_h / 2 - 1);
        draw_side(cr, cs, row, 1, top + cs->row_h / 2 + cs->bar_h / 2 + 1);
    }
    hl_plot_set_rgb(cr, hl_plot_axis);
    cairo_set_line_width(cr, 1);
    cairo_move_to(cr, floor(cs->plot.x) + 0.5, cs->plot.y);
    cairo_line_to(cr, floor(cs->plot.x) + 0.5, cs->plot.y + cs->plot.h);
    cairo_stroke(cr);
    hl_plot_draw_time_ticks(cr, st, &cs->axis, cs->plot, "wall time per run");
    return 0;
}

struct hl_plot_chart hl_plot_compare_sets_chart(const struct hl_plot_compare_sets *cs) {
    return (struct hl_plot_chart){cs->width, cs->height, draw, cs};
}
