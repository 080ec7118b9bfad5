/* Verification catches a corrupted output, a corrupted input and a skipped
 * task; a clean run verifies; sum really adds; and an experiment reports a
 * run whose results do not verify, or whose task failed, as not verified,
 * with the reason. */
#include <string.h>

#include "backends/backend.h"
#include "backends/backend_list.h"
#include "check.h"
#include "experiment/experiment.h"
#include "workloads/square.h"
#include "workloads/sum.h"

static void run_serial(struct hl_work *w, struct hl_task_record *recs) {
    struct hl_error err = {0};
    const struct hl_backend_config cfg = {.backend = hl_backend_find("serial"), .workers = 1};
    w->wl->reset(w);
    hl_timeline_reset(recs, (size_t)w->ntasks);
    REQUIRE(cfg.backend->run(NULL, &cfg, w, recs, &err) == 0);
}

static void test_square(int64_t n, int64_t tasks) {
    struct hl_error err = {0};
    struct hl_work w;
    struct hl_params p = {.n = n, .tasks = tasks};
    REQUIRE(hl_work_prepare(&w, &hl_workload_square, &p, tasks, NULL, &err) == 0);
    struct hl_task_record recs[64];
    char msg[256] = "";
    run_serial(&w, recs);
    CHECKF(w.wl->verify(&w, msg, sizeof msg) == 0, "n=%lld: %s", (long long)n, msg);
    /* Each task moved its chunk: 8 bytes read and 8 written per element
     * (the GB/s of the summary and the report's memory-bound claim). */
    int64_t moved = 0;
    for (int64_t t = 0; t < tasks; t++)
        moved += recs[t].bytes;
    CHECKF(moved == n * 16, "n=%lld: %lld bytes moved", (long long)n, (long long)moved);

    struct hl_square_state *s = w.state;
    s->y[n / 2] += 1; /* one wrong element */
    CHECK(w.wl->verify(&w, msg, sizeof msg) != 0);
    CHECKF(strstr(msg, "1 of") != NULL, "%s", msg);

    run_serial(&w, recs);
    s->x[n - 1] = n + 5; /* a corrupted input must not pass as its own square */
    s->y[n - 1] = (n + 5) * (n + 5);
    CHECK(w.wl->verify(&w, msg, sizeof msg) != 0);
    s->x[n - 1] = n;

    /* A reset after a clean run leaves every element unverifiable: a run
     * that skips work cannot pass on an earlier run's output. */
    run_serial(&w, recs);
    CHECK(w.wl->verify(&w, msg, sizeof msg) == 0);
    w.wl->reset(&w);
    CHECK(w.wl->verify(&w, msg, sizeof msg) != 0);
    char all[64];
    snprintf(all, sizeof all, "%lld of %lld elements wrong", (long long)n, (long long)n);
    CHECKF(strstr(msg, all) != NULL, "after reset: %s", msg);

    /* Chunks tile 0..n exactly. */
    int64_t prev_hi = 0;
    for (int64_t t = 0; t < tasks; t++) {
        int64_t lo, hi;
        hl_square_chunk(n, tasks, t, &lo, &hi);
        CHECK(lo == prev_hi && hi >= lo);
        prev_hi = hi;
    }
    CHECK(prev_hi == n);
    hl_work_release(&w);
}

static void test_sum(void) {
    struct hl_error err = {0};
    struct hl_work w;
    struct hl_params p = {.n = 1000003, .tasks = 8};
    REQUIRE(hl_work_prepare(&w, &hl_workload_sum, &p, 8, NULL, &err) == 0);
    struct hl_task_record recs[8];
    char msg[256] = "";
    run_serial(&w, recs);
    CHECKF(w.wl->verify(&w, msg, sizeof msg) == 0, "%s", msg);
    struct hl_sum_state *s = w.state;
    s->results[5] -= 1;
    CHECK(w.wl->verify(&w, msg, sizeof msg) != 0);
    CHECKF(strstr(msg, "task 5") != NULL, "%s", msg);
    /* After a clean run, a reset poisons every result again. */
    run_serial(&w, recs);
    w.wl->reset(&w);
    CHECK(w.wl->verify(&w, msg, sizeof msg) != 0);
    CHECKF(strstr(msg, "8 of 8 tasks wrong") != NULL, "after reset: %s", msg);
    hl_work_release(&w);

    /* The loop against the formula, around the 8-lane unrolling edges. */
    for (int64_t n = 0; n < 40; n++)
        CHECKF(hl_sum_range(n) == hl_sum_expected(n), "n=%lld", (long long)n);
    CHECK(hl_sum_range(19487171) == hl_sum_expected(19487171));
    CHECK(hl_sum_expected(HL_SUM_MAX_N) == INT64_MAX - (INT64_C(1) << 31) + 1);
}

