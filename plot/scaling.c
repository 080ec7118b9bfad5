#include "plot/scaling.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model/backend_traits.h"
#include "plot/view.h"
#include "util/alloc.h"

#define GAP_TITLE 12
#define GAP_LEGEND 18
#define PLOT_H 400
#define TICK_LEN 5
#define X_PAD 0.5    /* log2 units either side of the first and last W */
#define Y_PAD 1.3    /* factor above the highest and below the lowest value */
#define OFFSET_PX 10 /* between dots that share a W */

static void series_name(const struct hl_config_result *c, char *buf, size_t size) {
    if (c->device != NULL)
        snprintf(buf, size, "%s (%.40s)", c->backend, c->device);
    else
        snprintf(buf, size, "%s", c->backend);
}

/* What the dashed line is, exactly. */
static void ideal_text(const struct hl_plot_scaling *sc, char *buf, size_t size) {
    const struct hl_ideal *id = &sc->ideal;
    char lat[32];
    if (id->kind == HL_IDEAL_SERIAL && id->cores > 0 && id->cores < sc->max_w)
        snprintf(buf, size,
                 "dashed: ideal = serial / W up to the %d usable core%s, flat beyond (W workers "
                 "share them)",
                 id->cores, id->cores == 1 ? "" : "s");
    else if (id->kind == HL_IDEAL_SERIAL)
        snprintf(buf, size, "dashed: ideal = serial / W");
    else if (id->kind == HL_IDEAL_LATENCY) {
        hl_plot_fmt_duration(id->latency_s, lat, sizeof lat);
        snprintf(buf, size, "dashed: ideal = ceil(%lld / W) \xc3\x97 %s latency",
                 (long long)id->tasks, lat);
    } else
        snprintf(buf, size, "no ideal line: no verified serial run");
}

static void make_texts(struct hl_plot_scaling *sc, const struct hl_results *r) {
    const struct hl_experiment_result *e = sc->exp;
    snprintf(sc->title, sizeof sc->title, "%s \xe2\x80\x94 wall time against workers", e->workload);
    char runs[64], ideal[200], dot[96];
    hl_plot_runs_text(r, e, runs, sizeof runs);
    ideal_text(sc, ideal, sizeof ideal);
    snprintf(dot, sizeof dot, "dot: %s", runs);
    bool noisy = false;
    for (size_t i = 0; i < e->nconfigs; i++)
        noisy = noisy || (e->configs[i].noise.known && e->configs[i].noise.flagged);
    const char *parts[] = {
        dot, "whisker: fastest to slowest run", hl_plot_interval_caption(e), ideal,
        noisy ? "noisy: slowest run over 1.2\xc3\x97 the fastest, or outliers" : NULL};
    hl_plot_join(sc->subtitle, sizeof sc->subtitle, parts, 5);
    char name[96];
    for (size_t i = 0; i < e->nconfigs; i++) {
        if (!hl_plot_scaling_is_head(e, i))
            continue;
        series_name(&e->configs[i], name, sizeof name);
        hl_plot_legend_add(&sc->legend,
                           hl_config_is_baseline(&e->configs[i])          ? HL_SWATCH_BASELINE
                           : hl_plot_scaling_is_reference(&e->configs[i]) ? HL_SWATCH_IDEAL
                                                                          : HL_SWATCH_SERIES,
                           hl_plot_scaling_color(e, i), name);
    }
    if (sc->ideal.kind != HL_IDEAL_NONE)
        hl_plot_legend_add(&sc->legend, HL_SWATCH_IDEAL, hl_plot_ink, "ideal");
}

static bool has_dot(const struct hl_config_result *c) {
    return c->nruns > 0 && c->workers >= 1 && !hl_plot_scaling_is_reference(c);
}

/* The worker range, and the value range every mark and the ideal need. */
static void find_ranges(struct hl_plot_scaling *sc, double *min_s, double *max_s) {
    const struct hl_experiment_result *e = sc->exp;
    *max_s = 0;
    *min_s = INFINITY;
    for (size_t i = 0; i < e->nconfigs; i++) {
        const struct hl_config_result *c = &e->configs[i];
        if (hl_plot_scaling_is_reference(c)) { /* a line at its median: only that counts */
            *max_s = fmax(*max_s, hl_plot_median_wall(c));
            *min_s = fmin(*min_s, hl_plot_median_wall(c));
            continue;
        }
        if (!has_dot(c))
            continue;
        sc->min_w = sc->min_w == 0 || c->workers < sc->min_w ? c->workers : sc->min_w;
        sc->max_w = c->workers > sc->max_w ? c->workers : sc->max_w;
        *max_s = fmax(*max_s, hl_plot_stored_s(c->wall_s.max));
        *min_s = fmin(*min_s, hl_plot_stored_s(c->wall_s.min));
        double lo, hi;
        if (hl_plot_interval(c, &lo, &hi)) {
            *max_s = fmax(*max_s, hi);
            *min_s = fmin(*min_s, lo);
        }
    }
    if (sc->min_w == 0)
        sc->min_w = sc->max_w = 1;
    double ideal_top = hl_plot_scaling_ideal(sc, sc->min_w);
    double ideal_low = hl_plot_scaling_ideal(sc, sc->max_w);
    if (!isnan(ideal_top))
        *max_s = fmax(*max_s, ideal_top);
    if (!isnan(ideal_low))
        *min_s = fmin(*min_s, ideal_low);
}

