#include "report_analysis.h"

#include <math.h>
#include <string.h>

/* Thresholds, chosen from the patterns the three workloads show and kept
 * in one place so that the report and its tests agree on them. */
#define IO_CPU_RATIO_MAX 0.25      /* cpu/wall below this: mostly waiting */
#define COMPUTE_CPU_RATIO_MIN 0.8  /* cpu/wall above this: busy */
#define COMPUTE_EFFICIENCY_MIN 0.7 /* speedup/W at or above: near-linear */
#define MEMORY_BANDWIDTH_MIN 0.6   /* share of the copy limit reached */

const char *hl_bound_name(enum hl_bound b) {
    switch (b) {
    case HL_BOUND_IO: return "I/O-bound";
    case HL_BOUND_MEMORY: return "memory-bound";
    case HL_BOUND_COMPUTE: return "compute-bound";
    case HL_BOUND_UNCLEAR: break;
    }
    return "not clearly bound by one resource";
}

const struct hl_run_result *hl_config_median_run(const struct hl_config_result *c) {
    if (c->nruns == 0)
        return NULL;
    /* Order run indices by wall time (runs are few: insertion is fine). */
    size_t order[64] = {0};
    size_t n = c->nruns;
    if (n > sizeof order / sizeof order[0])
        n = sizeof order / sizeof order[0];
    for (size_t i = 1; i < n; i++) {
        size_t j = i;
        for (; j > 0 && c->runs[order[j - 1]].wall_s > c->runs[i].wall_s; j--)
            order[j] = order[j - 1];
        order[j] = i;
    }
    return &c->runs[order[(n - 1) / 2]];
}

static bool usable(const struct hl_config_result *c) {
    return c->verified && c->nruns > 0 && c->wall_s.median > 0;
}

static bool is_backend(const struct hl_config_result *c, const char *name) {
    return strcmp(c->backend, name) == 0;
}

static const struct hl_config_result *faster(const struct hl_config_result *best,
                                             const struct hl_config_result *c) {
    return best == NULL || c->wall_s.median < best->wall_s.median ? c : best;
}

/* Bytes the median run moved (read + written, or received). */
static double run_bytes(const struct hl_config_result *c) {
    const struct hl_run_result *run = hl_config_median_run(c);
    double bytes = 0;
    for (size_t t = 0; run != NULL && t < run->ntasks; t++)
        bytes += (double)run->tasks[t].bytes;
    return bytes;
}

static double transfer_fraction(const struct hl_config_result *c) {
    const struct hl_run_result *run = hl_config_median_run(c);
    double moving = 0, all = 0;
    for (size_t t = 0; run != NULL && t < run->ntasks; t++) {
        for (int p = 0; p < run->tasks[t].nphases; p++) {
            const struct hl_phase *ph = &run->tasks[t].phases[p];
            double d = (double)(ph->t1_ns - ph->t0_ns);
            all += d;
            if (ph->kind == HL_PHASE_H2D || ph->kind == HL_PHASE_D2H)
                moving += d;
        }
    }
    return all > 0 ? moving / all : NAN;
}

static void find_configs(const struct hl_experiment_result *e, struct hl_finding *f) {
    for (size_t i = 0; i < e->nconfigs; i++) {
        const struct hl_config_result *c = &e->configs[i];
        if (!usable(c))
            continue;
        f->fastest = faster(f->fastest, c);
        if (is_backend(c, "serial") && f->serial == NULL)
            f->serial = c;
        else if (is_backend(c, "pthread"))
            f->best_thread = faster(f->best_thread, c);
        else if (is_backend(c, "fork"))
            f->best_process = faster(f->best_process, c);
        else if (is_backend(c, "opencl") && f->ndevices < sizeof f->devices / sizeof f->devices[0])
            f->devices[f->ndevices++] = (struct hl_device_finding){
                .config = c, .speedup = c->speedup, .transfer_fraction = transfer_fraction(c)};
        if ((is_backend(c, "pthread") || is_backend(c, "fork")) && c->workers >= 2 &&
            !isnan(c->speedup) && c->speedup / c->workers > f->best_efficiency) {
            f->best_efficiency = c->speedup / c->workers;
            f->best_efficiency_workers = c->workers;
        }
    }
}

static void find_bandwidth(struct hl_finding *f, const struct hl_copy_limit *limit) {
    const struct hl_config_result *cpu_best = NULL;
    const struct hl_config_result *cands[] = {f->serial, f->best_thread, f->best_process};
    for (size_t i = 0; i < 3; i++)
        if (cands[i] != NULL)
            cpu_best = faster(cpu_best, cands[i]);
    if (cpu_best == NULL)
        return;
    f->best_bandwidth_gbs = run_bytes(cpu_best) / cpu_best->wall_s.median / 1e9;
    int w = cpu_best->workers;
    if (limit != NULL && w >= 1 && w <= HL_LIMIT_MAX_THREADS && limit->gbs[w] > 0)
        f->bandwidth_ratio = f->best_bandwidth_gbs / limit->gbs[w];
}

void hl_analyse_experiment(const struct hl_experiment_result *e, const struct hl_copy_limit *limit,
                           struct hl_finding *f) {
    memset(f, 0, sizeof *f);
    f->experiment = e;
    f->serial_cpu_ratio = NAN;
    f->bandwidth_ratio = NAN;
    find_configs(e, f);
    if (f->serial != NULL)
        f->serial_cpu_ratio = f->serial->cpu_s.median / f->serial->wall_s.median;
    find_bandwidth(f, limit);

    /* Waiting shows as CPU time far below wall time; memory as bandwidth
     * near the copy limit; compute as a busy CPU that scales. Checked in
     * that order: a memory-bound map is also busy. */
    if (!isnan(f->serial_cpu_ratio) && f->serial_cpu_ratio < IO_CPU_RATIO_MAX)
        f->bound = HL_BOUND_IO;
    else if (!isnan(f->bandwidth_ratio) && f->bandwidth_ratio >= MEMORY_BANDWIDTH_MIN)
        f->bound = HL_BOUND_MEMORY;
    else if (!isnan(f->serial_cpu_ratio) && f->serial_cpu_ratio >= COMPUTE_CPU_RATIO_MIN &&
             f->best_efficiency >= COMPUTE_EFFICIENCY_MIN)
        f->bound = HL_BOUND_COMPUTE;
    else
        f->bound = HL_BOUND_UNCLEAR;
}
