/* The human summary on stdout: one table per experiment. */
#ifndef HL_SUMMARY_H
#define HL_SUMMARY_H

#include <stdio.h>

#include "model/results.h"

/* Prints a table per experiment: config, tasks, median/min/max wall time,
 * median CPU time, speedup against serial and whether it verified; then
 * the reason of every run that did not verify. */
void hl_summary_print(FILE *out, const struct hl_results *r);

#endif
