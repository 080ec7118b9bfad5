#include "plot/roofline.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model/backend_traits.h"
#include "plot/view.h"
#include "util/alloc.h"

#define GAP_TITLE 14
#define PLOT_H 460
#define BAND_W 150
#define TICKS_H 44
#define DOT_R 5

/* v as results.json keeps it: printed with `digits` decimals, read back. */
static double stored(double v, int digits) {
    char buf[64];
    if (!isfinite(v))
        return v;
    snprintf(buf, sizeof buf, "%.*f", digits, v);
    return strtod(buf, NULL);
}

static void store_ceilings(const struct hl_results *r, struct hl_results *out) {
    memset(out, 0, sizeof *out);
    out->ceilings = r->ceilings;
    out->copy = r->copy;
    struct hl_ceilings *c = &out->ceilings;
    for (int w = 0; w <= HL_CEIL_MAX_THREADS; w++) {
        c->cpu.copy_gbs[w] = stored(c->cpu.copy_gbs[w], 3);
        c->cpu.add_gops[w] = stored(c->cpu.add_gops[w], 3);
        c->cpu.thread_floor_s[w] = stored(c->cpu.thread_floor_s[w], 9);
        c->cpu.fork_floor_s[w] = stored(c->cpu.fork_floor_s[w], 9);
        out->copy.gbs[w] = stored(out->copy.gbs[w], 3);
    }
    c->age_s = stored(c->age_s, 3);
    for (size_t d = 0; d < HL_CEIL_MAX_DEVICES; d++) {
        struct hl_device_ceilings *v = &c->devices[d];
        v->mem_gbs = stored(v->mem_gbs, 3);
        v->add_gops = stored(v->add_gops, 3);
        v->h2d_pageable_gbs = stored(v->h2d_pageable_gbs, 3);
        v->d2h_pageable_gbs = stored(v->d2h_pageable_gbs, 3);
        v->h2d_pinned_gbs = stored(v->h2d_pinned_gbs, 3);
        v->d2h_pinned_gbs = stored(v->d2h_pinned_gbs, 3);
        v->launch_s = stored(v->launch_s, 9);
    }
}

const char *hl_plot_roofline_ops(const struct hl_experiment_result *e) {
    if (strcmp(e->intensity.op, "multiply") == 0)
        return "multiplies";
    if (strcmp(e->intensity.op, "add") == 0)
        return "additions";
    return "operations";
}

/* A ceiling line "WHO: WHAT VALUE UNIT"; none when not measured. */
static void add_line(struct hl_plot_roofline *rf, bool flat, bool dashed, double value,
                     struct hl_plot_rgb color, const char *who, const char *what) {
    if (!(value > 0) || rf->nlines >= HL_PLOT_ROOF_LINES)
        return;
    struct hl_plot_roof_line *l = &rf->lines[rf->nlines++];
    *l = (struct hl_plot_roof_line){.flat = flat, .dashed = dashed, .value = value, .color = color};
    snprintf(l->text, sizeof l->text, "%s: %s %.1f %s", who, what, value * 1e-9,
             flat ? "G/s" : "GB/s");
}

/* The CPU's ceilings at every worker count a CPU configuration used
 * (past the cores: the cores'), lighter for fewer threads. */
static void cpu_lines(struct hl_plot_roofline *rf) {
    const struct hl_results *s = &rf->stored;
    int top = s->ceilings.measured ? s->ceilings.cpu.cores : 0;
    for (int w = HL_COPY_MAX_THREADS; top == 0 && w >= 1; w--)
        top = s->copy.gbs[w] > 0 ? w : 0;
    bool used[HL_CEIL_MAX_THREADS + 1] = {false};
    int nused = 0;
    for (size_t i = 0; i < rf->ndots; i++) {
        int w = rf->dots[i].config.workers < 1 ? 1 : rf->dots[i].config.workers;
        w = w < top ? w : top;
        if (!rf->dots[i].point.device && w >= 1 && !used[w]) {
            used[w] = true;
            nused++;
        }
    }
    struct hl_plot_rgb blue = hl_plot_backend_color("pthread");
    int k = 0;
    for (int w = 1; w <= top; w++) {
        if (!used[w])
            continue;
        char who[48];
        snprintf(who, sizeof who, "CPU, %d thread%s", w, w == 1 ? "" : "s");
        double copy = hl_ceilings_cpu_copy(&s->ceilings, w);
        copy = copy > 0 ? copy : s->copy.gbs[w];
        double light = nused > 1 ? 0.6 * (double)(nused - 1 - k) / (nused - 1) : 0;
        struct hl_plot_rgb c = hl_plot_mix(blue, hl_plot_white, light);
        add_line(rf, false, false, copy * 1e9, c, who, "copy");
        add_line(rf, true, false, hl_ceilings_cpu_add(&s->ceilings, w) * 1e9, c, who, "int64 add");
        k++;
    }
}

