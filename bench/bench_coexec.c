/* Co-execution benchmark: hetlane's join of the cores and one OpenCL
 * device against each of them alone and against the same square run
 * through StarPU (dmda, calibrated), in one invocation on the same sizes.
 *
 *   bench_coexec [--size N] [--reps R] [--threads W] [--device P:D[/MODE]]
 *                [--workload square|sum] [--calibrate C]
 *
 * It prints, for hetlane: each participant alone, the join (time, shares,
 * balance, gain over the fastest alone, efficiency against the sum of
 * speeds) and the scheduling overhead: the join with all the work given
 * to the fastest participant against that participant's own run. For
 * StarPU (square only): its time, the CPU's share, its balance and the
 * same efficiency against hetlane's alone times. It prints measurements;
 * the goals (docs/coexec.md) are for the reader to compare. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "backends/backend_list.h"
#include "backends/opencl/cl_devices.h"
#include "bench_coexec.h"
#include "experiment/experiment.h"
#include "model/coexec.h"
#include "model/results_pick.h"
#include "util/parse.h"
#include "util/sysinfo.h"

struct options {
    int64_t n;
    int reps, threads, calibrate;
    char device[64];
    const struct hl_workload *wl;
};

static int parse_args(int argc, char **argv, struct options *o) {
    o->wl = hl_workload_find("square");
    o->n = 0;
    o->reps = 9;
    o->threads = hl_sys_cores();
    o->calibrate = 10;
    snprintf(o->device, sizeof o->device, "opencl:0:0");
    for (int i = 1; i < argc; i++) {
        struct hl_error err = {0};
        const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
        int64_t x = 0;
        if (v == NULL)
            goto usage;
        if (strcmp(a, "--size") == 0 && hl_parse_i64(v, "--size", 1, o->wl->max_n, &x, &err) == 0)
            o->n = x;
        else if (strcmp(a, "--reps") == 0 && hl_parse_i64(v, "--reps", 1, 1000, &x, &err) == 0)
            o->reps = (int)x;
        else if (strcmp(a, "--threads") == 0 &&
                 hl_parse_i64(v, "--threads", 1, HL_MAX_WORKERS, &x, &err) == 0)
            o->threads = (int)x;
        else if (strcmp(a, "--calibrate") == 0 &&
                 hl_parse_i64(v, "--calibrate", 0, 1000, &x, &err) == 0)
            o->calibrate = (int)x;
        else if (strcmp(a, "--device") == 0)
            snprintf(o->device, sizeof o->device, "opencl:%s", v);
        else if (strcmp(a, "--workload") == 0 && (o->wl = hl_workload_find(v)) != NULL &&
                 o->wl->units != NULL)
            ;
        else
            goto usage;
        i++;
    }
    if (o->n == 0)
        o->n = o->wl->default_n;
    return 0;
usage:
    fprintf(stderr, "usage: bench_coexec [--size N] [--reps R] [--threads W] [--device P:D[/MODE]] "
                    "[--workload square|sum] [--calibrate C]\n");
    return -1;
}

/* Whether device P:D of the spec is a CPU (StarPU then needs
 * STARPU_OPENCL_ON_CPUS to use it). */
static bool device_is_cpu(const struct hl_backend_config *dev) {
    struct hl_cl_inventory inv;
    struct hl_error err = {0};
    if (hl_cl_inventory_load(&inv, &err) != 0)
        return false;
    const struct hl_cl_device *d = hl_cl_inventory_find(&inv, dev->platform, dev->device);
    bool cpu = d != NULL && strstr(d->type, "CPU") != NULL;
    hl_cl_inventory_free(&inv);
    return cpu;
}

static void print_config(const struct hl_config_result *c) {
    printf("%-40s %10.3f %10.3f  %s", c->label, c->wall_s.median * 1e3, c->wall_s.min * 1e3,
           c->verified ? "verified" : "NOT VERIFIED");
    if (c->coexec != NULL && c->nruns > 0) {
        size_t m = 0;
        if (hl_results_median_run(c, &m) != 0)
            m = 0;
        struct hl_coexec_run st;
        hl_coexec_run_stats(c->coexec, &c->runs[m], &st);
        printf("  shares");
        for (size_t p = 0; p < c->coexec->nparts; p++)
            printf(" %.1f%%", st.share[p] * 100);
        if (st.working >= 2)
            printf(", balance %.3f", st.balance);
    }
    putchar('\n');
}

