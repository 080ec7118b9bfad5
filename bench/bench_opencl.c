/* OpenCL benchmark: one device (first one, or P:D) against the CPU
 * backends on the same sizes, in one process.
 *
 *   square / sum kernel-only time vs pthread:P wall time (target: within
 *     1.3x of pthread:P); kernel-only = profiling START..END of the
 *     kernels, transfers excluded
 *   h2d / d2h bandwidth of one 64 MiB transfer vs memcpy of the same size
 *   enqueue-to-start latency of a one-work-item kernel
 *   program build time cold (empty POCL_CACHE_DIR) and warm
 *   sum kernel time against n (it must grow linearly: no closed form)
 *   whole runs through the experiment, as `hetlane run` does them
 *
 * It overrides POCL_CACHE_DIR with a fresh temporary folder so that the
 * first build is cold, and removes the folder at the end. Best-of or
 * median of --reps; it prints measurements, it does not judge them. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "backends/opencl/cl_bandwidth.h"
#include "backends/opencl/cl_probes.h"
#include "bench_opencl.h"
#include "cli/cli.h"
#include "experiment/experiment.h"
#include "model/results_pick.h"
#include "util/parse.h"
#include "util/sysinfo.h"
#include "util/timing.h"
#include "workloads/square.h"
#include "workloads/sum.h"

static int reps = 5;

/* "P:D" into platform and device indices; -1 when it is not that. */
static int parse_device(const char *text, int *platform, int *device) {
    struct hl_error err = {0};
    char part[32];
    const char *colon = strchr(text, ':');
    int64_t p, d;
    if (colon == NULL || (size_t)(colon - text) >= sizeof part)
        return -1;
    snprintf(part, sizeof part, "%.*s", (int)(colon - text), text);
    if (hl_parse_i64(part, "P", 0, 1000, &p, &err) != 0 ||
        hl_parse_i64(colon + 1, "D", 0, 1000, &d, &err) != 0)
        return -1;
    *platform = (int)p;
    *device = (int)d;
    return 0;
}

static int cmp_interval(const void *a, const void *b) {
    const int64_t *x = a, *y = b;
    return (x[0] > y[0]) - (x[0] < y[0]);
}

/* Seconds in which at least one kernel of the run was executing (the
 * union of its kernel phases), so overlapping queues are not counted
 * twice: the run's own kernel time, measured in the same run. */
static double kernel_busy_s(const struct hl_run_result *run) {
    int64_t(*iv)[2] = malloc(run->ntasks * HL_MAX_PHASES * sizeof *iv);
    size_t n = 0;
    for (size_t t = 0; iv != NULL && t < run->ntasks; t++) {
        for (int p = 0; p < run->tasks[t].nphases; p++) {
            const struct hl_phase *ph = &run->tasks[t].phases[p];
            if (ph->kind == HL_PHASE_KERNEL) {
                iv[n][0] = ph->t0_ns;
                iv[n++][1] = ph->t1_ns;
            }
        }
    }
    if (n == 0) {
        free(iv);
        return -1;
    }
    qsort(iv, n, sizeof *iv, cmp_interval);
    int64_t busy = 0, lo = iv[0][0], hi = iv[0][1];
    for (size_t i = 1; i < n; i++) {
        if (iv[i][0] > hi) {
            busy += hi - lo;
            lo = iv[i][0];
        }
        hi = iv[i][1] > hi ? iv[i][1] : hi;
    }
    busy += hi - lo;
    free(iv);
    return (double)busy * 1e-9;
}

static double kernels[8]; /* run_walls: kernel_busy_s of each config's median run */

/* Wall seconds (min and median over `reps`) of each configuration in
 * `spec` running wl; returns the number of configurations filled. */
