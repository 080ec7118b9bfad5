#include "plot/compare.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "plot/view.h"

/* "84.2 ms · 1.95× · fastest"; sets *alert when it must be red. */
static void value_text(const struct hl_plot_compare *cp, size_t i, char *buf, size_t size,
                       bool *alert) {
    const struct hl_config_result *c = &cp->exp->configs[i];
    char wall[32], x[32];
    hl_plot_fmt_duration(hl_plot_median_wall(c), wall, sizeof wall);
    hl_plot_fmt_speedup(c->speedup, x, sizeof x);
    *alert = !c->verified;
    snprintf(buf, size, "%s%s%s%s%s", wall, x[0] != '\0' ? " \xc2\xb7 " : "", x,
             !c->verified             ? " \xc2\xb7 NOT VERIFIED"
             : (long)i == cp->fastest ? " \xc2\xb7 fastest"
                                      : "",
             c->noise.known && c->noise.flagged ? " \xc2\xb7 noisy" : "");
}

static void find_fastest(struct hl_plot_compare *cp) {
    double best = INFINITY;
    cp->fastest = -1;
    for (size_t i = 0; i < cp->exp->nconfigs; i++) {
        const struct hl_config_result *c = &cp->exp->configs[i];
        double m = hl_plot_median_wall(c);
        if (c->nruns > 0 && c->verified && m < best) {
            best = m;
            cp->fastest = (long)i;
        }
    }
}

static void make_legend(struct hl_plot_compare *cp) {
    for (size_t i = 0; i < cp->exp->nconfigs; i++) {
        const char *b = cp->exp->configs[i].backend;
        bool dup = false;
        for (size_t j = 0; j < i; j++)
            dup = dup || strcmp(cp->exp->configs[j].backend, b) == 0;
        if (!dup)
            hl_plot_legend_add(&cp->bars.legend, HL_SWATCH_BOX, hl_plot_backend_color(b), b);
    }
}

int hl_plot_compare_layout(struct hl_plot_compare *cp, const struct hl_results *r,
                           const struct hl_experiment_result *exp, const struct hl_plot_style *st,
                           struct hl_error *err) {
    memset(cp, 0, sizeof *cp);
    cp->exp = exp;
    cp->bars.style = st;
    cairo_t *cr = hl_plot_scratch_new();
    if (cr == NULL)
        return hl_error_set(err, HL_ERR_RUNTIME, "cairo cannot make a drawing context");
    find_fastest(cp);
    make_legend(cp);
    snprintf(cp->bars.title, sizeof cp->bars.title, "%s \xe2\x80\x94 wall time per configuration",
             exp->workload);
    char params[256];
    hl_plot_params_text(exp, params, sizeof params);
    char runs[64], bar[80];
    hl_plot_runs_text(r, exp, runs, sizeof runs);
    snprintf(bar, sizeof bar, "bar: %s", runs);
    bool noisy = false;
    for (size_t i = 0; i < exp->nconfigs; i++)
        noisy = noisy || (exp->configs[i].noise.known && exp->configs[i].noise.flagged);
    const char *parts[] = {bar,
                           "whisker: fastest to slowest run",
                           hl_plot_interval_caption(exp),
                           noisy ? "noisy: slowest run over 1.2\xc3\x97 the fastest, or outliers"
                                 : NULL,
                           "speedup against serial",
                           params};
    hl_plot_join(cp->bars.subtitle, sizeof cp->bars.subtitle, parts, 6);

    double label_w = 60, value_w = 0, max_s = 0;
    for (size_t i = 0; i < exp->nconfigs; i++) {
        const struct hl_config_result *c = &exp->configs[i];
        double w = hl_plot_text_width(cr, &st->label_bold, c->label);
        label_w = w > label_w ? w : label_w;
        if (c->device != NULL) {
            w = fmin(hl_plot_text_width(cr, &st->small, c->device), 220);
            label_w = w > label_w ? w : label_w;
        }
        if (c->nruns == 0)
            continue;
        char v[128];
        bool alert;
        value_text(cp, i, v, sizeof v, &alert);
        w = hl_plot_text_width(cr, &st->label_bold, v);
        value_w = w > value_w ? w : value_w;
        double mx = hl_plot_stored_s(c->wall_s.max);
        max_s = mx > max_s ? mx : max_s;
    }
    hl_plot_bars_layout(&cp->bars, cr, exp->nconfigs, 36, 20, fmin(label_w, 260), value_w, max_s);
    cairo_destroy(cr);
    return 0;
}

static void draw_row(cairo_t *cr, const struct hl_plot_compare *cp, size_t i) {
    const struct hl_plot_bars *b = &cp->bars;
    const struct hl_plot_style *st = b->style;
    const struct hl_config_result *c = &cp->exp->configs[i];
    double cy = b->plot.y + (i + 0.5) * b->row_h;
    char fit[200];
    double lx = b->plot.x - HL_PLOT_BARS_LABEL_GAP;
    if (c->device != NULL) {
        hl_plot_text(cr, &st->label_bold, lx, cy - 1, HL_PLOT_RIGHT, HL_PLOT_BOTTOM, c->label);
        hl_plot_text(cr, &st->small, lx, cy + 1, HL_PLOT_RIGHT, HL_PLOT_TOP,
                     hl_plot_text_fit(cr, &st->small, c->device, 220, fit, sizeof fit));
    } else {
        hl_plot_text(cr, &st->label_bold, lx, cy, HL_PLOT_RIGHT, HL_PLOT_MIDDLE, c->label);
    }
    if (c->nruns == 0) {
        const char *note = c->note != NULL ? c->note : "no runs";
        hl_plot_text(cr, &st->note, b->plot.x + 8, cy, HL_PLOT_LEFT, HL_PLOT_MIDDLE,
                     hl_plot_text_fit(cr, &st->note, note, b->plot.w - 16, fit, sizeof fit));
        return;
    }
    double vx = hl_plot_bars_draw_bar(cr, b, c, hl_plot_backend_color(c->backend), cy);
    char v[128];
    bool alert;
    value_text(cp, i, v, sizeof v, &alert);
    struct hl_plot_font f = (long)i == cp->fastest ? st->label_bold : st->label;
    if (alert)
        f = st->label_bold, f.color = hl_plot_failed;
    hl_plot_text(cr, &f, vx, cy, HL_PLOT_LEFT, HL_PLOT_MIDDLE, v);
}

static int draw(cairo_t *cr, const void *ctx) {
    const struct hl_plot_compare *cp = ctx;
    hl_plot_bars_draw_frame(cr, &cp->bars);
    for (size_t i = 0; i < cp->exp->nconfigs; i++)
        draw_row(cr, cp, i);
    hl_plot_bars_draw_axis(cr, &cp->bars);
    return 0;
}

struct hl_plot_chart hl_plot_compare_chart(const struct hl_plot_compare *cp) {
    return (struct hl_plot_chart){cp->bars.width, cp->bars.height, draw, cp};
}
