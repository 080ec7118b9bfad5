/* The one run loop of the OpenCL jobs (cl_jobs.h): tasks round-robin over
 * the session's in-order queues, each flushed at once, then one wait for
 * all queues and every task settled from its events. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "backends/opencl/cl_jobs.h"
#include "util/alloc.h"
#include "util/timing.h"

struct hl_cl_runner {
    const struct hl_cl_job *job;
    void *state;      /* job->state_size bytes, the job's own */
    int64_t ntasks;   /* opened for this many tasks at most */
    cl_event *events; /* HL_CL_TASK_EVENTS per task, reset every run */
};

void hl_cl_runner_close(struct hl_cl_runner *r) {
    if (r == NULL)
        return;
    if (r->state != NULL)
        r->job->close(r->state);
    free(r->state);
    free(r->events);
    free(r);
}

int hl_cl_runner_open(const struct hl_cl_session *s, const struct hl_cl_job *job,
                      const struct hl_work *work, struct hl_cl_runner **runner,
                      struct hl_error *err) {
    *runner = NULL;
    struct hl_cl_runner *r = hl_calloc(1, sizeof *r);
    if (r == NULL)
        goto no_job;
    r->job = job;
    r->ntasks = work->ntasks;
    r->events = hl_calloc((size_t)work->ntasks * HL_CL_TASK_EVENTS, sizeof(cl_event));
    if (r->events == NULL) {
        hl_error_set(err, HL_ERR_RUNTIME, "%s: cannot allocate events for %lld tasks", s->who,
                     (long long)work->ntasks);
        goto fail;
    }
    r->state = hl_calloc(1, job->state_size);
    if (r->state == NULL)
        goto no_job;
    if (job->open(s, work, r->state, err) != 0)
        goto fail;
    *runner = r;
    return 0;

no_job:
    hl_error_set(err, HL_ERR_RUNTIME, "%s: cannot allocate the %s job", s->who,
                 job->workload->name);
fail:
    hl_cl_runner_close(r);
    return -1;
}

int hl_cl_runner_run(const struct hl_cl_session *s, struct hl_cl_runner *r, struct hl_work *work,
                     struct hl_task_record *recs, struct hl_error *err) {
    const struct hl_cl_job *job = r->job;
    if (work->ntasks > r->ntasks)
        return hl_error_set(err, HL_ERR_RUNTIME, "%s: opened for %lld tasks, asked for %lld",
                            s->who, (long long)r->ntasks, (long long)work->ntasks);
    memset(r->events, 0, (size_t)work->ntasks * HL_CL_TASK_EVENTS * sizeof(cl_event));

    int64_t lo_ns = hl_now_ns();
    for (int64_t t = 0; t < work->ntasks; t++) {
        int q = (int)(t % s->nqueues);
        const char *what = "";
        cl_int rc = job->enqueue(s, r->state, work, t, q, &r->events[HL_CL_TASK_EVENTS * t], &what);
        if (rc != CL_SUCCESS) {
            recs[t].worker = q;
            snprintf(recs[t].error, sizeof recs[t].error, "%s: %s", what, hl_cl_error_name(rc));
        }
        /* Submit now, so the device starts on the first task while the
         * host is still enqueuing the others. */
        clFlush(s->queues[q]);
    }
    int rc = hl_cl_finish_all(s, err);
    if (rc == 0 && job->finish != NULL)
        rc = job->finish(s, r->state, work, err);
    int64_t hi_ns = hl_now_ns();

    for (int64_t t = 0; t < work->ntasks; t++) {
        cl_event *ev = &r->events[HL_CL_TASK_EVENTS * t];
        struct hl_cl_phase phases[HL_CL_TASK_EVENTS];
        for (int p = 0; p < job->nphases; p++)
            phases[p] = (struct hl_cl_phase){job->phases[p].kind, ev[job->phases[p].first],
                                             ev[job->phases[p].last]};
        recs[t].bytes = job->task_bytes != NULL ? job->task_bytes(work, t) : 0;
        hl_cl_settle_task(&recs[t], (int)(t % s->nqueues), ev, phases, job->nphases, rc == 0,
                          &s->clock, lo_ns, hi_ns);
    }
    return rc;
}

int hl_cl_runner_refresh(const struct hl_cl_session *s, struct hl_cl_runner *r,
                         struct hl_work *work, struct hl_error *err) {
    if (r->job->refresh == NULL)
        return 0;
    if (r->job->refresh(s, r->state, work, err) != 0)
        return -1;
    return hl_cl_finish_all(s, err);
}

cl_int hl_cl_runner_enqueue_units(const struct hl_cl_session *s, struct hl_cl_runner *r,
                                  struct hl_work *work, int64_t lo, int64_t hi, int q,
                                  cl_event ev[HL_CL_TASK_EVENTS], const char **what) {
    if (r->job->enqueue_units == NULL) {
        *what = "a join (this job splits no chunks)";
        return CL_INVALID_OPERATION;
    }
    return r->job->enqueue_units(s, r->state, work, lo, hi, q, ev, what);
}

void hl_cl_runner_settle_chunk(const struct hl_cl_session *s, const struct hl_cl_runner *r,
                               struct hl_task_record *rec, int lane, cl_event ev[HL_CL_TASK_EVENTS],
                               int64_t lo_ns, int64_t hi_ns) {
    const struct hl_cl_job *job = r->job;
    struct hl_cl_phase phases[HL_CL_TASK_EVENTS];
    for (int p = 0; p < job->nphases; p++)
        phases[p] = (struct hl_cl_phase){job->phases[p].kind, ev[job->phases[p].first],
                                         ev[job->phases[p].last]};
    rec->bytes = (rec->hi - rec->lo) * job->unit_bytes;
    hl_cl_settle_task(rec, lane, ev, phases, job->nphases, true, &s->clock, lo_ns, hi_ns);
}