static size_t run_walls(const struct hl_workload *wl, int64_t n, int64_t tasks, const char *spec,
                        bool no_overlap, double *mins, double *medians, char labels[][64]) {
    static struct hl_config cfg;
    memset(&cfg, 0, sizeof cfg);
    struct hl_error err = {0};
    if (hl_backend_list_parse(&cfg.backends, spec, &err) != 0) {
        fprintf(stderr, "bench_opencl: %s\n", err.msg);
        return 0;
    }
    for (size_t i = 0; no_overlap && i < cfg.backends.count; i++) {
        if (cfg.backends.items[i].platform >= 0) {
            cfg.backends.items[i].workers = 1;
            strncat(cfg.backends.items[i].label, "/no-overlap",
                    sizeof cfg.backends.items[i].label - strlen(cfg.backends.items[i].label) - 1);
        }
    }
    struct hl_plan plan = {.workload = wl,
                           .params = {.n = n, .tasks = tasks},
                           .warmup = 1,
                           .runs = reps,
                           .nconfigs = cfg.backends.count,
                           .configs = cfg.backends.items};
    struct hl_results res = {0};
    size_t filled = 0;
    if (hl_plan_check(&plan, &err) != 0 || hl_experiment_run(&plan, &res, &err) != 0) {
        fprintf(stderr, "bench_opencl: %s\n", err.msg);
    } else {
        for (size_t c = 0; c < res.experiments[0].nconfigs; c++, filled++) {
            const struct hl_config_result *r = &res.experiments[0].configs[c];
            if (!r->verified)
                fprintf(stderr, "bench_opencl: %s %s did not verify: %s\n", wl->name, r->label,
                        r->note ? r->note : (r->nruns ? r->runs[0].error : "no runs"));
            mins[c] = r->nruns > 0 ? r->wall_s.min : -1;
            size_t mid = 0;
            kernels[c] = c < 8 && r->nruns > 0 && hl_results_median_run(r, &mid) == 0
                             ? kernel_busy_s(&r->runs[mid])
                             : -1;
            medians[c] = r->nruns > 0 ? r->wall_s.median : -1;
            snprintf(labels[c], 64, "%s", r->label);
        }
    }
    hl_results_free(&res);
    return filled;
}

static double memcpy_gbs(size_t bytes) {
    char *a = malloc(bytes), *b = malloc(bytes);
    double best = -1;
    if (a != NULL && b != NULL) {
        memset(a, 1, bytes);
        memset(b, 2, bytes);
        for (int r = -1; r < reps; r++) {
            int64_t t0 = hl_now_ns();
            memcpy(b, a, bytes);
            int64_t t1 = hl_now_ns();
            __asm__ volatile("" : : "r"(b) : "memory"); /* the copy is used */
            double gbs = (double)bytes / (double)(t1 - t0);
            if (r >= 0 && gbs > best)
                best = gbs;
        }
    }
    free(a);
    free(b);
    return best;
}

static void row(const char *what, const char *cl, const char *cpu, double ratio,
                const char *target) {
    char r[16] = "";
    if (ratio > 0)
        snprintf(r, sizeof r, "%.2fx", ratio);
    printf("%-34s %-18s %-22s %-7s %s\n", what, cl, cpu, r, target);
}

static void kernel_rows(struct hl_cl_session *s, const char *cpu_spec, int cores) {
    struct hl_error err = {0};
    char what[64], cl[400], cpu[400], labels[4][64];
    double mins[4], meds[4];

    int64_t n = hl_workload_square.default_n;
    double k = bench_square_kernel_s(s, n, reps, &err);
    size_t got =
        run_walls(&hl_workload_square, n, (int64_t)4 * cores, cpu_spec, false, mins, meds, labels);
    snprintf(what, sizeof what, "square kernel, n = %lld", (long long)n);
    snprintf(cl, sizeof cl, "%.3f ms", k * 1e3);
    snprintf(cpu, sizeof cpu, "%s %.3f ms", cpu_spec, got ? mins[0] * 1e3 : -1);
    row(what, k > 0 ? cl : err.msg, cpu, k > 0 && got ? k / mins[0] : -1, "<= 1.3x");

    n = hl_workload_sum.default_n;
    k = bench_sum_kernel_s(s, n, 8, reps, &err);
    got = run_walls(&hl_workload_sum, n, 8, cpu_spec, false, mins, meds, labels);
    snprintf(what, sizeof what, "sum kernels, 8 x n = %lld", (long long)n);
    snprintf(cl, sizeof cl, "%.3f ms", k * 1e3);
    snprintf(cpu, sizeof cpu, "%s %.3f ms", cpu_spec, got ? mins[0] * 1e3 : -1);
    row(what, k > 0 ? cl : err.msg, cpu, k > 0 && got ? k / mins[0] : -1, "<= 1.3x");
}

