/* Core benchmark: measures this machine's memory limit and how close the
 * CPU backends get to it and to linear scaling, on the same buffers in
 * one process.
 *
 *   memcpy  bandwidth for 1..P threads (read + write bytes / second),
 *           measured by the library's copy_limit.h as `hetlane demo` does:
 *           the fastest of --reps copies
 *   square  bandwidth per backend and its ratio to memcpy at the same
 *           thread count (target: serial >= 0.85 of 1-thread memcpy)
 *   sum     additions per second per backend and parallel efficiency
 *           (target: pthread:2 and fork:2 >= 1.8x serial)
 *
 * Backend figures are medians of --reps runs after one warm-up; it prints
 * measurements, it does not judge the machine by them. */
#include <inttypes.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "experiment/copy_limit.h"
#include "experiment/experiment.h"
#include "model/results.h"
#include "util/parse.h"
#include "util/sysinfo.h"
#include "util/timing.h"
#include "workloads/square.h"

/* Runs `specs` on `workload` through the same experiment code as the CLI;
 * the caller frees *out. Exits on failure: a benchmark of a broken run
 * measures nothing. */
static void run_plan(const char *workload, int64_t n, const char *specs, int reps,
                     struct hl_results *out) {
    struct hl_config cfg = {0};
    struct hl_error err = {0};
    if (hl_backend_list_parse(&cfg.backends, specs, &err) != 0) {
        fprintf(stderr, "bench: %s\n", err.msg);
        exit(1);
    }
    struct hl_plan plan = {.workload = hl_workload_find(workload),
                           .params = {.n = n},
                           .warmup = 1,
                           .runs = reps,
                           .nconfigs = cfg.backends.count,
                           .configs = cfg.backends.items};
    memset(out, 0, sizeof *out);
    if (hl_plan_check(&plan, &err) != 0 || hl_experiment_run(&plan, out, &err) != 0) {
        fprintf(stderr, "bench: %s\n", err.msg);
        exit(1);
    }
    const struct hl_experiment_result *e = &out->experiments[0];
    for (size_t c = 0; c < e->nconfigs; c++) {
        if (!e->configs[c].verified) {
            fprintf(stderr, "bench: %s %s did not verify\n", workload, e->configs[c].label);
            exit(1);
        }
    }
}

static void append_specs(char *buf, size_t size, int max_workers) {
    snprintf(buf, size, "serial");
    for (int w = 1; w <= max_workers; w++) {
        size_t len = strlen(buf);
        snprintf(buf + len, size - len, ",pthread:%d,fork:%d", w, w);
    }
}

