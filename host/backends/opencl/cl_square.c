/* square on an OpenCL device through copies (pageable and pinned; the
 * zero-copy job is cl_square_zero_copy.c). Each task is one chunk of x:
 * write it to the device (h2d), square it (kernel), read y back (d2h),
 * three commands with profiling on one in-order queue. The runner
 * (cl_run.c) deals tasks round-robin to the session's queues and each
 * queue has its own pair of buffers, so with 4 queues one chunk's h2d,
 * another's kernel and a third's d2h are in flight together: a pipeline
 * whose run approaches the slower direction's copy time plus one chunk,
 * not the sum of both. With one queue (--no-overlap) everything runs in
 * order. The host arrays are the workload's own x and y (page-locked when
 * the configuration is pinned: the experiment prepared them in
 * cl_pinned.c's memory), so verification is the same as for every CPU
 * backend. */
#include "backends/opencl/cl_jobs.h"
#include "backends/opencl/cl_transfer.h"
#include "workloads/square.h"

struct square_job {
    cl_kernel kernel;
    size_t local;
    cl_mem x[HL_CL_MAX_QUEUES], y[HL_CL_MAX_QUEUES];
};

static void square_close(void *state) {
    struct square_job *j = state;
    for (int q = HL_CL_MAX_QUEUES - 1; q >= 0; q--) {
        if (j->y[q] != NULL)
            clReleaseMemObject(j->y[q]);
        if (j->x[q] != NULL)
            clReleaseMemObject(j->x[q]);
    }
    if (j->kernel != NULL)
        clReleaseKernel(j->kernel);
}

static int square_open(const struct hl_cl_session *s, const struct hl_work *work, void *state,
                       struct hl_error *err) {
    struct square_job *j = state;
    const struct hl_square_state *sq = work->state;
    /* Chunks differ by at most one element; the largest sets the buffers. */
    int64_t max_chunk = (sq->n + work->ntasks - 1) / work->ntasks;
    uint64_t bytes = (uint64_t)max_chunk * sizeof(cl_long);
    if (hl_cl_fit_check(&s->device, s->who, "square (one chunk of x and y per queue)", bytes,
                        2 * s->nqueues, err) != 0)
        return -1;
    if (hl_cl_session_kernel(s, "hl_square", &j->kernel, &j->local, err) != 0)
        return -1;
    cl_int rc = CL_SUCCESS;
    for (int q = 0; q < s->nqueues; q++) {
        j->x[q] = clCreateBuffer(s->ctx, CL_MEM_READ_ONLY, bytes, NULL, &rc);
        HL_CL_CHECK(err, s->who, rc, "clCreateBuffer(x chunk)", fail);
        j->y[q] = clCreateBuffer(s->ctx, CL_MEM_WRITE_ONLY, bytes, NULL, &rc);
        HL_CL_CHECK(err, s->who, rc, "clCreateBuffer(y chunk)", fail);
    }
    /* First uses cost: device memory is allocated and faulted in on its
     * first write (PoCL: ~50 ms for 2 x 2 x 24 MiB), and PoCL compiles the
     * kernel for its work-group size on the first launch (0.1 s or more
     * with a cold cache). Pay both here, in setup, not in the first run. */
    const cl_long zero = 0;
    for (int q = 0; q < s->nqueues; q++) {
        HL_CL_TRY(
            err, s->who,
            clEnqueueFillBuffer(s->queues[q], j->x[q], &zero, sizeof zero, 0, bytes, 0, NULL, NULL),
            fail);
        HL_CL_TRY(
            err, s->who,
            clEnqueueFillBuffer(s->queues[q], j->y[q], &zero, sizeof zero, 0, bytes, 0, NULL, NULL),
            fail);
    }
    cl_ulong nothing = 0;
    HL_CL_TRY(err, s->who, clSetKernelArg(j->kernel, 0, sizeof(cl_mem), &j->x[0]), fail);
    HL_CL_TRY(err, s->who, clSetKernelArg(j->kernel, 1, sizeof(cl_mem), &j->y[0]), fail);
    HL_CL_TRY(err, s->who, clSetKernelArg(j->kernel, 2, sizeof nothing, &nothing), fail);
    /* The run's own grid size: PoCL specialises kernels on it too. */
    size_t global = hl_cl_round_up(((size_t)max_chunk + 7) / 8, j->local);
    HL_CL_TRY(
        err, s->who,
        clEnqueueNDRangeKernel(s->queues[0], j->kernel, 1, NULL, &global, &j->local, 0, NULL, NULL),
        fail);
    return hl_cl_finish_all(s, err);

fail: /* the runner calls square_close() */
    return -1;
}

