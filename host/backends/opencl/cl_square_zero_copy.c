/* square on an OpenCL device in place: the zero-copy mode. The kernel
 * reads and writes the workload's own x and y through CL_MEM_USE_HOST_PTR
 * buffers made once (x and y are page-aligned shared memory, so they meet
 * every device's CL_DEVICE_MEM_BASE_ADDR_ALIGN), and nothing is copied.
 * Each task is one chunk: the kernel over [lo, hi), then a map and unmap
 * of y[lo, hi) for reading: the OpenCL way of making a kernel's writes
 * visible to the host. On a device with host-unified memory (PoCL, an
 * integrated GPU) the map returns y + lo and moves nothing; on a discrete
 * GPU the runtime may copy there, and the map phase shows what it costs. */
#include <stdint.h>

#include "backends/opencl/cl_jobs.h"
#include "backends/opencl/cl_transfer.h"
#include "workloads/square.h"

struct square_zc_job {
    cl_kernel kernel;
    size_t local;
    cl_mem x, y; /* the whole arrays, in place */
};

static void square_zc_close(void *state) {
    struct square_zc_job *j = state;
    if (j->y != NULL)
        clReleaseMemObject(j->y);
    if (j->x != NULL)
        clReleaseMemObject(j->x);
    if (j->kernel != NULL)
        clReleaseKernel(j->kernel);
}

/* Work-items for chunk [lo, hi): the whole runs of 8 and one more. */
static size_t span_items(int64_t lo, int64_t hi, size_t local) {
    int64_t a = (lo + 7) / 8 * 8;
    a = a > hi ? hi : a;
    return hl_cl_round_up((size_t)((hi - a) / 8) + 1, local);
}

static cl_int set_args(struct square_zc_job *j, int64_t lo, int64_t hi) {
    cl_ulong lo_arg = (cl_ulong)lo, hi_arg = (cl_ulong)hi;
    cl_int rc = clSetKernelArg(j->kernel, 0, sizeof(cl_mem), &j->x);
    if (rc == CL_SUCCESS)
        rc = clSetKernelArg(j->kernel, 1, sizeof(cl_mem), &j->y);
    if (rc == CL_SUCCESS)
        rc = clSetKernelArg(j->kernel, 2, sizeof lo_arg, &lo_arg);
    if (rc == CL_SUCCESS)
        rc = clSetKernelArg(j->kernel, 3, sizeof hi_arg, &hi_arg);
    return rc;
}

static int square_zc_open(const struct hl_cl_session *s, const struct hl_work *work, void *state,
                          struct hl_error *err) {
    struct square_zc_job *j = state;
    const struct hl_square_state *sq = work->state;
    size_t bytes = (size_t)sq->n * sizeof(cl_long);
    uint32_t align = s->device.base_align_bytes > 0 ? s->device.base_align_bytes : 1;
    if ((uintptr_t)sq->x % align != 0 || (uintptr_t)sq->y % align != 0)
        return hl_error_set(err, HL_ERR_RUNTIME,
                            "%s: zero-copy needs x and y aligned to %u bytes; use /pinned", s->who,
                            (unsigned)align);
    if (hl_cl_fit_check(&s->device, s->who, "square zero-copy (x and y in place)", bytes, 2, err) !=
            0 ||
        hl_cl_session_kernel(s, "hl_square_span", &j->kernel, &j->local, err) != 0)
        return -1;
    cl_int rc = CL_SUCCESS;
    j->x = clCreateBuffer(s->ctx, CL_MEM_USE_HOST_PTR | CL_MEM_READ_ONLY, bytes, sq->x, &rc);
    HL_CL_CHECK(err, s->who, rc, "clCreateBuffer(x in place)", fail);
    j->y = clCreateBuffer(s->ctx, CL_MEM_USE_HOST_PTR | CL_MEM_WRITE_ONLY, bytes, sq->y, &rc);
    HL_CL_CHECK(err, s->who, rc, "clCreateBuffer(y in place)", fail);
    /* PoCL compiles the kernel for its grid on the first launch: pay it
     * here, on the first chunk (the run poisons y again before it starts). */
    int64_t lo, hi;
    hl_square_chunk(sq->n, work->ntasks, 0, &lo, &hi);
    size_t global = span_items(lo, hi, j->local);
    HL_CL_TRY(err, s->who, set_args(j, lo, hi), fail);
    HL_CL_TRY(
        err, s->who,
        clEnqueueNDRangeKernel(s->queues[0], j->kernel, 1, NULL, &global, &j->local, 0, NULL, NULL),
        fail);
    return hl_cl_finish_all(s, err);

fail: /* the runner calls square_zc_close() */
    return -1;
}

