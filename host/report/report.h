/* The report: report.md and report.html, written from a results model
 * after the charts. Both hold the same content: the machine and its
 * measured copy limit, a summary table, and per workload the conclusions
 * (report_claims.h), the overview, comparison and scaling charts, links to
 * every timeline and the table of measurements. report.html is one file
 * with no script and no external resource but the chart PNGs beside it. */
#ifndef HL_REPORT_H
#define HL_REPORT_H

#include <stddef.h>
#include <stdio.h>

#include "report/report_claims.h"
#include "model/results.h"
#include "util/error.h"

struct hl_report_options {
    const char *title;     /* the first heading, e.g. "hetlane demo" */
    const char *chart_ext; /* "png": charts were drawn beside the report; NULL: none */
};

/* Writes the report as markdown / HTML to `out`. Return 0, or -1 with err
 * filled (runtime) when memory runs out; stream errors are caught by the
 * caller's fflush/ferror (hl_write_file_atomic). */
int hl_report_write_md(FILE *out, const struct hl_results *r, const struct hl_report_options *o,
                       struct hl_error *err);
int hl_report_write_html(FILE *out, const struct hl_results *r, const struct hl_report_options *o,
                         struct hl_error *err);

/* Writes dir/report.md and dir/report.html, each whole or not at all
 * (temporary file, then rename). Returns 0, or -1 with err filled
 * (runtime) at the first that could not be written. */
int hl_report_save(const char *dir, const struct hl_results *r, const struct hl_report_options *o,
                   struct hl_error *err);

/* What both writers share. */

/* The three charts the report shows per workload, in order. */
struct hl_report_chart {
    const char *kind;    /* file name part: "overview", "compare", "scaling" */
    const char *caption; /* what it shows */
};
extern const struct hl_report_chart hl_report_charts[3];

/* The claims of every experiment of r (hl_report_claims), in one array the
 * caller frees; NULL when memory runs out. */
struct hl_claims *hl_report_all_claims(const struct hl_results *r);

/* File name of chart `kind` of experiment i, or of configuration c's
 * timeline, as hl_plot_save_all names it (results_names.h). */
void hl_report_chart_file(const struct hl_results *r, size_t i, const char *kind, const char *ext,
                          char *buf, size_t size);
void hl_report_timeline_file(const struct hl_results *r, size_t i, size_t c, const char *ext,
                             char *buf, size_t size);

/* "n = 11999999, tasks = 8; 3 counted runs after 1 warm-up" */
void hl_report_params_text(const struct hl_results *r, const struct hl_experiment_result *e,
                           char *buf, size_t size);

/* "AMD EPYC, 2 cores; hetlane 0.1.0" and, when measured, "34.4 GB/s with
 * 1 thread, 47.6 GB/s with 2 threads" (empty when not). */
void hl_report_machine_text(const struct hl_results *r, char *buf, size_t size);
void hl_report_limit_text(const struct hl_copy_limit *limit, char *buf, size_t size);

/* "all 7" or "5 of 7": configurations that ran and verified, out of
 * those that ran or should have (skipped ones do not count). */
void hl_report_verified_text(const struct hl_experiment_result *e, char *buf, size_t size);

/* One row of the measurements table, as text cells. */
struct hl_report_row {
    char median[24], min[24], max[24], cpu[24], speedup[16];
};
void hl_report_row(const struct hl_config_result *c, struct hl_report_row *row);

#endif
