#include "backends/opencl/cl_clock.h"

#include "util/timing.h"

#define TRIALS 16
#define SPIN_NS 20000000 /* 20 ms, then block: a slow device is not spun on */

/* Waits for ev by polling its status: the host sees the end within a
 * microsecond or so, where clWaitForEvents may sleep and wake tens of
 * microseconds late, which would widen the bracket by as much. */
static cl_int wait_spinning(cl_event ev) {
    int64_t deadline = hl_now_ns() + SPIN_NS;
    for (;;) {
        cl_int status = CL_QUEUED;
        cl_int rc =
            clGetEventInfo(ev, CL_EVENT_COMMAND_EXECUTION_STATUS, sizeof status, &status, NULL);
        if (rc != CL_SUCCESS)
            return rc;
        if (status == CL_COMPLETE)
            return CL_SUCCESS;
        if (status < 0)
            return status;
        if (hl_now_ns() > deadline)
            return clWaitForEvents(1, &ev);
    }
}

int hl_cl_clock_calibrate(cl_context ctx, cl_command_queue queue, const char *who,
                          struct hl_cl_clock *clock, struct hl_error *err) {
    cl_int rc = CL_SUCCESS;
    cl_long word = 0;
    cl_event ev = NULL;
    cl_mem buf = clCreateBuffer(ctx, CL_MEM_READ_WRITE, sizeof word, NULL, &rc);
    HL_CL_CHECK(err, who, rc, "clCreateBuffer", fail);

    /* The bracket [lo, hi] holds the true offset for every trial; keep the
     * narrowest ends over all trials. */
    int64_t lo = INT64_MIN, hi = INT64_MAX;
    for (int t = 0; t < TRIALS; t++) {
        int64_t h0 = hl_now_ns();
        HL_CL_TRY(err, who,
                  clEnqueueWriteBuffer(queue, buf, CL_FALSE, 0, sizeof word, &word, 0, NULL, &ev),
                  fail);
        HL_CL_TRY(err, who, clFlush(queue), fail);
        HL_CL_TRY(err, who, wait_spinning(ev), fail);
        int64_t h1 = hl_now_ns();
        cl_ulong queued = 0, end = 0;
        HL_CL_TRY(
            err, who,
            clGetEventProfilingInfo(ev, CL_PROFILING_COMMAND_QUEUED, sizeof queued, &queued, NULL),
            fail);
        HL_CL_TRY(err, who,
                  clGetEventProfilingInfo(ev, CL_PROFILING_COMMAND_END, sizeof end, &end, NULL),
                  fail);
        clReleaseEvent(ev);
        ev = NULL;
        if (queued != 0 && h0 - (int64_t)queued > lo)
            lo = h0 - (int64_t)queued;
        if (h1 - (int64_t)end < hi)
            hi = h1 - (int64_t)end;
    }
    clReleaseMemObject(buf);
    clock->trials = TRIALS;
    if (lo <= hi) {
        clock->offset_ns = lo + (hi - lo) / 2;
        clock->error_ns = (hi - lo + 1) / 2;
    } else {
        /* QUEUED stamped on another clock or late: trust END alone, which
         * can only put events late by the wake-up after clWaitForEvents. */
        clock->offset_ns = hi;
        clock->error_ns = -1;
    }
    return 0;

fail:
    if (ev != NULL)
        clReleaseEvent(ev);
    if (buf != NULL)
        clReleaseMemObject(buf);
    return -1;
}
