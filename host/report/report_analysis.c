#include "report/report_analysis.h"

#include <math.h>
#include <string.h>

#include "model/backend_traits.h"
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

static void find_fastest_cpu(struct hl_finding *f) {
    const struct hl_config_result *cpu_best = NULL;
    const struct hl_config_result *cands[] = {f->serial, f->best_thread, f->best_process};
    for (size_t i = 0; i < 3; i++)
        if (cands[i] != NULL)
            cpu_best = faster(cpu_best, cands[i]);
    f->fastest_cpu = cpu_best;
}

void hl_analyse_experiment(const struct hl_results *r, const struct hl_experiment_result *e,
                           struct hl_finding *f) {
    memset(f, 0, sizeof *f);
    f->experiment = e;
    f->serial_cpu_ratio = NAN;
    find_configs(r, e, f);
    f->thread_speedup = f->process_speedup = NAN;
    if (f->serial != NULL) {
        double base = f->serial->wall_s.median;
        f->serial_cpu_ratio = f->serial->cpu_s.median / base;
        if (f->best_thread != NULL)
            f->thread_speedup = base / f->best_thread->wall_s.median;
        if (f->best_process != NULL)
            f->process_speedup = base / f->best_process->wall_s.median;
    }
    find_fastest_cpu(f);
    f->roofline = hl_intensity_known(&e->intensity);
    if (f->fastest_cpu != NULL)
        hl_roofline_place(r, e, f->fastest_cpu, &f->cpu_roof);

    /* A roofline workload is bound by what limits its fastest
     * configuration there (model/roofline.h). A workload with no place on
     * a roofline (fetch) waited when its CPU time was far below its wall
     * time; nothing else is concluded about it. */
    f->bound = HL_BOUND_UNCLEAR;
    if (f->roofline && f->fastest != NULL) {
        struct hl_roof_point p;
        hl_roofline_place(r, e, f->fastest, &p);
        f->bound = hl_bound_of_point(&p);
    } else if (!f->roofline && !isnan(f->serial_cpu_ratio) &&
               f->serial_cpu_ratio < HL_BOUND_IO_CPU_RATIO_MAX) {
        f->bound = HL_BOUND_IO;
    }
}
