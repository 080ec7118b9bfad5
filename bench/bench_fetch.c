/* bench_fetch: fetch against the built-in server, in one process.
 *
 * 1. Latency-bound: T = 12 GETs with latency L = 500 ms on serial and on
 *    pthread, fork and curl-multi with W = 1, 2, 3, 4, 6, 12 workers. The
 *    ideal wall time is ceil(T/W) * L; target: within 10 % of it, and
 *    curl-multi with W = T within 1.2 L.
 * 2. Overhead-bound: latency 0, requests per second of each backend
 *    (target for curl-multi: at least 5,000/s on a 2-core machine).
 *
 * Usage: bench_fetch [--runs R] [--rps-tasks N] [--body-size B]
 * Figures are medians over R counted runs after one warm-up; on a shared
 * machine they are noisy, so read them as provisional. */
#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "experiment/experiment.h"
#include "util/parse.h"
#include "util/sysinfo.h"
#include "workloads/fetch/fetch.h"

#define LATENCY_MS 500
#define TASKS 12
#define RPS_TARGET 5000.0

struct options {
    int runs;
    int64_t rps_tasks;
    int64_t body_size;
};

/* Runs fetch with `params` on the configurations in `spec`. */
static int run_plan(const char *spec, const struct hl_params *params, int runs,
                    struct hl_results *out) {
    static struct hl_config cfg; /* large: HL_MAX_CONFIGS configurations */
    memset(&cfg, 0, sizeof cfg);
    struct hl_error err = {0};
    if (hl_backend_list_parse(&cfg.backends, spec, &err) != 0) {
        fprintf(stderr, "bench_fetch: %s\n", err.msg);
        return -1;
    }
    struct hl_plan plan = {.workload = &hl_workload_fetch,
                           .params = *params,
                           .warmup = 1,
                           .runs = runs,
                           .nconfigs = cfg.backends.count,
                           .configs = cfg.backends.items};
    if (hl_plan_check(&plan, &err) != 0 || hl_experiment_run(&plan, out, &err) != 0) {
        fprintf(stderr, "bench_fetch: %s\n", err.msg);
        return -1;
    }
    return 0;
}

static int bench_latency(const struct options *o) {
    struct hl_params p = {.tasks = TASKS};
    hl_fetch_params_default(&p);
    p.io.latency_ms = LATENCY_MS;
    p.io.body_size = o->body_size;
    struct hl_results r = {0};
    const char *spec = "serial,pthread:1,pthread:2,pthread:3,pthread:4,pthread:6,pthread:12,"
                       "fork:1,fork:2,fork:3,fork:4,fork:6,fork:12,curl-multi:1,curl-multi:2,"
                       "curl-multi:3,curl-multi:4,curl-multi:6,curl-multi:12";
    if (run_plan(spec, &p, o->runs, &r) != 0)
        return -1;
    const double l = LATENCY_MS / 1000.0;
    printf("\n1. T = %d GETs, latency L = %d ms, body %lld bytes: wall vs ideal ceil(T/W) * L\n",
           TASKS, LATENCY_MS, (long long)o->body_size);
    printf("%-14s %4s %10s %10s %9s  %s\n", "config", "W", "median s", "ideal s", "off", "target");
    int missed = 0;
    const struct hl_experiment_result *e = &r.experiments[0];
    for (size_t c = 0; c < e->nconfigs; c++) {
        const struct hl_config_result *cf = &e->configs[c];
        double ideal = ceil((double)TASKS / cf->workers) * l, wall = cf->wall_s.median;
        bool full = strcmp(cf->backend, "curl-multi") == 0 && cf->workers == TASKS;
        bool ok = cf->verified && wall <= ideal * 1.10 && (!full || wall <= 1.2 * l);
        missed += !ok;
        printf("%-14s %4d %10.3f %10.3f %+8.1f%%  %s%s\n", cf->label, cf->workers, wall, ideal,
               (wall / ideal - 1) * 100, ok ? "ok (within 10%)" : "MISSED",
               full ? (wall <= 1.2 * l ? ", <= 1.2 L" : ", > 1.2 L") : "");
    }
    hl_results_free(&r);
    return missed;
}

static int bench_rps(const struct options *o) {
    struct hl_params p = {.tasks = o->rps_tasks};
    hl_fetch_params_default(&p);
    p.io.latency_ms = 0;
    p.io.body_size = o->body_size;
    struct hl_results r = {0};
    const char *spec = "serial,pthread:2,pthread:8,fork:2,fork:8,curl-multi:2,curl-multi:8,"
                       "curl-multi:32";
    if (run_plan(spec, &p, o->runs, &r) != 0)
        return -1;
    printf("\n2. latency 0, %lld GETs of %lld bytes: requests per second\n",
           (long long)o->rps_tasks, (long long)o->body_size);
    printf("%-14s %4s %10s %10s %10s  %s\n", "config", "W", "median s", "req/s", "cpu s",
           "verified");
    int missed = 0;
    const struct hl_experiment_result *e = &r.experiments[0];
    for (size_t c = 0; c < e->nconfigs; c++) {
        const struct hl_config_result *cf = &e->configs[c];
        double rps = (double)o->rps_tasks / cf->wall_s.median;
        bool multi = strcmp(cf->backend, "curl-multi") == 0;
        printf("%-14s %4d %10.3f %10.0f %10.3f  %s%s\n", cf->label, cf->workers, cf->wall_s.median,
               rps, cf->cpu_s.median, cf->verified ? "yes" : "NO",
               multi ? (rps >= RPS_TARGET ? "  (>= 5000/s: ok)" : "  (< 5000/s: MISSED)") : "");
        missed += !cf->verified || (multi && rps < RPS_TARGET);
    }
    hl_results_free(&r);
    return missed;
}

static int parse_args(int argc, char **argv, struct options *o) {
    for (int i = 1; i < argc; i++) {
        struct hl_error err = {0};
        int64_t v = 0;
        if (i + 1 < argc && hl_parse_i64(argv[i + 1], argv[i], 0, INT64_MAX, &v, &err) != 0)
            v = -1;
        if (strcmp(argv[i], "--runs") == 0 && v >= 1)
            o->runs = (int)v;
        else if (strcmp(argv[i], "--rps-tasks") == 0 && v >= 1 && v <= HL_MAX_TASKS)
            o->rps_tasks = v;
        else if (strcmp(argv[i], "--body-size") == 0 && v >= 0)
            o->body_size = v;
        else {
            fprintf(stderr, "usage: bench_fetch [--runs R] [--rps-tasks N] [--body-size B]\n");
            return -1;
        }
        i++;
    }
    return 0;
}

int main(int argc, char **argv) {
    struct options o = {.runs = 2, .rps_tasks = 4000, .body_size = HL_HTTP_DEFAULT_BODY_SIZE};
    struct hl_error err = {0};
    if (parse_args(argc, argv, &o) != 0)
        return 2;
    if (hl_fetch_global_init(&err) != 0) {
        fprintf(stderr, "bench_fetch: %s\n", err.msg);
        return 1;
    }
    char cpu[256];
    hl_sys_cpu_model(cpu, sizeof cpu);
    printf("bench_fetch: %s, %d cores; median of %d runs after 1 warm-up\n", cpu, hl_sys_cores(),
           o.runs);
    int a = bench_latency(&o);
    int b = bench_rps(&o);
    hl_fetch_global_cleanup();
    if (a < 0 || b < 0)
        return 1;
    printf("\n%s\n", a + b == 0 ? "every latency target met, every run verified"
                                : "some targets missed or runs not verified (see above)");
    return 0;
}
