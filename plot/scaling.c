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
#define MAX_X_LABELS 12

/* Series are lines of configs sharing a backend and device. */
static bool same_series(const struct hl_config_result *a, const struct hl_config_result *b) {
    return strcmp(a->backend, b->backend) == 0 &&
           ((a->device == NULL && b->device == NULL) ||
            (a->device != NULL && b->device != NULL && strcmp(a->device, b->device) == 0));
}

static bool is_serial(const struct hl_config_result *c) {
    return hl_config_is_baseline(c);
}

/* An OpenCL configuration has no worker count to scale with (its queues
 * are not workers): it is a horizontal reference line at its time. */
static bool is_reference(const struct hl_config_result *c) {
    return hl_config_on_device(c);
}

/* The first config of c's series (its representative), by index. */
static size_t series_head(const struct hl_experiment_result *e, size_t c) {
    for (size_t i = 0; i < c; i++) {
        if (e->configs[i].nruns > 0 && same_series(&e->configs[i], &e->configs[c]))
            return i;
    }
    return c;
}

/* Series sharing a backend (several devices) get lighter shades. */
static struct hl_plot_rgb series_color(const struct hl_experiment_result *e, size_t head) {
    int shade = 0;
    for (size_t i = 0; i < head; i++) {
        const struct hl_config_result *c = &e->configs[i];
        shade += c->nruns > 0 && series_head(e, i) == i &&
                 strcmp(c->backend, e->configs[head].backend) == 0;
    }
    return hl_plot_mix(hl_plot_backend_color(e->configs[head].backend), hl_plot_white,
                       0.3 * (shade % 3));
}

static void series_name(const struct hl_config_result *c, char *buf, size_t size) {
    if (c->device != NULL)
        snprintf(buf, size, "%s (%.40s)", c->backend, c->device);
    else
        snprintf(buf, size, "%s", c->backend);
}

static void find_ideal(struct hl_plot_scaling *sc) {
    const struct hl_experiment_result *e = sc->exp;
    const struct hl_param *lat = hl_experiment_param(e, "latency_ms");
    if (lat != NULL && lat->type != HL_PARAM_TEXT) {
        const struct hl_param *t = hl_experiment_param(e, "tasks");
        sc->latency_s = (lat->type == HL_PARAM_INT ? (double)lat->i : lat->r) * 1e-3;
        sc->tasks = t != NULL && t->type == HL_PARAM_INT ? t->i
                    : e->nconfigs > 0                    ? e->configs[0].tasks
                                                         : 0;
        sc->ideal = sc->tasks > 0 && sc->latency_s > 0 ? HL_IDEAL_LATENCY : HL_IDEAL_NONE;
        return;
    }
    for (size_t i = 0; i < e->nconfigs; i++) {
        const struct hl_config_result *c = &e->configs[i];
        if (hl_config_is_baseline(c) && c->nruns > 0 && c->verified) {
            sc->serial_s = hl_plot_median_wall(c);
            sc->ideal = HL_IDEAL_SERIAL;
            return;
        }
    }
}

double hl_plot_scaling_ideal(const struct hl_plot_scaling *sc, int workers) {
    if (sc->ideal == HL_IDEAL_SERIAL)
        return sc->serial_s / workers;
    if (sc->ideal == HL_IDEAL_LATENCY)
        return ceil((double)sc->tasks / workers) * sc->latency_s;
    return NAN;
}

