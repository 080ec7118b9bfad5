/* The default style and the few drawing helpers every chart uses. */
#include "plot/chart.h"

#include <stdio.h>
#include <string.h>

#include "plot/palette.h"

static const struct hl_plot_style default_style = {
    .width = 1200,
    .margin = 24,
    .title = {.size = 18, .bold = true, .color = {0.10, 0.10, 0.10}},
    .subtitle = {.size = 12.5, .color = {0.38, 0.38, 0.38}},
    .label = {.size = 12, .color = {0.10, 0.10, 0.10}},
    .label_bold = {.size = 12, .bold = true, .color = {0.10, 0.10, 0.10}},
    .tick = {.size = 11, .color = {0.30, 0.30, 0.30}},
    .small = {.size = 10.5, .color = {0.40, 0.40, 0.40}},
    .note = {.size = 12, .italic = true, .color = {0.40, 0.40, 0.40}},
    .lane_threshold = 64,
    .row_min = 14,
    .row_max = 34,
    .lane_min = 3,
    .lane_max = 48,
    .plot_target = 480,
};

const struct hl_plot_style *hl_plot_style_default(void) {
    return &default_style;
}

void hl_plot_clear(cairo_t *cr, double width, double height) {
    hl_plot_fill_rect(cr, (struct hl_plot_rect){0, 0, width, height}, hl_plot_white);
}

void hl_plot_fill_rect(cairo_t *cr, struct hl_plot_rect r, struct hl_plot_rgb c) {
    hl_plot_set_rgb(cr, c);
    cairo_rectangle(cr, r.x, r.y, r.w, r.h);
    cairo_fill(cr);
}

#define TITLE_GAP 6
#define LINE_GAP 3
#define SEPARATOR " \xc2\xb7 " /* " · " between the parts of a subtitle */

/* Where a subtitle too wide for one line breaks: after the last " · "
 * that leaves the first line within max_w (its length), or 0 when it
 * fits on one line or has no such place. */
static size_t subtitle_break(cairo_t *cr, const struct hl_plot_style *st, const char *s,
                             double max_w) {
    if (hl_plot_text_width(cr, &st->subtitle, s) <= max_w)
        return 0;
    char first[512];
    size_t best = 0;
    for (const char *p = strstr(s, SEPARATOR); p != NULL; p = strstr(p + 1, SEPARATOR)) {
        size_t len = (size_t)(p - s);
        if (len >= sizeof first)
            break;
        memcpy(first, s, len);
        first[len] = '\0';
        if (hl_plot_text_width(cr, &st->subtitle, first) > max_w)
            break;
        best = len;
    }
    return best;
}

double hl_plot_title_height(cairo_t *cr, const struct hl_plot_style *st, const char *subtitle) {
    double h = hl_plot_line_height(cr, &st->title);
    if (subtitle != NULL) {
        h += TITLE_GAP + hl_plot_line_height(cr, &st->subtitle);
        if (subtitle_break(cr, st, subtitle, st->width - 2 * st->margin) > 0)
            h += LINE_GAP + hl_plot_line_height(cr, &st->subtitle);
    }
    return h;
}

double hl_plot_draw_title(cairo_t *cr, const struct hl_plot_style *st, double y, const char *title,
                          const char *alert, const char *subtitle) {
    char buf[512];
    double max_w = st->width - 2 * st->margin;
    struct hl_plot_font red = st->title;
    red.color = hl_plot_failed;
    /* The alert keeps its room: the title is what gets shortened. */
    double alert_w = alert != NULL ? hl_plot_text_width(cr, &red, alert) : 0;
    double w =
        hl_plot_text(cr, &st->title, st->margin, y, HL_PLOT_LEFT, HL_PLOT_TOP,
                     hl_plot_text_fit(cr, &st->title, title, max_w - alert_w, buf, sizeof buf));
    if (alert != NULL)
        hl_plot_text(cr, &red, st->margin + w, y, HL_PLOT_LEFT, HL_PLOT_TOP, alert);
    y += hl_plot_line_height(cr, &st->title);
    if (subtitle == NULL)
        return y;
    /* Too wide: two lines, broken between its parts, the second cut if it
     * must be. */
    y += TITLE_GAP;
    size_t cut = subtitle_break(cr, st, subtitle, max_w);
    if (cut > 0) {
        snprintf(buf, sizeof buf, "%.*s", (int)cut, subtitle);
        hl_plot_text(cr, &st->subtitle, st->margin, y, HL_PLOT_LEFT, HL_PLOT_TOP, buf);
        y += hl_plot_line_height(cr, &st->subtitle) + LINE_GAP;
        subtitle += cut + strlen(SEPARATOR);
    }
    char fit[512];
    hl_plot_text(cr, &st->subtitle, st->margin, y, HL_PLOT_LEFT, HL_PLOT_TOP,
                 hl_plot_text_fit(cr, &st->subtitle, subtitle, max_w, fit, sizeof fit));
    y += hl_plot_line_height(cr, &st->subtitle);
    return y;
}
