/* pthread:W: W POSIX threads made for the run, each pulling the next task
 * index from one atomic counter, so fast workers take more tasks. Thread
 * creation and join are inside the timed region (see backend.h). */
#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>

#include "backends/backend.h"
#include "backends/join.h"
#include "util/alloc.h"
#include "util/fault.h"
#include "util/interrupt.h"

struct pool {
    struct hl_work *work;
    struct hl_task_record *recs;
    atomic_llong next_task;
};

struct worker {
    struct pool *pool;
    int index;
    pthread_t thread;
};

static void *worker_main(void *arg) {
    struct worker *w = arg;
    struct pool *pool = w->pool;
    while (!hl_interrupted()) {
        int64_t t = atomic_fetch_add_explicit(&pool->next_task, 1, memory_order_relaxed);
        if (t >= pool->work->ntasks)
            break;
        hl_backend_run_cpu_task(pool->work, t, w->index, &pool->recs[t]);
    }
    return NULL;
}

static int pthread_run(void *state, const struct hl_backend_config *cfg, struct hl_work *work,
                       struct hl_task_record *recs, struct hl_error *err) {
    (void)state;
    struct pool pool = {.work = work, .recs = recs};
    atomic_init(&pool.next_task, 0);
    struct worker *workers = hl_calloc((size_t)cfg->workers, sizeof *workers);
    if (workers == NULL)
        return hl_error_set(err, HL_ERR_RUNTIME, "pthread: cannot allocate %d workers",
                            cfg->workers);
    int started = 0, rc = 0;
    for (; started < cfg->workers && !hl_interrupted(); started++) {
        workers[started] = (struct worker){.pool = &pool, .index = started};
        int e = hl_fault_should_fail("thread") ? EAGAIN
                                               : pthread_create(&workers[started].thread, NULL,
                                                                worker_main, &workers[started]);
        if (e != 0) {
            rc = hl_error_errno(err, HL_ERR_RUNTIME, e, "pthread: cannot create thread %d of %d",
                                started + 1, cfg->workers);
            break;
        }
    }
    /* Threads already started drain the whole queue, so a failed create
     * still leaves every task run once; the run is reported failed. */
    if (started == 0 && rc != 0) {
        free(workers);
        return rc;
    }
    for (int i = 0; i < started; i++)
        pthread_join(workers[i].thread, NULL);
    free(workers);
    if (rc == 0 && hl_interrupted())
        rc = hl_error_set(err, HL_ERR_RUNTIME, "pthread: interrupted");
    return rc;
}

const struct hl_backend hl_backend_pthread = {
    .name = "pthread",
    .summary = "W POSIX threads made for the run, pulling tasks dynamically",
    .kinds = HL_KIND_COMPUTE | HL_KIND_IO,
    .takes_workers = true,
    .default_workers = 0,
    .run = pthread_run,
    .join_run = hl_join_cpu_run,
};
