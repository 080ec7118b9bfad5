/* Synthetic results with known tasks, for the chart and trace tests:
 * every time is chosen so a test knows where each bar must be. */
#ifndef HL_TESTS_PLOT_FIXTURE_H
#define HL_TESTS_PLOT_FIXTURE_H

#include <stdint.h>

#include "model/results.h"

#define MS 1000000LL /* ns */

/* Starts r with host fields set and one experiment of `workload` with
 * param n; returns the experiment. */
struct hl_experiment_result *fixture_begin(struct hl_results *r, const char *workload);

/* Adds a configuration (the pointer is valid until the next one is added) with `nruns` runs of
 * `ntasks` tasks each. Task k runs on worker k % workers from (k / workers) * step_ns + 1 ms for
 * len_ns; run i's wall time is walls_s[i]. */
struct hl_config_result *fixture_config(struct hl_experiment_result *e, const char *label,
                                        const char *backend, int workers, size_t ntasks,
                                        int64_t step_ns, int64_t len_ns, size_t nruns,
                                        const double *walls_s);

/* Sets speedups and stats as the experiment would. */
void fixture_finish(struct hl_experiment_result *e);

#endif
