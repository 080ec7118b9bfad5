/* The report's numbers as text: file names of charts and timelines, a
 * workload's parameters, the machine, how many configurations verified,
 * a row of the measurements table. Formatting only, into the caller's
 * buffer; the document walk (report.c) decides where each goes. None of
 * them fails: text longer than `size` is cut, as snprintf cuts it. */
#ifndef HL_REPORT_TEXT_H
#define HL_REPORT_TEXT_H

#include <stdbool.h>
#include <stddef.h>

#include "model/results.h"

/* File name of chart `kind` ("overview", ...) of experiment i, or of
 * configuration c's timeline, as hl_plot_save_all names it
 * (results_names.h), so the report's links find the charts. */
void hl_report_chart_file(const struct hl_results *r, size_t i, const char *kind, const char *ext,
                          char *buf, size_t size);
void hl_report_timeline_file(const struct hl_results *r, size_t i, size_t c, const char *ext,
                             char *buf, size_t size);

/* "n = 11999999, tasks = 8; 3 counted runs after 1 warm-up" */
void hl_report_params_text(const struct hl_results *r, const struct hl_experiment_result *e,
                           char *buf, size_t size);

/* "AMD EPYC, 2 cores; hetlane 0.1.0" (report.h has the copy limit's
 * text, which the demo prints too). */
void hl_report_machine_text(const struct hl_results *r, char *buf, size_t size);

/* "all 7" or "5 of 7": configurations that ran and verified, out of
 * those that ran or should have (skipped ones do not count). Returns true
 * for "all", so the caller need not read its own text back. */
bool hl_report_verified_text(const struct hl_experiment_result *e, char *buf, size_t size);

/* One row of the measurements table, as text cells ("-" for a speedup
 * that was not measured, an interval of one run, no noise flag): runs
 * made, the median's interval as +- a share of it, and why the runs are
 * flagged noisy (model/noise.h). */
struct hl_report_row {
    char median[24], min[24], max[24], cpu[24], speedup[16];
    char runs[16], interval[24], noise[160];
};
void hl_report_row(const struct hl_config_result *c, struct hl_report_row *row);

#endif
