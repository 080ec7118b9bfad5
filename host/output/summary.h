/* The human summary on stdout: one table per experiment. */
#ifndef HL_SUMMARY_H
#define HL_SUMMARY_H

#include <stdio.h>

#include "model/results.h"

/* Prints a table per experiment: config, tasks, runs made, median wall
 * time and its interval (+-, the larger side, as a share of the median;
 * "@75%" where a few runs' min..max holds less than 95%),
 * min/max, median CPU time, speedup against serial, whether it verified
 * and NOISY where the runs' spread is flagged (model/noise.h); then the
 * reason of every run that did not verify and what each flag is. */
void hl_summary_print(FILE *out, const struct hl_results *r);

#endif