/* h2d and d2h in every host-memory mode, 256 MiB (or the device's
 * largest buffer), medians, beside memcpy of the same size. */
static void transfer_rows(struct hl_cl_session *s) {
    char what[64], cl[400], cpu[400];
    size_t bytes = (size_t)256 << 20;
    if (bytes > s->device.max_alloc)
        bytes = (size_t)s->device.max_alloc;
    double mc = memcpy_gbs(bytes);
    snprintf(cpu, sizeof cpu, "memcpy %.2f GB/s", mc);
    for (int m = 0; m < HL_CL_TRANSFER_COUNT; m++) {
        struct hl_error err = {0};
        struct hl_cl_bandwidth bw;
        bool ok = hl_cl_measure_bandwidth(s, (enum hl_cl_transfer)m, bytes, reps, &bw, &err) == 0;
        for (int dir = 0; dir < 2; dir++) {
            double gbs = dir == 0 ? bw.h2d_gbs : bw.d2h_gbs;
            snprintf(what, sizeof what, "%s %s, %zu MiB%s", dir == 0 ? "h2d" : "d2h",
                     hl_cl_transfer_name((enum hl_cl_transfer)m), bytes >> 20,
                     m == HL_CL_ZERO_COPY ? " map+unmap" : "");
            if (m == HL_CL_ZERO_COPY) /* no copy: what the map costs */
                snprintf(cl, sizeof cl, "%.1f us", (double)bw.bytes / gbs * 1e-3);
            else
                snprintf(cl, sizeof cl, "%.2f GB/s", gbs);
            row(what, ok ? cl : err.msg, m == HL_CL_ZERO_COPY ? "no copy" : cpu,
                ok && m != HL_CL_ZERO_COPY ? gbs / mc : -1, "");
        }
    }
}

static void device_rows(struct hl_cl_session *s) {
    struct hl_error err = {0};
    char cl[400];
    transfer_rows(s);
    double med = 0, best = 0;
    if (hl_cl_probe_launch(s, 50, &med, &best, &err) == 0)
        snprintf(cl, sizeof cl, "%.1f us (best %.1f)", med * 1e6, best * 1e6);
    row("enqueue-to-start latency, median", err.msg[0] ? err.msg : cl, "", -1, "");

    printf("\nsum kernel time against n (1 task; must grow linearly):\n");
    for (int64_t n = INT64_C(1) << 22; n <= INT64_C(1) << 30; n <<= 2) {
        double k = bench_sum_kernel_s(s, n, 1, reps, &err);
        printf("  n = %11lld  %9.3f ms  %.4f ns per integer\n", (long long)n, k * 1e3,
               k * 1e9 / (double)n);
    }
}

/* Whole runs as `hetlane run` times them: square in every host-memory
 * mode beside the CPU, with each mode's ratio to pthread:P and to the time
 * its own kernels ran in the same run (PoCL goals: zero-copy <= 1.2x of
 * both); sum in the default mode and with one in-order queue. */
static void whole_runs(const char *cl_spec, const char *cpu_spec) {
    char spec[256], labels[8][64];
    double mins[8], meds[8];
    printf("\nwhole runs (wall median of %d, as `hetlane run` times them):\n", reps);
    snprintf(spec, sizeof spec, "serial,%s,%s/pageable,%s/pinned,%s/zero-copy", cpu_spec, cl_spec,
             cl_spec, cl_spec);
    int64_t n = hl_workload_square.default_n;
    size_t got = run_walls(&hl_workload_square, n, 0, spec, false, mins, meds, labels);
    printf("  square, n = %lld:\n", (long long)n);
    for (size_t c = 0; c < got; c++) {
        printf("    %-26s %8.3f ms", labels[c], meds[c] * 1e3);
        if (c >= 2 && got >= 2 && meds[1] > 0)
            printf("   %.2fx %s", meds[c] / meds[1], labels[1]);
        if (c >= 2 && kernels[c] > 0)
            printf("   %.2fx its kernels (%.3f ms busy in the median run)", meds[c] / kernels[c],
                   kernels[c] * 1e3);
        printf("\n");
    }
    snprintf(spec, sizeof spec, "serial,%s,%s", cpu_spec, cl_spec);
    got =
        run_walls(&hl_workload_sum, hl_workload_sum.default_n, 0, spec, false, mins, meds, labels);
    got += run_walls(&hl_workload_sum, hl_workload_sum.default_n, 0, cl_spec, true, mins + got,
                     meds + got, labels + got);
    printf("  sum    ");
    for (size_t c = 0; c < got; c++)
        printf("  %s %.2f ms", labels[c], meds[c] * 1e3);
    printf("\n");
}

