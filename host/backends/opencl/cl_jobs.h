/* What the OpenCL backend runs for each workload it supports: one small
 * vtable per workload, over an open session (cl_session.h). open() is
 * untimed (kernels, buffers, event storage); run() follows backend.h's
 * rule: it returns when every command has finished. */
#ifndef HL_OPENCL_CL_JOBS_H
#define HL_OPENCL_CL_JOBS_H

#include "backends/opencl/cl_session.h"

struct hl_cl_job_ops {
    const struct hl_workload *workload;
    /* Makes kernels and device buffers for work (its params and
     * work->ntasks). Fails with a clear message when buffers would not
     * fit the device; on failure nothing is left allocated. */
    int (*open)(struct hl_cl_session *s, const struct hl_work *work, void **job,
                struct hl_error *err);
    /* Enqueues every task round-robin over the session's queues and
     * records each from its events. A command that cannot be enqueued or
     * fails fails its task; returns -1 (err set) only when the queues
     * themselves fail. */
    int (*run)(struct hl_cl_session *s, void *job, struct hl_work *work,
               struct hl_task_record *recs, struct hl_error *err);
    void (*close)(void *job);
};

extern const struct hl_cl_job_ops hl_cl_square_ops;
extern const struct hl_cl_job_ops hl_cl_sum_ops;

#endif