/* Chunk [lo, hi): the kernel over it, then map and unmap of y's chunk. */
static cl_int square_zc_enqueue_units(const struct hl_cl_session *s, void *state,
                                      struct hl_work *work, int64_t lo, int64_t hi, int q,
                                      cl_event ev[HL_CL_TASK_EVENTS], const char **what) {
    (void)work;
    struct square_zc_job *j = state;
    cl_command_queue cq = s->queues[q];
    size_t global = span_items(lo, hi, j->local);
    *what = "clSetKernelArg";
    cl_int rc = set_args(j, lo, hi);
    if (rc != CL_SUCCESS)
        return rc;
    *what = "clEnqueueNDRangeKernel";
    rc = clEnqueueNDRangeKernel(cq, j->kernel, 1, NULL, &global, &j->local, 0, NULL, &ev[0]);
    if (rc != CL_SUCCESS)
        return rc;
    size_t offset = (size_t)lo * sizeof(cl_long), bytes = (size_t)(hi - lo) * sizeof(cl_long);
    *what = "clEnqueueMapBuffer";
    void *mapped =
        clEnqueueMapBuffer(cq, j->y, CL_FALSE, CL_MAP_READ, offset, bytes, 0, NULL, &ev[1], &rc);
    if (rc != CL_SUCCESS)
        return rc;
    *what = "clEnqueueUnmapMemObject";
    return clEnqueueUnmapMemObject(cq, j->y, mapped, 0, NULL, &ev[2]);
}

/* Task t: its chunk. */
static cl_int square_zc_enqueue(const struct hl_cl_session *s, void *state, struct hl_work *work,
                                int64_t t, int q, cl_event ev[HL_CL_TASK_EVENTS],
                                const char **what) {
    const struct hl_square_state *sq = work->state;
    int64_t lo, hi;
    hl_square_chunk(sq->n, work->ntasks, t, &lo, &hi);
    return square_zc_enqueue_units(s, state, work, lo, hi, q, ev, what);
}

/* Before a run: the host has poisoned y; a device that keeps its own copy
 * of a USE_HOST_PTR buffer gets the poison too (map for writing without
 * reading back, then unmap), so a chunk the kernel skips shows. No copy
 * on host-unified memory. */
static int square_zc_refresh(const struct hl_cl_session *s, void *state, struct hl_work *work,
                             struct hl_error *err) {
    struct square_zc_job *j = state;
    const struct hl_square_state *sq = work->state;
    cl_int rc = CL_SUCCESS;
    void *p = clEnqueueMapBuffer(s->queues[0], j->y, CL_TRUE, CL_MAP_WRITE_INVALIDATE_REGION, 0,
                                 (size_t)sq->n * sizeof(cl_long), 0, NULL, NULL, &rc);
    HL_CL_CHECK(err, s->who, rc, "clEnqueueMapBuffer(y, refresh)", fail);
    HL_CL_TRY(err, s->who, clEnqueueUnmapMemObject(s->queues[0], j->y, p, 0, NULL, NULL), fail);
    return 0;
fail:
    return -1;
}

const struct hl_cl_job hl_cl_square_zero_copy_job = {
    .workload = &hl_workload_square,
    .transfers = 1u << HL_CL_ZERO_COPY,
    .state_size = sizeof(struct square_zc_job),
    .nphases = 2,
    .phases = {{HL_PHASE_KERNEL, 0, 0}, {HL_PHASE_MAP, 1, 2}},
    .open = square_zc_open,
    .enqueue = square_zc_enqueue,
    .enqueue_units = square_zc_enqueue_units,
    .unit_bytes = 0,    /* nothing crosses a bus */
    .task_bytes = NULL, /* nothing crosses a bus */
    .refresh = square_zc_refresh,
    .close = square_zc_close,
};
