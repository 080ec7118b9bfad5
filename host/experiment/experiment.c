#include "experiment/experiment.h"

#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "util/alloc.h"
#include "util/interrupt.h"
#include "util/shared_mem.h"
#include "util/sysinfo.h"
#include "util/text.h"
#include "util/timing.h"

int64_t hl_plan_tasks(const struct hl_plan *plan, const struct hl_backend_config *cfg) {
    if (plan->params.tasks > 0)
        return plan->params.tasks;
    const struct hl_backend *be = cfg->backend;
    int64_t own =
        be->default_tasks != NULL ? be->default_tasks(cfg, plan->workload, &plan->params) : 0;
    return own > 0 ? own : hl_workload_default_tasks(plan->workload, &plan->params, cfg->workers);
}

static int64_t plan_max_tasks(const struct hl_plan *plan) {
    int64_t max = 1;
    for (size_t i = 0; i < plan->nconfigs; i++) {
        int64_t t = hl_plan_tasks(plan, &plan->configs[i]);
        max = t > max ? t : max;
    }
    return max;
}

int hl_plan_check(const struct hl_plan *plan, struct hl_error *err) {
    int64_t max_tasks = plan_max_tasks(plan);
    if (plan->workload->validate(&plan->params, max_tasks, err) != 0)
        return -1;
    /* Workload buffers, the shared records of one run, and the copies kept
     * for every counted run of every configuration. */
    uint64_t records = 0;
    for (size_t i = 0; i < plan->nconfigs; i++)
        records += (uint64_t)hl_plan_tasks(plan, &plan->configs[i]) * (uint64_t)plan->runs;
    /* A configuration with its own memory (OpenCL pinned) gets its own
     * copy of the workload's arrays. */
    uint64_t copies = 1;
    for (size_t i = 0; i < plan->nconfigs; i++)
        copies += plan->configs[i].own_memory;
    uint64_t need = copies * plan->workload->footprint(&plan->params, max_tasks) +
                    ((uint64_t)max_tasks + records) * sizeof(struct hl_task_record);
    uint64_t avail = hl_sys_mem_available();
    if (avail != 0 && need > avail)
        return hl_error_set(err, HL_ERR_RUNTIME,
                            "%s with --size %" PRId64 ", %" PRId64
                            " tasks and %d runs needs %.2f GiB, but only %.2f GiB of memory is "
                            "available",
                            plan->workload->name, plan->params.n, max_tasks, plan->runs,
                            (double)need / (1u << 30), (double)avail / (1u << 30));
    return 0;
}

/* Fills err for results that could not be allocated; returns -1. */
static int out_of_memory(const struct hl_config_result *c, struct hl_error *err) {
    return hl_error_errno(err, HL_ERR_RUNTIME, ENOMEM, "cannot allocate the results of %s",
                          c->label);
}

/* Sets c->note to a copy of `text`; -1 with err filled when memory ran out. */
static int set_note(struct hl_config_result *c, const char *text, struct hl_error *err) {
    c->note = hl_strdup(text);
    return c->note == NULL ? out_of_memory(c, err) : 0;
}

/* Records one finished run: wall and CPU time, a copy of the task records
 * rebased to the run's start, and whether every output verified. Returns
 * -1 with err filled when memory ran out (the run is not recorded). */
static int keep_run(struct hl_config_result *c, const struct hl_work *work,
                    const struct hl_task_record *recs, double wall_s, double cpu_s,
                    const char *failure, struct hl_error *err) {
    struct hl_run_result *run = &c->runs[c->nruns];
    memset(run, 0, sizeof *run);
    run->wall_s = wall_s;
    run->cpu_s = cpu_s;
    run->ntasks = (size_t)work->ntasks;
    run->tasks = hl_malloc(run->ntasks * sizeof *run->tasks);
    run->error = hl_strdup_or_null(failure);
    if (run->tasks == NULL || (failure != NULL && run->error == NULL)) {
        free(run->tasks);
        free(run->error);
        memset(run, 0, sizeof *run);
        return out_of_memory(c, err);
    }
    memcpy(run->tasks, recs, run->ntasks * sizeof *run->tasks);
    run->verified = failure == NULL;
    c->nruns++;
    return 0;
}

