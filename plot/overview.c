#include "plot/overview.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model/backend_traits.h"
#include "plot/lane_names.h"
#include "plot/lanes.h"
#include "util/alloc.h"

#define GAP_TITLE 12
#define GAP_LEGEND 16
#define PANEL_GAP 8
#define LABEL_GAP 14
#define LANES_TARGET 84 /* px a panel's lanes aim for */
#define SKIPPED_H 26
#define LABELED_LANE 10 /* px per lane once worker colors repeat: room for its number */

/* The lines left of a panel: label, time and speedup, failures. */
static int panel_lines(const struct hl_plot_panel *p, char lines[3][160]) {
    const struct hl_config_result *c = p->cfg;
    snprintf(lines[0], 160, "%s", c->label);
    if (p->view.run == NULL)
        return 1;
    char wall[32], x[32];
    hl_plot_fmt_duration(p->view.wall_s, wall, sizeof wall);
    hl_plot_fmt_speedup(c->speedup, x, sizeof x);
    snprintf(lines[1], 160, "%s%s%s%s", wall, x[0] != '\0' ? " \xc2\xb7 " : "", x,
             c->noise.known && c->noise.flagged ? " \xc2\xb7 noisy" : "");
    if (p->view.failed > 0 || p->view.not_run > 0) {
        char failed[64] = "", not_run[64] = "";
        if (p->view.failed > 0)
            snprintf(failed, sizeof failed, "%lld failed", (long long)p->view.failed);
        if (p->view.not_run > 0)
            snprintf(not_run, sizeof not_run, "%lld not run", (long long)p->view.not_run);
        const char *parts[] = {failed, not_run};
        hl_plot_join(lines[2], 160, parts, 2);
        return 3;
    }
    if (!p->view.run->verified) {
        snprintf(lines[2], 160, "NOT VERIFIED");
        return 3;
    }
    return 2;
}

static void make_texts(struct hl_plot_overview *ov) {
    char params[256], host[200];
    hl_plot_params_text(ov->exp, params, sizeof params);
    hl_plot_host_text(ov->results, host, sizeof host);
    snprintf(ov->title, sizeof ov->title, "%s \xe2\x80\x94 every configuration on one time axis",
             ov->exp->workload);
    const char *parts[] = {"median run of each", "one lane per worker", params, host};
    hl_plot_join(ov->subtitle, sizeof ov->subtitle, parts, 4);
}

static void make_legend(struct hl_plot_overview *ov) {
    int lanes = 1;
    bool has[HL_PHASE_COUNT] = {false}, failed = false;
    /* Every panel an mpi: configuration with as many lanes per rank: the
     * colors mean the same rank and worker in each, and say so. */
    const struct hl_config_result *ranks = NULL;
    bool all_ranks = ov->npanels > 0;
    for (size_t i = 0; i < ov->npanels; i++) {
        const struct hl_plot_run_view *v = &ov->panels[i].view;
        const struct hl_config_result *c = ov->panels[i].cfg;
        bool same = c != NULL && hl_config_family(c) == HL_FAMILY_RANKS &&
                    (ranks == NULL || ranks->workers == c->workers);
        all_ranks = all_ranks && same;
        ranks = same && ranks == NULL ? c : ranks;
        lanes = v->lanes > lanes ? v->lanes : lanes;
        failed = failed || v->failed > 0;
        for (int k = 0; k < HL_PHASE_COUNT; k++)
            has[k] = has[k] || v->has_phase[k];
    }
    hl_plot_legend_add_lanes(&ov->legend, all_ranks ? ranks : NULL, lanes, "worker");
    hl_plot_legend_add_phases(&ov->legend, has);
    if (failed)
        hl_plot_legend_add(&ov->legend, HL_SWATCH_FAILED, hl_plot_failed, "failed task");
    hl_plot_legend_add(&ov->legend, HL_SWATCH_RUN_END, hl_plot_ink, "run end (wall time)");
}

