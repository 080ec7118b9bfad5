/* Rendering a chart to a file or an image, in one place: the surface for
 * the format, the cairo status checks, and the whole-or-nothing write. */
#ifndef HL_PLOT_SURFACE_H
#define HL_PLOT_SURFACE_H

#include <cairo.h>

#include "plot/chart.h"
#include "plot/plot.h"
#include "util/error.h"

/* Renders the chart into a new RGB24 image surface of its size (rounded
 * up). Returns the surface (caller destroys it), or NULL with err filled
 * (runtime) when cairo or the chart's drawing fails. */
cairo_surface_t *hl_plot_render_image(const struct hl_plot_chart *chart, struct hl_error *err);

/* Writes the chart to dir/name in fmt through a temporary file and a
 * rename: on failure nothing new is left in dir and err says why. */
int hl_plot_write(const char *dir, const char *name, enum hl_plot_format fmt,
                  const struct hl_plot_chart *chart, struct hl_error *err);

#endif
