#include "plot/axis.h"

#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

struct unit {
    const char *name;
    double scale, below; /* used for values under `below` seconds */
};

static const struct unit units[] = {
    {"ns", 1e9, 1e-6}, {"\xc2\xb5s", 1e6, 1e-3}, {"ms", 1e3, 1}, {"s", 1, INFINITY}};

static const struct unit *unit_for(double s) {
    size_t i = 0;
    /* Slightly below the boundary: 1.0 ms stays "1 ms", not "1000 µs". */
    while (s >= units[i].below * (1 - 1e-9))
        i++;
    return &units[i];
}

void hl_plot_time_axis_make(double span_s, int max_ticks, struct hl_plot_time_axis *ax) {
    if (!(span_s > 0))
        span_s = 1e-6;
    if (!(span_s < 1e12)) /* infinite or absurd: the tick count must stay an int */
        span_s = 1e12;
    if (max_ticks < 2)
        max_ticks = 2;
    if (max_ticks > HL_PLOT_MAX_TICKS - 1)
        max_ticks = HL_PLOT_MAX_TICKS - 1;
    double raw = span_s / max_ticks;
    double mag = pow(10, floor(log10(raw)));
    static const double nice[] = {1, 2, 5, 10};
    double step = 10 * mag;
    for (size_t i = 0; i < sizeof nice / sizeof nice[0]; i++) {
        if (nice[i] * mag >= raw * (1 - 1e-9)) {
            step = nice[i] * mag;
            break;
        }
    }
    int n = (int)ceil(span_s / step - 1e-9);
    ax->step_s = step;
    ax->nticks = n + 1;
    ax->max_s = n * step;
    const struct unit *u = unit_for(ax->max_s);
    ax->unit = u->name;
    ax->unit_scale = u->scale;
    double step_in_unit = step * u->scale;
    int d = (int)ceil(-log10(step_in_unit) - 1e-9);
    ax->decimals = d > 0 ? d : 0;
}

void hl_plot_tick_label(const struct hl_plot_time_axis *ax, int i, char *buf, size_t size) {
    snprintf(buf, size, "%.*f", ax->decimals, i * ax->step_s * ax->unit_scale);
}

void hl_plot_fmt_duration(double s, char *buf, size_t size) {
    if (isnan(s)) {
        snprintf(buf, size, "-");
        return;
    }
    const struct unit *u = unit_for(fabs(s));
    double v = s * u->scale;
    double a = fabs(v);
    int d = a >= 99.95 ? 0 : a >= 9.995 ? 1 : 2;
    snprintf(buf, size, "%.*f %s", d, v, u->name);
}

void hl_plot_fmt_count(int64_t v, char *buf, size_t size) {
    char digits[32];
    /* The magnitude in unsigned arithmetic: -INT64_MIN is not an int64_t. */
    uint64_t mag = v < 0 ? 0 - (uint64_t)v : (uint64_t)v;
    int n = snprintf(digits, sizeof digits, "%" PRIu64, mag);
    size_t o = 0;
    if (v < 0 && o + 1 < size)
        buf[o++] = '-';
    for (int i = 0; i < n && o + 1 < size; i++) {
        buf[o++] = digits[i];
        if ((n - 1 - i) % 3 == 0 && i != n - 1 && o + 1 < size)
            buf[o++] = ',';
    }
    buf[o] = '\0';
}

void hl_plot_fmt_speedup(double x, char *buf, size_t size) {
    if (isnan(x) || isinf(x)) {
        snprintf(buf, size, "%s", "");
        return;
    }
    int d = x >= 99.5 ? 0 : x >= 9.995 ? 1 : 2;
    snprintf(buf, size, "%.*f\xc3\x97", d, x); /* U+00D7 multiplication sign */
}

double hl_plot_time_x(const struct hl_plot_time_axis *ax, struct hl_plot_rect plot, double t_s) {
    return plot.x + t_s / ax->max_s * plot.w;
}

void hl_plot_draw_time_grid(cairo_t *cr, const struct hl_plot_time_axis *ax,
                            struct hl_plot_rect area) {
    hl_plot_set_rgb(cr, hl_plot_grid);
    cairo_set_line_width(cr, 1);
    for (int i = 1; i < ax->nticks; i++) {
        /* Half-pixel offset: a 1 px line on a pixel column stays crisp. */
        double x = floor(hl_plot_time_x(ax, area, i * ax->step_s)) + 0.5;
        cairo_move_to(cr, x, area.y);
        cairo_line_to(cr, x, area.y + area.h);
    }
    cairo_stroke(cr);
}

#define TICK_LEN 5
#define TICK_GAP 3
#define TITLE_GAP 8

double hl_plot_time_ticks_height(cairo_t *cr, const struct hl_plot_style *st) {
    return TICK_LEN + TICK_GAP + hl_plot_line_height(cr, &st->tick) + TITLE_GAP +
           hl_plot_line_height(cr, &st->label);
}

int hl_plot_ticks_for_width(double width) {
    int n = (int)(width / 90);
    return n < 4 ? 4 : n;
}

