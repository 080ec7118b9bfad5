/* What charts derive from the results model: which run to draw, its
 * extent and counts, and text shared by titles. Everything here is
 * computed from values exactly as results.json keeps them, so that a chart
 * drawn during a run and one redrawn by `hetlane plot` are identical. */
#ifndef HL_PLOT_VIEW_H
#define HL_PLOT_VIEW_H

#include <stdbool.h>
#include <stddef.h>

#include "model/results.h"

/* s as it reads back from results.json (9 decimals). */
double hl_plot_stored_s(double s);

/* Lanes drawn at most; tasks of workers past it are left out of lane
 * views (only a hand-edited results file gets there: HL_MAX_WORKERS is 256). */
#define HL_PLOT_MAX_LANES 1024

/* One configuration's run as a chart shows it. */
struct hl_plot_run_view {
    const struct hl_run_result *run;
    size_t index;  /* of the run in the configuration */
    double wall_s; /* as stored */
    double end_s;  /* the later of the wall time and the last task's end */
    int lanes;     /* workers to draw: the configured count, or more if used */
    int64_t ntasks, failed, not_run;
    bool has_phase[HL_PHASE_COUNT];
    bool any_phase;
};

/* Fills v for the median run of c (by stored wall time; the lower middle
 * of an even count, ties to the earlier run). Returns 1 when c has no
 * runs (v is then zeroed), -1 with err filled when memory runs out. */
int hl_plot_run_view(const struct hl_config_result *c, struct hl_plot_run_view *v,
                     struct hl_error *err);

/* A task's state as every chart and the trace tell it. */
enum hl_plot_task_state { HL_TASK_OK, HL_TASK_FAILED, HL_TASK_NOT_RUN };
enum hl_plot_task_state hl_plot_task_state(const struct hl_task_record *t);

/* "n = 19,487,171 · tasks = 8" from the experiment's params. */
void hl_plot_params_text(const struct hl_experiment_result *e, char *buf, size_t size);

/* Joins the non-empty parts (NULL or "" are left out) with " · ". */
void hl_plot_join(char *buf, size_t size, const char *const *parts, size_t n);

/* "AMD EPYC (2 cores)", or "" without results. */
void hl_plot_host_text(const struct hl_results *r, char *buf, size_t size);

/* "1.95× vs serial", "serial baseline" or "no serial baseline". */
void hl_plot_speedup_text(const struct hl_config_result *c, char *buf, size_t size);

/* What a configuration's lanes are called: "queue" for OpenCL, else
 * "worker". */
const char *hl_plot_worker_noun(const struct hl_config_result *c);

/* What one record of a configuration is: "chunk" for a join (a range of
 * the index space, model/coexec.h), else "task". */
const char *hl_plot_record_noun(const struct hl_config_result *c);

/* "median of 3 runs", or "median of 6 to 30 runs" when they were
 * adaptive (r may be NULL: the experiment's own settings). */
void hl_plot_runs_text(const struct hl_results *r, const struct hl_experiment_result *e, char *buf,
                       size_t size);

/* The interval of c's median to draw, as stored, into [*lo, *hi]: false
 * (nothing to draw) for a single run or results from older files, which
 * have none. */
bool hl_plot_interval(const struct hl_config_result *c, double *lo, double *hi);

/* What the interval boxes of e's charts are, for a subtitle: NULL when
 * no config has one to draw. */
const char *hl_plot_interval_caption(const struct hl_experiment_result *e);

/* The median wall time of c as stored, NAN without runs. */
double hl_plot_median_wall(const struct hl_config_result *c);

#endif
