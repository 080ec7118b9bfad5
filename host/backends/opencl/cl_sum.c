/* sum on an OpenCL device. Each task is one reduction (kernels/sum.cl):
 * hl_sum_partial over `groups` work-groups, hl_sum_final over one, then
 * the 8-byte result is read straight into the workload's results[task]
 * (d2h), where the host verifies it like every CPU backend's. The runner
 * (cl_run.c) alternates tasks between the session's queues, each with its
 * own partials and result buffers. Phases: kernel (both launches), d2h;
 * nothing goes to the device, so there is no h2d. */
#include "backends/opencl/cl_jobs.h"
#include "backends/opencl/cl_transfer.h"
#include "workloads/sum.h"

/* Work-groups per compute unit: enough to keep every unit busy while some
 * groups finish early, few enough that the final step stays trivial. */
#define GROUPS_PER_UNIT 8

struct sum_job {
    cl_kernel partial, final;
    size_t local_partial, local_final, groups;
    cl_mem partials[HL_CL_MAX_QUEUES], result[HL_CL_MAX_QUEUES];
};

static void sum_close(void *state) {
    struct sum_job *j = state;
    for (int q = HL_CL_MAX_QUEUES - 1; q >= 0; q--) {
        if (j->result[q] != NULL)
            clReleaseMemObject(j->result[q]);
        if (j->partials[q] != NULL)
            clReleaseMemObject(j->partials[q]);
    }
    if (j->final != NULL)
        clReleaseKernel(j->final);
    if (j->partial != NULL)
        clReleaseKernel(j->partial);
}

/* Enqueues one reduction of n integers on queue q (partial, final, d2h
 * into *result). Returns CL_SUCCESS, or the error with *what naming the
 * call that failed. */
static cl_int enqueue_reduction(const struct hl_cl_session *s, struct sum_job *j, int64_t n,
                                int64_t *result, cl_event ev[HL_CL_TASK_EVENTS], int q,
                                const char **what) {
    cl_command_queue cq = s->queues[q];
    /* 0 at run time, unknown to the compiler: see kernels/sum.cl. */
    cl_ulong n_arg = (cl_ulong)n, salt = 0;
    cl_uint groups = (cl_uint)j->groups;
    size_t global = j->groups * j->local_partial;

    /* -1 (no sum of 0..n-1) in the result first: every task computes the
     * same sum, so a final step that did not run would otherwise pass on
     * the last task's answer. Not part of any phase. */
    const cl_long poison = -1;
    *what = "clEnqueueFillBuffer(result)";
    cl_int rc = clEnqueueFillBuffer(cq, j->result[q], &poison, sizeof poison, 0, sizeof poison, 0,
                                    NULL, NULL);
    if (rc != CL_SUCCESS)
        return rc;
    *what = "clSetKernelArg(hl_sum_partial)";
    rc = clSetKernelArg(j->partial, 0, sizeof n_arg, &n_arg);
    if (rc == CL_SUCCESS)
        rc = clSetKernelArg(j->partial, 1, sizeof salt, &salt);
    if (rc == CL_SUCCESS)
        rc = clSetKernelArg(j->partial, 2, sizeof(cl_mem), &j->partials[q]);
    if (rc == CL_SUCCESS)
        rc = clSetKernelArg(j->partial, 3, j->local_partial * sizeof(cl_ulong), NULL);
    if (rc != CL_SUCCESS)
        return rc;
    *what = "clEnqueueNDRangeKernel(hl_sum_partial)";
    rc = clEnqueueNDRangeKernel(cq, j->partial, 1, NULL, &global, &j->local_partial, 0, NULL,
                                &ev[0]);
    if (rc != CL_SUCCESS)
        return rc;

    *what = "clSetKernelArg(hl_sum_final)";
    rc = clSetKernelArg(j->final, 0, sizeof(cl_mem), &j->partials[q]);
    if (rc == CL_SUCCESS)
        rc = clSetKernelArg(j->final, 1, sizeof groups, &groups);
    if (rc == CL_SUCCESS)
        rc = clSetKernelArg(j->final, 2, sizeof(cl_mem), &j->result[q]);
    if (rc == CL_SUCCESS)
        rc = clSetKernelArg(j->final, 3, j->local_final * sizeof(cl_ulong), NULL);
    if (rc != CL_SUCCESS)
        return rc;
    *what = "clEnqueueNDRangeKernel(hl_sum_final)";
    rc = clEnqueueNDRangeKernel(cq, j->final, 1, NULL, &j->local_final, &j->local_final, 0, NULL,
                                &ev[1]);
    if (rc != CL_SUCCESS)
        return rc;
    *what = "clEnqueueReadBuffer";
    return clEnqueueReadBuffer(cq, j->result[q], CL_FALSE, 0, sizeof(cl_long), result, 0, NULL,
                               &ev[2]);
}

