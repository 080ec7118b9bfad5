#include "backends/opencl/cl_coexec.h"

#include <stdio.h>
#include <string.h>

#include "util/fault.h"
#include "util/timing.h"

/* Chunks in flight per queue. One: a chunk handed out is committed to
 * its lane, and a second one queued early commits more work to a speed
 * measured before. On PoCL sharing 2 cores with pthread:2, two in flight
 * cut the median balance of square to about 0.8 (down to 0.49), one keeps
 * it near 0.95; the device's other queues hide one queue's round trip. */
#define DEPTH 1

/* One chunk in flight. */
struct lane {
    bool busy;
    int q;
    struct hl_join_chunk c;
    cl_event ev[HL_CL_TASK_EVENTS];
    int64_t seq; /* handed out in this order: the oldest is waited for first */
};

struct drive {
    const struct hl_cl_session *s;
    struct hl_cl_runner *runner;
    struct hl_work *work;
    struct hl_join_sched *sched;
    struct hl_task_record *recs;
    int part, first_lane;
    int64_t lo_ns, seq;
    int rc;
    struct hl_error *err;
};

static void release(cl_event ev[HL_CL_TASK_EVENTS]) {
    for (int k = 0; k < HL_CL_TASK_EVENTS; k++) {
        if (ev[k] != NULL)
            clReleaseEvent(ev[k]);
        ev[k] = NULL;
    }
}

/* The participant broke on chunk c: recorded failed, the schedule told. */
static void fail_chunk(struct drive *d, int q, const struct hl_join_chunk *c, const char *why) {
    struct hl_task_record *rec = &d->recs[c->id];
    int64_t now = hl_now_ns();
    rec->worker = d->first_lane + q;
    rec->lo = c->lo;
    rec->hi = c->hi;
    rec->t0_ns = rec->t1_ns = now;
    hl_task_end(rec, why);
    rec->t1_ns = now;
    hl_join_sched_fail(d->sched, d->part);
    if (d->rc == 0)
        d->rc = hl_error_set(d->err, HL_ERR_RUNTIME, "%s: chunk %lld [%lld, %lld): %s", d->s->who,
                             (long long)c->id, (long long)c->lo, (long long)c->hi, why);
}

/* Gives queue q its next chunk in slot l, if any; false when it gets none. */
static bool start(struct drive *d, int q, struct lane *l) {
    l->busy = false;
    l->q = q;
    if (d->rc != 0 || !hl_join_sched_next(d->sched, d->first_lane + q, &l->c))
        return false;
    memset(l->ev, 0, sizeof l->ev);
    const char *what = "";
    cl_int rc = hl_fault_should_fail("cljoin")
                    ? (what = "clEnqueueNDRangeKernel", CL_OUT_OF_RESOURCES)
                    : hl_cl_runner_enqueue_units(d->s, d->runner, d->work, l->c.lo, l->c.hi, q,
                                                 l->ev, &what);
    if (rc != CL_SUCCESS) {
        char why[HL_TASK_ERROR_MAX];
        snprintf(why, sizeof why, "%s: %s", what, hl_cl_error_name(rc));
        clFinish(d->s->queues[q]); /* what was enqueued before it ends first */
        release(l->ev);
        fail_chunk(d, q, &l->c, why);
        return false;
    }
    clFlush(d->s->queues[q]);
    l->busy = true;
    l->seq = d->seq++;
    return true;
}

/* Waits for lane l (queue q) and records its chunk. */
static void settle(struct drive *d, int q, struct lane *l) {
    clWaitForEvents(1, &l->ev[HL_CL_TASK_EVENTS - 1]); /* a failure shows in the record */
    struct hl_task_record *rec = &d->recs[l->c.id];
    rec->lo = l->c.lo;
    rec->hi = l->c.hi;
    hl_cl_runner_settle_chunk(d->s, d->runner, rec, d->first_lane + q, l->ev, d->lo_ns,
                              hl_now_ns());
    l->busy = false;
    if (!rec->ok) {
        char why[HL_TASK_ERROR_MAX];
        snprintf(why, sizeof why, "%s", rec->error);
        fail_chunk(d, q, &l->c, why);
        return;
    }
    hl_join_sched_done(d->sched, d->first_lane + q, &l->c, rec->t1_ns - rec->t0_ns);
}

int hl_cl_join_drive(const struct hl_cl_session *s, struct hl_cl_runner *runner,
                     struct hl_work *work, struct hl_join_sched *sched, int part, int first_lane,
                     struct hl_task_record *recs, struct hl_error *err) {
    struct drive d = {s, runner, work, sched, recs, part, first_lane, hl_now_ns(), 0, 0, err};
    struct lane lanes[HL_CL_MAX_QUEUES * DEPTH];
    memset(lanes, 0, sizeof lanes);
    for (int k = 0; k < DEPTH; k++) {
        for (int q = 0; q < s->nqueues; q++)
            start(&d, q, &lanes[q * DEPTH + k]);
    }
    for (;;) {
        int oldest = -1;
        for (int i = 0; i < s->nqueues * DEPTH; i++) {
            if (lanes[i].busy && (oldest < 0 || lanes[i].seq < lanes[oldest].seq))
                oldest = i;
        }
        if (oldest < 0)
            break;
        int q = lanes[oldest].q;
        settle(&d, q, &lanes[oldest]);
        start(&d, q, &lanes[oldest]);
    }
    return d.rc;
}