static void make_texts(struct hl_plot_scaling *sc, int runs) {
    const struct hl_experiment_result *e = sc->exp;
    snprintf(sc->title, sizeof sc->title, "%s \xe2\x80\x94 wall time against workers", e->workload);
    char ideal[160], lat[32];
    if (sc->ideal == HL_IDEAL_SERIAL)
        snprintf(ideal, sizeof ideal, "dashed: ideal = serial / W");
    else if (sc->ideal == HL_IDEAL_LATENCY) {
        hl_plot_fmt_duration(sc->latency_s, lat, sizeof lat);
        snprintf(ideal, sizeof ideal, "dashed: ideal = ceil(%lld / W) \xc3\x97 %s latency",
                 (long long)sc->tasks, lat);
    } else
        snprintf(ideal, sizeof ideal, "no ideal line: no verified serial run");
    snprintf(sc->subtitle, sizeof sc->subtitle,
             "dot: median of %d run%s \xc2\xb7 whisker: fastest to slowest \xc2\xb7 %s", runs,
             runs == 1 ? "" : "s", ideal);
    char name[96];
    for (size_t i = 0; i < e->nconfigs; i++) {
        if (e->configs[i].nruns == 0 || series_head(e, i) != i)
            continue;
        series_name(&e->configs[i], name, sizeof name);
        hl_plot_legend_add(&sc->legend,
                           is_serial(&e->configs[i])      ? HL_SWATCH_BASELINE
                           : is_reference(&e->configs[i]) ? HL_SWATCH_IDEAL
                                                          : HL_SWATCH_SERIES,
                           series_color(e, i), name);
    }
    if (sc->ideal != HL_IDEAL_NONE)
        hl_plot_legend_add(&sc->legend, HL_SWATCH_IDEAL, hl_plot_ink, "ideal");
}

int hl_plot_scaling_layout(struct hl_plot_scaling *sc, const struct hl_experiment_result *exp,
                           int runs, const struct hl_plot_style *st, struct hl_error *err) {
    memset(sc, 0, sizeof *sc);
    sc->exp = exp;
    sc->style = st;
    cairo_t *cr = hl_plot_scratch_new();
    if (cr == NULL)
        return hl_error_set(err, HL_ERR_RUNTIME, "cairo cannot make a drawing context");
    find_ideal(sc);
    make_texts(sc, runs);
    double max_s = 0, min_s = INFINITY;
    sc->min_w = 0;
    for (size_t i = 0; i < exp->nconfigs; i++) {
        const struct hl_config_result *c = &exp->configs[i];
        if (c->nruns == 0 || c->workers < 1)
            continue;
        if (is_reference(c)) { /* a line at its median: only its time counts */
            max_s = fmax(max_s, hl_plot_median_wall(c));
            min_s = fmin(min_s, hl_plot_median_wall(c));
            continue;
        }
        sc->min_w = sc->min_w == 0 || c->workers < sc->min_w ? c->workers : sc->min_w;
        sc->max_w = c->workers > sc->max_w ? c->workers : sc->max_w;
        max_s = fmax(max_s, hl_plot_stored_s(c->wall_s.max));
        min_s = fmin(min_s, hl_plot_stored_s(c->wall_s.min));
    }
    if (sc->min_w == 0)
        sc->min_w = sc->max_w = 1;
    double ideal_top = hl_plot_scaling_ideal(sc, sc->min_w);
    double ideal_low = hl_plot_scaling_ideal(sc, sc->max_w);
    if (!isnan(ideal_top))
        max_s = fmax(max_s, ideal_top);
    if (!isnan(ideal_low))
        min_s = fmin(min_s, ideal_low);
    sc->lo = log2(sc->min_w) - 0.4;
    sc->hi = log2(sc->max_w) + 0.4;

    double inner_w = st->width - 2 * st->margin;
    double y = st->margin + hl_plot_title_height(cr, st, sc->subtitle) + GAP_TITLE;
    sc->legend_y = y;
    y += hl_plot_legend_height(cr, st, &sc->legend, inner_w) + GAP_LEGEND;
    y += hl_plot_line_height(cr, &st->label) + 8; /* the y axis title above the plot */
    hl_plot_value_axis_make(min_s, max_s * 1.04, &sc->axis);
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
    cairo_destroy(cr);
    return 0;
}

static double px(const struct hl_plot_scaling *sc, double workers) {
    return sc->plot.x + (log2(workers) - sc->lo) / (sc->hi - sc->lo) * sc->plot.w;
}

static double py(const struct hl_plot_scaling *sc, double s) {
    return sc->plot.y + sc->plot.h - hl_plot_value_pos(&sc->axis, s) * sc->plot.h;
}

