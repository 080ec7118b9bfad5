#include "plot/legend.h"

#include <stdio.h>
#include <string.h>

#include "model/timeline.h"

#define SWATCH_W 16
#define SWATCH_H 11
#define SWATCH_GAP 6 /* swatch to its label */
#define ITEM_GAP 18  /* label to the next swatch */
#define LINE_GAP 6

void hl_plot_legend_add(struct hl_plot_legend *lg, enum hl_plot_swatch kind,
                        struct hl_plot_rgb color, const char *label) {
    if (lg->n >= HL_PLOT_LEGEND_MAX)
        return;
    struct hl_plot_legend_item *it = &lg->items[lg->n++];
    it->kind = kind;
    it->color = color;
    snprintf(it->label, sizeof it->label, "%s", label);
}

void hl_plot_legend_add_workers(struct hl_plot_legend *lg, int nworkers, const char *noun) {
    char label[HL_PLOT_LEGEND_LABEL];
    if (nworkers <= HL_PLOT_NWORKER_COLORS) {
        for (int w = 0; w < nworkers; w++) {
            snprintf(label, sizeof label, "%s %d", noun, w);
            hl_plot_legend_add(lg, HL_SWATCH_BOX, hl_plot_worker_color(w), label);
        }
        return;
    }
    /* Colors repeat: each swatch lists the workers that share it. */
    for (int c = 0; c < HL_PLOT_NWORKER_COLORS; c++) {
        int count = (nworkers - c + HL_PLOT_NWORKER_COLORS - 1) / HL_PLOT_NWORKER_COLORS;
        int step = HL_PLOT_NWORKER_COLORS;
        if (count == 1)
            snprintf(label, sizeof label, "%s %d", noun, c);
        else if (count == 2)
            snprintf(label, sizeof label, "%ss %d, %d", noun, c, c + step);
        else if (count == 3)
            snprintf(label, sizeof label, "%ss %d, %d, %d", noun, c, c + step, c + 2 * step);
        else
            snprintf(label, sizeof label, "%ss %d, %d, \xe2\x80\xa6 %d", noun, c, c + step,
                     c + (count - 1) * step);
        hl_plot_legend_add(lg, HL_SWATCH_BOX, hl_plot_worker_color(c), label);
    }
}

void hl_plot_legend_add_phases(struct hl_plot_legend *lg, const bool *has) {
    bool any = false;
    for (int k = 0; k < HL_PHASE_COUNT; k++)
        any = any || has[k];
    if (!any)
        return;
    hl_plot_legend_add(lg, HL_SWATCH_HEADING, hl_plot_muted, "phases:");
    for (int k = 0; k < HL_PHASE_COUNT; k++) {
        if (has[k])
            hl_plot_legend_add(lg, HL_SWATCH_PHASE, hl_plot_phase_color(k), hl_phase_name(k));
    }
}

void hl_plot_diamond(cairo_t *cr, double x, double y, double r, struct hl_plot_rgb color) {
    cairo_save(cr);
    cairo_move_to(cr, x, y - r);
    cairo_line_to(cr, x + r, y);
    cairo_line_to(cr, x, y + r);
    cairo_line_to(cr, x - r, y);
    cairo_close_path(cr);
    hl_plot_set_rgb(cr, color);
    cairo_set_line_width(cr, 2);
    cairo_stroke(cr);
    cairo_restore(cr);
}