int hl_plot_overview_layout(struct hl_plot_overview *ov, const struct hl_results *results,
                            const struct hl_experiment_result *exp, const struct hl_plot_style *st,
                            struct hl_error *err) {
    memset(ov, 0, sizeof *ov);
    ov->results = results;
    ov->exp = exp;
    ov->style = st;
    ov->npanels = exp->nconfigs;
    ov->panels = hl_calloc(exp->nconfigs + 1, sizeof *ov->panels);
    cairo_t *cr = ov->panels == NULL ? NULL : hl_plot_scratch_new();
    if (cr == NULL)
        return hl_error_set(err, HL_ERR_RUNTIME, "%s overview: out of memory", exp->workload);
    double end_s = 0, label_w = 0, line_h = hl_plot_line_height(cr, &st->label_bold);
    for (size_t i = 0; i < ov->npanels; i++) {
        struct hl_plot_panel *p = &ov->panels[i];
        p->cfg = &exp->configs[i];
        if (hl_plot_run_view(p->cfg, &p->view, err) < 0) {
            cairo_destroy(cr);
            return -1;
        }
        end_s = p->view.end_s > end_s ? p->view.end_s : end_s;
        char lines[3][160];
        int n = panel_lines(p, lines);
        for (int k = 0; k < n; k++) {
            double w = hl_plot_text_width(cr, k == 0 ? &st->label_bold : &st->small, lines[k]);
            label_w = w > label_w ? w : label_w;
        }
    }
    label_w = label_w < 110 ? 110 : label_w > 280 ? 280 : label_w;
    make_texts(ov);
    make_legend(ov);

    double inner_w = st->width - 2 * st->margin;
    double y = st->margin + hl_plot_title_height(cr, st, ov->subtitle) + GAP_TITLE;
    ov->legend_y = y;
    y += hl_plot_legend_height(cr, st, &ov->legend, inner_w) + GAP_LEGEND;
    double x = st->margin + label_w + LABEL_GAP, top = y;
    for (size_t i = 0; i < ov->npanels; i++) {
        struct hl_plot_panel *p = &ov->panels[i];
        char lines[3][160];
        double text_h = panel_lines(p, lines) * (line_h + 2) + 4, h = SKIPPED_H;
        if (p->view.run != NULL) {
            /* Small multiples stay small: with many workers a lane may be
             * a single pixel row. */
            double lane = floor(fmin(fmax((double)LANES_TARGET / p->view.lanes, 1), 18));
            if (p->view.lanes > HL_PLOT_NWORKER_COLORS && p->view.lanes <= 64)
                lane = fmax(lane, LABELED_LANE); /* colors repeat: lanes say whose */
            h = fmax(p->view.lanes * lane, text_h);
            h = ceil(h / p->view.lanes) * p->view.lanes; /* whole pixels per lane */
        }
        p->area = (struct hl_plot_rect){x, y, st->width - st->margin - x, h};
        y += h + PANEL_GAP;
    }
    ov->plot = (struct hl_plot_rect){x, top, st->width - st->margin - x, y - PANEL_GAP - top};
    if (ov->npanels == 0)
        ov->plot.h = SKIPPED_H;
    ov->width = st->width;
    ov->height = ceil(top + ov->plot.h + hl_plot_time_ticks_height(cr, st) + st->margin);
    hl_plot_time_axis_make(end_s, hl_plot_ticks_for_width(ov->plot.w), &ov->axis);
    cairo_destroy(cr);
    return 0;
}

void hl_plot_overview_free(struct hl_plot_overview *ov) {
    free(ov->panels);
    ov->panels = NULL;
    ov->npanels = 0;
}

static void draw_labels(cairo_t *cr, const struct hl_plot_overview *ov,
                        const struct hl_plot_panel *p) {
    const struct hl_plot_style *st = ov->style;
    char lines[3][160], fit[160];
    int n = panel_lines(p, lines);
    double line_h = hl_plot_line_height(cr, &st->label_bold) + 2;
    double y = p->area.y + (p->area.h - n * line_h) / 2;
    double max_w = p->area.x - LABEL_GAP - st->margin;
    for (int k = 0; k < n; k++) {
        struct hl_plot_font f = k == 0 ? st->label_bold : st->small;
        if (k == 2)
            f.color = hl_plot_failed;
        hl_plot_text(cr, &f, st->margin, y + k * line_h, HL_PLOT_LEFT, HL_PLOT_TOP,
                     hl_plot_text_fit(cr, &f, lines[k], max_w, fit, sizeof fit));
    }
}

/* Small ink text with a halo, readable over bars, no taller than a lane
 * of lh pixels. */
static struct hl_plot_font lane_font(const struct hl_plot_overview *ov, double lh) {
    struct hl_plot_font f = ov->style->small;
    f.size = fmin(f.size, lh - 1);
    f.halo = true;
    f.color = hl_plot_ink;
    return f;
}

/* Each lane's worker number at the panel's right edge, where worker
 * colors repeat and the color alone no longer says whose a lane is. */
static void lane_numbers(cairo_t *cr, const struct hl_plot_overview *ov,
                         const struct hl_plot_panel *p) {
    double lh = p->area.h / p->view.lanes;
    if (lh < LABELED_LANE - 1)
        return;
    struct hl_plot_font f = lane_font(ov, lh);
    char num[16];
    for (int k = 0; k < p->view.lanes; k++) {
        snprintf(num, sizeof num, "%d", k);
        hl_plot_text(cr, &f, p->area.x + p->area.w - 3, p->area.y + (k + 0.5) * lh, HL_PLOT_RIGHT,
                     HL_PLOT_MIDDLE, num);
    }
}

/* An mpi: panel: "rank N" on the first lane of each rank, and a hairline
 * between ranks, so a lane says whose rank it is whatever the legend's
 * colors mean (lane w is worker w % W of rank w / W, W the workers of one
 * rank). At the right inside edge, past most runs' ends, unless the lane
 * numbers are there: then at the left. */