static void draw_axes(cairo_t *cr, const struct hl_plot_scaling *sc) {
    const struct hl_plot_style *st = sc->style;
    const struct hl_plot_rect p = sc->plot;
    char buf[96];
    hl_plot_set_rgb(cr, hl_plot_grid);
    cairo_set_line_width(cr, 1);
    for (int i = 0; i < sc->axis.nticks; i++) {
        double y = floor(py(sc, sc->axis.ticks[i])) + 0.5;
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
        double y = py(sc, sc->axis.ticks[i]);
        hl_plot_value_label(&sc->axis, i, buf, sizeof buf);
        hl_plot_text(cr, &st->tick, p.x - TICK_LEN - 4, y, HL_PLOT_RIGHT, HL_PLOT_MIDDLE, buf);
    }
    snprintf(buf, sizeof buf, "median wall time (%s%s)", sc->axis.unit,
             sc->axis.log ? ", log scale" : "");
    hl_plot_text(cr, &st->label, st->margin, p.y - 8, HL_PLOT_LEFT, HL_PLOT_BOTTOM, buf);
    /* x ticks at the worker counts measured; powers of two when crowded. */
    int distinct = 0;
    for (int w = sc->min_w; w <= sc->max_w; w++) {
        for (size_t i = 0; i < sc->exp->nconfigs; i++) {
            if (sc->exp->configs[i].nruns > 0 && sc->exp->configs[i].workers == w &&
                !is_reference(&sc->exp->configs[i])) {
                distinct++;
                break;
            }
        }
    }
    double base = floor(p.y + p.h) + 0.5;
    for (int w = sc->min_w; w <= sc->max_w; w++) {
        bool used = false;
        for (size_t i = 0; i < sc->exp->nconfigs && !used; i++)
            used = sc->exp->configs[i].nruns > 0 && sc->exp->configs[i].workers == w &&
                   !is_reference(&sc->exp->configs[i]);
        if (!used || (distinct > MAX_X_LABELS && (w & (w - 1)) != 0))
            continue;
        double x = floor(px(sc, w)) + 0.5;
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

static void draw_ideal(cairo_t *cr, const struct hl_plot_scaling *sc) {
    static const double dash[] = {6, 4};
    if (sc->ideal == HL_IDEAL_NONE)
        return;
    cairo_save(cr);
    hl_plot_set_rgba(cr, hl_plot_ink, 0.75);
    cairo_set_line_width(cr, 1.5);
    cairo_set_dash(cr, dash, 2, 0);
    if (sc->ideal == HL_IDEAL_SERIAL) {
        /* serial / W is a curve on a log x axis: sample it. */
        for (int i = 0; i <= 64; i++) {
            double w = exp2(log2(sc->min_w) + (log2(sc->max_w) - log2(sc->min_w)) * i / 64);
            cairo_line_to(cr, px(sc, w), py(sc, sc->serial_s / w));
        }
    } else {
        /* ceil(T / W) x latency is a staircase, flat between worker counts. */
        for (int w = sc->min_w; w <= sc->max_w; w++) {
            double y = py(sc, hl_plot_scaling_ideal(sc, w));
            cairo_line_to(cr, px(sc, w), y);
            cairo_line_to(cr, px(sc, w < sc->max_w ? w + 1 : w), y);
        }
    }
    cairo_stroke(cr);
    cairo_restore(cr);
}

static void draw_series(cairo_t *cr, const struct hl_plot_scaling *sc, size_t head) {
    const struct hl_experiment_result *e = sc->exp;
    struct hl_plot_rgb color = series_color(e, head);
    /* Line through the series' medians in order of worker count. */
    hl_plot_set_rgb(cr, color);
    cairo_set_line_width(cr, 2);
    for (int w = sc->min_w; w <= sc->max_w; w++) {
        for (size_t i = head; i < e->nconfigs; i++) {
            const struct hl_config_result *c = &e->configs[i];
            if (c->nruns > 0 && c->workers == w && series_head(e, i) == head)
                cairo_line_to(cr, px(sc, w), py(sc, hl_plot_median_wall(c)));
        }
    }
    cairo_stroke(cr);
    for (size_t i = head; i < e->nconfigs; i++) {
        const struct hl_config_result *c = &e->configs[i];
        if (c->nruns == 0 || c->workers < 1 || series_head(e, i) != head)
            continue;
        double x = px(sc, c->workers), y = py(sc, hl_plot_median_wall(c));
        double ya = py(sc, hl_plot_stored_s(c->wall_s.min));
        double yb = py(sc, hl_plot_stored_s(c->wall_s.max));
        hl_plot_set_rgb(cr, hl_plot_ink);
        cairo_set_line_width(cr, 1.2);
        cairo_move_to(cr, x, ya);
        cairo_line_to(cr, x, yb);
        cairo_move_to(cr, x - 4, ya);
        cairo_line_to(cr, x + 4, ya);
        cairo_move_to(cr, x - 4, yb);
        cairo_line_to(cr, x + 4, yb);
        cairo_stroke(cr);
        if (is_serial(c) && c->verified)
            continue; /* a diamond, drawn over every series at the end */
        /* An unverified point is a hollow red ring: present, not trusted. */
        cairo_arc(cr, x, y, 5.5, 0, 2 * M_PI);
        hl_plot_set_rgb(cr, c->verified ? color : hl_plot_white);
        cairo_fill_preserve(cr);
        hl_plot_set_rgb(cr, c->verified ? hl_plot_mix(color, hl_plot_ink, 0.4) : hl_plot_failed);
        cairo_set_line_width(cr, c->verified ? 1.2 : 2.5);
        cairo_stroke(cr);
    }
}

/* A label right of each point ("5.48 ms · 1.95×"), pushed down where it
 * would overlap the one above it at the same worker count, and put left of
 * the point near the right edge. Returns -1 when out of memory. */
struct label {
    double x, y;
    size_t config;
};

static int cmp_label(const void *a, const void *b) {
    const struct label *p = a, *q = b;
    if (p->x != q->x)
        return p->x < q->x ? -1 : 1;
    return (p->y > q->y) - (p->y < q->y);
}

static int draw_labels(cairo_t *cr, const struct hl_plot_scaling *sc) {
    const struct hl_experiment_result *e = sc->exp;
    struct hl_plot_font font = sc->style->small;
    font.halo = true;
    font.color = hl_plot_ink;
    const struct hl_plot_font *f = &font;
    struct label *lb = hl_malloc((e->nconfigs + 1) * sizeof *lb);
    if (lb == NULL)
        return -1;
    size_t n = 0;
    for (size_t i = 0; i < e->nconfigs; i++) {
        const struct hl_config_result *c = &e->configs[i];
        if (c->nruns > 0 && c->workers >= 1 && !is_reference(c))
            lb[n++] = (struct label){px(sc, c->workers), py(sc, hl_plot_median_wall(c)), i};
    }
    qsort(lb, n, sizeof *lb, cmp_label);
    double line_h = hl_plot_line_height(cr, f) + 1;
    for (size_t i = 1; i < n; i++) {
        if (lb[i].x == lb[i - 1].x && lb[i].y < lb[i - 1].y + line_h)
            lb[i].y = lb[i - 1].y + line_h;
    }
    for (size_t i = 0; i < n; i++) {
        const struct hl_config_result *c = &e->configs[lb[i].config];
        char wall[32], x[32], text[96];
        hl_plot_fmt_duration(hl_plot_median_wall(c), wall, sizeof wall);
        hl_plot_fmt_speedup(c->speedup, x, sizeof x);
        snprintf(text, sizeof text, "%s %s%s%s", c->label, wall, x[0] != '\0' ? " \xc2\xb7 " : "",
                 x);
        /* Left of the first column, where no line runs; else right, unless
         * that would leave the plot. */
        bool first = sc->min_w < sc->max_w && lb[i].x == px(sc, sc->min_w);
        bool left =
            first || lb[i].x + 10 + hl_plot_text_width(cr, f, text) > sc->plot.x + sc->plot.w;
        hl_plot_text(cr, f, left ? lb[i].x - 10 : lb[i].x + 10, lb[i].y,
                     left ? HL_PLOT_RIGHT : HL_PLOT_LEFT, HL_PLOT_MIDDLE, text);
    }
    free(lb);
    return 0;
}

/* Each device configuration: a dashed line across the plot at its median
 * wall time, labelled at the right with its name, time and speedup. */
static void draw_references(cairo_t *cr, const struct hl_plot_scaling *sc) {
    static const double dash[] = {9, 4};
    const struct hl_experiment_result *e = sc->exp;
    struct hl_plot_font f = sc->style->small;
    f.halo = true;
    double last_y = -1e9, line_h = hl_plot_line_height(cr, &f) + 1;
    for (size_t i = 0; i < e->nconfigs; i++) {
        const struct hl_config_result *c = &e->configs[i];
        if (c->nruns == 0 || !is_reference(c))
            continue;
        struct hl_plot_rgb color = series_color(e, series_head(e, i));
        double y = py(sc, hl_plot_median_wall(c));
        cairo_save(cr);
        hl_plot_set_rgb(cr, c->verified ? color : hl_plot_failed);
        cairo_set_line_width(cr, 1.8);
        cairo_set_dash(cr, dash, 2, 0);
        cairo_move_to(cr, sc->plot.x, y);
        cairo_line_to(cr, sc->plot.x + sc->plot.w, y);
        cairo_stroke(cr);
        cairo_restore(cr);
        char wall[32], x[32], text[128];
        hl_plot_fmt_duration(hl_plot_median_wall(c), wall, sizeof wall);
        hl_plot_fmt_speedup(c->speedup, x, sizeof x);
        snprintf(text, sizeof text, "%s%s %s%s%s", c->label, c->verified ? "" : " (NOT VERIFIED)",
                 wall, x[0] != '\0' ? " \xc2\xb7 " : "", x);
        /* above its line at the right; below the previous label when close */
        double ty = y - 3 < last_y + line_h ? last_y + line_h : y - 3;
        f.color = hl_plot_mix(color, hl_plot_ink, 0.4);
        hl_plot_text(cr, &f, sc->plot.x + sc->plot.w - 4, ty, HL_PLOT_RIGHT, HL_PLOT_BOTTOM, text);
        last_y = ty;
    }
}

static int draw(cairo_t *cr, const void *ctx) {
    const struct hl_plot_scaling *sc = ctx;
    const struct hl_plot_style *st = sc->style;
    hl_plot_clear(cr, sc->width, sc->height);
    hl_plot_draw_title(cr, st, st->margin, sc->title, NULL, sc->subtitle);
    hl_plot_legend_draw(cr, st, &sc->legend, st->margin, sc->legend_y, st->width - 2 * st->margin);
    draw_axes(cr, sc);
    draw_ideal(cr, sc);
    for (size_t i = 0; i < sc->exp->nconfigs; i++) {
        if (sc->exp->configs[i].nruns > 0 && series_head(sc->exp, i) == i &&
            !is_reference(&sc->exp->configs[i]))
            draw_series(cr, sc, i);
    }
    draw_references(cr, sc);
    for (size_t i = 0; i < sc->exp->nconfigs; i++) {
        const struct hl_config_result *c = &sc->exp->configs[i];
        if (c->nruns > 0 && c->workers >= 1 && c->verified && is_serial(c))
            hl_plot_diamond(cr, px(sc, c->workers), py(sc, hl_plot_median_wall(c)), 8,
                            hl_plot_backend_color(c->backend));
    }
    return draw_labels(cr, sc);
}

struct hl_plot_chart hl_plot_scaling_chart(const struct hl_plot_scaling *sc) {
    return (struct hl_plot_chart){sc->width, sc->height, draw, sc};
}
