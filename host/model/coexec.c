#include "model/coexec.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

int hl_coexec_part_of(const struct hl_coexec *x, int worker) {
    if (x->lanes_per_rank > 0 && worker >= 0)
        worker %= x->lanes_per_rank;
    for (size_t p = 0; p < x->nparts; p++) {
        if (worker >= x->parts[p].first_lane && worker < x->parts[p].first_lane + x->parts[p].lanes)
            return (int)p;
    }
    return -1;
}

void hl_coexec_run_stats(const struct hl_coexec *x, const struct hl_run_result *run,
                         struct hl_coexec_run *out) {
    memset(out, 0, sizeof *out);
    for (size_t p = 0; p < HL_COEXEC_MAX_PARTS; p++)
        out->finish_s[p] = NAN;
    double end[HL_COEXEC_MAX_PARTS] = {0};
    for (size_t t = 0; t < run->ntasks; t++) {
        const struct hl_task_record *r = &run->tasks[t];
        int p = hl_coexec_part_of(x, r->worker);
        if (p < 0 || r->hi <= r->lo)
            continue;
        out->total += r->hi - r->lo;
        out->chunks[p]++;
        if (r->ok)
            out->units[p] += r->hi - r->lo;
        double e = (double)r->t1_ns * 1e-9;
        end[p] = e > end[p] ? e : end[p];
        out->finish_s[p] = end[p];
    }
    double first = INFINITY, last = 0;
    for (size_t p = 0; p < x->nparts; p++) {
        out->share[p] = out->total > 0 ? (double)out->units[p] / (double)out->total : 0;
        if (out->chunks[p] == 0)
            continue;
        out->working++;
        first = end[p] < first ? end[p] : first;
        last = end[p] > last ? end[p] : last;
    }
    out->balance = out->working >= 2 && last > 0 ? first / last : NAN;
}

/* "opencl:0:0/pinned" into "0:0" and "pinned"; false for a CPU label. */
static bool device_of(const char *label, char *index, size_t isize, char *mode, size_t msize) {
    if (strncmp(label, "opencl:", 7) != 0)
        return false;
    const char *rest = label + 7, *slash = strchr(rest, '/');
    size_t len = slash != NULL ? (size_t)(slash - rest) : strlen(rest);
    snprintf(index, isize, "%.*s", (int)len, rest);
    snprintf(mode, msize, "%s", slash != NULL ? slash + 1 : "");
    return true;
}

/* Elements per second the ceilings allow participant p alone, or 0. */
static double part_rate(const struct hl_coexec_part *p, bool square, const struct hl_ceilings *c) {
    char index[32], mode[32];
    if (!device_of(p->label, index, sizeof index, mode, sizeof mode)) {
        /* More threads than were measured copy no faster than those. */
        int w = p->lanes < c->cpu.threads ? p->lanes : c->cpu.threads;
        if (w < 1 || w > HL_CEIL_MAX_THREADS)
            return 0;
        return square ? c->cpu.copy_gbs[w] * 1e9 / 16 : c->cpu.add_gops[w] * 1e9;
    }
    const struct hl_device_ceilings *d = hl_ceilings_device(c, index);
    if (d == NULL)
        return 0;
    if (!square)
        return d->add_gops * 1e9;
    /* h2d and d2h of different chunks overlap: the slower direction sets
     * the pace, 8 bytes each way per element; the device's own memory
     * (16 bytes per element) caps it too. */
    bool pageable = strcmp(mode, "pageable") == 0;
    double h2d = pageable ? d->h2d_pageable_gbs : d->h2d_pinned_gbs;
    double d2h = pageable ? d->d2h_pageable_gbs : d->d2h_pinned_gbs;
    double link = h2d < d2h ? h2d : d2h;
    double rate = link > 0 ? link * 1e9 / 8 : 0;
    double mem = d->mem_gbs * 1e9 / 16;
    return rate > 0 && mem > 0 && mem < rate ? mem : rate;
}