static void rank_marks(cairo_t *cr, const struct hl_plot_overview *ov,
                       const struct hl_plot_panel *p) {
    int per_rank = p->cfg->workers;
    double lh = p->area.h / p->view.lanes;
    if (hl_config_family(p->cfg) != HL_FAMILY_RANKS || per_rank <= 0 || lh < 8)
        return;
    struct hl_plot_font f = lane_font(ov, lh);
    char name[32];
    for (int k = 0; k < p->view.lanes; k += per_rank) {
        double y = p->area.y + k * lh;
        if (k > 0) {
            hl_plot_set_rgba(cr, hl_plot_ink, 0.45);
            cairo_set_line_width(cr, 1);
            cairo_move_to(cr, p->area.x, floor(y) + 0.5);
            cairo_line_to(cr, p->area.x + p->area.w, floor(y) + 0.5);
            cairo_stroke(cr);
        }
        snprintf(name, sizeof name, "rank %d", k / per_rank);
        if (p->view.lanes > HL_PLOT_NWORKER_COLORS)
            hl_plot_text(cr, &f, p->area.x + 3, y + 0.5 * lh, HL_PLOT_LEFT, HL_PLOT_MIDDLE, name);
        else
            hl_plot_text(cr, &f, p->area.x + p->area.w - 3, y + 0.5 * lh, HL_PLOT_RIGHT,
                         HL_PLOT_MIDDLE, name);
    }
}

static int draw_panel(cairo_t *cr, const struct hl_plot_overview *ov,
                      const struct hl_plot_panel *p) {
    draw_labels(cr, ov, p);
    if (p->view.run == NULL) {
        char fit[200];
        const char *note = p->cfg->note != NULL ? p->cfg->note : "no runs";
        hl_plot_fill_rect(cr, p->area, hl_plot_lane_bg);
        hl_plot_text(cr, &ov->style->note, p->area.x + 8, p->area.y + p->area.h / 2, HL_PLOT_LEFT,
                     HL_PLOT_MIDDLE,
                     hl_plot_text_fit(cr, &ov->style->note, note, p->area.w - 16, fit, sizeof fit));
        return 0;
    }
    struct hl_plot_lanes lanes = {.area = p->area,
                                  .nlanes = p->view.lanes,
                                  .axis = &ov->axis,
                                  .run = p->view.run,
                                  .phases = p->view.any_phase};
    hl_plot_lanes_background(cr, &lanes);
    hl_plot_draw_time_grid(cr, &ov->axis, p->area);
    cairo_save(cr);
    cairo_rectangle(cr, p->area.x, p->area.y, p->area.w, p->area.h);
    cairo_clip(cr);
    int rc = hl_plot_lanes_draw(cr, &lanes);
    cairo_restore(cr);
    if (p->view.lanes > HL_PLOT_NWORKER_COLORS)
        lane_numbers(cr, ov, p);
    rank_marks(cr, ov, p);
    static const double dash[] = {4, 3};
    double x = floor(hl_plot_time_x(&ov->axis, p->area, p->view.wall_s)) + 0.5;
    cairo_save(cr);
    hl_plot_set_rgba(cr, hl_plot_ink, 0.8);
    cairo_set_line_width(cr, 1.5);
    cairo_set_dash(cr, dash, 2, 0);
    cairo_move_to(cr, x, p->area.y - 2);
    cairo_line_to(cr, x, p->area.y + p->area.h + 2);
    cairo_stroke(cr);
    cairo_restore(cr);
    return rc;
}

static int draw(cairo_t *cr, const void *ctx) {
    const struct hl_plot_overview *ov = ctx;
    const struct hl_plot_style *st = ov->style;
    hl_plot_clear(cr, ov->width, ov->height);
    hl_plot_draw_title(cr, st, st->margin, ov->title, NULL, ov->subtitle);
    hl_plot_legend_draw(cr, st, &ov->legend, st->margin, ov->legend_y, st->width - 2 * st->margin);
    /* Grid through the gaps too, so the eye can follow a time down. */
    hl_plot_draw_time_grid(cr, &ov->axis, ov->plot);
    int rc = 0;
    for (size_t i = 0; i < ov->npanels; i++)
        rc |= draw_panel(cr, ov, &ov->panels[i]);
    hl_plot_set_rgb(cr, hl_plot_axis);
    cairo_set_line_width(cr, 1);
    cairo_move_to(cr, floor(ov->plot.x) + 0.5, ov->plot.y);
    cairo_line_to(cr, floor(ov->plot.x) + 0.5, ov->plot.y + ov->plot.h);
    cairo_stroke(cr);
    hl_plot_draw_time_ticks(cr, st, &ov->axis, ov->plot, "time from run start");
    return rc;
}

struct hl_plot_chart hl_plot_overview_chart(const struct hl_plot_overview *ov) {
    return (struct hl_plot_chart){ov->width, ov->height, draw, ov};
}
