/* hetlane's charts: every chart of a results model, drawn with cairo (or,
 * built without cairo, none: plot_off.c).
 * plot/ reads the results model (results.h) and nothing else of hetlane:
 * no backend, no workload code, no OpenCL. */
#ifndef HL_PLOT_PLOT_H
#define HL_PLOT_PLOT_H

#include <stdbool.h>
#include <stddef.h>

#include "model/results.h"
#include "model/results_pair.h"
#include "util/error.h"

enum hl_plot_format { HL_PLOT_PNG, HL_PLOT_SVG, HL_PLOT_PDF };

/* True when this build draws charts (cairo was found); false in a build
 * without charts, where hl_plot_save_all writes nothing and succeeds. */
bool hl_plot_available(void);

/* The format called `name` ("png", "svg", "pdf"). Returns 0, or -1 when
 * the name is none of them. */
int hl_plot_format_from_name(const char *name, enum hl_plot_format *fmt);

/* File extension of a format, without the dot. */
const char *hl_plot_format_ext(enum hl_plot_format fmt);

/* Draws every chart of every experiment of r into dir (which must exist):
 * per workload W, W-overview, W-compare and W-scaling, and W-timeline-L
 * for each configuration L that has runs (docs/charts.md has the names).
 * Each file is written whole or not at all. It goes on after a chart
 * fails, and returns -1 with the first failure in err (runtime); else 0.
 * *written (may be NULL) receives the number of files written. */
int hl_plot_save_all(const char *dir, const struct hl_results *r, enum hl_plot_format fmt,
                     size_t *written, struct hl_error *err);

/* Draws W-compare-sets for every workload W of a comparison (hetlane
 * compare) into dir; name_a and name_b say where A and B came from. Same
 * contract as hl_plot_save_all. */
int hl_plot_save_compare(const char *dir, const struct hl_pairing *p, const char *name_a,
                         const struct hl_results *a, const char *name_b, const struct hl_results *b,
                         enum hl_plot_format fmt, size_t *written, struct hl_error *err);

#endif
