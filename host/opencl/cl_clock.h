/* Device profiling timestamps on the host's clock.
 *
 * Every backend records CLOCK_MONOTONIC (util/timing.h); OpenCL profiling
 * gives device-clock nanoseconds. clGetDeviceAndHostTimer would relate
 * the two, but neither PoCL 3.1 nor NVIDIA implements it, so hetlane
 * calibrates: it enqueues a tiny command several times and, for each,
 * reads the host clock just before the enqueue (h0) and just after
 * clWaitForEvents returns (h1). The command was queued no earlier than h0
 * and ended no later than h1, so the offset (host = device + offset) lies
 * in [h0 - QUEUED, h1 - END]. The tightest bracket over the trials wins;
 * its midpoint is the offset and its half-width bounds the error.
 *
 * Measured on PoCL 3.1 (2-core VM, docs/opencl.md): bracket half-width
 * about 5-20 us; against PoCL's real clock (CLOCK_MONOTONIC_RAW) the
 * estimate is within a few microseconds. The two clocks drift apart by
 * the NTP frequency correction (ppm), which is why every open()
 * recalibrates. */
#ifndef HL_OPENCL_CL_CLOCK_H
#define HL_OPENCL_CL_CLOCK_H

#include <stdint.h>

#include "opencl/cl_error.h"

struct hl_cl_clock {
    int64_t offset_ns; /* host CLOCK_MONOTONIC = device time + offset_ns */
    int64_t error_ns;  /* half-width of the best bracket; -1 if the device's
                          QUEUED times are unusable and only END was used */
    int trials;
};

/* Calibrates against `queue` (which must have profiling on). Returns -1
 * with err naming `who` and the failed call if a command cannot run. */
int hl_cl_clock_calibrate(cl_context ctx, cl_command_queue queue, const char *who,
                          struct hl_cl_clock *clock, struct hl_error *err);

/* A device timestamp on the host clock. */
static inline int64_t hl_cl_clock_to_host(const struct hl_cl_clock *clock, cl_ulong device_ns) {
    return (int64_t)device_ns + clock->offset_ns;
}

#endif