/* Why a finished run is not verified, into msg; returns true if it is. */
static bool judge_run(const struct hl_work *work, const struct hl_task_record *recs, int run_rc,
                      const struct hl_error *run_err, char *msg, size_t msg_size) {
    if (run_rc != 0) {
        snprintf(msg, msg_size, "%s", run_err->msg);
        return false;
    }
    int64_t failed = 0, first = -1;
    for (int64_t t = 0; t < work->ntasks; t++) {
        if (!recs[t].ok) {
            failed++;
            first = first < 0 ? t : first;
        }
    }
    if (failed > 0) {
        snprintf(msg, msg_size, "%" PRId64 " of %" PRId64 " tasks failed; task %" PRId64 ": %s",
                 failed, work->ntasks, first, recs[first].error);
        return false;
    }
    return work->wl->verify(work, msg, msg_size) == 0;
}

/* One configuration's setup (untimed): its own copy of the workload in
 * own when its backend hands out the memory (open_memory), else it uses
 * shared; then open(). On failure nothing is left made and err says why. */
static int open_config(const struct hl_plan *plan, const struct hl_backend_config *cfg,
                       struct hl_work *shared, struct hl_work *own, void **state,
                       struct hl_error *err) {
    const struct hl_backend *be = cfg->backend;
    *state = NULL;
    if (cfg->own_memory && be->open_memory != NULL) {
        const struct hl_host_memory *memory = NULL;
        if (be->open_memory(cfg, state, &memory, err) != 0)
            return -1;
        if (hl_work_prepare(own, plan->workload, &plan->params, hl_plan_tasks(plan, cfg), memory,
                            err) != 0) {
            be->close(*state);
            *state = NULL;
            return -1;
        }
    }
    if (be->open != NULL && be->open(cfg, own->wl != NULL ? own : shared, state, err) != 0) {
        hl_work_release(own); /* before its memory's owner goes */
        if (*state != NULL && be->close != NULL)
            be->close(*state);
        *state = NULL;
        return -1;
    }
    return 0;
}

/* Runs one configuration into c. A configuration that cannot run (skip,
 * failed setup) gets a note; runs that fail are recorded. Returns -1 with
 * out_err filled only when its results could not be allocated or the run
 * was interrupted: the experiment stops there. */
