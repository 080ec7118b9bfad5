#include "report/report_analysis.h"

#include <math.h>
#include <string.h>

#include "model/backend_traits.h"
#include "model/noise.h"
#include "model/results_pick.h"

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
    case HL_BOUND_LINK: return "link-bound (offload)";
    case HL_BOUND_STARTUP: return "start-up-bound";
    case HL_BOUND_UNCLEAR: break;
    }
    return "not clearly bound by one resource";
}

enum hl_bound hl_bound_of_point(const struct hl_roof_point *p) {
    if (!p->placed)
        return HL_BOUND_UNCLEAR;
    if (p->startup_bound)
        return HL_BOUND_STARTUP;
    switch (p->limit) {
    case HL_ROOF_MEMORY: return HL_BOUND_MEMORY;
    case HL_ROOF_COMPUTE: return HL_BOUND_COMPUTE;
    case HL_ROOF_LINK: return HL_BOUND_LINK;
    case HL_ROOF_NONE: break;
    }
    return HL_BOUND_UNCLEAR;
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

static void find_configs(const struct hl_results *r, const struct hl_experiment_result *e,
                         struct hl_finding *f) {
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
        else if (t->device && f->ndevices < sizeof f->devices / sizeof f->devices[0]) {
            struct hl_device_finding *d = &f->devices[f->ndevices++];
            *d = (struct hl_device_finding){
                .config = c, .speedup = c->speedup, .transfer_fraction = transfer_fraction(c)};
            hl_roofline_place(r, e, c, &d->roof);
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

static void find_fastest_cpu(struct hl_finding *f) {
    const struct hl_config_result *cpu_best = NULL;
    const struct hl_config_result *cands[] = {f->serial, f->best_thread, f->best_process};
    for (size_t i = 0; i < 3; i++)
        if (cands[i] != NULL)
            cpu_best = faster(cpu_best, cands[i]);
    f->fastest_cpu = cpu_best;
}

/* The bound of the fastest configuration (a roofline workload): its
 * place on the roofline, and whether a start-up-bound verdict holds over
 * the median's interval; where it holds at one end only, the bound is
 * within the noise. */
static void find_roofline_bound(const struct hl_results *r, const struct hl_experiment_result *e,
                                struct hl_finding *f) {
    struct hl_roof_point *p = &f->bound_roof;
    hl_roofline_place(r, e, f->fastest, p);
    f->bound_near = f->bound = hl_bound_of_point(p);
    double lo, hi;
    median_interval(f->fastest, &lo, &hi);
    if (!p->placed || isnan(p->floor_s) || !(p->floor_s > 0))
        return;
    bool at_fast = p->floor_s >= HL_STARTUP_NEAR * lo, at_slow = p->floor_s >= HL_STARTUP_NEAR * hi;
    if (at_fast != at_slow) {
        f->bound_noise = true;
        f->bound = HL_BOUND_UNCLEAR;
    }
}

void hl_analyse_experiment(const struct hl_results *r, const struct hl_experiment_result *e,
                           struct hl_finding *f) {
    memset(f, 0, sizeof *f);
    f->experiment = e;
    f->serial_cpu_ratio = NAN;
    find_configs(r, e, f);
    find_ties(e, f);
    f->threads = group_comparison(e, f, HL_FAMILY_THREADS, f->best_thread);
    f->processes = group_comparison(e, f, HL_FAMILY_PROCESSES, f->best_process);
    f->thread_speedup = f->threads.ratio;
    f->process_speedup = f->processes.ratio;
    if (f->serial != NULL)
        f->serial_cpu_ratio = f->serial->cpu_s.median / f->serial->wall_s.median;
    for (size_t i = 0; i < f->ndevices; i++)
        f->devices[i].vs_serial = hl_compare(f->devices[i].config, f->serial);
    find_fastest_cpu(f);
    f->roofline = hl_intensity_known(&e->intensity);
    if (f->fastest_cpu != NULL)
        hl_roofline_place(r, e, f->fastest_cpu, &f->cpu_roof);

    /* A roofline workload is bound by what limits its fastest
     * configuration there (model/roofline.h). A workload with no place on
     * a roofline (fetch) waited when its CPU time was far below its wall
     * time; nothing else is concluded about it. */
    f->bound = f->bound_near = HL_BOUND_UNCLEAR;
    if (f->roofline && f->fastest != NULL)
        find_roofline_bound(r, e, f);
    else if (!f->roofline && !isnan(f->serial_cpu_ratio) &&
             f->serial_cpu_ratio < HL_BOUND_IO_CPU_RATIO_MAX)
        f->bound = f->bound_near = HL_BOUND_IO;
}
