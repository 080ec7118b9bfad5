#include "commands/demo.h"
#include "commands/demo_join.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "commands/ceilings_cache.h"
#include "experiment/copy_limit.h"
#include "model/backend_traits.h"
#include "model/noise.h"
#include "report/report.h"
#include "report/report_analysis.h"
#include "util/alloc.h"
#include "util/sysinfo.h"
#include "util/timing.h"
#include "workloads/fetch/fetch_params.h"

/* specs with every ":P" replaced by ":<cores>" and every "B:*" by
 * "B:1,B:2,B:4,...,B:<cores>" (powers of two below the cores, then the
 * cores). */
static void expand_cores(const char *specs, int cores, char *buf, size_t size) {
    size_t o = 0;
    const char *item = specs; /* start of the current spec */
    for (const char *p = specs; *p != '\0' && o + 8 < size; p++) {
        if (p[0] == ':' && (p[1] == 'P' || p[1] == '*') && (p[2] == ',' || p[2] == '\0')) {
            int name = (int)(p - item);
            for (int w = 1; p[1] == '*' && w < cores && o + 16 < size; w *= 2)
                o += (size_t)snprintf(buf + o, size - o, ":%d,%.*s", w, name, item);
            o += (size_t)snprintf(buf + o, size - o, ":%d", cores);
            p++;
        } else {
            buf[o++] = *p;
            if (*p == ',')
                item = p + 1;
        }
    }
    buf[o] = '\0';
}

/* Every OpenCL device joins; none (or no OpenCL in this build) is a note
 * for the report, not an error. */
static void add_devices(struct hl_demo_plan *dp) {
    struct hl_error why = {0};
    size_t first = dp->configs.count;
    if (hl_backend_list_add_devices(&dp->configs, HL_KIND_COMPUTE, &why) != 0) {
        snprintf(dp->opencl_note, sizeof dp->opencl_note, "%s", why.msg);
        return;
    }
    /* A device whose default is pinned has memory of its own (a discrete
     * GPU): beside it runs the same device from pageable memory, what a
     * naive program gets, so the report can say what pinning gained. */
    size_t added = dp->configs.count;
    for (size_t i = first; i < added; i++) {
        const struct hl_backend_config *c = &dp->configs.items[i];
        if (strcmp(c->transfer, "pinned") != 0)
            continue;
        char spec[64];
        snprintf(spec, sizeof spec, "%s:%d:%d/pageable", c->backend->name, c->platform, c->device);
        struct hl_error err = {0};
        if (hl_backend_list_parse(&dp->configs, spec, &err) != 0)
            break; /* no room left: the pinned ones still run */
    }
    hl_demo_add_join(&dp->configs, first, added);
}

/* Rough seconds per configuration, for the time left: exact for fetch
 * (waves of latency), from this machine's typical rates otherwise; an
 * adaptive plan counts its minimum runs and half its time budget. */
static double estimate(const struct hl_demo *d, const struct hl_demo_plan *dp,
                       const struct hl_backend_config *c) {
    const struct hl_plan *pl = &dp->plan;
    int w = c->workers < 1 ? 1 : c->workers;
    int64_t tasks = hl_plan_tasks(pl, c);
    const struct hl_backend_traits *be = hl_backend_traits_of(c->backend->name);
    double per_run, setup = be->device ? 0.5 : 0.01; /* a device: its program build */
    if ((pl->workload->kind & HL_KIND_IO) != 0) {
        int64_t waves = be->baseline ? tasks : (tasks + w - 1) / w;
        per_run = (double)waves * (double)pl->params.io.latency_ms * 1e-3;
    } else {
        int par = w < d->cores ? w : d->cores;
        per_run =
            strcmp(dp->step->workload, "square") == 0
                ? (double)pl->params.n * (be->family == HL_FAMILY_PROCESSES ? 4e-9 : 1e-9) / par
                : (double)pl->params.n * (double)tasks * 1e-10 / par;
    }
    double counted = per_run * pl->runs;
    if (pl->adaptive)
        counted = fmax(counted, fmin(pl->adapt.budget_s, per_run * pl->adapt.max_runs) / 2);
    return setup + per_run * pl->warmup + counted;
}

