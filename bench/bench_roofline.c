/* Roofline benchmark: the performance goals of the roofline issue, as
 * ratios of measured figures, in one process on this machine.
 *
 *   sum, serial        G additions/s against the int64-add ceiling of 1
 *                      thread (goal >= 0.8) and against half of it, the
 *                      loop's own bound (each integer costs two vector
 *                      additions: its own and its index's); and the same
 *                      loop in every instruction set this CPU has
 *                      (function multiversioning, workloads/sum.c)
 *   sum, pthread:P     against the add ceiling of P threads (goal >= 0.8
 *                      per core), and against PoCL's (or another OpenCL
 *                      device's) kernel on the same work (goal: at least
 *                      as fast)
 *   square, pthread:P  at a size that amortises thread start-up, against
 *                      the copy ceiling of P threads (goal >= 0.85)
 *
 * Ceilings are measured here (experiment/ceilings.h, full sizes); runs go
 * through the same experiment code as `hetlane run`, medians of --reps
 * after one warm-up. It prints measurements and ratios; it does not fail
 * on a goal missed. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "experiment/ceilings.h"
#include "experiment/experiment.h"
#include "util/cpu_isa.h"
#include "util/parse.h"
#include "util/sysinfo.h"
#include "util/timing.h"
#include "workloads/sum.h"

static int reps = 9;

/* Median wall seconds of each configuration of `specs` on `workload`;
 * returns how many (labels into labels). Exits on a run that does not
 * verify: a benchmark of a broken run measures nothing. */
static size_t run_plan(const char *workload, int64_t n, int64_t tasks, const char *specs,
                       double *medians, char labels[][64], size_t room) {
    static struct hl_config cfg;
    memset(&cfg, 0, sizeof cfg);
    struct hl_error err = {0};
    if (hl_backend_list_parse(&cfg.backends, specs, &err) != 0) {
        fprintf(stderr, "bench_roofline: %s\n", err.msg);
        return 0;
    }
    struct hl_plan plan = {.workload = hl_workload_find(workload),
                           .params = {.n = n, .tasks = tasks},
                           .warmup = 1,
                           .runs = reps,
                           .nconfigs = cfg.backends.count,
                           .configs = cfg.backends.items};
    struct hl_results res = {0};
    size_t got = 0;
    if (hl_plan_check(&plan, &err) != 0 || hl_experiment_run(&plan, &res, &err) != 0) {
        fprintf(stderr, "bench_roofline: %s\n", err.msg);
        exit(1);
    }
    const struct hl_experiment_result *e = &res.experiments[0];
    for (size_t c = 0; c < e->nconfigs && got < room; c++, got++) {
        if (!e->configs[c].verified) {
            fprintf(stderr, "bench_roofline: %s %s did not verify\n", workload,
                    e->configs[c].label);
            exit(1);
        }
        medians[got] = e->configs[c].wall_s.median;
        snprintf(labels[got], 64, "%s", e->configs[c].label);
    }
    hl_results_free(&res);
    return got;
}

static void ratio(const char *what, double value, double goal) {
    if (goal > 0)
        printf("  %-52s %6.2f   (goal >= %.2f: %s)\n", what, value, goal,
               value >= goal ? "met" : "NOT met");
    else
        printf("  %-52s %6.2f\n", what, value);
}

/* The serial sum loop of each instruction set, best of reps, G adds/s. */
static void sum_isas(int64_t n, double *gops) {
    for (int isa = HL_ISA_BASE; isa <= (int)hl_cpu_isa(); isa++) {
        double best = 0;
        for (int r = -1; r < reps; r++) {
            int64_t t0 = hl_now_ns();
            int64_t got = hl_sum_range_isa(n, (enum hl_isa)isa);
            double s = (double)(hl_now_ns() - t0) * 1e-9;
            if (got != hl_sum_expected(n)) {
                fprintf(stderr, "bench_roofline: sum (%s) is wrong\n",
                        hl_isa_name((enum hl_isa)isa));
                exit(1);
            }
            if (r >= 0 && (double)n / s > best)
                best = (double)n / s;
        }
        gops[isa] = best * 1e-9;
    }
}