int main(int argc, char **argv) {
    struct options o;
    if (parse_args(argc, argv, &o) != 0)
        return 2;
    static struct hl_backend_list list;
    char spec[512];
    snprintf(spec, sizeof spec, "pthread:%d,%s,pthread:%d+%s,pthread:%d+%s,pthread:%d+%s",
             o.threads, o.device, o.threads, o.device, o.threads, o.device, o.threads, o.device);
    struct hl_error err = {0};
    if (hl_backend_list_parse(&list, spec, &err) != 0) {
        fprintf(stderr, "bench_coexec: %s\n", err.msg);
        return 2;
    }
    /* The join again, with all the work for one participant: its cost
     * over that participant's own run is the join's overhead. */
    for (int k = 3; k <= 4; k++) {
        list.items[k].join_only = k - 2;
        size_t len = strlen(list.items[k].label);
        snprintf(list.items[k].label + len, sizeof list.items[k].label - len, "#only-%s",
                 list.items[k].parts[k - 3].label);
    }
    struct hl_plan plan = {.workload = o.wl,
                           .params = {.n = o.n},
                           .warmup = 1,
                           .runs = o.reps,
                           .nconfigs = list.count,
                           .configs = list.items};
    struct hl_results res = {0};
    if (hl_plan_check(&plan, &err) != 0 || hl_experiment_run(&plan, &res, &err) != 0) {
        fprintf(stderr, "bench_coexec: %s\n", err.msg);
        return 1;
    }
    const struct hl_experiment_result *e = &res.experiments[0];
    printf("machine: %d cores; %s, n = %lld, %d threads, device %s; medians of %d runs\n\n",
           hl_sys_cores(), o.wl->name, (long long)o.n, o.threads, list.items[1].label, o.reps);
    printf("%-40s %10s %10s\n", "hetlane", "median ms", "min ms");
    for (size_t c = 0; c < e->nconfigs; c++)
        print_config(&e->configs[c]);

    const struct hl_config_result *join = &e->configs[2];
    struct hl_coexec_eff eff;
    int rc = 0;
    if (hl_coexec_efficiency(e, join, NULL, &eff) != 0 || !eff.alone_known) {
        fprintf(stderr, "bench_coexec: a configuration did not run\n");
        hl_results_free(&res);
        return 1;
    }
    double t_fast = eff.t_alone[eff.fastest];
    const struct hl_config_result *only = &e->configs[3 + eff.fastest];
    printf("\njoin: %.2fx the fastest alone (%s); efficiency %.3f (S_max %.2f)\n", eff.gain,
           join->coexec->parts[eff.fastest].label, eff.efficiency, eff.s_max);
    const struct hl_config_result *fast = &e->configs[eff.fastest];
    printf("scheduling overhead: the join with all work on %s took %.3f ms (min %.3f), %+.1f%% "
           "against its own run's median, %+.1f%% against its min (goal: <= 3%%)\n",
           join->coexec->parts[eff.fastest].label, only->wall_s.median * 1e3,
           only->wall_s.min * 1e3, (only->wall_s.median / t_fast - 1) * 100,
           (only->wall_s.min / fast->wall_s.min - 1) * 100);

    if (strcmp(o.wl->name, "square") == 0) {
        struct bench_starpu_result sp;
        bench_starpu_square(o.n, o.threads, device_is_cpu(&list.items[1]), o.calibrate, o.reps,
                            &sp);
        if (!sp.ran) {
            printf("\nStarPU: not run: %s\n", sp.why);
        } else {
            double gain = t_fast / sp.median_s;
            printf("\nStarPU dmda (%s + %d CPU workers): %.3f ms median, %.3f ms min, %s; CPU "
                   "share %.1f%%, balance %.3f, %.2fx the fastest hetlane alone, efficiency "
                   "%.3f\n",
                   sp.device, o.threads, sp.median_s * 1e3, sp.min_s * 1e3,
                   sp.verified ? "verified" : "NOT VERIFIED", sp.cpu_share * 100, sp.balance, gain,
                   gain / eff.s_max);
            printf("hetlane join / StarPU dmda: %.2fx the time (goal: <= 1)\n",
                   eff.t_join / sp.median_s);
            rc = sp.verified ? 0 : 1;
        }
    }
    hl_results_free(&res);
    return rc;
}