/* sum with a result check that always fails, or with task 1 failing. */
static int planted_verify(const struct hl_work *w, char *msg, size_t size) {
    (void)w;
    snprintf(msg, size, "planted mismatch");
    return -1;
}

static int planted_task(struct hl_work *w, int64_t task, struct hl_task_record *rec) {
    if (task == 1) {
        snprintf(rec->error, sizeof rec->error, "planted task failure");
        return -1;
    }
    return hl_workload_sum.run_task(w, task, rec);
}

static int tasks_run;

static int counted_task(struct hl_work *w, int64_t task, struct hl_task_record *rec) {
    tasks_run++;
    return hl_workload_sum.run_task(w, task, rec);
}

/* One run of wl on `spec` (4 tasks); the config's only run. */
static void run_experiment(const struct hl_workload *wl, const char *spec, struct hl_results *r) {
    static struct hl_backend_list list;
    memset(&list, 0, sizeof list);
    struct hl_error err = {0};
    REQUIRE(hl_backend_list_parse(&list, spec, &err) == 0);
    struct hl_plan plan = {.workload = wl,
                           .params = {.n = 1000, .tasks = 4},
                           .warmup = 0,
                           .runs = 1,
                           .nconfigs = list.count,
                           .configs = list.items};
    REQUIRE(hl_plan_check(&plan, &err) == 0);
    REQUIRE(hl_experiment_run(&plan, r, &err) == 0);
    REQUIRE(r->nexperiments == 1 && r->experiments[0].nconfigs == list.count);
}

/* --warmup W then --runs R: W + R runs of every task, R of them kept. */
static void test_warmup_runs(void) {
    struct hl_workload counted = hl_workload_sum;
    counted.run_task = counted_task;
    static struct hl_backend_list list;
    memset(&list, 0, sizeof list);
    struct hl_error err = {0};
    REQUIRE(hl_backend_list_parse(&list, "serial", &err) == 0);
    for (int warmup = 0; warmup <= 2; warmup++) {
        struct hl_plan plan = {.workload = &counted,
                               .params = {.n = 1000, .tasks = 4},
                               .warmup = warmup,
                               .runs = 3,
                               .nconfigs = list.count,
                               .configs = list.items};
        REQUIRE(hl_plan_check(&plan, &err) == 0);
        struct hl_results r;
        tasks_run = 0;
        REQUIRE(hl_experiment_run(&plan, &r, &err) == 0);
        CHECKF(tasks_run == (warmup + 3) * 4, "warm-up %d: %d tasks ran", warmup, tasks_run);
        CHECK(r.experiments[0].configs[0].nruns == 3);
        hl_results_free(&r);
    }
}

/* The experiment, not only the workload, must act on a failed check. */
static void test_experiment_judges(void) {
    struct hl_workload bad_result = hl_workload_sum, bad_task = hl_workload_sum;
    bad_result.verify = planted_verify;
    bad_task.run_task = planted_task;
    static const char *const specs[] = {"serial", "pthread:2", "fork:2"};
    for (size_t i = 0; i < sizeof specs / sizeof specs[0]; i++) {
        struct hl_results r;
        run_experiment(&bad_result, specs[i], &r);
        const struct hl_config_result *c = &r.experiments[0].configs[0];
        REQUIRE(c->nruns == 1);
        CHECKF(!c->verified && !c->runs[0].verified, "%s: a wrong result verified", specs[i]);
        CHECKF(c->runs[0].error != NULL && strstr(c->runs[0].error, "planted mismatch"),
               "%s: run error '%s'", specs[i], c->runs[0].error);
        hl_results_free(&r);

        run_experiment(&bad_task, specs[i], &r);
        c = &r.experiments[0].configs[0];
        REQUIRE(c->nruns == 1);
        CHECKF(!c->verified && !c->runs[0].verified, "%s: a failed task verified", specs[i]);
        CHECKF(c->runs[0].error != NULL &&
                   strstr(c->runs[0].error, "1 of 4 tasks failed; task 1: planted task failure"),
               "%s: run error '%s'", specs[i], c->runs[0].error);
        CHECK(c->runs[0].ntasks == 4 && !c->runs[0].tasks[1].ok && c->runs[0].tasks[0].ok);
        hl_results_free(&r);
    }
}

int main(void) {
    test_square(1, 1);
    test_square(7, 3);
    test_square(1000003, 16);          /* prime, not a multiple of anything */
    test_square((1 << 17) * 3 + 5, 2); /* chunks take the streaming-store path */
    test_sum();
    test_experiment_judges();
    test_warmup_runs();
    return check_finish("test_verify");
}
