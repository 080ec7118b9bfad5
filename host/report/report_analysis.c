#include "report/report_analysis.h"

#include <math.h>
#include <string.h>

#include "model/backend_traits.h"
#include "model/results_pick.h"

/* Thresholds (report_analysis.h), chosen from the patterns the three
 * workloads show. */
#define IO_CPU_RATIO_MAX HL_BOUND_IO_CPU_RATIO_MAX
#define COMPUTE_CPU_RATIO_MIN HL_BOUND_COMPUTE_CPU_RATIO_MIN
#define COMPUTE_EFFICIENCY_MIN HL_BOUND_COMPUTE_EFFICIENCY_MIN
#define MEMORY_BANDWIDTH_MIN HL_BOUND_MEMORY_BANDWIDTH_MIN
#define VERDICT_MARGIN HL_VERDICT_MARGIN

enum hl_verdict hl_verdict_of(double speedup) {
    if (isnan(speedup) || !(speedup > 0))
        return HL_VERDICT_UNKNOWN;
    if (speedup >= VERDICT_MARGIN)
        return HL_VERDICT_WON;
    if (speedup <= 1.0 / VERDICT_MARGIN)
        return HL_VERDICT_LOST;
    return HL_VERDICT_EVEN;
}

const char *hl_bound_name(enum hl_bound b) {
    switch (b) {
    case HL_BOUND_IO: return "I/O-bound";
    case HL_BOUND_MEMORY: return "memory-bound";
    case HL_BOUND_COMPUTE: return "compute-bound";
    case HL_BOUND_UNCLEAR: break;
    }
    return "not clearly bound by one resource";
}

/* The run charts and traces show for c (results_pick.h), or NULL. */
static const struct hl_run_result *median_run(const struct hl_config_result *c) {
    size_t index = 0;
    if (c->nruns == 0 || hl_results_median_run(c, &index) != 0)
        return NULL; /* no run, or no memory to order them: no claim from it */
    return &c->runs[index];
}

static bool usable(const struct hl_config_result *c) {
    return c->verified && c->nruns > 0 && c->wall_s.median > 0;
}

static const struct hl_config_result *faster(const struct hl_config_result *best,
                                             const struct hl_config_result *c) {
    return best == NULL || c->wall_s.median < best->wall_s.median ? c : best;
}

/* Bytes the median run moved (read + written, or received). */
static double run_bytes(const struct hl_config_result *c) {
    const struct hl_run_result *run = median_run(c);
    double bytes = 0;
    for (size_t t = 0; run != NULL && t < run->ntasks; t++)
        bytes += (double)run->tasks[t].bytes;
    return bytes;
}

static double transfer_fraction(const struct hl_config_result *c) {
    const struct hl_run_result *run = median_run(c);
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
        const struct hl_backend_traits *t = hl_backend_traits_of(c->backend);
        if (t->baseline && f->serial == NULL)
            f->serial = c;
        else if (t->family == HL_FAMILY_THREADS)
            f->best_thread = faster(f->best_thread, c);
        else if (t->family == HL_FAMILY_PROCESSES)
            f->best_process = faster(f->best_process, c);
        else if (t->device && f->ndevices < sizeof f->devices / sizeof f->devices[0])
            f->devices[f->ndevices++] = (struct hl_device_finding){
                .config = c, .speedup = c->speedup, .transfer_fraction = transfer_fraction(c)};
        if (t->parallel_cpu && c->workers >= 2 && !isnan(c->speedup) &&
            c->speedup / c->workers > f->best_efficiency) {
            f->best_efficiency = c->speedup / c->workers;
            f->best_efficiency_workers = c->workers;
            f->best_efficiency_config = c;
        }
    }
}

static void find_bandwidth(struct hl_finding *f, const struct hl_copy_limit *limit) {
    const struct hl_config_result *cpu_best = NULL;
    const struct hl_config_result *cands[] = {f->serial, f->best_thread, f->best_process};
    for (size_t i = 0; i < 3; i++)
        if (cands[i] != NULL)
            cpu_best = faster(cpu_best, cands[i]);
    f->fastest_cpu = cpu_best;
    if (cpu_best == NULL)
        return;
    f->best_bandwidth_gbs = run_bytes(cpu_best) / cpu_best->wall_s.median / 1e9;
    int w = cpu_best->workers;
    if (limit != NULL && w >= 1 && w <= HL_COPY_MAX_THREADS && limit->gbs[w] > 0)
        f->bandwidth_ratio = f->best_bandwidth_gbs / limit->gbs[w];
}

void hl_analyse_experiment(const struct hl_experiment_result *e, const struct hl_copy_limit *limit,
                           struct hl_finding *f) {
    memset(f, 0, sizeof *f);
    f->experiment = e;
    f->serial_cpu_ratio = NAN;
    f->bandwidth_ratio = NAN;
    find_configs(e, f);
    f->thread_speedup = f->process_speedup = NAN;
    if (f->serial != NULL) {
        double base = f->serial->wall_s.median;
        f->serial_cpu_ratio = f->serial->cpu_s.median / base;
        if (f->best_thread != NULL)
            f->thread_speedup = base / f->best_thread->wall_s.median;
        if (f->best_process != NULL)
            f->process_speedup = base / f->best_process->wall_s.median;
    }
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