static int prepare_plan(struct hl_demo *d, struct hl_demo_plan *dp, struct hl_error *err) {
    const struct hl_demo_step *st = dp->step;
    char specs[256];
    expand_cores(st->backends, d->cores, specs, sizeof specs);
    memset(&dp->configs, 0, sizeof dp->configs);
    if (hl_backend_list_parse(&dp->configs, specs, err) != 0)
        return -1;
    hl_backend_list_drop_repeats(&dp->configs);
    if (st->opencl)
        add_devices(dp);
    struct hl_plan *pl = &dp->plan;
    memset(pl, 0, sizeof *pl);
    pl->workload = hl_workload_find(st->workload);
    if (pl->workload == NULL) /* fetch without libcurl: run() says it is skipped */
        return 0;
    hl_fetch_params_default(&pl->params);
    int64_t n = d->quick && st->quick_n > 0 ? st->quick_n : st->n;
    pl->params.n = n > 0 ? n : pl->workload->default_n;
    pl->params.tasks = st->tasks;
    if (st->latency_ms > 0)
        pl->params.io.latency_ms = d->quick ? st->quick_latency_ms : st->latency_ms;
    pl->warmup = st->warmup;
    pl->runs = st->runs;
    if (st->max_runs > 0)
        hl_plan_set_adaptive(pl, (struct hl_adaptive){
                                     .min_runs = st->runs,
                                     .max_runs = st->max_runs,
                                     .budget_s = d->quick ? st->quick_budget_s : st->budget_s,
                                     .target = HL_NOISE_TARGET,
                                     .confidence = HL_NOISE_CONFIDENCE,
                                 });
    pl->nconfigs = dp->configs.count;
    pl->configs = dp->configs.items;
    for (size_t i = 0; i < pl->nconfigs; i++) {
        dp->estimate_s[i] = estimate(d, dp, &pl->configs[i]);
        d->total_estimate_s += dp->estimate_s[i];
    }
    if (strcmp(st->workload, "square") == 0)
        d->copy_n = pl->params.n;
    return hl_plan_check(pl, err);
}

int hl_demo_prepare(struct hl_demo *d, bool quick, FILE *progress_out, enum hl_progress_mode mode,
                    struct hl_error *err) {
    memset(d, 0, sizeof *d);
    d->quick = quick;
    d->progress_out = progress_out;
    d->progress_mode = mode;
    d->cores = hl_sys_cores();
    d->copy_reps = quick ? 5 : 7;
    size_t n;
    const struct hl_demo_step *steps = hl_demo_scenario(&n);
    for (size_t i = 0; i < n && i < HL_DEMO_MAX_STEPS; i++) {
        d->plans[i].step = &steps[i];
        if (prepare_plan(d, &d->plans[i], err) != 0)
            return -1;
        d->nplans++;
    }
    /* The ceilings (experiment/ceilings.h): the copy limit's 2 buffers, 2
     * kinds of copy, each thread count, reps + 1 copies at a conservative
     * 10 GB/s, plus the add probes, the floors and each device's probes
     * (about a second each); nothing when the cache holds them. */
    int threads = d->cores < HL_COPY_MAX_THREADS ? d->cores : HL_COPY_MAX_THREADS;
    d->copy_estimate_s = (double)d->copy_n * 16 * (2.0 * threads * (d->copy_reps + 1) + 1) / 1e10 +
                         0.2 * threads + 1.0;
    d->total_estimate_s += d->copy_estimate_s;
    return 0;
}

struct config_watch {
    struct hl_demo *d;
    const struct hl_demo_plan *dp;
};

/* The experiment's hook: the bar names the configuration running now
 * (runs are interleaved, so it changes from run to run). */
static void on_run(void *ctx, size_t i) {
    struct config_watch *w = ctx;
    char what[128];
    snprintf(what, sizeof what, "%s %s", w->dp->step->workload, w->dp->plan.configs[i].label);
    hl_progress_rename(&w->d->progress, what);
}

/* Records that no OpenCL device ran, and why, as a skipped configuration:
 * the summary and the report then say so. Returns -1 out of memory. */
static int note_no_devices(struct hl_experiment_result *e, const char *why) {
    char note[HL_ERROR_MSG_MAX + 16];
    snprintf(note, sizeof note, "skipped: %s", why);
    struct hl_config_result *c = hl_experiment_add_config(e);
    if (c == NULL)
        return -1;
    c->label = hl_strdup("opencl");
    c->backend = hl_strdup("opencl");
    c->note = hl_strdup(note);
    c->workers = 1;
    return c->label == NULL || c->backend == NULL || c->note == NULL ? -1 : 0;
}

/* The line for a finished experiment: its fastest configuration and
 * whether everything verified. */