double hl_coexec_bound_s(const struct hl_coexec *x, const char *workload, double elements,
                         const struct hl_ceilings *ceilings, char *why, size_t why_size) {
    why[0] = '\0';
    bool square = strcmp(workload, "square") == 0;
    if (!square && strcmp(workload, "sum") != 0) {
        snprintf(why, why_size, "%s has no roofline", workload);
        return NAN;
    }
    if (ceilings == NULL || !ceilings->measured) {
        snprintf(why, why_size, "these results carry no measured ceilings");
        return NAN;
    }
    double sum = 0;
    for (size_t p = 0; p < x->nparts; p++) {
        double r = part_rate(&x->parts[p], square, ceilings);
        if (!(r > 0)) {
            snprintf(why, why_size, "no measured ceiling for %s", x->parts[p].label);
            return NAN;
        }
        sum += r;
    }
    if (square) {
        /* Host memory is shared: every element crosses it (16 bytes),
         * read and written by a core or by a device's DMA. */
        double best = 0;
        for (int w = 1; w <= ceilings->cpu.threads && w <= HL_CEIL_MAX_THREADS; w++)
            best = ceilings->cpu.copy_gbs[w] > best ? ceilings->cpu.copy_gbs[w] : best;
        double host = best * 1e9 / 16;
        if (host > 0 && host < sum)
            sum = host;
    }
    return elements / sum;
}

/* The verified configuration labelled prefix + label ("mpi:" for a join
 * on every rank), or NULL. */
static const struct hl_config_result *alone_of(const struct hl_experiment_result *e,
                                               const char *prefix, const char *label) {
    size_t len = strlen(prefix);
    for (size_t i = 0; i < e->nconfigs; i++) {
        const struct hl_config_result *c = &e->configs[i];
        if (c->label != NULL && strncmp(c->label, prefix, len) == 0 &&
            strcmp(c->label + len, label) == 0 && c->verified && c->nruns > 0)
            return c;
    }
    return NULL;
}

/* The elements one run of c covers: square n, sum n x tasks. */
static double elements_of(const struct hl_experiment_result *e, const struct hl_config_result *c) {
    const struct hl_param *n = hl_experiment_param(e, "n");
    if (n == NULL || n->type != HL_PARAM_INT)
        return NAN;
    bool sum = e->workload != NULL && strcmp(e->workload, "sum") == 0;
    return (double)n->i * (sum ? (double)c->tasks : 1.0);
}

int hl_coexec_efficiency(const struct hl_experiment_result *e, const struct hl_config_result *c,
                         const struct hl_ceilings *ceilings, struct hl_coexec_eff *out) {
    memset(out, 0, sizeof *out);
    out->fastest = -1;
    out->gain = out->s_max = out->efficiency = out->t_bound = out->bound_efficiency = NAN;
    const struct hl_coexec *x = c->coexec;
    if (x == NULL || c->nruns == 0 || !(c->wall_s.median > 0))
        return -1;
    out->t_join = c->wall_s.median;
    out->alone_known = true;
    size_t len = 0;
    for (size_t p = 0; p < x->nparts; p++) {
        const char *prefix = x->lanes_per_rank > 0 ? "mpi:" : "";
        out->alone[p] = alone_of(e, prefix, x->parts[p].label);
        out->t_alone[p] = out->alone[p] != NULL ? out->alone[p]->wall_s.median : NAN;
        if (isnan(out->t_alone[p])) {
            out->alone_known = false;
            int k = snprintf(out->missing + len, sizeof out->missing - len, "%s%s%s",
                             len > 0 ? ", " : "", prefix, x->parts[p].label);
            len += k > 0 && (size_t)k < sizeof out->missing - len ? (size_t)k : 0;
        } else if (out->fastest < 0 || out->t_alone[p] < out->t_alone[out->fastest]) {
            out->fastest = (int)p;
        }
    }
    if (out->alone_known) {
        double t_fast = out->t_alone[out->fastest], s_max = 0;
        for (size_t p = 0; p < x->nparts; p++)
            s_max += t_fast / out->t_alone[p];
        out->gain = t_fast / out->t_join;
        out->s_max = s_max;
        out->efficiency = out->gain / s_max;
    }
    if (x->lanes_per_rank > 0) /* ranks may be on other hosts, with their own */
        snprintf(out->bound_why, sizeof out->bound_why,
                 "one host's ceilings do not bound a join across ranks");
    else
        out->t_bound =
            hl_coexec_bound_s(x, e->workload != NULL ? e->workload : "", elements_of(e, c),
                              ceilings, out->bound_why, sizeof out->bound_why);
    out->bound_known = !isnan(out->t_bound);
    if (out->bound_known)
        out->bound_efficiency = out->t_bound / out->t_join;
    return 0;
}
