#include "report/report_analysis.h"

#include <math.h>
#include <string.h>

#include "model/backend_traits.h"
#include "model/noise.h"
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

/* What c's median is judged by, [*lo, *hi]: the interval of the median,
 * or the median alone where there is none (one run, no memory). A noisy
 * config (model/noise.h's flag: its runs spread widely or have outliers)
 * is judged by its fastest to slowest run instead: such runs say the
 * machine was disturbed while they ran, which an interval computed as if
 * runs were alike understates, so its wins and losses must clear all of
 * them. */
static void median_interval(const struct hl_config_result *c, double *lo, double *hi) {
    struct hl_noise n = hl_config_noise(c);
    *lo = *hi = c->wall_s.median;
    if (n.known && n.flagged && c->wall_s.min > 0) {
        *lo = c->wall_s.min;
        *hi = c->wall_s.max;
    } else if (n.known && n.median_ci.lo > 0 && n.median_ci.hi >= n.median_ci.lo) {
        *lo = fmin(n.median_ci.lo, c->wall_s.median);
        *hi = fmax(n.median_ci.hi, c->wall_s.median);
    }
}

struct hl_comparison hl_compare(const struct hl_config_result *a,
                                const struct hl_config_result *b) {
    struct hl_comparison cmp = {a, b, NAN, NAN, NAN, HL_VERDICT_UNKNOWN};
    if (a == NULL || b == NULL || !(a->wall_s.median > 0) || !(b->wall_s.median > 0))
        return cmp;
    double alo, ahi, blo, bhi;
    median_interval(a, &alo, &ahi);
    median_interval(b, &blo, &bhi);
    cmp.ratio = b->wall_s.median / a->wall_s.median;
    cmp.lo = blo / ahi;
    cmp.hi = bhi / alo;
    if (cmp.lo > 1 && cmp.ratio >= VERDICT_MARGIN)
        cmp.verdict = HL_VERDICT_WON;
    else if (cmp.hi < 1 && cmp.ratio <= 1 / VERDICT_MARGIN)
        cmp.verdict = HL_VERDICT_LOST;
    else if (cmp.lo >= 1 / VERDICT_MARGIN && cmp.hi <= VERDICT_MARGIN)
        cmp.verdict = HL_VERDICT_EVEN;
    else
        cmp.verdict = HL_VERDICT_NOISE;
    return cmp;
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
    }
}

/* The best parallel efficiency (speedup / W) of a CPU config with W >= 2
 * against serial: the config whose cautious end (the speedup interval's
 * low end) reaches the compute-bound threshold, if one does, else the
 * best by median. */
static void find_efficiency(const struct hl_experiment_result *e, struct hl_finding *f) {
    bool sure = false;
    for (size_t i = 0; f->serial != NULL && i < e->nconfigs; i++) {
        const struct hl_config_result *c = &e->configs[i];
        if (!usable(c) || !hl_backend_traits_of(c->backend)->parallel_cpu || c->workers < 2)
            continue;
        struct hl_comparison cmp = hl_compare(c, f->serial);
        double eff = cmp.ratio / c->workers, lo = cmp.lo / c->workers;
        bool this_sure = lo >= COMPUTE_EFFICIENCY_MIN;
        if ((this_sure && (!sure || lo > f->best_efficiency_lo)) ||
            (!sure && !this_sure && eff > f->best_efficiency)) {
            sure = this_sure;
            f->best_efficiency = eff;
            f->best_efficiency_lo = lo;
            f->best_efficiency_workers = c->workers;
            f->best_efficiency_config = c;
        }
    }
}

/* How a family (threads, processes) fared against serial: won when any
 * of its configs clearly beat serial (the one with the surest speedup,
 * the highest low end, is cited), else as its fastest by median fared. So
 * "threads won" never sits beside a thread config that clearly won, or
 * a compute-bound claim, while the fastest thread is within the noise. */
