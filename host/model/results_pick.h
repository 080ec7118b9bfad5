/* Which run stands for a configuration in charts and traces, decided on
 * values exactly as results.json keeps them: the charts drawn during a run
 * and those redrawn later from results.json pick the same run. */
#ifndef HL_RESULTS_PICK_H
#define HL_RESULTS_PICK_H

#include <stddef.h>

#include "model/results.h"

/* s as it reads back from results.json (written with 9 decimals). */
double hl_results_stored_s(double s);

/* Index of the median run of c by stored wall time into *index: the lower
 * middle of an even count, ties to the earlier run. c must have runs.
 * Returns -1 (and *index 0) when memory runs out. */
int hl_results_median_run(const struct hl_config_result *c, size_t *index);

#endif
