#include "plot/timeline.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "plot/lane_names.h"
#include "plot/lanes.h"

#define GAP_TITLE 12  /* title block to legend */
#define GAP_LEGEND 10 /* legend to the run-end label strip */
#define END_STRIP 16  /* strip above the plot for the "run end" label */
#define LABEL_GAP 10  /* y labels to the plot */

static void make_texts(struct hl_plot_timeline *tl) {
    const struct hl_plot_run_view *v = &tl->view;
    const struct hl_config_result *c = tl->cfg;
    char tasks[32], wall[32], speed[64], params[256], host[200] = "";
    hl_plot_fmt_count(v->ntasks, tasks, sizeof tasks);
    hl_plot_fmt_duration(v->wall_s, wall, sizeof wall);
    hl_plot_speedup_text(c, speed, sizeof speed);
    snprintf(tl->title, sizeof tl->title, "%s \xc2\xb7 %s \xe2\x80\x94 %s %s%s in %s \xc2\xb7 %s",
             tl->exp->workload, c->label, tasks, hl_plot_record_noun(c), v->ntasks == 1 ? "" : "s",
             wall, speed);
    tl->alert[0] = '\0';
    size_t o = 0;
    if (v->failed > 0)
        o += (size_t)snprintf(tl->alert + o, sizeof tl->alert - o, " \xc2\xb7 %lld FAILED",
                              (long long)v->failed);
    if (v->not_run > 0 && o < sizeof tl->alert)
        o += (size_t)snprintf(tl->alert + o, sizeof tl->alert - o, " \xc2\xb7 %lld not run",
                              (long long)v->not_run);
    if (o == 0 && !v->run->verified)
        snprintf(tl->alert, sizeof tl->alert, " \xc2\xb7 NOT VERIFIED");

    hl_plot_params_text(tl->exp, params, sizeof params);
    hl_plot_host_text(tl->results, host, sizeof host);
    char which[64], lanes[64];
    if (c->nruns > 1)
        snprintf(which, sizeof which, "median of %zu runs (run %zu)", c->nruns, v->index + 1);
    else
        snprintf(which, sizeof which, "1 run");
    snprintf(lanes, sizeof lanes, "%d %s%s", v->lanes, hl_plot_worker_noun(c),
             v->lanes == 1 ? "" : "s");
    char noisy[64] = "";
    if (c->noise.known && c->noise.flagged)
        snprintf(noisy, sizeof noisy, "noisy runs: slowest %.2f\xc3\x97 the fastest",
                 hl_plot_stored_s(c->wall_s.max) / hl_plot_stored_s(c->wall_s.min));
    const char *parts[] = {which, noisy, params, lanes, c->device, host};
    hl_plot_join(tl->subtitle, sizeof tl->subtitle, parts, 6);
}

static void make_legend(struct hl_plot_timeline *tl) {
    memset(&tl->legend, 0, sizeof tl->legend);
    hl_plot_legend_add_lanes(&tl->legend, tl->cfg, tl->view.lanes, hl_plot_worker_noun(tl->cfg));
    hl_plot_legend_add_phases(&tl->legend, tl->view.has_phase);
    if (tl->view.failed > 0)
        hl_plot_legend_add(&tl->legend, HL_SWATCH_FAILED, hl_plot_failed, "failed task");
    hl_plot_legend_add(&tl->legend, HL_SWATCH_RUN_END, hl_plot_ink, "run end (wall time)");
}

static double clamp(double v, double lo, double hi) {
    return v < lo ? lo : v > hi ? hi : v;
}

/* Widest y label, from the labels that can be widest. */
static double label_width(cairo_t *cr, const struct hl_plot_timeline *tl) {
    const struct hl_plot_style *st = tl->style;
    char buf[64], count[32];
    if (!tl->lanes) {
        snprintf(buf, sizeof buf, "%s %lld", hl_plot_record_noun(tl->cfg),
                 (long long)(tl->nrows - 1));
        return hl_plot_text_width(cr, &st->label, buf);
    }
    snprintf(buf, sizeof buf, "%s %d", hl_plot_worker_noun(tl->cfg), tl->nrows - 1);
    double w = hl_plot_text_width(cr, &st->label, buf);
    hl_plot_fmt_count(tl->view.ntasks, count, sizeof count);
    snprintf(buf, sizeof buf, "%s %ss", count, hl_plot_record_noun(tl->cfg));
    double w2 = hl_plot_text_width(cr, &st->small, buf);
    return w > w2 ? w : w2;
}