/* Each dot's place: dots that share a W are set OFFSET_PX apart, centred
 * on it, in config order. */
static void place_dots(struct hl_plot_scaling *sc) {
    const struct hl_experiment_result *e = sc->exp;
    for (size_t i = 0; i < e->nconfigs; i++) {
        const struct hl_config_result *c = &e->configs[i];
        sc->xs[i] = sc->ys[i] = NAN;
        if (hl_plot_scaling_is_reference(c))
            sc->ys[i] = hl_plot_scaling_y(sc, hl_plot_median_wall(c));
        if (!has_dot(c))
            continue;
        size_t before = 0, all = 0;
        for (size_t k = 0; k < e->nconfigs; k++) {
            if (has_dot(&e->configs[k]) && e->configs[k].workers == c->workers) {
                before += k < i;
                all++;
            }
        }
        sc->xs[i] = hl_plot_scaling_x(sc, c->workers) +
                    ((double)before - (double)(all - 1) / 2) * OFFSET_PX;
        sc->ys[i] = hl_plot_scaling_y(sc, hl_plot_median_wall(c));
    }
}

int hl_plot_scaling_layout(struct hl_plot_scaling *sc, const struct hl_results *r,
                           const struct hl_experiment_result *exp, const struct hl_plot_style *st,
                           struct hl_error *err) {
    memset(sc, 0, sizeof *sc);
    sc->exp = exp;
    sc->style = st;
    sc->xs = hl_calloc(exp->nconfigs + 1, sizeof *sc->xs);
    sc->ys = hl_calloc(exp->nconfigs + 1, sizeof *sc->ys);
    cairo_t *cr = sc->xs == NULL || sc->ys == NULL ? NULL : hl_plot_scratch_new();
    if (cr == NULL)
        return hl_error_set(err, HL_ERR_RUNTIME, "%s scaling: out of memory", exp->workload);
    sc->ideal = hl_ideal_of(exp, r != NULL ? r->cores : 0);
    double min_s, max_s;
    find_ranges(sc, &min_s, &max_s);
    make_texts(sc, r);
    sc->lo = log2(sc->min_w) - X_PAD;
    sc->hi = log2(sc->max_w) + X_PAD;

    double inner_w = st->width - 2 * st->margin;
    double y = st->margin + hl_plot_title_height(cr, st, sc->subtitle) + GAP_TITLE;
    sc->legend_y = y;
    y += hl_plot_legend_height(cr, st, &sc->legend, inner_w) + GAP_LEGEND;
    y += hl_plot_line_height(cr, &st->label) + 8; /* the y axis title above the plot */
    /* Padded: no dot, whisker or ideal sits on an axis. */
    hl_plot_value_axis_make_log(min_s / Y_PAD, max_s * Y_PAD, &sc->axis);
    double tick_w = 0;
    char buf[64];
    for (int i = 0; i < sc->axis.nticks; i++) {
        hl_plot_value_label(&sc->axis, i, buf, sizeof buf);
        tick_w = fmax(tick_w, hl_plot_text_width(cr, &st->tick, buf));
    }
    double left = st->margin + tick_w + TICK_LEN + 6;
    sc->plot = (struct hl_plot_rect){left, y, st->width - st->margin - left, PLOT_H};
    sc->width = st->width;
    sc->height = ceil(y + PLOT_H + hl_plot_time_ticks_height(cr, st) + st->margin);
    place_dots(sc);
    int rc = hl_plot_scaling_place_labels(sc, cr);
    cairo_destroy(cr);
    if (rc != 0)
        return hl_error_set(err, HL_ERR_RUNTIME, "%s scaling: out of memory", exp->workload);
    return 0;
}

void hl_plot_scaling_free(struct hl_plot_scaling *sc) {
    free(sc->xs);
    free(sc->ys);
    free(sc->labels);
    free(sc->label_config);
    free(sc->label_text);
    sc->xs = sc->ys = NULL;
    sc->labels = NULL;
    sc->label_config = NULL;
    sc->label_text = NULL;
    sc->nlabels = 0;
}