int main(int argc, char **argv) {
    int64_t square_n = 11999999, sum_n = 19487171, reps = 5;
    struct hl_error err = {0};
    for (int i = 1; i + 1 < argc; i += 2) {
        int rc = strcmp(argv[i], "--square-n") == 0
                     ? hl_parse_i64(argv[i + 1], argv[i], 1, HL_SQUARE_MAX_N, &square_n, &err)
                 : strcmp(argv[i], "--sum-n") == 0
                     ? hl_parse_i64(argv[i + 1], argv[i], 1, INT64_C(1) << 32, &sum_n, &err)
                 : strcmp(argv[i], "--reps") == 0
                     ? hl_parse_i64(argv[i + 1], argv[i], 1, 1000, &reps, &err)
                     : hl_error_set(&err, HL_ERR_USAGE, "unknown option %s", argv[i]);
        if (rc != 0) {
            fprintf(stderr, "bench_core: %s\n", err.msg);
            return 2;
        }
    }
    int cores = hl_sys_cores();
    char cpu[256];
    hl_sys_cpu_model(cpu, sizeof cpu);
    printf("machine: %s, %d cores; medians of %d runs\n", cpu, cores, (int)reps);

    /* memcpy on the same kind of buffers square uses (shared memory). */
    struct hl_work work;
    struct hl_params p = {.n = square_n};
    if (hl_work_prepare(&work, &hl_workload_square, &p, 1, NULL, &err) != 0) {
        fprintf(stderr, "bench_core: %s\n", err.msg);
        return 1;
    }
    const struct hl_square_state *sq = work.state;
    double bytes = 2.0 * (double)square_n * sizeof(int64_t); /* read + written */
    int max_threads = cores < HL_COPY_MAX_THREADS ? cores : HL_COPY_MAX_THREADS;
    struct hl_copy_limit limit = {0};
    if (hl_copy_limit_measure_on(sq->x, sq->y, square_n, max_threads, (int)reps, &limit, &err) !=
        0) {
        fprintf(stderr, "bench_core: %s\n", err.msg);
        return 1;
    }
    const double *memcpy_gbs = limit.memcpy_gbs, *limit_gbs = limit.gbs;
    printf("\ncopy, %.0f MB read + written per run, fastest of %d\n%-10s %10s %10s %16s %10s\n",
           bytes / 1e6, (int)reps, "threads", "memcpy s", "GB/s", "streaming copy s", "GB/s");
    for (int k = 1; k <= max_threads; k++)
        printf("%-10d %10.6f %10.2f %16.6f %10.2f\n", k, bytes / memcpy_gbs[k] / 1e9, memcpy_gbs[k],
               bytes / limit.streaming_gbs[k] / 1e9, limit.streaming_gbs[k]);
    hl_work_release(&work);

    char specs[512];
    append_specs(specs, sizeof specs, cores);
    struct hl_results r;
    run_plan("square", square_n, specs, (int)reps, &r);
    printf("\nsquare, n = %" PRId64 "\n%-12s %10s %10s %14s %13s\n", square_n, "config", "median s",
           "GB/s", "vs memcpy(W)", "vs limit(W)");
    const struct hl_experiment_result *e = &r.experiments[0];
    for (size_t c = 0; c < e->nconfigs; c++) {
        const struct hl_config_result *cf = &e->configs[c];
        double gbs = bytes / cf->wall_s.median / 1e9;
        printf("%-12s %10.6f %10.2f %13.2fx %12.2fx\n", cf->label, cf->wall_s.median, gbs,
               gbs / memcpy_gbs[cf->workers], gbs / limit_gbs[cf->workers]);
    }
    double square_gbs = bytes / e->configs[0].wall_s.median / 1e9;
    hl_results_free(&r);

    run_plan("sum", sum_n, specs, (int)reps, &r);
    e = &r.experiments[0];
    double adds = (double)sum_n * (double)e->configs[0].tasks;
    printf("\nsum, %" PRId64 " tasks of n = %" PRId64 "\n%-12s %10s %12s %9s %11s\n",
           e->configs[0].tasks, sum_n, "config", "median s", "Gadd/s", "speedup", "efficiency");
    double sum_speedup[2] = {0, 0};
    for (size_t c = 0; c < e->nconfigs; c++) {
        const struct hl_config_result *cf = &e->configs[c];
        printf("%-12s %10.6f %12.2f %8.2fx %10.0f%%\n", cf->label, cf->wall_s.median,
               adds / cf->wall_s.median / 1e9, cf->speedup, 100.0 * cf->speedup / cf->workers);
        if (cf->workers == 2 && strcmp(cf->backend, "serial") != 0)
            sum_speedup[strcmp(cf->backend, "fork") == 0] = cf->speedup;
    }
    hl_results_free(&r);

    printf("\ntargets:\n");
    printf("  square serial / memcpy(1)  %.2f  (target >= 0.85)\n", square_gbs / memcpy_gbs[1]);
    printf("  square serial / best copy  %.2f  (the better of memcpy and streaming copy)\n",
           square_gbs / limit_gbs[1]);
    if (cores >= 2)
        printf("  sum pthread:2 / serial     %.2fx (target >= 1.8x)\n"
               "  sum fork:2 / serial        %.2fx (target >= 1.8x)\n",
               sum_speedup[0], sum_speedup[1]);
    else
        printf("  sum targets need 2 cores; this process may use %d\n", cores);
    return 0;
}