int hl_plot_timeline_layout(struct hl_plot_timeline *tl, const struct hl_results *results,
                            const struct hl_experiment_result *exp,
                            const struct hl_config_result *cfg, const struct hl_plot_style *st,
                            struct hl_error *err) {
    memset(tl, 0, sizeof *tl);
    tl->results = results;
    tl->exp = exp;
    tl->cfg = cfg;
    tl->style = st;
    int view = hl_plot_run_view(cfg, &tl->view, err);
    if (view < 0)
        return -1;
    if (view > 0)
        return hl_error_set(err, HL_ERR_RUNTIME, "%s %s: no run to draw", exp->workload,
                            cfg->label);
    cairo_t *cr = hl_plot_scratch_new();
    if (cr == NULL)
        return hl_error_set(err, HL_ERR_RUNTIME, "cairo cannot make a drawing context");
    make_texts(tl);
    make_legend(tl);

    tl->lanes = tl->view.ntasks > st->lane_threshold;
    tl->nrows = tl->lanes ? tl->view.lanes : (int)(tl->view.ntasks > 0 ? tl->view.ntasks : 1);
    if (tl->lanes)
        tl->row_h = floor(clamp(st->plot_target / tl->nrows, st->lane_min, st->lane_max));
    else
        tl->row_h = floor(clamp(st->plot_target / tl->nrows, st->row_min, st->row_max));
    tl->bar_h = tl->lanes ? tl->row_h : round(tl->row_h * 0.7);
    double label_h = hl_plot_line_height(cr, &st->label);
    tl->label_every = tl->row_h >= label_h ? 1 : (int)ceil(label_h / tl->row_h);

    double inner_w = st->width - 2 * st->margin;
    double y = st->margin + hl_plot_title_height(cr, st, tl->subtitle) + GAP_TITLE;
    if (tl->view.run->error != NULL) /* why the run failed, under the subtitle */
        y += hl_plot_line_height(cr, &st->subtitle) + 4;
    tl->legend_y = y;
    y += hl_plot_legend_height(cr, st, &tl->legend, inner_w) + GAP_LEGEND + END_STRIP;
    double left = st->margin + label_width(cr, tl) + LABEL_GAP;
    tl->plot = (struct hl_plot_rect){left, y, st->width - st->margin - left, tl->nrows * tl->row_h};
    tl->width = st->width;
    tl->height = ceil(y + tl->plot.h + hl_plot_time_ticks_height(cr, st) + st->margin);
    hl_plot_time_axis_make(tl->view.end_s, hl_plot_ticks_for_width(tl->plot.w), &tl->axis);
    cairo_destroy(cr);
    return 0;
}

double hl_plot_timeline_x(const struct hl_plot_timeline *tl, int64_t t_ns) {
    return hl_plot_time_x(&tl->axis, tl->plot, (double)t_ns * 1e-9);
}

double hl_plot_timeline_row_y(const struct hl_plot_timeline *tl, int row) {
    return tl->plot.y + (row + 0.5) * tl->row_h;
}

/* "failed: reason" beside a failed bar: right of it, else left, else on it. */
static void failure_label(cairo_t *cr, const struct hl_plot_timeline *tl,
                          const struct hl_task_record *t, struct hl_plot_rect bar) {
    struct hl_plot_font f = tl->style->label_bold;
    f.color = hl_plot_failed;
    char text[200], fit[200];
    /* Red hides the worker's color, so the label names the worker. */
    snprintf(text, sizeof text, "\xe2\x9c\x97 failed on %s %d%s%.140s",
             hl_plot_worker_noun(tl->cfg), t->worker, t->error[0] != '\0' ? ": " : "", t->error);
    double cy = bar.y + bar.h / 2, room_r = tl->plot.x + tl->plot.w - (bar.x + bar.w) - 8;
    double room_l = bar.x - tl->plot.x - 8;
    if (room_r >= 120 || room_r >= room_l) {
        hl_plot_text(cr, &f, bar.x + bar.w + 6, cy, HL_PLOT_LEFT, HL_PLOT_MIDDLE,
                     hl_plot_text_fit(cr, &f, text, room_r, fit, sizeof fit));
    } else {
        hl_plot_text(cr, &f, bar.x - 6, cy, HL_PLOT_RIGHT, HL_PLOT_MIDDLE,
                     hl_plot_text_fit(cr, &f, text, room_l, fit, sizeof fit));
    }
}