/* Each device's memory and add ceilings, and its link in the modes run. */
static void device_lines(struct hl_plot_roofline *rf) {
    const struct hl_ceilings *c = &rf->stored.ceilings;
    struct hl_plot_rgb green = hl_plot_backend_color("opencl");
    for (size_t d = 0; d < c->ndevices; d++) {
        const struct hl_device_ceilings *dev = &c->devices[d];
        bool used = false, mode[2] = {false, false};
        for (size_t i = 0; i < rf->ndots; i++) {
            const struct hl_roof_point *p = &rf->dots[i].point;
            if (!p->device || strcmp(p->device_index, dev->index) != 0)
                continue;
            used = true;
            const char *t = rf->dots[i].config.transfer;
            mode[0] = mode[0] || (t != NULL && strcmp(t, "pinned") == 0);
            mode[1] = mode[1] || (t != NULL && strcmp(t, "pageable") == 0);
        }
        if (!used)
            continue;
        struct hl_plot_rgb col = hl_plot_mix(green, hl_plot_ink, 0.25 * (double)(d % 3));
        char who[48];
        snprintf(who, sizeof who, "opencl:%s", dev->index);
        add_line(rf, false, false, dev->mem_gbs * 1e9, col, who, "memory");
        add_line(rf, true, false, dev->add_gops * 1e9, col, who, "int64 add");
        static const char *const modes[2] = {"pinned", "pageable"};
        static const char *const names[2] = {"link (PCIe), pinned,", "link (PCIe), pageable,"};
        for (int m = 0; m < 2; m++) {
            double link = mode[m] ? hl_roofline_link_gbs(dev, modes[m]) : 0;
            add_line(rf, false, true, link * 1e9, hl_plot_mix(col, hl_plot_ink, 0.3), who,
                     names[m]);
        }
    }
}

static int make_dots(struct hl_plot_roofline *rf, const struct hl_experiment_result *e) {
    rf->dots = hl_calloc(e->nconfigs + 1, sizeof *rf->dots);
    if (rf->dots == NULL)
        return -1;
    for (size_t i = 0; i < e->nconfigs; i++) {
        struct hl_plot_roof_dot *d = &rf->dots[rf->ndots];
        d->config = e->configs[i];
        d->config.wall_s.median = hl_plot_stored_s(d->config.wall_s.median);
        hl_roofline_place(&rf->stored, e, &d->config, &d->point);
        if (!d->point.placed)
            continue;
        const struct hl_roof_point *p = &d->point;
        rf->band = rf->band || !isfinite(p->intensity);
        if (p->startup_bound)
            snprintf(d->text, sizeof d->text, "%s \xc2\xb7 start-up-bound", e->configs[i].label);
        else if (p->limit != HL_ROOF_NONE)
            snprintf(d->text, sizeof d->text, "%s \xc2\xb7 %.0f%% of %s", e->configs[i].label,
                     100 * p->fraction,
                     p->limit == HL_ROOF_LINK      ? "link"
                     : p->limit == HL_ROOF_COMPUTE ? "add"
                     : p->device                   ? "memory"
                                                   : "copy");
        else
            snprintf(d->text, sizeof d->text, "%s", e->configs[i].label);
        rf->ndots++;
    }
    return 0;
}

/* The axes' ranges: every point, every ridge (where a flat ceiling meets
 * a sloped one), a margin around. */
