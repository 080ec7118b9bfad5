/* The summary's lines for joins (A+B): after the table, each join's
 * shares, balance, gain over the fastest participant alone and its
 * efficiencies (model/coexec.h), so `hetlane run` says them too. */
#ifndef HL_OUTPUT_SUMMARY_COEXEC_H
#define HL_OUTPUT_SUMMARY_COEXEC_H

#include <stdio.h>

#include "model/ceilings.h"
#include "model/results.h"

/* One line per join configuration of x with runs; nothing otherwise. */
void hl_summary_coexec(FILE *out, const struct hl_experiment_result *x,
                       const struct hl_ceilings *ceilings);

#endif