void hl_plot_draw_time_ticks(cairo_t *cr, const struct hl_plot_style *st,
                             const struct hl_plot_time_axis *ax, struct hl_plot_rect plot,
                             const char *title) {
    double y = floor(plot.y + plot.h) + 0.5;
    hl_plot_set_rgb(cr, hl_plot_axis);
    cairo_set_line_width(cr, 1);
    cairo_move_to(cr, plot.x, y);
    cairo_line_to(cr, plot.x + plot.w, y);
    for (int i = 0; i < ax->nticks; i++) {
        double x = floor(hl_plot_time_x(ax, plot, i * ax->step_s)) + 0.5;
        cairo_move_to(cr, x, y);
        cairo_line_to(cr, x, y + TICK_LEN);
    }
    cairo_stroke(cr);
    char buf[64];
    for (int i = 0; i < ax->nticks; i++) {
        hl_plot_tick_label(ax, i, buf, sizeof buf);
        hl_plot_text(cr, &st->tick, hl_plot_time_x(ax, plot, i * ax->step_s),
                     y + TICK_LEN + TICK_GAP, HL_PLOT_CENTER, HL_PLOT_TOP, buf);
    }
    char full[160];
    snprintf(full, sizeof full, "%s (%s)", title, ax->unit);
    hl_plot_text(cr, &st->label, plot.x + plot.w / 2,
                 y + TICK_LEN + TICK_GAP + hl_plot_line_height(cr, &st->tick) + TITLE_GAP,
                 HL_PLOT_CENTER, HL_PLOT_TOP, full);
}

/* A log10 axis over [min_s, max_s] (0 < min_s < max_s). */
static void log_axis(double min_s, double max_s, struct hl_plot_value_axis *ax);

void hl_plot_value_axis_make_log(double min_s, double max_s, struct hl_plot_value_axis *ax) {
    memset(ax, 0, sizeof *ax);
    if (!(max_s > 0))
        max_s = 1e-6;
    if (!(min_s > 0) || min_s >= max_s)
        min_s = max_s / 10;
    ax->log = true;
    log_axis(min_s, max_s, ax);
}

void hl_plot_value_axis_make(double min_s, double max_s, struct hl_plot_value_axis *ax) {
    memset(ax, 0, sizeof *ax);
    if (!(max_s > 0))
        max_s = 1e-6;
    ax->log = min_s > 0 && max_s / min_s > 10;
    if (ax->log) {
        log_axis(min_s, max_s, ax);
        return;
    }
    struct hl_plot_time_axis lin;
    hl_plot_time_axis_make(max_s, 6, &lin);
    ax->lo = 0;
    ax->hi = lin.max_s;
    ax->nticks = lin.nticks;
    for (int i = 0; i < lin.nticks; i++)
        ax->ticks[i] = i * lin.step_s;
    ax->unit = lin.unit;
    ax->unit_scale = lin.unit_scale;
    ax->decimals = lin.decimals;
}

static void log_axis(double min_s, double max_s, struct hl_plot_value_axis *ax) {
    /* Ends at 1-2-5 steps just outside the data; ticks at 1-2-5 inside,
     * or at whole decades only when that would crowd. */
    static const double steps[] = {1, 2, 5};
    double lo = INFINITY, hi = -INFINITY;
    int k0 = (int)floor(log10(min_s)) - 1, k1 = (int)ceil(log10(max_s)) + 1;
    for (int k = k0; k <= k1; k++) {
        for (int m = 0; m < 3; m++) {
            double v = steps[m] * pow(10, k);
            if (v <= min_s * (1 + 1e-9))
                lo = v;
            if (v >= max_s * (1 - 1e-9) && hi == -INFINITY)
                hi = v;
        }
    }
    ax->lo = log10(lo);
    ax->hi = log10(hi);
    bool decades_only = ax->hi - ax->lo > 3.5;
    /* Within one decade 1-2-5 leaves two or three ticks: finer steps. */
    static const double fine[] = {1, 1.5, 2, 3, 4, 5, 6, 8};
    bool use_fine = ax->hi - ax->lo < 1 + 1e-9;
    const double *st = use_fine ? fine : steps;
    int nst = use_fine ? 8 : 3;
    for (int k = k0; k <= k1; k++) {
        for (int m = 0; m < nst && ax->nticks < HL_PLOT_MAX_TICKS; m++) {
            double v = st[m] * pow(10, k);
            if ((decades_only && m > 0) || log10(v) < ax->lo - 1e-9 || log10(v) > ax->hi + 1e-9)
                continue;
            ax->ticks[ax->nticks++] = v;
        }
    }
    const struct unit *u = unit_for(hi);
    ax->unit = u->name;
    ax->unit_scale = u->scale;
}

double hl_plot_value_pos(const struct hl_plot_value_axis *ax, double s) {
    if (ax->log)
        return s > 0 ? (log10(s) - ax->lo) / (ax->hi - ax->lo) : 0;
    return s / ax->hi;
}

void hl_plot_value_label(const struct hl_plot_value_axis *ax, int i, char *buf, size_t size) {
    if (ax->log)
        snprintf(buf, size, "%g", ax->ticks[i] * ax->unit_scale);
    else
        snprintf(buf, size, "%.*f", ax->decimals, ax->ticks[i] * ax->unit_scale);
}
