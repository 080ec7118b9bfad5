/* bench_opencl: shared pieces of the OpenCL benchmark (bench_opencl.c
 * drives and prints; bench_opencl_probes.c measures the device). */
#ifndef HL_BENCH_OPENCL_H
#define HL_BENCH_OPENCL_H

#include <stdint.h>

#include "backends/opencl/cl_jobs.h"

/* Median of n doubles (sorts them in place). */
double bench_median(double *v, int n);

/* Seconds of one profiled event, END - START. */
double bench_event_s(cl_event ev);

/* Best-of-reps kernel-only seconds of square over n elements already on
 * the device (one launch), or a negative value with err set. */
double bench_square_kernel_s(struct hl_cl_session *s, int64_t n, int reps, struct hl_error *err);

/* Kernel-only seconds of `tasks` sum reductions of n (both launches of
 * each, summed), best of reps, on one queue; negative with err set. */
double bench_sum_kernel_s(struct hl_cl_session *s, int64_t n, int tasks, int reps,
                          struct hl_error *err);

#endif
