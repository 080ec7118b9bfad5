/* A CPU participant of a join (serial, pthread:W): W lanes, each taking
 * chunks from the schedule and running them through the workload's
 * run_units, timed like every CPU task. Lane 0 is the calling thread (the
 * join's driver for this participant), the others are threads made and
 * joined inside the run. */
#include <errno.h>
#include <pthread.h>
#include <stdlib.h>

#include "backends/join.h"
#include "backends/join_sched.h"
#include "util/alloc.h"
#include "util/fault.h"
#include "util/interrupt.h"

struct cpu_lane {
    struct hl_work *work;
    struct hl_join_sched *sched;
    struct hl_task_record *recs;
    int lane;
    pthread_t thread;
};

static void *lane_main(void *arg) {
    struct cpu_lane *l = arg;
    struct hl_join_chunk c;
    while (!hl_interrupted() && hl_join_sched_next(l->sched, l->lane, &c)) {
        struct hl_task_record *rec = &l->recs[c.id];
        hl_task_begin(rec, l->lane);
        rec->lo = c.lo;
        rec->hi = c.hi;
        int rc = l->work->wl->run_units(l->work, c.lo, c.hi, rec);
        hl_task_end(rec, rc == 0 ? NULL : rec->error);
        hl_join_sched_done(l->sched, l->lane, &c, rec->t1_ns - rec->t0_ns);
    }
    return NULL;
}

int hl_join_cpu_run(void *state, const struct hl_backend_config *cfg, struct hl_work *work,
                    struct hl_join_sched *sched, int part, int first_lane,
                    struct hl_task_record *recs, struct hl_error *err) {
    (void)state;
    int n = cfg->workers;
    struct cpu_lane *lanes = hl_calloc((size_t)n, sizeof *lanes);
    if (lanes == NULL) {
        hl_join_sched_fail(sched, part);
        return hl_error_set(err, HL_ERR_RUNTIME, "%s: cannot allocate %d lanes", cfg->label, n);
    }
    int rc = 0, started = 1;
    for (int i = 0; i < n; i++)
        lanes[i] = (struct cpu_lane){work, sched, recs, first_lane + i, 0};
    for (; started < n; started++) {
        int e = hl_fault_should_fail("thread")
                    ? EAGAIN
                    : pthread_create(&lanes[started].thread, NULL, lane_main, &lanes[started]);
        if (e != 0) {
            /* The lanes made still take chunks: the run is failed, its
             * work still done and recorded. */
            rc = hl_error_errno(err, HL_ERR_RUNTIME, e, "%s: cannot create thread %d of %d",
                                cfg->label, started + 1, n);
            break;
        }
    }
    lane_main(&lanes[0]);
    for (int i = 1; i < started; i++)
        pthread_join(lanes[i].thread, NULL);
    free(lanes);
    if (rc == 0 && hl_interrupted())
        rc = hl_error_set(err, HL_ERR_RUNTIME, "%s: interrupted", cfg->label);
    return rc;
}
