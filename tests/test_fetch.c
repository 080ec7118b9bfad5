/* fetch through the CLI against the built-in server: the timing shape
 * (T tasks of latency L on W workers take about ceil(T/W) * L), complete
 * records on every backend, the default backends, params in results, 256
 * requests in flight at once, and curl-multi refusing compute work. */
#include <math.h>
#include <string.h>

#include "check.h"
#include "out_check.h"
#include "output/results_io.h"
#include "spawn.h"

static const char *hetlane;
static char tmp[64];
static struct spawn_result res;

static const struct hl_phase *find_phase(const struct hl_task_record *k, int kind) {
    for (int p = 0; p < k->nphases; p++)
        if (k->phases[p].kind == kind)
            return &k->phases[p];
    return NULL;
}

/* Every task of the run: ok, 200, the whole body, on a valid worker, with
 * the server's latency inside its wait phase. */
static void check_records(const struct hl_config_result *cf, int64_t tasks, int64_t body,
                          double latency_s) {
    REQUIRE(cf->nruns == 1);
    const struct hl_run_result *run = &cf->runs[0];
    CHECKF(run->verified, "%s: %s", cf->label, run->error);
    REQUIRE(run->ntasks == (size_t)tasks);
    int connects = 0;
    for (size_t t = 0; t < run->ntasks; t++) {
        const struct hl_task_record *k = &run->tasks[t];
        CHECKF(k->ok && k->http_status == 200 && k->bytes == body, "%s task %zu: %d %lld '%s'",
               cf->label, t, (int)k->http_status, (long long)k->bytes, k->error);
        CHECKF(k->worker >= 0 && k->worker < cf->workers, "%s: worker %d", cf->label,
               (int)k->worker);
        CHECK(k->t0_ns >= 0 && k->t0_ns < k->t1_ns && k->t1_ns <= (int64_t)(run->wall_s * 1e9));
        const struct hl_phase *wait = find_phase(k, HL_PHASE_WAIT);
        const struct hl_phase *xfer = find_phase(k, HL_PHASE_TRANSFER);
        CHECKF(wait != NULL && xfer != NULL, "%s task %zu: phases missing", cf->label, t);
        /* The server answers no sooner than the latency after the request
         * arrived, so a whole task lasts at least that long. (The wait
         * phase alone is bounded by libcurl's timestamps, which a loaded
         * machine with hundreds of threads records late: once 0.26 s of a
         * 0.3 s wait under ASan.) */
        if (!spawn_wrapped()) /* valgrind's pace is not the server's */
            CHECKF((double)(k->t1_ns - k->t0_ns) * 1e-9 >= latency_s * 0.95, "%s task %zu: %.3f s",
                   cf->label, t, (double)(k->t1_ns - k->t0_ns) * 1e-9);
        for (int p = 0; p < k->nphases; p++)
            CHECK(k->phases[p].t0_ns >= k->t0_ns && k->phases[p].t0_ns <= k->phases[p].t1_ns &&
                  k->phases[p].t1_ns <= k->t1_ns);
        connects += find_phase(k, HL_PHASE_CONNECT) != NULL;
    }
    CHECKF(connects >= 1, "%s: no task connected", cf->label);
}

static void test_timing_shape(void) {
    static const struct {
        const char *label;
        int workers;
    } configs[] = {{"serial", 1}, {"pthread:2", 2},    {"pthread:8", 8},
                   {"fork:4", 4}, {"curl-multi:8", 8}, {"curl-multi:3", 3}};
    const int64_t tasks = 8, body = 4096;
    const double latency = 0.2;
    char out[128];
    snprintf(out, sizeof out, "%s/shape", tmp);
    /* clang-format off */
    const char *argv[] = {hetlane, "run", "fetch", "--latency", "200", "--body-size", "4096",
                          "-t", "8", "-b", "serial,pthread:2,pthread:8,fork:4",
                          "-b", "curl-multi:8,curl-multi:3", "-r", "1", "--warmup", "0",
                          "-o", out, NULL};
    /* clang-format on */
    REQUIRE(spawn_capture(argv, NULL, &res) == 0);
    CHECKF(res.status == 0, "status %d: %s", res.status, res.err);
    struct hl_results r;
    out_read_results(out, &r);
    REQUIRE(r.nexperiments == 1 && r.experiments[0].nconfigs == 6);
    const struct hl_experiment_result *e = &r.experiments[0];
    const struct hl_param *url = hl_experiment_param(e, "url");
    CHECK(url != NULL && strncmp(url->text, "http://127.0.0.1:", 17) == 0);
    CHECK(strcmp(hl_experiment_param(e, "server")->text, "built-in") == 0);
    CHECK(hl_experiment_param(e, "latency_ms")->i == 200);
    CHECK(hl_experiment_param(e, "body_size")->i == 4096);
    CHECK(hl_experiment_param(e, "tasks")->i == 8);
    const struct hl_param *timeout = hl_experiment_param(e, "timeout_s");
    CHECK(timeout != NULL && (timeout->type == HL_PARAM_INT ? timeout->i == 10 : timeout->r == 10));
    for (size_t c = 0; c < 6; c++) {
        const struct hl_config_result *cf = &e->configs[c];
        CHECKF(strcmp(cf->label, configs[c].label) == 0, "%s", cf->label);
        check_records(cf, tasks, body, latency);
        /* Never faster than the server allows; generous above: the test
         * machine is small and shared. */
        double ideal = ceil((double)tasks / configs[c].workers) * latency;
        double wall = cf->wall_s.median;
        CHECKF(spawn_wrapped() || (wall >= ideal - 0.005 && wall <= ideal * 1.5 + 0.25),
               "%s: %.3f s, ideal %.3f s", cf->label, wall, ideal);
    }
    hl_results_free(&r);
}