static void find_ranges(struct hl_plot_roofline *rf) {
    double xmin = INFINITY, xmax = 0, ymin = INFINITY, ymax = 0;
    for (size_t i = 0; i < rf->ndots; i++) {
        const struct hl_roof_point *p = &rf->dots[i].point;
        if (isfinite(p->intensity) && p->intensity > 0) {
            xmin = fmin(xmin, p->intensity);
            xmax = fmax(xmax, p->intensity);
        }
        ymin = fmin(ymin, p->ops_per_s);
        ymax = fmax(ymax, p->ops_per_s);
    }
    for (size_t i = 0; i < rf->nlines; i++) {
        if (!rf->lines[i].flat)
            continue;
        ymax = fmax(ymax, rf->lines[i].value);
        for (size_t k = 0; k < rf->nlines; k++) {
            if (!rf->lines[k].flat) /* the ridge of this pair */
                xmax = fmax(xmax, rf->lines[i].value / rf->lines[k].value);
        }
    }
    if (!(xmax > 0)) {
        xmin = 1.0 / 16;
        xmax = 4;
    }
    xmin = isfinite(xmin) ? fmin(xmin, xmax) : xmax / 64;
    rf->xlo = floor(log2(xmin) - 2) * log10(2.0);
    rf->xhi = ceil(log2(xmax) + 2) * log10(2.0);
    for (size_t i = 0; i < rf->nlines; i++) {
        if (!rf->lines[i].flat) /* sloped lines at the lowest point's intensity */
            ymin = fmin(ymin, rf->lines[i].value * xmin);
    }
    ymin = fmax(ymin, ymax * 1e-5);
    rf->ylo = floor(log10(ymin / 2));
    rf->yhi = ceil(log10(ymax * 2));
}

double hl_plot_roofline_px(const struct hl_plot_roofline *rf, double x) {
    if (!isfinite(x))
        return rf->plot.x + rf->plot.w - BAND_W / 2.0;
    return rf->area.x + (log10(x) - rf->xlo) / (rf->xhi - rf->xlo) * rf->area.w;
}

double hl_plot_roofline_py(const struct hl_plot_roofline *rf, double y) {
    return rf->plot.y + rf->plot.h - (log10(y) - rf->ylo) / (rf->yhi - rf->ylo) * rf->plot.h;
}

/* A line's visible segment inside the area (flat ones cross the band). */
static struct hl_plot_segment line_segment(const struct hl_plot_roofline *rf,
                                           const struct hl_plot_roof_line *l) {
    if (l->flat) {
        double y = hl_plot_roofline_py(rf, l->value);
        return (struct hl_plot_segment){rf->plot.x, y, rf->plot.x + rf->plot.w, y};
    }
    double x0 = pow(10, rf->xlo), x1 = pow(10, rf->xhi);
    double top = pow(10, rf->yhi), bottom = pow(10, rf->ylo);
    x1 = fmin(x1, top / l->value);
    x0 = fmax(x0, bottom / l->value);
    return (struct hl_plot_segment){
        hl_plot_roofline_px(rf, x0), hl_plot_roofline_py(rf, l->value * x0),
        hl_plot_roofline_px(rf, x1), hl_plot_roofline_py(rf, l->value * x1)};
}

static int place_labels(struct hl_plot_roofline *rf, cairo_t *cr) {
    const struct hl_plot_font *f = &rf->style->small;
    rf->labels = hl_calloc(rf->nlines + rf->ndots + 1, sizeof *rf->labels);
    struct hl_plot_segment *segs = hl_calloc(rf->nlines + 1, sizeof *segs);
    struct hl_plot_rect *rects = hl_calloc(rf->ndots + 1, sizeof *rects);
    int rc = rf->labels == NULL || segs == NULL || rects == NULL ? -1 : 0;
    for (size_t i = 0; rc == 0 && i < rf->nlines; i++) {
        segs[i] = line_segment(rf, &rf->lines[i]);
        struct hl_plot_label *l = &rf->labels[rf->nlabels++];
        /* a flat line at its left end, where the sloped ones are low; a
         * sloped one at its upper end */
        l->ax = rf->lines[i].flat ? segs[i].x0 + 4 : segs[i].x1 - 4;
        l->ay = rf->lines[i].flat ? segs[i].y0 : segs[i].y1;
        l->w = hl_plot_text_width(cr, f, rf->lines[i].text) + 4;
        l->h = hl_plot_line_height(cr, f) + 2;
    }
    size_t nband = 0, k = 0;
    for (size_t i = 0; i < rf->ndots; i++)
        nband += !isfinite(rf->dots[i].point.intensity);
    for (size_t i = 0; rc == 0 && i < rf->ndots; i++) {
        struct hl_plot_roof_dot *d = &rf->dots[i];
        d->x = hl_plot_roofline_px(rf, d->point.intensity);
        if (!isfinite(d->point.intensity)) /* spread across the band, in order */
            d->x = rf->area.x + rf->area.w + (rf->plot.w - rf->area.w) * (double)++k / (nband + 1);
        d->y = hl_plot_roofline_py(rf, d->point.ops_per_s);
        rects[i] = (struct hl_plot_rect){d->x - DOT_R, d->y - DOT_R, 2 * DOT_R, 2 * DOT_R};
        struct hl_plot_label *l = &rf->labels[rf->nlabels++];
        l->ax = d->x;
        l->ay = d->y;
        l->w = hl_plot_text_width(cr, f, d->text) + 4;
        l->h = hl_plot_line_height(cr, f) + 2;
    }
    if (rc == 0) {
        struct hl_plot_obstacles obs = {rects, rf->ndots, segs, rf->nlines};
        hl_plot_labels_place(rf->labels, rf->nlabels, &obs, rf->plot, 8);
    }
    free(segs);
    free(rects);
    return rc;
}

