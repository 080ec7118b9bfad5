/* Device probes: what one OpenCL device can do, measured on a session
 * (kernels/ceilings.cl): global-memory bandwidth, int64-add throughput
 * and enqueue-to-start latency. The ceilings (cl_ceilings.c) and
 * bench/bench_opencl share them, so both report the same numbers. Kernel
 * times come from OpenCL profiling events (the device's clock), so host
 * scheduling noise does not enter them; every result is checked. */
#ifndef HL_OPENCL_CL_PROBES_H
#define HL_OPENCL_CL_PROBES_H

#include <stddef.h>

#include "backends/opencl/cl_session.h"

/* Seconds of one profiled event, END - START (0 when it cannot be read). */
double hl_cl_event_s(cl_event ev);

/* Copies `bytes` (rounded down to 64) from one device buffer to another
 * with hl_ceil_copy, `reps` times after one untimed launch, and returns
 * the fastest as bytes read + written per second (1e9) in *gbs. The copy
 * is read back and checked word by word. Returns 0, or -1 with err set
 * (memory, a failed command, a copy that did not arrive). */
int hl_cl_probe_memory(const struct hl_cl_session *s, size_t bytes, int reps, double *gbs,
                       struct hl_error *err);

/* int64 additions per second (1e9) of hl_ceil_add: the work grows until
 * one launch takes at least min_s, then the fastest of `reps` launches
 * counts. Every work-item's result is checked against the recurrence run
 * on the host. Returns 0, or -1 with err set. */
int hl_cl_probe_add(const struct hl_cl_session *s, double min_s, int reps, double *gops,
                    struct hl_error *err);

/* Enqueue-to-start latency of a one-work-item kernel (hl_square of one
 * element), median and best over `reps` launches each waited for, in
 * seconds: START minus the host clock just before clEnqueueNDRangeKernel.
 * Returns 0, or -1 with err set. */
int hl_cl_probe_launch(const struct hl_cl_session *s, int reps, double *median_s, double *best_s,
                       struct hl_error *err);

#endif