/* "w12" beside a bar once worker colors repeat, so that workers 2 and 12
 * are told apart: right of it, else left of it. */
static void worker_label(cairo_t *cr, const struct hl_plot_timeline *tl,
                         const struct hl_task_record *t, struct hl_plot_rect bar) {
    struct hl_plot_font f = tl->style->small;
    f.color = hl_plot_ink;
    char text[32];
    snprintf(text, sizeof text, "%c%d", hl_plot_worker_noun(tl->cfg)[0], t->worker);
    double w = hl_plot_text_width(cr, &f, text), cy = bar.y + bar.h / 2;
    if (bar.x + bar.w + 4 + w <= tl->plot.x + tl->plot.w)
        hl_plot_text(cr, &f, bar.x + fmax(bar.w, 1) + 4, cy, HL_PLOT_LEFT, HL_PLOT_MIDDLE, text);
    else
        hl_plot_text(cr, &f, bar.x - 4, cy, HL_PLOT_RIGHT, HL_PLOT_MIDDLE, text);
}

static void draw_rows(cairo_t *cr, const struct hl_plot_timeline *tl) {
    const struct hl_run_result *run = tl->view.run;
    for (size_t i = 0; i < run->ntasks; i++) {
        const struct hl_task_record *t = &run->tasks[i];
        double cy = hl_plot_timeline_row_y(tl, (int)i);
        enum hl_plot_task_state s = hl_plot_task_state(t);
        if (s == HL_TASK_NOT_RUN) {
            hl_plot_text(cr, &tl->style->note, tl->plot.x + 6, cy, HL_PLOT_LEFT, HL_PLOT_MIDDLE,
                         "not run");
            continue;
        }
        double x0 = hl_plot_timeline_x(tl, t->t0_ns), x1 = hl_plot_timeline_x(tl, t->t1_ns);
        struct hl_plot_rect bar = {x0, cy - tl->bar_h / 2, x1 - x0, tl->bar_h};
        if (s == HL_TASK_FAILED)
            hl_plot_failed_bar(cr, bar);
        else
            hl_plot_task_bar(cr, bar, hl_plot_worker_color(t->worker));
        hl_plot_phase_bands(cr, bar, t, hl_plot_timeline_x(tl, 0),
                            tl->plot.w / (tl->axis.max_s * 1e9));
        if (s == HL_TASK_FAILED)
            failure_label(cr, tl, t, bar);
        else if (tl->view.lanes > HL_PLOT_NWORKER_COLORS)
            worker_label(cr, tl, t, bar);
    }
}

static void draw_row_labels(cairo_t *cr, const struct hl_plot_timeline *tl) {
    const struct hl_plot_style *st = tl->style;
    double x = tl->plot.x - LABEL_GAP;
    char buf[64], count[32];
    if (!tl->lanes) {
        for (int i = 0; i < tl->nrows && (size_t)i < tl->view.run->ntasks; i++) {
            snprintf(buf, sizeof buf, "%s %d", hl_plot_record_noun(tl->cfg),
                     tl->view.run->tasks[i].task);
            hl_plot_text(cr, &st->label, x, hl_plot_timeline_row_y(tl, i), HL_PLOT_RIGHT,
                         HL_PLOT_MIDDLE, buf);
        }
        return;
    }
    int64_t per_lane[HL_PLOT_MAX_LANES] = {0};
    for (size_t i = 0; i < tl->view.run->ntasks; i++) {
        int w = tl->view.run->tasks[i].worker;
        if (w >= 0 && w < tl->nrows)
            per_lane[w]++;
    }
    double lh = hl_plot_line_height(cr, &st->label);
    bool two_lines = tl->row_h >= 2 * lh + 4;
    for (int k = 0; k < tl->nrows; k += tl->label_every) {
        double cy = hl_plot_timeline_row_y(tl, k);
        snprintf(buf, sizeof buf, "%s %d", hl_plot_worker_noun(tl->cfg), k);
        hl_plot_fmt_count(per_lane[k], count, sizeof count);
        if (two_lines) {
            hl_plot_text(cr, &st->label, x, cy - 1, HL_PLOT_RIGHT, HL_PLOT_BOTTOM, buf);
            snprintf(buf, sizeof buf, "%s %s%s", count, hl_plot_record_noun(tl->cfg),
                     per_lane[k] == 1 ? "" : "s");
            hl_plot_text(cr, &st->small, x, cy + 1, HL_PLOT_RIGHT, HL_PLOT_TOP, buf);
        } else {
            hl_plot_text(cr, &st->label, x, cy, HL_PLOT_RIGHT, HL_PLOT_MIDDLE, buf);
        }
    }
}

