/* Verification catches a corrupted output, a corrupted input and a skipped
 * task; a clean run verifies; sum really adds. */
#include <string.h>

#include "backends/backend.h"
#include "check.h"
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

    struct hl_square_state *s = w.state;
    s->y[n / 2] += 1; /* one wrong element */
    CHECK(w.wl->verify(&w, msg, sizeof msg) != 0);
    CHECKF(strstr(msg, "1 of") != NULL, "%s", msg);

    run_serial(&w, recs);
    s->x[n - 1] = n + 5; /* a corrupted input must not pass as its own square */
    s->y[n - 1] = (n + 5) * (n + 5);
    CHECK(w.wl->verify(&w, msg, sizeof msg) != 0);
    s->x[n - 1] = n;

    /* A reset without a run leaves every element unverifiable. */
    w.wl->reset(&w);
    CHECK(w.wl->verify(&w, msg, sizeof msg) != 0);

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
    hl_work_release(&w);

    /* The loop against the formula, around the 8-lane unrolling edges. */
    for (int64_t n = 0; n < 40; n++)
        CHECKF(hl_sum_range(n) == hl_sum_expected(n), "n=%lld", (long long)n);
    CHECK(hl_sum_range(19487171) == hl_sum_expected(19487171));
    CHECK(hl_sum_expected(HL_SUM_MAX_N) == INT64_MAX - (INT64_C(1) << 31) + 1);
}

int main(void) {
    test_square(1, 1);
    test_square(7, 3);
    test_square(1000003, 16);          /* prime, not a multiple of anything */
    test_square((1 << 17) * 3 + 5, 2); /* chunks take the streaming-store path */
    test_sum();
    return check_finish("test_verify");
}
