/* All chart text goes through here: one font family, one way to align and
 * to shorten a label that does not fit. cairo's toy text API is enough for
 * our labels (DejaVu Sans covers the few non-ASCII signs we use: µ, ×, ·). */
#ifndef HL_PLOT_TEXT_H
#define HL_PLOT_TEXT_H

#include <cairo.h>
#include <stdbool.h>
#include <stddef.h>

#include "plot/palette.h"

struct hl_plot_font {
    double size; /* pixels */
    bool bold, italic;
    bool halo; /* a white outline first, to stay legible over lines */
    struct hl_plot_rgb color;
};

enum hl_plot_halign { HL_PLOT_LEFT, HL_PLOT_CENTER, HL_PLOT_RIGHT };
enum hl_plot_valign { HL_PLOT_TOP, HL_PLOT_MIDDLE, HL_PLOT_BASELINE, HL_PLOT_BOTTOM };

/* Sets what every chart context shares (font options). Call once on every
 * context that draws or measures text, so sizes agree between them. */
void hl_plot_context_init(cairo_t *cr);

/* A context on a 1x1 image for measuring text before the chart's size is
 * known. Returns NULL when cairo cannot make one; free with cairo_destroy
 * (which also releases the surface). */
cairo_t *hl_plot_scratch_new(void);

/* Width of s in font f. */
double hl_plot_text_width(cairo_t *cr, const struct hl_plot_font *f, const char *s);

/* Height of one line of font f (ascent + descent). */
double hl_plot_line_height(cairo_t *cr, const struct hl_plot_font *f);

/* Draws s with its anchor at (x, y); returns its width. */
double hl_plot_text(cairo_t *cr, const struct hl_plot_font *f, double x, double y,
                    enum hl_plot_halign ha, enum hl_plot_valign va, const char *s);

/* Copies s into buf (size > 4), cut at a character boundary and ended with
 * an ellipsis when it is wider than max_w. Returns buf. */
const char *hl_plot_text_fit(cairo_t *cr, const struct hl_plot_font *f, const char *s, double max_w,
                             char *buf, size_t size);

#endif
