/* Checks a trace.json against the results it was written from, as a
 * reader of the trace would: it parses, has one process per counted run
 * of every configuration (in order) with one X event per task that ran
 * and per phase with ts/dur matching the results, names its processes and
 * threads, and no two events on one thread overlap without nesting. */
#ifndef HL_TESTS_TRACE_CHECK_H
#define HL_TESTS_TRACE_CHECK_H

#include "model/results.h"

/* Prints a CHECK failure for every problem and then returns -1 (check.h
 * counts failures per file, so the caller must CHECK the result);
 * otherwise returns the number of X events of category "phase" seen (so
 * callers can expect some). */
long trace_check(const char *path, const struct hl_results *r);

#endif
