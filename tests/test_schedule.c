/* Every backend runs every task exactly once, for W in 1..8 and T in
 * 1..100, and records which worker ran it. */
#include <stdatomic.h>
#include <string.h>
#include <sys/wait.h>

#include "backends/backend.h"
#include "check.h"
#include "util/shared_mem.h"

#define MAX_T 100

/* A test workload that counts how often each task runs. The counters are
 * in shared memory so fork() children's increments are seen. */
struct counting {
    atomic_int runs[MAX_T];
};

static int count_task(struct hl_work *w, int64_t task, struct hl_task_record *rec) {
    struct counting *c = w->state;
    atomic_fetch_add(&c->runs[task], 1);
    rec->bytes = task;
    return 0;
}

static const struct hl_workload counting_workload = {
    .name = "count",
    .kind = HL_KIND_COMPUTE,
    .run_task = count_task,
};

static void check_backend(const char *name) {
    const struct hl_backend *be = hl_backend_find(name);
    REQUIRE(be != NULL);
    struct hl_error err = {0};
    struct counting *c = hl_shared_alloc(sizeof *c, "counters", &err);
    struct hl_task_record *recs = hl_shared_alloc(MAX_T * sizeof *recs, "records", &err);
    REQUIRE(c != NULL && recs != NULL);
    int max_w = be->takes_workers ? 8 : 1;
    for (int w = 1; w <= max_w; w++) {
        struct hl_backend_config cfg = {.backend = be, .workers = w, .platform = -1, .device = -1};
        void *state = NULL;
        REQUIRE(be->open == NULL || be->open(&cfg, NULL, &state, &err) == 0);
        for (int t = 1; t <= MAX_T; t++) {
            struct hl_work work = {
                .wl = &counting_workload, .ntasks = t, .max_tasks = t, .state = c};
            memset(c, 0, sizeof *c);
            hl_timeline_reset(recs, MAX_T);
            int rc = be->run(state, &cfg, &work, recs, &err);
            CHECKF(rc == 0, "%s W=%d T=%d: %s", name, w, t, err.msg);
            for (int k = 0; k < MAX_T; k++) {
                int want = k < t ? 1 : 0;
                int got = atomic_load(&c->runs[k]);
                CHECKF(got == want, "%s W=%d T=%d: task %d ran %d times", name, w, t, k, got);
                if (k >= t)
                    continue;
                CHECKF(recs[k].done && recs[k].ok && recs[k].task == k, "%s: record %d", name, k);
                CHECKF(recs[k].worker >= 0 && recs[k].worker < w, "%s W=%d: worker %d", name, w,
                       recs[k].worker);
                CHECK(recs[k].t0_ns <= recs[k].t1_ns);
                CHECK(recs[k].bytes == k);
            }
        }
        if (be->close != NULL)
            be->close(state);
    }
    /* Every child was reaped by run(): none is left to wait for. */
    CHECK(waitpid(-1, NULL, WNOHANG) == -1);
    hl_shared_free(c, sizeof *c);
    hl_shared_free(recs, MAX_T * sizeof *recs);
}

int main(void) {
    check_backend("serial");
    check_backend("pthread");
    check_backend("fork");
    return check_finish("test_schedule");
}
