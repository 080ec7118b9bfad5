/* The runs of an experiment, round-robin: every configuration of a window
 * is opened first (its untimed setup), then each round runs every
 * configuration that is still repeating once (A B C A B C ...), warm-ups
 * first, so that slow drift of the machine (another process, the clock
 * frequency, memory bandwidth) falls on every configuration alike instead
 * of on whichever ran last. A configuration stops repeating after its
 * fixed count, or, adaptively, when the interval of its median is narrow
 * enough, its time budget is spent or a run failed (model/noise.h).
 * Configurations are closed when the window ends. */
#ifndef HL_EXPERIMENT_ROUNDS_H
#define HL_EXPERIMENT_ROUNDS_H

#include "experiment/experiment.h"

/* Configurations that hold a device (an OpenCL context, program and
 * buffers) are held open at most this many at a time: a plan with more
 * runs in windows of consecutive configurations, interleaved within each
 * window. CPU configurations hold next to nothing between runs. */
#define HL_ROUNDS_MAX_OPEN_DEVICES 4

/* End (exclusive) of the window that starts at configuration `first`. */
size_t hl_rounds_window_end(const struct hl_plan *plan, size_t first);

/* Runs configurations first..end-1 of the plan into e->configs[first..end)
 * (already named), sharing `work` and the shared task records `recs`
 * (sized for the plan's largest task count). A configuration that cannot
 * run gets a note; failed runs are recorded. Each configuration is
 * summarised (hl_config_summarise) when it stops, and its line printed to
 * plan->progress. Returns -1 with err filled only when results could not
 * be allocated or the user interrupted: every configuration is closed
 * then too. */
int hl_rounds_run(const struct hl_plan *plan, struct hl_work *work, struct hl_task_record *recs,
                  struct hl_experiment_result *e, size_t first, size_t end, struct hl_error *err);

#endif
