/* sum on an OpenCL device. Each task is one reduction (kernels/sum.cl):
 * hl_sum_partial over `groups` work-groups, hl_sum_final over one, then
 * the 8-byte result is read straight into the workload's results[task]
 * (d2h), where the host verifies it like every CPU backend's. Tasks
 * alternate between the session's queues, each with its own partials and
 * result buffers. Phases: kernel (both launches), d2h; nothing goes to
 * the device, so there is no h2d. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "backends/opencl/cl_jobs.h"
#include "util/alloc.h"
#include "util/timing.h"
#include "workloads/sum.h"

/* Work-groups per compute unit: enough to keep every unit busy while some
 * groups finish early, few enough that the final step stays trivial. */
#define GROUPS_PER_UNIT 8

struct sum_job {
    cl_kernel partial, final;
    size_t local_partial, local_final, groups;
    cl_mem partials[HL_CL_MAX_QUEUES], result[HL_CL_MAX_QUEUES];
    int64_t ntasks;
    cl_event *events; /* 3 per task: partial, final, d2h */
};

static cl_int enqueue_task(struct hl_cl_session *s, struct sum_job *j, int64_t n, int64_t *result,
                           cl_event *ev, int q, const char **what);

static void sum_close(void *state) {
    struct sum_job *j = state;
    if (j == NULL)
        return;
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
    free(j->events);
    free(j);
}

static int sum_open(struct hl_cl_session *s, const struct hl_work *work, void **state,
                    struct hl_error *err) {
    struct sum_job *j = hl_calloc(1, sizeof *j);
    if (j == NULL)
        return hl_error_set(err, HL_ERR_RUNTIME, "%s: cannot allocate the sum job", s->who);
    j->ntasks = work->ntasks;
    j->events = hl_calloc((size_t)work->ntasks * 3, sizeof(cl_event));
    if (j->events == NULL) {
        hl_error_set(err, HL_ERR_RUNTIME, "%s: cannot allocate events for %lld tasks", s->who,
                     (long long)work->ntasks);
        goto fail;
    }
    if (hl_cl_session_kernel(s, "hl_sum_partial", &j->partial, &j->local_partial, err) != 0 ||
        hl_cl_session_kernel(s, "hl_sum_final", &j->final, &j->local_final, err) != 0)
        goto fail;
    j->groups =
        (size_t)(s->device.compute_units > 0 ? s->device.compute_units : 1) * GROUPS_PER_UNIT;
    uint64_t bytes = (uint64_t)j->groups * sizeof(cl_long);
    if (hl_cl_fit_check(&s->device, s->who, "sum (partial sums per queue)", bytes, 2 * s->nqueues,
                        err) != 0)
        goto fail;
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
    cl_event ev[3] = {NULL, NULL, NULL};
    int64_t discard = 0;
    rc = enqueue_task(s, j, 0, &discard, ev, 0, &what);
    if (rc == CL_SUCCESS)
        rc = clFinish(s->queues[0]);
    for (int k = 0; k < 3; k++) {
        if (ev[k] != NULL)
            clReleaseEvent(ev[k]);
    }
    HL_CL_CHECK(err, s->who, rc, what[0] != '\0' ? what : "clFinish", fail);
    *state = j;
    return 0;

fail:
    sum_close(j);
    return -1;
}

static cl_int enqueue_task(struct hl_cl_session *s, struct sum_job *j, int64_t n, int64_t *result,
                           cl_event *ev, int q, const char **what) {
    cl_command_queue cq = s->queues[q];
    /* 0 at run time, unknown to the compiler: see kernels/sum.cl. */
    cl_ulong n_arg = (cl_ulong)n, salt = 0;
    cl_uint groups = (cl_uint)j->groups;
    size_t global = j->groups * j->local_partial;

    *what = "clSetKernelArg(hl_sum_partial)";
    cl_int rc = clSetKernelArg(j->partial, 0, sizeof n_arg, &n_arg);
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

static int sum_run(struct hl_cl_session *s, void *state, struct hl_work *work,
                   struct hl_task_record *recs, struct hl_error *err) {
    struct sum_job *j = state;
    struct hl_sum_state *sum = work->state;
    if (work->ntasks > j->ntasks)
        return hl_error_set(err, HL_ERR_RUNTIME, "%s: opened for %lld tasks, asked for %lld",
                            s->who, (long long)j->ntasks, (long long)work->ntasks);
    memset(j->events, 0, (size_t)work->ntasks * 3 * sizeof(cl_event));

    int64_t lo_ns = hl_now_ns();
    for (int64_t t = 0; t < work->ntasks; t++) {
        int q = (int)(t % s->nqueues);
        const char *what = "";
        cl_int rc =
            enqueue_task(s, j, work->params.n, &sum->results[t], &j->events[3 * t], q, &what);
        if (rc != CL_SUCCESS) {
            recs[t].worker = q;
            snprintf(recs[t].error, sizeof recs[t].error, "%s: %s", what, hl_cl_error_name(rc));
        }
        clFlush(s->queues[q]);
    }
    int rc = hl_cl_finish_all(s, err);
    int64_t hi_ns = hl_now_ns();

    for (int64_t t = 0; t < work->ntasks; t++) {
        cl_event *ev = &j->events[3 * t];
        recs[t].bytes = 0;
        const struct hl_cl_phase phases[] = {{HL_PHASE_KERNEL, ev[0], ev[1]},
                                             {HL_PHASE_D2H, ev[2], ev[2]}};
        hl_cl_settle_task(&recs[t], (int)(t % s->nqueues), ev, phases, 2, rc == 0, &s->clock, lo_ns,
                          hi_ns);
    }
    return rc;
}

const struct hl_cl_job_ops hl_cl_sum_ops = {
    .workload = &hl_workload_sum,
    .open = sum_open,
    .run = sum_run,
    .close = sum_close,
};
