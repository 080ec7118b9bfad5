#include "plot/text.h"

#include <string.h>

#include "util/utf8.h"

#define FONT_FAMILY "DejaVu Sans"

/* cairo draws nothing (and marks the context as failed: "input string
 * not valid UTF-8") for text that is not UTF-8, and a label may come from
 * outside (a URL, a device name, a results.json): such text is drawn with
 * U+FFFD in place of each bad byte. Well-formed text is used as it is. */
#define CLEAN_MAX 1024
static const char *clean(const char *s, char *buf) {
    return hl_utf8_valid(s) ? s : hl_utf8_clean(s, buf, CLEAN_MAX);
}

void hl_plot_context_init(cairo_t *cr) {
    /* Unhinted metrics: text measured on the scratch image lays out the
     * same on PNG, SVG and PDF surfaces. */
    cairo_font_options_t *fo = cairo_font_options_create();
    cairo_font_options_set_hint_metrics(fo, CAIRO_HINT_METRICS_OFF);
    cairo_font_options_set_hint_style(fo, CAIRO_HINT_STYLE_SLIGHT);
    cairo_font_options_set_antialias(fo, CAIRO_ANTIALIAS_GRAY);
    cairo_set_font_options(cr, fo);
    cairo_font_options_destroy(fo);
}

cairo_t *hl_plot_scratch_new(void) {
    cairo_surface_t *s = cairo_image_surface_create(CAIRO_FORMAT_RGB24, 1, 1);
    cairo_t *cr = cairo_create(s);
    cairo_surface_destroy(s); /* the context keeps its own reference */
    if (cairo_status(cr) != CAIRO_STATUS_SUCCESS) {
        cairo_destroy(cr);
        return NULL;
    }
    hl_plot_context_init(cr);
    return cr;
}

static void use_font(cairo_t *cr, const struct hl_plot_font *f) {
    cairo_select_font_face(cr, FONT_FAMILY,
                           f->italic ? CAIRO_FONT_SLANT_ITALIC : CAIRO_FONT_SLANT_NORMAL,
                           f->bold ? CAIRO_FONT_WEIGHT_BOLD : CAIRO_FONT_WEIGHT_NORMAL);
    cairo_set_font_size(cr, f->size);
}

double hl_plot_text_width(cairo_t *cr, const struct hl_plot_font *f, const char *s) {
    char buf[CLEAN_MAX];
    s = clean(s, buf);
    cairo_text_extents_t te;
    use_font(cr, f);
    cairo_text_extents(cr, s, &te);
    return te.x_advance;
}

double hl_plot_line_height(cairo_t *cr, const struct hl_plot_font *f) {
    cairo_font_extents_t fe;
    use_font(cr, f);
    cairo_font_extents(cr, &fe);
    return fe.ascent + fe.descent;
}

double hl_plot_text(cairo_t *cr, const struct hl_plot_font *f, double x, double y,
                    enum hl_plot_halign ha, enum hl_plot_valign va, const char *s) {
    char buf[CLEAN_MAX];
    s = clean(s, buf);
    cairo_font_extents_t fe;
    cairo_text_extents_t te;
    use_font(cr, f);
    cairo_font_extents(cr, &fe);
    cairo_text_extents(cr, s, &te);
    double w = te.x_advance;
    if (ha == HL_PLOT_CENTER)
        x -= w / 2;
    else if (ha == HL_PLOT_RIGHT)
        x -= w;
    /* Align on the font's extents, not the string's, so that labels in a
     * row share a baseline whatever letters they hold. */
    if (va == HL_PLOT_TOP)
        y += fe.ascent;
    else if (va == HL_PLOT_MIDDLE)
        y += (fe.ascent - fe.descent) / 2;
    else if (va == HL_PLOT_BOTTOM)
        y -= fe.descent;
    cairo_move_to(cr, x, y);
    if (f->halo) {
        cairo_save(cr);
        cairo_text_path(cr, s);
        hl_plot_set_rgb(cr, hl_plot_white);
        cairo_set_line_width(cr, 3);
        cairo_set_line_join(cr, CAIRO_LINE_JOIN_ROUND);
        cairo_stroke(cr);
        cairo_restore(cr);
        cairo_move_to(cr, x, y);
    }
    hl_plot_set_rgb(cr, f->color);
    cairo_show_text(cr, s);
    cairo_new_path(cr);
    return w;
}

const char *hl_plot_text_fit(cairo_t *cr, const struct hl_plot_font *f, const char *s, double max_w,
                             char *buf, size_t size) {
    static const char ellipsis[] = "\xe2\x80\xa6"; /* U+2026 */
    char cleaned[CLEAN_MAX];
    s = clean(s, cleaned);
    size_t len = strlen(s);
    if (len < size && hl_plot_text_width(cr, f, s) <= max_w) {
        memcpy(buf, s, len + 1);
        return buf;
    }
    /* Shorten by whole UTF-8 characters until the text and the ellipsis fit. */
    size_t keep = len < size - sizeof ellipsis ? len : size - sizeof ellipsis;
    for (;;) {
        while (keep > 0 && ((unsigned char)s[keep] & 0xc0) == 0x80)
            keep--;
        memcpy(buf, s, keep);
        memcpy(buf + keep, ellipsis, sizeof ellipsis);
        if (keep == 0 || hl_plot_text_width(cr, f, buf) <= max_w)
            return buf;
        keep--;
    }
}