static int sum_open(const struct hl_cl_session *s, const struct hl_work *work, void *state,
                    struct hl_error *err) {
    (void)work; /* nothing goes in: the buffers depend on the device only */
    struct sum_job *j = state;
    if (hl_cl_session_kernel(s, "hl_sum_partial", &j->partial, &j->local_partial, err) != 0 ||
        hl_cl_session_kernel(s, "hl_sum_final", &j->final, &j->local_final, err) != 0)
        return -1;
    j->groups =
        (size_t)(s->device.compute_units > 0 ? s->device.compute_units : 1) * GROUPS_PER_UNIT;
    uint64_t bytes = (uint64_t)j->groups * sizeof(cl_long);
    if (hl_cl_fit_check(&s->device, s->who, "sum (partial sums per queue)", bytes, 2 * s->nqueues,
                        err) != 0)
        return -1;
    cl_int rc = CL_SUCCESS;
    for (int q = 0; q < s->nqueues; q++) {
        j->partials[q] = clCreateBuffer(s->ctx, CL_MEM_READ_WRITE, bytes, NULL, &rc);
        HL_CL_CHECK(err, s->who, rc, "clCreateBuffer(partials)", fail);
        j->result[q] = clCreateBuffer(s->ctx, CL_MEM_WRITE_ONLY, sizeof(cl_long), NULL, &rc);
        HL_CL_CHECK(err, s->who, rc, "clCreateBuffer(result)", fail);
    }
    /* PoCL compiles each kernel for its work-group size on the first
     * launch: run one reduction of nothing here, so that cost lands in
     * setup and not in the first run. */
    const char *what = "";
    cl_event ev[HL_CL_TASK_EVENTS] = {NULL, NULL, NULL};
    int64_t discard = 0;
    rc = enqueue_reduction(s, j, 0, &discard, ev, 0, &what);
    if (rc == CL_SUCCESS)
        rc = clFinish(s->queues[0]);
    for (int k = 0; k < HL_CL_TASK_EVENTS; k++) {
        if (ev[k] != NULL)
            clReleaseEvent(ev[k]);
    }
    HL_CL_CHECK(err, s->who, rc, what[0] != '\0' ? what : "clFinish", fail);
    return 0;

fail: /* the runner calls sum_close() */
    return -1;
}

static cl_int sum_enqueue(const struct hl_cl_session *s, void *state, struct hl_work *work,
                          int64_t t, int q, cl_event ev[HL_CL_TASK_EVENTS], const char **what) {
    struct hl_sum_state *sum = work->state;
    return enqueue_reduction(s, state, work->params.n, &sum->results[t], ev, q, what);
}

/* A join's chunk: tasks lo..hi-1, one reduction each, in order on queue
 * q. Its phases span them all: kernel from the first reduction's start to
 * the last one's end (the 8-byte reads between them included), d2h the
 * last read. */
static cl_int sum_enqueue_units(const struct hl_cl_session *s, void *state, struct hl_work *work,
                                int64_t lo, int64_t hi, int q, cl_event ev[HL_CL_TASK_EVENTS],
                                const char **what) {
    struct hl_sum_state *sum = work->state;
    cl_int rc = CL_SUCCESS;
    for (int64_t t = lo; t < hi && rc == CL_SUCCESS; t++) {
        cl_event e[HL_CL_TASK_EVENTS] = {NULL, NULL, NULL};
        rc = enqueue_reduction(s, state, work->params.n, &sum->results[t], e, q, what);
        for (int k = 0; k < HL_CL_TASK_EVENTS; k++) {
            bool keep = (k == 0 && t == lo) || (k > 0 && (t == hi - 1 || rc != CL_SUCCESS));
            if (e[k] == NULL)
                continue;
            if (keep) {
                if (ev[k] != NULL)
                    clReleaseEvent(ev[k]);
                ev[k] = e[k];
            } else {
                clReleaseEvent(e[k]);
            }
        }
    }
    return rc;
}

/* Every mode runs the same commands: sum has no input array, and its
 * output is one 8-byte result per task, read into the workload's results
 * (page-locked when pinned). Zero-copy has nothing to share in place. */
const struct hl_cl_job hl_cl_sum_job = {
    .workload = &hl_workload_sum,
    .transfers = (1u << HL_CL_PAGEABLE) | (1u << HL_CL_PINNED) | (1u << HL_CL_ZERO_COPY),
    .state_size = sizeof(struct sum_job),
    .nphases = 2,
    .phases = {{HL_PHASE_KERNEL, 0, 1}, {HL_PHASE_D2H, 2, 2}},
    .open = sum_open,
    .enqueue = sum_enqueue,
    .enqueue_units = sum_enqueue_units,
    .unit_bytes = 0,
    .task_bytes = NULL, /* nothing goes in; the 8-byte result does not count */
    .close = sum_close,
};
