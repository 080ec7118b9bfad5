/* Host <-> device bandwidth of one session in one host-memory mode, the
 * way the backend moves data: what the offload ceilings (and
 * bench_opencl) report. Times are host wall-clock around each blocking
 * command, so a runtime that stages pageable copies through a bounce
 * buffer is charged for it, as a run is. */
#ifndef HL_OPENCL_CL_BANDWIDTH_H
#define HL_OPENCL_CL_BANDWIDTH_H

#include <stddef.h>

#include "backends/opencl/cl_session.h"
#include "backends/opencl/cl_transfer.h"

struct hl_cl_bandwidth {
    size_t bytes;              /* per transfer */
    int reps;                  /* timed transfers per direction */
    double h2d_gbs, d2h_gbs;   /* medians, 1e9 bytes per second */
    double h2d_best, d2h_best; /* the fastest of the reps */
};

/* Measures `reps` transfers (after one untimed) of `bytes` each way:
 * pageable and pinned as clEnqueueWrite/ReadBuffer between host memory of
 * that kind and a device buffer; zero-copy as a map and unmap of a
 * CL_MEM_USE_HOST_PTR buffer (writing, then reading): the bytes a kernel's
 * results become visible per second, no copy at all on host-unified
 * memory. Every transferred byte is checked afterwards (a pattern written
 * one way must come back the other), so a copy that never happened
 * cannot report a speed. Returns 0, or -1 with err set (memory, a failed
 * command, a pattern that did not arrive). */
int hl_cl_measure_bandwidth(const struct hl_cl_session *s, enum hl_cl_transfer mode, size_t bytes,
                            int reps, struct hl_cl_bandwidth *out, struct hl_error *err);

#endif