int main(int argc, char **argv) {
    const char *want = NULL;
    for (int i = 1; i < argc; i++) {
        int64_t v;
        struct hl_error err = {0};
        if (strcmp(argv[i], "--reps") == 0 && i + 1 < argc) {
            if (hl_parse_i64(argv[++i], "--reps", 1, 1000, &v, &err) != 0) {
                fprintf(stderr, "bench_opencl: %s\n", err.msg);
                return 2;
            }
            reps = (int)v;
        } else if (argv[i][0] != '-' && want == NULL) {
            want = argv[i];
        } else {
            fprintf(stderr, "usage: bench_opencl [P:D] [--reps R]\n");
            return 2;
        }
    }
    char cache[] = "/tmp/hetlane-bench-pocl.XXXXXX";
    if (mkdtemp(cache) == NULL || setenv("POCL_CACHE_DIR", cache, 1) != 0) {
        perror("bench_opencl: temporary POCL_CACHE_DIR");
        return 1;
    }
    struct hl_error err = {0};
    struct hl_cl_inventory inv;
    int status = 1;
    if (hl_cl_inventory_load(&inv, &err) != 0 || inv.ndevices == 0) {
        fprintf(stderr, "bench_opencl: no OpenCL device: %s\n", err.msg[0] ? err.msg : inv.problem);
        goto out;
    }
    int p = inv.devices[0].platform, d = inv.devices[0].index;
    if (want != NULL && parse_device(want, &p, &d) != 0) {
        fprintf(stderr, "usage: bench_opencl [P:D] [--reps R]\n");
        goto out;
    }
    int cores = hl_sys_cores();
    char cl_spec[32], cpu_spec[32];
    snprintf(cl_spec, sizeof cl_spec, "opencl:%d:%d", p, d);
    snprintf(cpu_spec, sizeof cpu_spec, "pthread:%d", cores);

    struct hl_cl_session s;
    if (hl_cl_session_open(&s, p, d, 1, &err) != 0) {
        fprintf(stderr, "bench_opencl: %s\n", err.msg);
        goto out;
    }
    double cold = s.build_s;
    hl_cl_session_close(&s);
    if (hl_cl_session_open(&s, p, d, 1, &err) != 0) {
        fprintf(stderr, "bench_opencl: %s\n", err.msg);
        goto out;
    }
    printf("hetlane OpenCL benchmark: %s (%s) against %s, best of %d\n\n", cl_spec, s.device.name,
           cpu_spec, reps);
    printf("%-34s %-18s %-22s %-7s %s\n", "measure", "opencl", "reference", "ratio", "target");
    kernel_rows(&s, cpu_spec, cores);
    char text[64];
    snprintf(text, sizeof text, "cold %.3f s, warm %.3f s", cold, s.build_s);
    row("program build (clBuildProgram)", text, "", -1, "");
    snprintf(text, sizeof text, "+-%.2f us", (double)s.clock.error_ns * 1e-3);
    row("clock calibration bracket", text, "", -1, "");
    device_rows(&s);
    hl_cl_session_close(&s);
    whole_runs(cl_spec, cpu_spec);
    status = 0;
out:
    hl_cl_inventory_free(&inv);
    char cmd[96];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", cache);
    if (system(cmd) != 0)
        fprintf(stderr, "bench_opencl: could not remove %s\n", cache);
    return status;
}
