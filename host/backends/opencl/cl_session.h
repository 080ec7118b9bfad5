/* One OpenCL device made ready to run hetlane's kernels: context, queues
 * with profiling, the program built once, the clock calibrated. The
 * workload modules (cl_square.c, cl_sum.c) run on a session; the backend
 * (backends/opencl.c) opens one per configuration. */
#ifndef HL_OPENCL_CL_SESSION_H
#define HL_OPENCL_CL_SESSION_H

#include "backends/backend.h"
#include "backends/opencl/cl_clock.h"
#include "backends/opencl/cl_devices.h"

/* In-order queues at most. Each queue runs its chunks' commands in order
 * on its own device buffers, so with 4 queues an h2d, a kernel and a d2h
 * of different chunks are in flight at once, which keeps both copy
 * engines of a discrete GPU busy (cl_square.c); zero-copy, with no copy
 * to hide, uses 2. */
#define HL_CL_MAX_QUEUES 4

/* Work-group size cap: a common sweet spot for GPUs, and large enough
 * that PoCL's per-work-group overhead stays small. */
#define HL_CL_LOCAL_CAP 256

struct hl_cl_session {
    char who[HL_LABEL_MAX]; /* "opencl:0:0", prefixes every message */
    struct hl_cl_device device;
    cl_context ctx;
    int nqueues;
    cl_command_queue queues[HL_CL_MAX_QUEUES];
    cl_program program;
    double build_s; /* clBuildProgram, wall seconds */
    struct hl_cl_clock clock;
};

/* Opens device `platform`:`device` with `nqueues` in-order profiling
 * queues, builds the embedded kernels and calibrates the clock. On
 * failure everything made so far is released and err says what failed
 * (with the build log when the build failed). */
int hl_cl_session_open(struct hl_cl_session *s, int platform, int device, int nqueues,
                       struct hl_error *err);

/* Releases what open() made; safe on a zeroed or failed session. */
void hl_cl_session_close(struct hl_cl_session *s);

/* Creates kernel `name` (caller releases it) and picks its work-group
 * size: the largest power of two <= HL_CL_LOCAL_CAP the kernel allows. */
int hl_cl_session_kernel(const struct hl_cl_session *s, const char *name, cl_kernel *kernel,
                         size_t *local, struct hl_error *err);

/* Waits for every queue of s (each is waited for even after one fails).
 * Returns -1 with err naming the first queue that failed. */
int hl_cl_finish_all(const struct hl_cl_session *s, struct hl_error *err);

/* Checks that `count` buffers of `bytes` each fit the device's largest
 * allocation and its global memory; the error names the sizes, the limit
 * and `what`. */
int hl_cl_fit_check(const struct hl_cl_device *d, const char *who, const char *what, uint64_t bytes,
                    int count, struct hl_error *err);

/* One phase of a task: from the START of `first` to the END of `last`. */
struct hl_cl_phase {
    enum hl_phase_kind kind;
    cl_event first, last;
};

/* Fills rec from finished events: worker = queue, phases on the host
 * clock, task start/end = first phase start/last phase end. Times are
 * clamped into [lo_ns, hi_ns], the host times around the run, which only
 * removes calibration error. A command that failed fails the task. */
void hl_cl_record_task(struct hl_task_record *rec, int queue, const struct hl_cl_phase *phases,
                       int nphases, const struct hl_cl_clock *clock, int64_t lo_ns, int64_t hi_ns);

/* After a run: records a task whose three commands are `events` (all
 * enqueued when events[2] is set) with `phases` built from them, or, when
 * they could not all be enqueued, as a zero-length failed task at hi_ns;
 * nothing is recorded when the run itself failed (run_ok false). Releases
 * every event it was given. */
void hl_cl_settle_task(struct hl_task_record *rec, int queue, cl_event events[3],
                       const struct hl_cl_phase *phases, int nphases, bool run_ok,
                       const struct hl_cl_clock *clock, int64_t lo_ns, int64_t hi_ns);

/* Rounds n up to a multiple of m (m > 0). */
static inline size_t hl_cl_round_up(size_t n, size_t m) {
    return (n + m - 1) / m * m;
}

#endif