static int run_config(const struct hl_plan *plan, const struct hl_backend_config *cfg,
                      struct hl_work *shared, struct hl_task_record *recs,
                      struct hl_config_result *c, struct hl_error *out_err) {
    const struct hl_backend *be = cfg->backend;
    shared->ntasks = hl_plan_tasks(plan, cfg);
    c->tasks = shared->ntasks;
    if ((be->kinds & plan->workload->kind) == 0) {
        char note[160];
        snprintf(note, sizeof note, "skipped: %s cannot run %s", be->name, plan->workload->name);
        return set_note(c, note, out_err);
    }
    struct hl_error err = {0};
    struct hl_work own = {0};
    void *state = NULL;
    int64_t setup0 = hl_now_ns();
    if (open_config(plan, cfg, shared, &own, &state, &err) != 0)
        return set_note(c, err.msg, out_err);
    c->setup_s = (double)(hl_now_ns() - setup0) * 1e-9;
    struct hl_work *work = own.wl != NULL ? &own : shared;
    work->ntasks = c->tasks;
    int rc = 0;
    c->runs = hl_calloc((size_t)plan->runs, sizeof *c->runs);
    if (c->runs == NULL) {
        rc = out_of_memory(c, out_err);
        goto done;
    }
    for (int r = 0; r < plan->warmup + plan->runs; r++) {
        if (hl_interrupted()) {
            rc = hl_error_set(out_err, HL_ERR_RUNTIME, "interrupted");
            break;
        }
        work->wl->reset(work);
        hl_timeline_reset(recs, (size_t)work->ntasks);
        fflush(NULL); /* a fork() child must not inherit unflushed output */
        hl_error_clear(&err);
        int refresh_rc = be->refresh != NULL ? be->refresh(state, work, &err) : 0;

        int64_t cpu0 = hl_cpu_ns(), t0 = hl_now_ns();
        int run_rc = refresh_rc != 0 ? refresh_rc : be->run(state, cfg, work, recs, &err);
        int64_t t1 = hl_now_ns(), cpu1 = hl_cpu_ns();

        hl_timeline_rebase(recs, (size_t)work->ntasks, t0);
        char why[HL_ERROR_MSG_MAX];
        bool ok = judge_run(work, recs, run_rc, &err, why, sizeof why);
        if (r < plan->warmup) {
            /* Not timed, but a failure is still news: the config is not
             * verified and says why. */
            if (!ok && c->note == NULL) {
                char note[HL_ERROR_MSG_MAX + 32];
                snprintf(note, sizeof note, "warm-up run %d failed: %s", r + 1, why);
                if (set_note(c, note, out_err) != 0) {
                    rc = -1;
                    break;
                }
            }
            continue;
        }
        if (keep_run(c, work, recs, (double)(t1 - t0) * 1e-9, (double)(cpu1 - cpu0) * 1e-9,
                     ok ? NULL : why, out_err) != 0) {
            rc = -1;
            break;
        }
    }
done:
    /* The workload's own arrays may belong to the backend's runtime:
     * release them while it still exists. */
    hl_work_release(&own);
    if (be->close != NULL)
        be->close(state);
    return rc;
}

static int add_params(struct hl_experiment_result *e, const struct hl_plan *plan,
                      const struct hl_work *work) {
    if (plan->workload->report_params != NULL) {
        struct hl_param_value v[HL_MAX_REPORTED_PARAMS];
        size_t count = plan->workload->report_params(work, v, HL_MAX_REPORTED_PARAMS);
        for (size_t i = 0; i < count; i++) {
            struct hl_param *p = hl_experiment_add_param(e, v[i].key);
            if (p == NULL)
                return -1;
            p->type = v[i].type;
            p->i = v[i].i;
            p->r = v[i].r;
            if (v[i].text != NULL && (p->text = hl_strdup(v[i].text)) == NULL)
                return -1;
        }
        return 0;
    }
    struct hl_param *n = hl_experiment_add_param(e, "n");
    if (n == NULL)
        return -1;
    n->type = HL_PARAM_INT;
    n->i = plan->params.n;
    /* Square's default depends on each config's workers: then each config
     * says its own task count and there is no experiment-wide one. */
    int64_t tasks = plan->params.tasks > 0 ? plan->params.tasks : plan->workload->default_tasks;
    if (tasks > 0) {
        struct hl_param *t = hl_experiment_add_param(e, "tasks");
        if (t == NULL)
            return -1;
        t->type = HL_PARAM_INT;
        t->i = tasks;
    }
    return 0;
}

static void report_progress(const struct hl_plan *plan, const struct hl_config_result *c) {
    if (plan->progress == NULL)
        return;
    char prefix[160], median[32], setup[32];
    snprintf(prefix, sizeof prefix, "%s %s: ", plan->workload->name, c->label);
    hl_format_seconds(median, sizeof median, c->wall_s.median);
    const char *runs = c->nruns == 1 ? "run" : "runs";
    const char *verdict = c->verified ? "verified" : "NOT VERIFIED";
    if (c->note != NULL)
        hl_print_lines(plan->progress, prefix, "    ", c->note);
    else if (c->device != NULL) /* a device's setup (program build) is worth saying */
        fprintf(plan->progress, "%smedian %s of %zu %s, %s; setup %s (%s), not in the run times\n",
                prefix, median, c->nruns, runs, verdict,
                hl_format_seconds(setup, sizeof setup, c->setup_s), c->device);
    else
        fprintf(plan->progress, "%smedian %s of %zu %s, %s\n", prefix, median, c->nruns, runs,
                verdict);
    fflush(plan->progress);
}

