/* Device profiling timestamps on the host's clock.
 *
 * Every backend records CLOCK_MONOTONIC (util/timing.h); OpenCL profiling
 * gives device-clock nanoseconds. clGetDeviceAndHostTimer would relate
 * the two, but neither PoCL 3.1 nor NVIDIA implements it, so hetlane
 * calibrates: it enqueues a tiny command (an 8-byte write) 16 times and,
 * for each, reads the host clock just before the enqueue (h0) and just
 * after the command is seen complete (h1, by polling its status, which
 * notices the end within about a microsecond where clWaitForEvents may
 * sleep tens of microseconds longer). The command was queued no earlier
 * than h0 and ended no later than h1, so the offset (host = device +
 * offset) lies in [h0 - QUEUED, h1 - END]. Each trial's bracket holds the
 * true offset, so their intersection does too; its midpoint is the
 * offset and its half-width bounds the error.
 *
 * Measured on PoCL 3.1 (2-core VM, tests/test_opencl.c prints it):
 * half-width 0.2-0.3 us; against PoCL's actual event clock
 * (CLOCK_MONOTONIC_RAW) the offset is within 0.05-0.12 us. With
 * clWaitForEvents instead of polling the half-width was ~10 us. The two
 * clocks drift apart by the NTP frequency correction (ppm: microseconds
 * per second of run), which is why every open() recalibrates and why
 * mapped times are clamped to the host times around the run. */
#ifndef HL_OPENCL_CL_CLOCK_H
#define HL_OPENCL_CL_CLOCK_H

#include <stdint.h>

#include "backends/opencl/cl_error.h"

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