/* Without -b: serial, pthread at the cores (when fewer than the tasks)
 * and at the tasks, fork and curl-multi at the tasks. */
static void test_default_backends(void) {
    char out[128];
    snprintf(out, sizeof out, "%s/defaults", tmp);
    const char *argv[] = {hetlane, "run", "fetch", "--latency", "20", "--body-size",
                          "100",   "-t",  "3",     "-r",        "1",  "--warmup",
                          "0",     "-o",  out,     "-q",        NULL};
    REQUIRE(spawn_capture(argv, NULL, &res) == 0);
    CHECKF(res.status == 0, "status %d: %s", res.status, res.err);
    struct hl_results r;
    out_read_results(out, &r);
    const struct hl_experiment_result *e = &r.experiments[0];
    size_t i = 0;
    CHECK(strcmp(e->configs[i++].label, "serial") == 0);
    if (r.cores < 3)
        CHECK(e->configs[i++].workers == r.cores);
    REQUIRE(e->nconfigs == i + 3);
    CHECK(strcmp(e->configs[i++].label, "pthread:3") == 0);
    CHECK(strcmp(e->configs[i++].label, "fork:3") == 0);
    CHECK(strcmp(e->configs[i++].label, "curl-multi:3") == 0);
    for (size_t c = 0; c < e->nconfigs; c++)
        CHECK(e->configs[c].verified);
    hl_results_free(&r);
}

/* 256 requests in flight at once all wait the latency together. */
static void test_many_in_flight(void) {
    char out[128];
    snprintf(out, sizeof out, "%s/many", tmp);
    /* clang-format off */
    const char *argv[] = {hetlane, "run", "fetch", "--latency", "300", "--body-size", "1000",
                          "-t", "256", "-b", "curl-multi:256,pthread:256", "-r", "1",
                          "--warmup", "0", "-o", out, "-q", NULL};
    /* clang-format on */
    REQUIRE(spawn_capture(argv, NULL, &res) == 0);
    CHECKF(res.status == 0, "status %d: %s", res.status, res.err);
    struct hl_results r;
    out_read_results(out, &r);
    for (size_t c = 0; c < 2; c++) {
        const struct hl_config_result *cf = &r.experiments[0].configs[c];
        check_records(cf, 256, 1000, 0.3);
        CHECKF(spawn_wrapped() || (cf->wall_s.median >= 0.3 && cf->wall_s.median < 2.5),
               "%s: %.3f s", cf->label, cf->wall_s.median);
    }
    hl_results_free(&r);
}

/* curl-multi cannot run compute workloads: skipped with a note, exit 0. */
static void test_multi_skips_compute(void) {
    char out[128];
    snprintf(out, sizeof out, "%s/skip", tmp);
    const char *argv[] = {hetlane, "run", "sum", "-n", "1000", "-b", "serial,curl-multi:2",
                          "-r",    "1",   "-o",  out,  "-q",   NULL};
    REQUIRE(spawn_capture(argv, NULL, &res) == 0);
    CHECKF(res.status == 0, "status %d: %s", res.status, res.err);
    CHECKF(strstr(res.out, "skipped: curl-multi cannot run sum") != NULL, "%s", res.out);
}

int main(int argc, char **argv) {
    REQUIRE(argc == 2);
    hetlane = argv[1];
    snprintf(tmp, sizeof tmp, "/tmp/hetlane-fetch.XXXXXX");
    REQUIRE(mkdtemp(tmp) != NULL);
    test_timing_shape();
    test_default_backends();
    test_many_in_flight();
    test_multi_skips_compute();
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmp);
    if (check_failures == 0 && system(cmd) != 0)
        fprintf(stderr, "could not remove %s\n", tmp);
    return check_finish("test_fetch");
}