static struct hl_comparison group_comparison(const struct hl_experiment_result *e,
                                             const struct hl_finding *f,
                                             enum hl_backend_family family,
                                             const struct hl_config_result *best) {
    struct hl_comparison out = hl_compare(best, f->serial);
    for (size_t i = 0; f->serial != NULL && i < e->nconfigs; i++) {
        const struct hl_config_result *c = &e->configs[i];
        if (!usable(c) || hl_config_family(c) != family)
            continue;
        struct hl_comparison cmp = hl_compare(c, f->serial);
        if (cmp.verdict == HL_VERDICT_WON && (out.verdict != HL_VERDICT_WON || cmp.lo > out.lo))
            out = cmp;
    }
    return out;
}

/* Every usable config the fastest did not clearly beat. */
static void find_ties(const struct hl_experiment_result *e, struct hl_finding *f) {
    for (size_t i = 0; f->fastest != NULL && i < e->nconfigs; i++) {
        const struct hl_config_result *c = &e->configs[i];
        if (c == f->fastest || !usable(c) || f->nties >= HL_FINDING_TIES_MAX)
            continue;
        struct hl_comparison cmp = hl_compare(f->fastest, c);
        if (cmp.verdict != HL_VERDICT_WON)
            f->ties[f->nties++] = cmp;
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
    double lo, hi;
    median_interval(cpu_best, &lo, &hi);
    if (limit != NULL && w >= 1 && w <= HL_COPY_MAX_THREADS && limit->gbs[w] > 0) {
        f->bandwidth_ratio = f->best_bandwidth_gbs / limit->gbs[w];
        f->bandwidth_ratio_lo = f->bandwidth_ratio * cpu_best->wall_s.median / hi;
    }
}

/* The bound by the medians (`near`), then whether the cautious ends of
 * the intervals still give it: if not, the bound is within the noise of
 * its threshold and left unclear. Checked in the order of the rules:
 * waiting, then memory (a memory-bound map is also busy), then compute. */
static void find_bound(struct hl_finding *f) {
    bool io = !isnan(f->serial_cpu_ratio) && f->serial_cpu_ratio < IO_CPU_RATIO_MAX;
    bool memory = !isnan(f->bandwidth_ratio) && f->bandwidth_ratio >= MEMORY_BANDWIDTH_MIN;
    bool compute = !isnan(f->serial_cpu_ratio) && f->serial_cpu_ratio >= COMPUTE_CPU_RATIO_MIN &&
                   f->best_efficiency >= COMPUTE_EFFICIENCY_MIN;
    f->bound_near = io        ? HL_BOUND_IO
                    : memory  ? HL_BOUND_MEMORY
                    : compute ? HL_BOUND_COMPUTE
                              : HL_BOUND_UNCLEAR;
    bool sure =
        f->bound_near == HL_BOUND_IO || f->bound_near == HL_BOUND_UNCLEAR ||
        (f->bound_near == HL_BOUND_MEMORY && f->bandwidth_ratio_lo >= MEMORY_BANDWIDTH_MIN) ||
        (f->bound_near == HL_BOUND_COMPUTE && f->best_efficiency_lo >= COMPUTE_EFFICIENCY_MIN);
    f->bound = sure ? f->bound_near : HL_BOUND_UNCLEAR;
    f->bound_noise = !sure;
}

void hl_analyse_experiment(const struct hl_experiment_result *e, const struct hl_copy_limit *limit,
                           struct hl_finding *f) {
    memset(f, 0, sizeof *f);
    f->experiment = e;
    f->serial_cpu_ratio = NAN;
    f->bandwidth_ratio = NAN;
    find_configs(e, f);
    f->bandwidth_ratio_lo = NAN;
    find_ties(e, f);
    find_efficiency(e, f);
    f->threads = group_comparison(e, f, HL_FAMILY_THREADS, f->best_thread);
    f->processes = group_comparison(e, f, HL_FAMILY_PROCESSES, f->best_process);
    f->thread_speedup = f->threads.ratio;
    f->process_speedup = f->processes.ratio;
    if (f->serial != NULL)
        f->serial_cpu_ratio = f->serial->cpu_s.median / f->serial->wall_s.median;
    for (size_t i = 0; i < f->ndevices; i++)
        f->devices[i].vs_serial = hl_compare(f->devices[i].config, f->serial);
    find_bandwidth(f, limit);
    /* Waiting shows as CPU time far below wall time; memory as bandwidth
     * near the copy limit; compute as a busy CPU that scales. */
    find_bound(f);
}
