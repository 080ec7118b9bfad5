/* The report: report.md and report.html, written from a results model
 * after the charts. Both hold the same content, because one walk
 * (report.c) writes both through a renderer (report_render.h): the
 * machine and its measured copy limit, a summary table, and per workload
 * the conclusions (report_claims.h), the overview, comparison and scaling
 * charts, links to every timeline and the table of measurements.
 * report.html is one file with no script and no external resource but
 * the chart PNGs beside it. */
#ifndef HL_REPORT_H
#define HL_REPORT_H

#include <stddef.h>
#include <stdio.h>

#include "model/results.h"
#include "util/error.h"

struct hl_report_renderer;

struct hl_report_options {
    const char *title;     /* the first heading, e.g. "hetlane demo" */
    const char *chart_ext; /* "png": charts were drawn beside the report; NULL: none */
};

/* Writes the report to `out` in the syntax of `renderer` (report_render.h:
 * hl_report_markdown, hl_report_html). Owns nothing past the call. Returns
 * 0, or -1 with err filled (runtime) when memory runs out, before anything
 * is written; stream errors are left in `out` for the caller's
 * fflush/ferror (hl_write_file_atomic). */
int hl_report_write(FILE *out, const struct hl_report_renderer *renderer,
                    const struct hl_results *r, const struct hl_report_options *o,
                    struct hl_error *err);

/* hl_report_write with hl_report_markdown / hl_report_html. */
int hl_report_write_md(FILE *out, const struct hl_results *r, const struct hl_report_options *o,
                       struct hl_error *err);
int hl_report_write_html(FILE *out, const struct hl_results *r, const struct hl_report_options *o,
                         struct hl_error *err);

/* Writes dir/report.md and dir/report.html, each whole or not at all
 * (temporary file, then rename). Returns 0, or -1 with err filled
 * (runtime) at the first that could not be written. */
int hl_report_save(const char *dir, const struct hl_results *r, const struct hl_report_options *o,
                   struct hl_error *err);

/* "34.4 GB/s with 1 thread, 47.6 GB/s with 2 threads": the measured copy
 * limit as the report states it, empty when none was measured; the demo
 * prints the same words. Cut to `size`; never fails (report_text.c). */
void hl_report_limit_text(const struct hl_copy_limit *limit, char *buf, size_t size);

/* "CPU with 2 threads: copy 52.3 GB/s, 104.6 G int64 adds/s, start-up 30
 * us (threads) and 2.2 ms (processes); opencl:0:0: memory 45.0 GB/s, ...":
 * the measured ceilings in one sentence, empty when none were measured.
 * Cut to `size`; never fails (report_text.c). */
void hl_report_ceilings_text(const struct hl_ceilings *c, char *buf, size_t size);

#endif
