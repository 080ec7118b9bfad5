#include "plot/compare_sets.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "plot/view.h"

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
    cs->bars.style = st;
    cairo_t *cr = hl_plot_scratch_new();
    if (cr == NULL)
        return hl_error_set(err, HL_ERR_RUNTIME, "cairo cannot make a drawing context");
    char a[200], b[200];
    snprintf(a, sizeof a, "A: %.80s%s%.100s", name_a, host_a[0] != '\0' ? ", " : "", host_a);
    snprintf(b, sizeof b, "B: %.80s%s%.100s", name_b, host_b[0] != '\0' ? ", " : "", host_b);
    hl_plot_legend_add(&cs->bars.legend, HL_SWATCH_BOX, side_color(0), a);
    hl_plot_legend_add(&cs->bars.legend, HL_SWATCH_BOX, side_color(1), b);
    snprintf(cs->bars.title, sizeof cs->bars.title,
             "%s \xe2\x80\x94 A against B: median wall time per configuration", x->workload);
    char params[256] = "";
    if (x->a != NULL && x->b != NULL && !x->same_params)
        snprintf(params, sizeof params, "the parameters differ");
    else
        hl_plot_params_text(x->a != NULL ? x->a : x->b, params, sizeof params);
    const char *parts[] = {"bar: median", "whisker: fastest to slowest run",
                           "beyond the spread: the ranges do not overlap", params};
    hl_plot_join(cs->bars.subtitle, sizeof cs->bars.subtitle, parts, 4);

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
    hl_plot_bars_layout(&cs->bars, cr, x->nrows, 52, 18, fmin(label_w, 260), fmin(value_w, 480),
                        max_s);
    cairo_destroy(cr);
    return 0;
}

/* One side's bar, whisker and value at vertical centre cy. */
static void draw_side(cairo_t *cr, const struct hl_plot_compare_sets *cs,
                      const struct hl_pair_row *row, int side, double cy) {
    const struct hl_plot_bars *b = &cs->bars;
    const struct hl_plot_style *st = b->style;
    const struct hl_config_result *c = side_of(row, side);
    char fit[200];
    if (c == NULL || c->nruns == 0) {
        hl_plot_text(cr, &st->note, b->plot.x + 8, cy, HL_PLOT_LEFT, HL_PLOT_MIDDLE,
                     hl_plot_text_fit(cr, &st->note, missing_text(row, side), b->plot.w - 16, fit,
                                      sizeof fit));
        return;
    }
    double vx = hl_plot_bars_draw_bar(cr, b, c, side_color(side), cy);
    char v[256];
    value_text(row, side, v, sizeof v);
    bool beyond = row->verdict == HL_PAIR_B_FASTER || row->verdict == HL_PAIR_B_SLOWER;
    struct hl_plot_font f = side == 1 && beyond ? st->label_bold : st->label;
    if (!c->verified)
        f = st->label_bold, f.color = hl_plot_failed;
    hl_plot_text(cr, &f, vx, cy, HL_PLOT_LEFT, HL_PLOT_MIDDLE,
                 hl_plot_text_fit(cr, &f, v, st->width - st->margin - vx, fit, sizeof fit));
}

static int draw(cairo_t *cr, const void *ctx) {
    const struct hl_plot_compare_sets *cs = ctx;
    const struct hl_plot_bars *b = &cs->bars;
    hl_plot_bars_draw_frame(cr, b);
    for (size_t i = 0; i < cs->x->nrows; i++) {
        const struct hl_pair_row *row = &cs->x->rows[i];
        double mid = b->plot.y + ((double)i + 0.5) * b->row_h;
        hl_plot_text(cr, &b->style->label_bold, b->plot.x - HL_PLOT_BARS_LABEL_GAP, mid,
                     HL_PLOT_RIGHT, HL_PLOT_MIDDLE, row->label);
        draw_side(cr, cs, row, 0, mid - b->bar_h / 2 - 1);
        draw_side(cr, cs, row, 1, mid + b->bar_h / 2 + 1);
    }
    hl_plot_bars_draw_axis(cr, b);
    return 0;
}

struct hl_plot_chart hl_plot_compare_sets_chart(const struct hl_plot_compare_sets *cs) {
    return (struct hl_plot_chart){cs->bars.width, cs->bars.height, draw, cs};
}
