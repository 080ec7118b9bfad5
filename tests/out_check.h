/* "Nothing half-written": what a failed or interrupted run may leave in
 * its output directory. Every file there must be whole (results.json and
 * trace.json parse, results.csv ends its last line, a PNG ends with its
 * IEND chunk, an SVG with </svg>) and no temporary file (".name.XXXXXX",
 * ".hetlane-probe.XXXXXX") may be left. */
#ifndef HL_TESTS_OUT_CHECK_H
#define HL_TESTS_OUT_CHECK_H

#include <stddef.h>

#include "model/results.h"

/* 0 when dir (missing counts as empty) holds only whole files; else -1
 * with the first problem in why. *files receives how many there are. */
int out_check(const char *dir, size_t *files, char *why, size_t why_size);

/* Removes dir and what it holds (one level: hetlane writes no folders). */
void out_remove(const char *dir);

/* Removes a test's whole scratch tree (rm -rf), saying so if it cannot. */
void out_remove_tree(const char *dir);

/* Reads dir/results.json into r, or stops the test with why it cannot. */
void out_read_results(const char *dir, struct hl_results *r);

#endif