/* Enqueues chunk [lo, hi)'s three commands on queue q: h2d, kernel, d2h. */
static cl_int square_enqueue_units(const struct hl_cl_session *s, void *state, struct hl_work *work,
                                   int64_t lo, int64_t hi, int q, cl_event ev[HL_CL_TASK_EVENTS],
                                   const char **what) {
    struct square_job *j = state;
    const struct hl_square_state *sq = work->state;
    size_t count = (size_t)(hi - lo), bytes = count * sizeof(cl_long);
    cl_ulong n_arg = count;
    size_t global = hl_cl_round_up((count + 7) / 8, j->local); /* runs of 8, see square.cl */
    cl_command_queue cq = s->queues[q];

    *what = "clEnqueueWriteBuffer";
    cl_int rc = clEnqueueWriteBuffer(cq, j->x[q], CL_FALSE, 0, bytes, sq->x + lo, 0, NULL, &ev[0]);
    if (rc != CL_SUCCESS)
        return rc;
    *what = "clSetKernelArg";
    rc = clSetKernelArg(j->kernel, 0, sizeof(cl_mem), &j->x[q]);
    if (rc == CL_SUCCESS)
        rc = clSetKernelArg(j->kernel, 1, sizeof(cl_mem), &j->y[q]);
    if (rc == CL_SUCCESS)
        rc = clSetKernelArg(j->kernel, 2, sizeof n_arg, &n_arg);
    if (rc != CL_SUCCESS)
        return rc;
    *what = "clEnqueueNDRangeKernel";
    rc = clEnqueueNDRangeKernel(cq, j->kernel, 1, NULL, &global, &j->local, 0, NULL, &ev[1]);
    if (rc != CL_SUCCESS)
        return rc;
    *what = "clEnqueueReadBuffer";
    return clEnqueueReadBuffer(cq, j->y[q], CL_FALSE, 0, bytes, sq->y + lo, 0, NULL, &ev[2]);
}

/* Task t: its chunk of x. */
static cl_int square_enqueue(const struct hl_cl_session *s, void *state, struct hl_work *work,
                             int64_t t, int q, cl_event ev[HL_CL_TASK_EVENTS], const char **what) {
    const struct hl_square_state *sq = work->state;
    int64_t lo, hi;
    hl_square_chunk(sq->n, work->ntasks, t, &lo, &hi);
    return square_enqueue_units(s, state, work, lo, hi, q, ev, what);
}

/* Before a run: 0 (nobody's square) in every y buffer, so the first chunk
 * a queue runs cannot pass on what the last run left there. */
static int square_refresh(const struct hl_cl_session *s, void *state, struct hl_work *work,
                          struct hl_error *err) {
    struct square_job *j = state;
    const struct hl_square_state *sq = work->state;
    int64_t max_chunk = (sq->n + work->ntasks - 1) / work->ntasks;
    const cl_long zero = 0;
    for (int q = 0; q < s->nqueues; q++)
        HL_CL_TRY(err, s->who,
                  clEnqueueFillBuffer(s->queues[q], j->y[q], &zero, sizeof zero, 0,
                                      (size_t)max_chunk * sizeof(cl_long), 0, NULL, NULL),
                  fail);
    return 0;
fail:
    return -1;
}

/* x in, y out: both chunks cross the bus. */
static int64_t square_task_bytes(const struct hl_work *work, int64_t t) {
    const struct hl_square_state *sq = work->state;
    int64_t lo, hi;
    hl_square_chunk(sq->n, work->ntasks, t, &lo, &hi);
    return (hi - lo) * 2 * (int64_t)sizeof(cl_long);
}

const struct hl_cl_job hl_cl_square_job = {
    .workload = &hl_workload_square,
    .transfers = (1u << HL_CL_PAGEABLE) | (1u << HL_CL_PINNED),
    .state_size = sizeof(struct square_job),
    .nphases = 3,
    .phases = {{HL_PHASE_H2D, 0, 0}, {HL_PHASE_KERNEL, 1, 1}, {HL_PHASE_D2H, 2, 2}},
    .open = square_open,
    .enqueue = square_enqueue,
    .enqueue_units = square_enqueue_units,
    .unit_bytes = 2 * sizeof(cl_long),
    .task_bytes = square_task_bytes,
    .refresh = square_refresh,
    .close = square_close,
};
