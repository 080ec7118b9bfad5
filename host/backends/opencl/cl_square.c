/* square on an OpenCL device. Each task is one chunk of x: write it to
 * the device (h2d), square it (kernel), read y back (d2h), three commands
 * with profiling on one in-order queue. Tasks alternate between the
 * session's queues, each with its own buffers, so one chunk's transfer
 * runs while another chunk's kernel does; with one queue (--no-overlap)
 * everything runs in order. The host buffers are the workload's own x
 * and y, so verification is the same as for every CPU backend. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "backends/opencl/cl_jobs.h"
#include "util/alloc.h"
#include "util/timing.h"
#include "workloads/square.h"

struct square_job {
    cl_kernel kernel;
    size_t local;
    cl_mem x[HL_CL_MAX_QUEUES], y[HL_CL_MAX_QUEUES];
    int64_t ntasks;
    cl_event *events; /* 3 per task: h2d, kernel, d2h */
};

static void square_close(void *state) {
    struct square_job *j = state;
    if (j == NULL)
        return;
    for (int q = HL_CL_MAX_QUEUES - 1; q >= 0; q--) {
        if (j->y[q] != NULL)
            clReleaseMemObject(j->y[q]);
        if (j->x[q] != NULL)
            clReleaseMemObject(j->x[q]);
    }
    if (j->kernel != NULL)
        clReleaseKernel(j->kernel);
    free(j->events);
    free(j);
}

static int square_open(struct hl_cl_session *s, const struct hl_work *work, void **state,
                       struct hl_error *err) {
    const struct hl_square_state *sq = work->state;
    /* Chunks differ by at most one element; the largest sets the buffers. */
    int64_t max_chunk = (sq->n + work->ntasks - 1) / work->ntasks;
    uint64_t bytes = (uint64_t)max_chunk * sizeof(cl_long);
    if (hl_cl_fit_check(&s->device, s->who, "square (one chunk of x and y per queue)", bytes,
                        2 * s->nqueues, err) != 0)
        return -1;
    struct square_job *j = hl_calloc(1, sizeof *j);
    if (j == NULL)
        return hl_error_set(err, HL_ERR_RUNTIME, "%s: cannot allocate the square job", s->who);
    j->ntasks = work->ntasks;
    j->events = hl_calloc((size_t)work->ntasks * 3, sizeof(cl_event));
    if (j->events == NULL) {
        hl_error_set(err, HL_ERR_RUNTIME, "%s: cannot allocate events for %lld tasks", s->who,
                     (long long)work->ntasks);
        goto fail;
    }
    if (hl_cl_session_kernel(s, "hl_square", &j->kernel, &j->local, err) != 0)
        goto fail;
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
    if (hl_cl_finish_all(s, err) != 0)
        goto fail;
    *state = j;
    return 0;

fail:
    square_close(j);
    return -1;
}

/* Enqueues task t's three commands on queue q. Returns CL_SUCCESS, or the
 * error with *what naming the command that could not be enqueued. */
static cl_int enqueue_task(struct hl_cl_session *s, struct square_job *j,
                           struct hl_square_state *sq, int64_t ntasks, int64_t t, int q,
                           const char **what) {
    int64_t lo, hi;
    hl_square_chunk(sq->n, ntasks, t, &lo, &hi);
    size_t count = (size_t)(hi - lo), bytes = count * sizeof(cl_long);
    cl_ulong n_arg = count;
    size_t global = hl_cl_round_up((count + 7) / 8, j->local); /* runs of 8, see square.cl */
    cl_event *ev = &j->events[3 * t];
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

static int square_run(struct hl_cl_session *s, void *state, struct hl_work *work,
                      struct hl_task_record *recs, struct hl_error *err) {
    struct square_job *j = state;
    struct hl_square_state *sq = work->state;
    if (work->ntasks > j->ntasks)
        return hl_error_set(err, HL_ERR_RUNTIME, "%s: opened for %lld tasks, asked for %lld",
                            s->who, (long long)j->ntasks, (long long)work->ntasks);
    memset(j->events, 0, (size_t)work->ntasks * 3 * sizeof(cl_event));

    int64_t lo_ns = hl_now_ns();
    for (int64_t t = 0; t < work->ntasks; t++) {
        int q = (int)(t % s->nqueues);
        const char *what = "";
        cl_int rc = enqueue_task(s, j, sq, work->ntasks, t, q, &what);
        if (rc != CL_SUCCESS) {
            recs[t].worker = q;
            snprintf(recs[t].error, sizeof recs[t].error, "%s: %s", what, hl_cl_error_name(rc));
        }
        /* Submit now, so the device starts on the first chunk while the
         * host is still enqueuing the others. */
        clFlush(s->queues[q]);
    }
    int rc = hl_cl_finish_all(s, err);
    int64_t hi_ns = hl_now_ns();

    for (int64_t t = 0; t < work->ntasks; t++) {
        cl_event *ev = &j->events[3 * t];
        int64_t lo, hi;
        hl_square_chunk(sq->n, work->ntasks, t, &lo, &hi);
        recs[t].bytes = (hi - lo) * 2 * (int64_t)sizeof(cl_long);
        const struct hl_cl_phase phases[] = {{HL_PHASE_H2D, ev[0], ev[0]},
                                             {HL_PHASE_KERNEL, ev[1], ev[1]},
                                             {HL_PHASE_D2H, ev[2], ev[2]}};
        hl_cl_settle_task(&recs[t], (int)(t % s->nqueues), ev, phases, 3, rc == 0, &s->clock, lo_ns,
                          hi_ns);
    }
    return rc;
}

const struct hl_cl_job_ops hl_cl_square_ops = {
    .workload = &hl_workload_square,
    .open = square_open,
    .run = square_run,
    .close = square_close,
};
