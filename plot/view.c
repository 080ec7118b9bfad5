#include "plot/view.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model/backend_traits.h"
#include "model/results_pick.h"
#include "plot/axis.h"

double hl_plot_stored_s(double s) {
    return hl_results_stored_s(s);
}

enum hl_plot_task_state hl_plot_task_state(const struct hl_task_record *t) {
    /* Only what results.json keeps: worker null means never started. */
    if (t->worker < 0)
        return HL_TASK_NOT_RUN;
    return t->ok ? HL_TASK_OK : HL_TASK_FAILED;
}

int hl_plot_run_view(const struct hl_config_result *c, struct hl_plot_run_view *v,
                     struct hl_error *err) {
    memset(v, 0, sizeof *v);
    if (c->nruns == 0)
        return 1;
    if (hl_results_median_run(c, &v->index) != 0)
        return hl_error_errno(err, HL_ERR_RUNTIME, ENOMEM, "%s: cannot pick the median run",
                              c->label);
    v->run = &c->runs[v->index];
    v->wall_s = hl_plot_stored_s(v->run->wall_s);
    v->lanes = c->workers > 0 && c->workers <= HL_PLOT_MAX_LANES ? c->workers : 1;
    v->ntasks = (int64_t)v->run->ntasks;
    int64_t end_ns = 0;
    for (size_t i = 0; i < v->run->ntasks; i++) {
        const struct hl_task_record *t = &v->run->tasks[i];
        enum hl_plot_task_state s = hl_plot_task_state(t);
        if (s == HL_TASK_NOT_RUN) {
            v->not_run++;
            continue;
        }
        v->failed += s == HL_TASK_FAILED;
        if (t->worker >= v->lanes && t->worker < HL_PLOT_MAX_LANES)
            v->lanes = t->worker + 1;
        end_ns = t->t1_ns > end_ns ? t->t1_ns : end_ns;
        for (int p = 0; p < t->nphases; p++) {
            int k = t->phases[p].kind;
            if (k >= 0 && k < HL_PHASE_COUNT)
                v->has_phase[k] = v->any_phase = true;
            end_ns = t->phases[p].t1_ns > end_ns ? t->phases[p].t1_ns : end_ns;
        }
    }
    v->end_s = (double)end_ns * 1e-9;
    if (v->wall_s > v->end_s)
        v->end_s = v->wall_s;
    return 0;
}

void hl_plot_params_text(const struct hl_experiment_result *e, char *buf, size_t size) {
    size_t o = 0;
    buf[0] = '\0';
    for (size_t i = 0; i < e->nparams && o < size; i++) {
        const struct hl_param *p = &e->params[i];
        char value[64];
        if (p->type == HL_PARAM_INT)
            hl_plot_fmt_count(p->i, value, sizeof value);
        else if (p->type == HL_PARAM_REAL)
            snprintf(value, sizeof value, "%g", p->r);
        else
            snprintf(value, sizeof value, "%.60s", p->text != NULL ? p->text : "");
        int n = snprintf(buf + o, size - o, "%s%s = %s", i > 0 ? " \xc2\xb7 " : "", p->key, value);
        if (n < 0)
            break;
        o += (size_t)n;
    }
}

void hl_plot_join(char *buf, size_t size, const char *const *parts, size_t n) {
    size_t o = 0;
    buf[0] = '\0';
    for (size_t i = 0; i < n && o < size; i++) {
        if (parts[i] == NULL || parts[i][0] == '\0')
            continue;
        int k = snprintf(buf + o, size - o, "%s%s", o > 0 ? " \xc2\xb7 " : "", parts[i]);
        if (k < 0)
            break;
        o += (size_t)k;
    }
}

void hl_plot_host_text(const struct hl_results *r, char *buf, size_t size) {
    if (r == NULL || r->cpu == NULL)
        snprintf(buf, size, "%s", "");
    else
        snprintf(buf, size, "%.120s (%d cores)", r->cpu, r->cores);
}

void hl_plot_speedup_text(const struct hl_config_result *c, char *buf, size_t size) {
    char x[32];
    if (hl_config_is_baseline(c) && !isnan(c->speedup))
        snprintf(buf, size, "serial baseline");
    else if (isnan(c->speedup))
        snprintf(buf, size, "no serial baseline");
    else if (c->speedup < 1) {
        /* 0.14× is right but hard to read; say how many times slower. */
        char slower[32];
        hl_plot_fmt_speedup(c->speedup, x, sizeof x);
        hl_plot_fmt_speedup(1 / c->speedup, slower, sizeof slower);
        snprintf(buf, size, "%s vs serial (%s slower)", x, slower);
    } else {
        hl_plot_fmt_speedup(c->speedup, x, sizeof x);
        snprintf(buf, size, "%s vs serial", x);
    }
}

double hl_plot_median_wall(const struct hl_config_result *c) {
    return c->nruns == 0 ? NAN : hl_plot_stored_s(c->wall_s.median);
}

const char *hl_plot_worker_noun(const struct hl_config_result *c) {
    /* A device's lanes are its queues; CPU lanes keep the general word,
     * since serial, threads, processes and transfers share the charts. */
    return hl_config_on_device(c) ? "queue" : "worker";
}

const char *hl_plot_record_noun(const struct hl_config_result *c) {
    return c != NULL && c->coexec != NULL ? "chunk" : "task";
}

/* "median of 3 runs", "median of 6 to 30 runs". */
void hl_plot_runs_text(const struct hl_results *r, const struct hl_experiment_result *e, char *buf,
                       size_t size) {
    if (e->adaptive) {
        snprintf(buf, size, "median of %d to %d runs", e->adapt.min_runs, e->adapt.max_runs);
        return;
    }
    int warmup = e->warmup, runs = e->runs;
    if (r != NULL)
        hl_experiment_settings(r, e, &warmup, &runs);
    for (size_t c = 0; runs <= 0 && c < e->nconfigs; c++)
        runs = (int)e->configs[c].nruns > runs ? (int)e->configs[c].nruns : runs;
    snprintf(buf, size, "median of %d run%s", runs, runs == 1 ? "" : "s");
}

bool hl_plot_interval(const struct hl_config_result *c, double *lo, double *hi) {
    if (!c->noise.known || c->nruns < 2 || isnan(c->noise.median_ci.lo))
        return false;
    *lo = hl_plot_stored_s(c->noise.median_ci.lo);
    *hi = hl_plot_stored_s(c->noise.median_ci.hi);
    return *hi >= *lo && *lo > 0;
}

const char *hl_plot_interval_caption(const struct hl_experiment_result *e) {
    bool any = false, all95 = true;
    for (size_t i = 0; i < e->nconfigs; i++) {
        double lo, hi;
        if (!hl_plot_interval(&e->configs[i], &lo, &hi))
            continue;
        any = true;
        all95 = all95 && e->configs[i].noise.median_ci.level >= 0.95 - 1e-9;
    }
    if (!any)
        return NULL;
    return all95 ? "box: 95% interval of the median"
                 : "box: interval of the median (95% from 6 runs; below, fastest to slowest)";
}