int main(int argc, char **argv) {
    int64_t sum_n = 19487171, square_n = 64000000;
    for (int i = 1; i + 1 < argc; i += 2) {
        int64_t v = 0;
        struct hl_error err = {0};
        if (hl_parse_i64(argv[i + 1], argv[i], 1, INT64_MAX, &v, &err) != 0) {
            fprintf(stderr, "bench_roofline: %s\n", err.msg);
            return 2;
        }
        if (strcmp(argv[i], "--reps") == 0)
            reps = (int)(v < 100 ? v : 100);
        else if (strcmp(argv[i], "--sum-n") == 0)
            sum_n = v;
        else if (strcmp(argv[i], "--square-n") == 0)
            square_n = v;
    }
    int p = hl_sys_cores();
    char cpu[160];
    hl_sys_cpu_model(cpu, sizeof cpu);
    printf("machine: %s, %d cores; medians of %d runs\n\n", cpu, p, reps);

    struct hl_ceilings c;
    struct hl_error err = {0};
    struct hl_ceilings_request q = {.cpu = true, .threads = p, .all_devices = true};
    if (hl_ceilings_measure(&q, &c, NULL, &err) != 0) {
        fprintf(stderr, "bench_roofline: ceilings: %s\n", err.msg);
        return 1;
    }
    double add1 = hl_ceilings_cpu_add(&c, 1), addp = hl_ceilings_cpu_add(&c, p);
    double copyp = hl_ceilings_cpu_copy(&c, p);
    printf("ceilings: int64 add %.1f G/s (1 thread), %.1f G/s (%d, %s); copy %.1f GB/s (%d)\n",
           add1, addp, p, c.cpu.add_isa, copyp, p);
    for (size_t d = 0; d < c.ndevices; d++)
        printf("          opencl:%s: int64 add %.1f G/s, memory %.1f GB/s\n", c.devices[d].index,
               c.devices[d].add_gops, c.devices[d].mem_gbs);

    double isa_gops[3] = {0};
    sum_isas(sum_n, isa_gops);
    printf("\nsum loop, serial, n = %lld, by instruction set (best of %d):\n", (long long)sum_n,
           reps);
    for (int isa = HL_ISA_BASE; isa <= (int)hl_cpu_isa(); isa++)
        printf("  %-8s %7.2f G adds/s\n", hl_isa_name((enum hl_isa)isa), isa_gops[isa]);

    char specs[96], labels[8][64];
    double med[8] = {0};
    snprintf(specs, sizeof specs, "serial,pthread:%d%s", p, c.ndevices > 0 ? ",opencl" : "");
    size_t n = run_plan("sum", sum_n, 8, specs, med, labels, 8);
    double adds = (double)sum_n * 8;
    printf("\nsum, 8 tasks of n = %lld (wall time, median):\n", (long long)sum_n);
    for (size_t i = 0; i < n; i++)
        printf("  %-24s %9.3f ms %8.2f G adds/s\n", labels[i], med[i] * 1e3, adds / med[i] * 1e-9);

    snprintf(specs, sizeof specs, "pthread:%d", p);
    double sq = 0;
    char sq_label[1][64];
    run_plan("square", square_n, 0, specs, &sq, sq_label, 1);
    double sq_gbs = 16.0 * (double)square_n / sq * 1e-9;
    printf("\nsquare, n = %lld: %s %.3f ms, %.1f GB/s\n", (long long)square_n, sq_label[0],
           sq * 1e3, sq_gbs);

    printf("\nratios:\n");
    double serial = adds / med[0] * 1e-9, threads = n > 1 ? adds / med[1] * 1e-9 : NAN;
    ratio("sum serial / add ceiling (1 thread)", serial / add1, 0.8);
    ratio("sum serial / half the add ceiling (the loop's bound)", serial / (add1 / 2), 0.8);
    ratio("sum pthread:P / add ceiling (P threads)", threads / addp, 0.8);
    ratio("sum pthread:P / half the add ceiling (P threads)", threads / (addp / 2), 0.8);
    ratio("sum loop: widest instruction set / SSE2", isa_gops[hl_cpu_isa()] / isa_gops[0], 0);
    for (size_t i = 2; i < n; i++) {
        char what[96];
        snprintf(what, sizeof what, "sum %s time / pthread:P time", labels[i]);
        ratio(what, med[i] / med[1], 1.0);
    }
    ratio("square pthread:P / copy ceiling (P threads)", sq_gbs / copyp, 0.85);
    return 0;
}