static void say_experiment(struct hl_demo *d, const struct hl_results *r,
                           const struct hl_experiment_result *e, double seconds) {
    struct hl_finding f;
    hl_analyse_experiment(r, e, &f);
    size_t ran = 0, bad = 0;
    for (size_t i = 0; i < e->nconfigs; i++) {
        const struct hl_config_result *c = &e->configs[i];
        if (c->nruns == 0 && hl_config_skipped(c))
            continue;
        ran++;
        bad += !c->verified;
    }
    char fastest[192] = "no configuration verified";
    if (f.fastest != NULL && f.fastest == f.serial)
        snprintf(fastest, sizeof fastest, "fastest serial (no parallel configuration beat it)");
    else if (f.fastest != NULL && f.serial != NULL)
        snprintf(fastest, sizeof fastest, "fastest %s (%.2fx serial)", f.fastest->label,
                 f.fastest->speedup);
    else if (f.fastest != NULL)
        snprintf(fastest, sizeof fastest, "fastest %s", f.fastest->label);
    char verdict[64] = "all verified";
    if (bad > 0)
        snprintf(verdict, sizeof verdict, "%zu NOT VERIFIED", bad);
    hl_progress_line(&d->progress, "hetlane demo: %s: %zu configurations in %.1f s, %s, %s",
                     e->workload, ran, seconds, fastest, verdict);
}

int hl_demo_run(struct hl_demo *d, struct hl_results *out, struct hl_error *err) {
    hl_progress_start(&d->progress, d->progress_out, d->progress_mode, d->total_estimate_s);
    struct hl_error copy_err = {0};
    hl_progress_step(&d->progress, "ceilings", d->copy_estimate_s);
    int64_t t0 = hl_now_ns();
    /* The ceilings every configuration needs (commands/ceilings_cache.h).
     * Without them the demo goes on; the report then says what the
     * workloads' intensity alone allows. */
    struct hl_ceilings_request q = {.quick = d->quick, .copy_n = d->copy_n};
    for (size_t i = 0; i < d->nplans; i++)
        hl_ceilings_need(&q, d->plans[i].configs.items, d->plans[i].configs.count);
    if (hl_ceilings_obtain(&q, &out->ceilings, &out->copy, &copy_err) != 0) {
        memset(&out->copy, 0, sizeof out->copy);
        hl_progress_line(&d->progress, "hetlane demo: ceilings not measured: %s", copy_err.msg);
    } else {
        char text[256];
        hl_report_ceilings_text(&out->ceilings, text, sizeof text);
        if (out->ceilings.age_s > 0)
            hl_progress_line(&d->progress, "hetlane demo: ceilings (cached %.0f s ago): %s",
                             out->ceilings.age_s, text);
        else
            hl_progress_line(&d->progress, "hetlane demo: ceilings: %s (%.1f s)", text,
                             (double)(hl_now_ns() - t0) * 1e-9);
    }
    hl_progress_step_done(&d->progress);
    int rc = 0;
    for (size_t i = 0; i < d->nplans; i++) {
        struct hl_demo_plan *dp = &d->plans[i];
        if (dp->plan.workload == NULL) {
            hl_progress_line(&d->progress, "hetlane demo: %s skipped: not built into this hetlane",
                             dp->step->workload);
            continue;
        }
        struct config_watch watch = {d, dp};
        dp->plan.on_run = on_run;
        dp->plan.on_run_ctx = &watch;
        double step_s = 0;
        for (size_t k = 0; k < dp->plan.nconfigs; k++)
            step_s += dp->estimate_s[k];
        hl_progress_step(&d->progress, dp->step->workload, step_s);
        t0 = hl_now_ns();
        /* An experiment that cannot start (its buffers, its server) ends
         * only itself: the others still run and everything is written. */
        struct hl_error exp_err = {0};
        int exp_rc = hl_experiment_run(&dp->plan, out, &exp_err);
        hl_progress_step_done(&d->progress);
        if (exp_rc != 0) {
            rc = hl_error_set(err, exp_err.status, "demo: %s could not start: %s",
                              dp->step->workload, exp_err.msg);
            continue;
        }
        struct hl_experiment_result *e = &out->experiments[out->nexperiments - 1];
        if (dp->opencl_note[0] != '\0' && note_no_devices(e, dp->opencl_note) != 0)
            rc = hl_error_set(err, HL_ERR_RUNTIME, "demo: out of memory");
        say_experiment(d, out, e, (double)(hl_now_ns() - t0) * 1e-9);
    }
    hl_progress_finish(&d->progress);
    return rc;
}