void hl_plot_swatch_draw(cairo_t *cr, enum hl_plot_swatch kind, struct hl_plot_rgb color,
                         struct hl_plot_rect b) {
    double cy = b.y + b.h / 2;
    cairo_save(cr);
    switch (kind) {
    case HL_SWATCH_HEADING: break;
    case HL_SWATCH_BOX:
    case HL_SWATCH_PHASE:
        hl_plot_fill_rect(cr, b, color);
        hl_plot_set_rgba(cr, hl_plot_ink, kind == HL_SWATCH_PHASE ? 0.6 : 0.35);
        cairo_set_line_width(cr, 1);
        cairo_rectangle(cr, b.x + 0.5, b.y + 0.5, b.w - 1, b.h - 1);
        cairo_stroke(cr);
        break;
    case HL_SWATCH_FAILED:
        hl_plot_fill_rect(cr, b, hl_plot_failed);
        hl_plot_set_rgb(cr, hl_plot_failed_edge);
        cairo_set_line_width(cr, 2);
        cairo_rectangle(cr, b.x + 1, b.y + 1, b.w - 2, b.h - 2);
        cairo_stroke(cr);
        break;
    case HL_SWATCH_RUN_END: {
        static const double dash[] = {3, 2};
        hl_plot_set_rgb(cr, color);
        cairo_set_line_width(cr, 1.5);
        cairo_set_dash(cr, dash, 2, 0);
        cairo_move_to(cr, b.x + b.w / 2, b.y - 2);
        cairo_line_to(cr, b.x + b.w / 2, b.y + b.h + 2);
        cairo_stroke(cr);
        break;
    }
    case HL_SWATCH_SERIES:
        hl_plot_set_rgb(cr, color);
        cairo_set_line_width(cr, 2);
        cairo_move_to(cr, b.x, cy);
        cairo_line_to(cr, b.x + b.w, cy);
        cairo_stroke(cr);
        cairo_arc(cr, b.x + b.w / 2, cy, 3.5, 0, 6.2832);
        cairo_fill(cr);
        break;
    case HL_SWATCH_BASELINE: hl_plot_diamond(cr, b.x + b.w / 2, cy, 6, color); break;
    case HL_SWATCH_IDEAL: {
        static const double dash[] = {5, 3};
        hl_plot_set_rgb(cr, color);
        cairo_set_line_width(cr, 1.5);
        cairo_set_dash(cr, dash, 2, 0);
        cairo_move_to(cr, b.x - 4, cy);
        cairo_line_to(cr, b.x + b.w + 4, cy);
        cairo_stroke(cr);
        break;
    }
    }
    cairo_restore(cr);
}

static double item_width(cairo_t *cr, const struct hl_plot_style *st,
                         const struct hl_plot_legend_item *it) {
    double text = hl_plot_text_width(cr, &st->label, it->label);
    return it->kind == HL_SWATCH_HEADING ? text : SWATCH_W + SWATCH_GAP + text;
}

/* Walks the items as they wrap; draws them when `draw`. Returns the
 * height used. */
static double layout(cairo_t *cr, const struct hl_plot_style *st, const struct hl_plot_legend *lg,
                     double x0, double y0, double max_w, bool draw) {
    if (lg->n == 0)
        return 0;
    double line_h = hl_plot_line_height(cr, &st->label);
    double x = x0, y = y0;
    for (size_t i = 0; i < lg->n; i++) {
        const struct hl_plot_legend_item *it = &lg->items[i];
        double w = item_width(cr, st, it);
        /* A heading stays with the item after it. */
        double need = w;
        if (it->kind == HL_SWATCH_HEADING && i + 1 < lg->n)
            need += SWATCH_GAP + item_width(cr, st, &lg->items[i + 1]);
        if (x > x0 && x + need > x0 + max_w) {
            x = x0;
            y += line_h + LINE_GAP;
        }
        if (draw) {
            double tx = x;
            if (it->kind != HL_SWATCH_HEADING) {
                struct hl_plot_rect box = {x, y + (line_h - SWATCH_H) / 2, SWATCH_W, SWATCH_H};
                hl_plot_swatch_draw(cr, it->kind, it->color, box);
                tx += SWATCH_W + SWATCH_GAP;
            }
            struct hl_plot_font f = st->label;
            if (it->kind == HL_SWATCH_HEADING)
                f.color = hl_plot_muted;
            hl_plot_text(cr, &f, tx, y + line_h / 2, HL_PLOT_LEFT, HL_PLOT_MIDDLE, it->label);
        }
        x += w + (it->kind == HL_SWATCH_HEADING ? SWATCH_GAP : ITEM_GAP);
    }
    return y + line_h - y0;
}

double hl_plot_legend_height(cairo_t *cr, const struct hl_plot_style *st,
                             const struct hl_plot_legend *lg, double max_w) {
    return layout(cr, st, lg, 0, 0, max_w, false);
}

double hl_plot_legend_draw(cairo_t *cr, const struct hl_plot_style *st,
                           const struct hl_plot_legend *lg, double x, double y, double max_w) {
    return y + layout(cr, st, lg, x, y, max_w, true);
}