/* The dashed line where the run ended (its wall time), labeled above. */
static void draw_run_end(cairo_t *cr, const struct hl_plot_timeline *tl) {
    static const double dash[] = {4, 3};
    double x = floor(hl_plot_time_x(&tl->axis, tl->plot, tl->view.wall_s)) + 0.5;
    cairo_save(cr);
    hl_plot_set_rgba(cr, hl_plot_ink, 0.8);
    cairo_set_line_width(cr, 1.5);
    cairo_set_dash(cr, dash, 2, 0);
    cairo_move_to(cr, x, tl->plot.y - 4);
    cairo_line_to(cr, x, tl->plot.y + tl->plot.h);
    cairo_stroke(cr);
    cairo_restore(cr);
    /* Right-aligned to the line when it sits near the right edge. */
    bool near_right = x > tl->plot.x + tl->plot.w - 80;
    hl_plot_text(cr, &tl->style->small, near_right ? x - 4 : x + 4, tl->plot.y - 4,
                 near_right ? HL_PLOT_RIGHT : HL_PLOT_LEFT, HL_PLOT_BOTTOM, "run end");
}

static int draw(cairo_t *cr, const void *ctx) {
    const struct hl_plot_timeline *tl = ctx;
    const struct hl_plot_style *st = tl->style;
    hl_plot_clear(cr, tl->width, tl->height);
    double y = hl_plot_draw_title(cr, st, st->margin, tl->title,
                                  tl->alert[0] != '\0' ? tl->alert : NULL, tl->subtitle);
    if (tl->view.run->error != NULL) {
        struct hl_plot_font f = st->subtitle;
        char text[HL_ERROR_MSG_MAX + 16], fit[HL_ERROR_MSG_MAX + 16];
        f.color = hl_plot_failed;
        snprintf(text, sizeof text, "run failed: %s", tl->view.run->error);
        hl_plot_text(cr, &f, st->margin, y + 4, HL_PLOT_LEFT, HL_PLOT_TOP,
                     hl_plot_text_fit(cr, &f, text, st->width - 2 * st->margin, fit, sizeof fit));
    }
    hl_plot_legend_draw(cr, st, &tl->legend, st->margin, tl->legend_y, st->width - 2 * st->margin);
    struct hl_plot_lanes lanes = {.area = tl->plot,
                                  .nlanes = tl->nrows,
                                  .axis = &tl->axis,
                                  .run = tl->view.run,
                                  .phases = tl->view.any_phase};
    if (tl->lanes)
        hl_plot_lanes_background(cr, &lanes);
    hl_plot_draw_time_grid(cr, &tl->axis, tl->plot);
    int rc = 0;
    /* Times outside the axis (a hand-edited file) stay inside the plot. */
    cairo_save(cr);
    cairo_rectangle(cr, tl->plot.x, tl->plot.y - 2, tl->plot.w, tl->plot.h + 4);
    cairo_clip(cr);
    if (tl->lanes)
        rc = hl_plot_lanes_draw(cr, &lanes);
    else
        draw_rows(cr, tl);
    cairo_restore(cr);
    draw_run_end(cr, tl);
    /* The time-zero line, then ticks and labels. */
    hl_plot_set_rgb(cr, hl_plot_axis);
    cairo_set_line_width(cr, 1);
    cairo_move_to(cr, floor(tl->plot.x) + 0.5, tl->plot.y);
    cairo_line_to(cr, floor(tl->plot.x) + 0.5, tl->plot.y + tl->plot.h);
    cairo_stroke(cr);
    hl_plot_draw_time_ticks(cr, st, &tl->axis, tl->plot, "time from run start");
    draw_row_labels(cr, tl);
    return rc;
}

struct hl_plot_chart hl_plot_timeline_chart(const struct hl_plot_timeline *tl) {
    return (struct hl_plot_chart){tl->width, tl->height, draw, tl};
}
