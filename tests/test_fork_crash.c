/* A fork() child that dies fails the run cleanly: run() returns with the
 * child's fate in the error, every child is reaped (no zombie), the dead
 * child's task is recorded as unfinished and the others all ran. Killed
 * by a signal (HETLANE_FAULT_CRASH_TASK), or exiting early with a status
 * of its own (a workload whose task 7 calls _exit(3)). */
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "backends/backend.h"
#include "check.h"
#include "util/shared_mem.h"
#include "workloads/sum.h"

static int exit_on_task_7(struct hl_work *w, int64_t task, struct hl_task_record *rec) {
    if (task == 7)
        _exit(3);
    return hl_workload_sum.run_task(w, task, rec);
}

/* A child that exits with status 3 while running task 7 fails the run. */
static void test_child_exits(const struct hl_backend *be) {
    struct hl_workload early = hl_workload_sum;
    early.run_task = exit_on_task_7;
    struct hl_error err = {0};
    struct hl_work work;
    struct hl_params p = {.n = 1000, .tasks = 12};
    REQUIRE(hl_work_prepare(&work, &early, &p, 12, NULL, &err) == 0);
    struct hl_task_record *recs = hl_shared_alloc(12 * sizeof *recs, "records", &err);
    REQUIRE(recs != NULL);
    for (int workers = 1; workers <= 3; workers++) {
        struct hl_backend_config cfg = {.backend = be, .workers = workers};
        void *state = NULL;
        REQUIRE(be->open(&cfg, &work, &state, &err) == 0);
        hl_error_clear(&err);
        work.wl->reset(&work);
        hl_timeline_reset(recs, 12);
        CHECK(be->run(state, &cfg, &work, recs, &err) == -1);
        CHECKF(strstr(err.msg, "exited with status 3 while running task 7") != NULL, "W=%d: %s",
               workers, err.msg);
        CHECK(waitpid(-1, NULL, WNOHANG) == -1);
        CHECK(!recs[7].done && !recs[7].ok);
        be->close(state);
    }
    hl_shared_free(recs, 12 * sizeof *recs);
    hl_work_release(&work);
}

int main(void) {
    const struct hl_backend *be = hl_backend_find("fork");
    REQUIRE(be != NULL);
    struct hl_error err = {0};
    struct hl_work work;
    struct hl_params p = {.n = 100000, .tasks = 12};
    REQUIRE(hl_work_prepare(&work, &hl_workload_sum, &p, 12, NULL, &err) == 0);
    struct hl_task_record *recs = hl_shared_alloc(12 * sizeof *recs, "records", &err);
    REQUIRE(recs != NULL);
    setenv("HETLANE_FAULT_CRASH_TASK", "4", 1);

    for (int workers = 1; workers <= 4; workers++) {
        struct hl_backend_config cfg = {.backend = be, .workers = workers};
        void *state = NULL;
        REQUIRE(be->open(&cfg, &work, &state, &err) == 0);
        hl_error_clear(&err);
        work.wl->reset(&work);
        hl_timeline_reset(recs, 12);
        CHECK(be->run(state, &cfg, &work, recs, &err) == -1);
        CHECKF(strstr(err.msg, "killed by signal 6 (Aborted) while running task 4") != NULL,
               "W=%d: %s", workers, err.msg);
        CHECK(waitpid(-1, NULL, WNOHANG) == -1); /* nothing left to reap */
        CHECK(!recs[4].done && !recs[4].ok);
        for (int t = 0; t < 12; t++) {
            if (t != 4 && workers > 1) /* the other children drain the queue */
                CHECKF(recs[t].done && recs[t].ok, "W=%d task %d", workers, t);
        }
        be->close(state);
    }
    hl_shared_free(recs, 12 * sizeof *recs);
    hl_work_release(&work);
    unsetenv("HETLANE_FAULT_CRASH_TASK");
    test_child_exits(be);
    return check_finish("test_fork_crash");
}