/* Appends the result of configuration cfg to e, with its names. Returns
 * NULL with err filled when memory ran out (what was made stays in e). */
static struct hl_config_result *add_config(struct hl_experiment_result *e,
                                           const struct hl_backend_config *cfg,
                                           struct hl_error *err) {
    struct hl_config_result *c = hl_experiment_add_config(e);
    if (c == NULL) {
        hl_error_errno(err, HL_ERR_RUNTIME, ENOMEM, "cannot allocate the results of %s",
                       cfg->label);
        return NULL;
    }
    c->label = hl_strdup(cfg->label);
    c->backend = hl_strdup(cfg->backend->name);
    c->workers = cfg->workers;
    bool has_device = cfg->device_name[0] != '\0';
    c->device = has_device ? hl_strdup(cfg->device_name) : NULL;
    bool has_transfer = cfg->transfer[0] != '\0';
    c->transfer = has_transfer ? hl_strdup(cfg->transfer) : NULL;
    if (c->label == NULL || c->backend == NULL || (has_device && c->device == NULL) ||
        (has_transfer && c->transfer == NULL)) {
        hl_error_errno(err, HL_ERR_RUNTIME, ENOMEM, "cannot allocate the results of %s",
                       cfg->label);
        return NULL;
    }
    return c;
}

int hl_experiment_run(const struct hl_plan *plan, struct hl_results *out, struct hl_error *err) {
    int64_t max_tasks = plan_max_tasks(plan);
    struct hl_work work;
    if (hl_work_prepare(&work, plan->workload, &plan->params, max_tasks, NULL, err) != 0)
        return -1;
    size_t rec_bytes = (size_t)max_tasks * sizeof(struct hl_task_record);
    struct hl_task_record *recs = hl_shared_alloc(rec_bytes, "task records", err);
    struct hl_experiment_result *e = recs == NULL ? NULL : hl_results_add_experiment(out);
    int rc = 0;
    if (e == NULL || (e->workload = hl_strdup(plan->workload->name)) == NULL ||
        add_params(e, plan, &work) != 0) {
        hl_error_errno(err, HL_ERR_RUNTIME, ENOMEM, "cannot allocate %s results",
                       plan->workload->name);
        rc = -1;
    } else {
        e->warmup = plan->warmup;
        e->runs = plan->runs;
        /* Where the roofline places it: the workload's own declaration. */
        e->intensity = plan->workload->intensity;
        if (plan->workload->elements != NULL && plan->nconfigs > 0)
            e->elements =
                plan->workload->elements(&plan->params, hl_plan_tasks(plan, &plan->configs[0]));
    }
    for (size_t i = 0; rc == 0 && i < plan->nconfigs; i++) {
        const struct hl_backend_config *cfg = &plan->configs[i];
        struct hl_config_result *c = add_config(e, cfg, err);
        if (c == NULL) {
            rc = -1;
            break;
        }
        if (plan->on_config != NULL)
            plan->on_config(plan->on_config_ctx, i, false);
        if (run_config(plan, cfg, &work, recs, c, err) != 0)
            rc = -1;
        else if (hl_config_summarise(c) != 0)
            rc = out_of_memory(c, err);
        else
            report_progress(plan, c);
        if (plan->on_config != NULL)
            plan->on_config(plan->on_config_ctx, i, true);
    }
    if (rc == 0)
        hl_experiment_speedups(e);
    else if (e != NULL)
        hl_results_pop_experiment(out); /* nothing half-made is kept */
    hl_shared_free(recs, rec_bytes);
    hl_work_release(&work);
    return rc;
}
