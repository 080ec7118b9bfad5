/* The table of `hetlane compare` on stdout: per workload, every
 * configuration's median wall time in A and in B, the fastest-to-slowest
 * range of each, the ratio B / A and what the ranges say. */
#ifndef HL_OUTPUT_COMPARE_TABLE_H
#define HL_OUTPUT_COMPARE_TABLE_H

#include <stdio.h>

#include "model/results_pair.h"

/* name_a and name_b say where A and B came from (their file names). */
void hl_compare_print(FILE *out, const struct hl_pairing *p, const char *name_a,
                      const struct hl_results *a, const char *name_b, const struct hl_results *b);

#endif