static void make_texts(struct hl_plot_roofline *rf, const struct hl_results *r) {
    const struct hl_experiment_result *e = rf->exp;
    const struct hl_ceilings *c = &rf->stored.ceilings;
    char at[64], host[200], params[160], when[96];
    snprintf(rf->title, sizeof rf->title,
             "%s \xe2\x80\x94 roofline: %s per second against %s per byte", e->workload,
             hl_plot_roofline_ops(e), hl_plot_roofline_ops(e));
    if (e->intensity.mem_bytes > 0)
        snprintf(at, sizeof at, "%g %s per %g bytes", e->intensity.ops, e->intensity.op,
                 e->intensity.mem_bytes);
    else
        snprintf(at, sizeof at, "%g %s, no bytes", e->intensity.ops, e->intensity.op);
    hl_plot_host_text(r, host, sizeof host);
    hl_plot_params_text(e, params, sizeof params);
    if (!c->measured)
        snprintf(when, sizeof when, "%s",
                 hl_copy_limit_known(&rf->stored.copy) ? "only the copy limit was measured"
                                                       : "no ceilings measured");
    else if (c->age_s > 0)
        snprintf(when, sizeof when, "ceilings taken %.0f s before the runs", c->age_s);
    else
        snprintf(when, sizeof when, "ceilings measured with the runs");
    const char *parts[] = {host, params, at, when,
                           "dashed: the host-device link \xc2\xb7 dot: median run"};
    hl_plot_join(rf->subtitle, sizeof rf->subtitle, parts, sizeof parts / sizeof parts[0]);
}

int hl_plot_roofline_layout(struct hl_plot_roofline *rf, const struct hl_results *r,
                            const struct hl_experiment_result *e, const struct hl_plot_style *st,
                            struct hl_error *err) {
    memset(rf, 0, sizeof *rf);
    rf->exp = e;
    rf->style = st;
    store_ceilings(r, &rf->stored);
    if (make_dots(rf, e) != 0)
        return hl_error_set(err, HL_ERR_RUNTIME, "out of memory for the %s roofline", e->workload);
    cpu_lines(rf);
    device_lines(rf);
    find_ranges(rf);
    make_texts(rf, r);
    cairo_t *cr = hl_plot_scratch_new();
    if (cr == NULL)
        return hl_error_set(err, HL_ERR_RUNTIME, "cairo cannot make a drawing context");
    double y = st->margin + hl_plot_title_height(cr, st, rf->subtitle) + GAP_TITLE;
    y += hl_plot_line_height(cr, &st->label) + 8; /* the y axis title */
    double left = st->margin + 56;
    rf->plot = (struct hl_plot_rect){left, y, st->width - st->margin - left, PLOT_H};
    rf->area = rf->plot;
    if (rf->band)
        rf->area.w -= BAND_W;
    rf->width = st->width;
    rf->height = ceil(y + PLOT_H + TICKS_H + st->margin);
    int rc = place_labels(rf, cr);
    cairo_destroy(cr);
    return rc == 0 ? 0
                   : hl_error_set(err, HL_ERR_RUNTIME, "out of memory for the %s roofline",
                                  e->workload);
}

void hl_plot_roofline_free(struct hl_plot_roofline *rf) {
    free(rf->dots);
    free(rf->labels);
    rf->dots = NULL;
    rf->labels = NULL;
    rf->ndots = rf->nlabels = 0;
}
