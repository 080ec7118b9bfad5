#include "experiment/rounds.h"

#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "model/backend_traits.h"
#include "model/noise.h"
#include "util/alloc.h"
#include "util/interrupt.h"
#include "util/text.h"
#include "util/timing.h"

/* One configuration of the window, between its open() and close(). */
struct slot {
    const struct hl_backend_config *cfg;
    struct hl_config_result *c;
    size_t index;       /* in the plan */
    void *state;        /* what open_memory() and open() made */
    struct hl_work own; /* its own copy of the workload (own_memory), or zeroed */
    bool opened;        /* open() succeeded or there was none: close() is due */
    bool active;        /* still repeating */
    int warmups;        /* warm-up runs done */
    int64_t counted_ns; /* counted runs so far, reset and check included */
};

size_t hl_rounds_window_end(const struct hl_plan *plan, size_t first) {
    size_t end = first, devices = 0;
    for (; end < plan->nconfigs; end++) {
        const struct hl_backend_config *cfg = &plan->configs[end];
        size_t device = hl_backend_traits_of(cfg->backend->name)->device;
        for (int p = 0; p < cfg->nparts; p++) /* a join holds its devices' sessions */
            device += hl_backend_traits_of(cfg->parts[p].backend->name)->device;
        if (device > 0 && devices + device > HL_ROUNDS_MAX_OPEN_DEVICES && end > first)
            break;
        devices += device;
    }
    return end > first ? end : first + 1;
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

/* Task records the last run of work wrote (a join: one per chunk). */
static int64_t records_of(const struct hl_work *work) {
    return work->nrecords > 0 ? work->nrecords : work->ntasks;
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
    run->ntasks = (size_t)records_of(work);
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
    int64_t failed = 0, first = -1, n = records_of(work);
    for (int64_t t = 0; t < n; t++) {
        if (!recs[t].ok) {
            failed++;
            first = first < 0 ? t : first;
        }
    }
    if (failed > 0) {
        snprintf(msg, msg_size, "%" PRId64 " of %" PRId64 " tasks failed; task %" PRId64 ": %s",
                 failed, n, first, recs[first].error);
        return false;
    }
    return work->wl->verify(work, msg, msg_size) == 0;
}

/* The configuration's line on plan->progress once it is done. */
static void report_progress(const struct hl_plan *plan, const struct hl_config_result *c) {
    if (plan->progress == NULL)
        return;
    char prefix[160], median[32], spread[96] = "";
    snprintf(prefix, sizeof prefix, "%s %s: ", plan->workload->name, c->label);
    if (c->note != NULL && c->nruns == 0) {
        hl_print_lines(plan->progress, prefix, "    ", c->note);
        fflush(plan->progress);
        return;
    }
    hl_format_seconds(median, sizeof median, c->wall_s.median);
    double half = hl_interval_half_width(c->noise.median_ci, c->wall_s.median);
    if (c->nruns > 1 && !isnan(half))
        snprintf(spread, sizeof spread, " (%.0f%% interval +-%.1f%%%s)",
                 c->noise.median_ci.level * 100, half * 100, c->noise.flagged ? ", noisy" : "");
    fprintf(plan->progress, "%smedian %s of %zu %s%s, %s", prefix, median, c->nruns,
            c->nruns == 1 ? "run" : "runs", spread, c->verified ? "verified" : "NOT VERIFIED");
    if (c->device != NULL) { /* a device's setup (program build) is worth saying */
        char setup[32];
        fprintf(plan->progress, "; setup %s (%s), not in the run times",
                hl_format_seconds(setup, sizeof setup, c->setup_s), c->device);
    }
    fputc('\n', plan->progress);
    if (c->note != NULL) /* a failed warm-up */
        hl_print_lines(plan->progress, prefix, "    ", c->note);
    fflush(plan->progress);
}

/* A slot is done: summarised, its line printed. -1 out of memory. */
static int finish(const struct hl_plan *plan, struct slot *s, struct hl_error *err) {
    s->active = false;
    if (hl_config_summarise(s->c) != 0)
        return out_of_memory(s->c, err);
    report_progress(plan, s->c);
    return 0;
}

/* The workload s runs on: its own copy, or the shared one. */
static struct hl_work *work_of(struct slot *s, struct hl_work *shared) {
    return s->own.wl != NULL ? &s->own : shared;
}

/* A configuration's setup (untimed): its own copy of the workload when its
 * backend hands out the memory (open_memory), then open(). On failure
 * nothing is left made and why says why. */
static int open_backend(const struct hl_plan *plan, struct slot *s, struct hl_work *shared,
                        struct hl_error *why) {
    const struct hl_backend *be = s->cfg->backend;
    s->state = NULL;
    if (s->cfg->own_memory && be->open_memory != NULL) {
        const struct hl_host_memory *memory = NULL;
        if (be->open_memory(s->cfg, &s->state, &memory, why) != 0)
            return -1;
        if (hl_work_prepare(&s->own, plan->workload, &plan->params, hl_plan_tasks(plan, s->cfg),
                            memory, why) != 0) {
            be->close(s->state);
            s->state = NULL;
            return -1;
        }
    }
    struct hl_work *work = work_of(s, shared);
    work->ntasks = hl_plan_tasks(plan, s->cfg);
    if (be->open != NULL && be->open(s->cfg, work, &s->state, why) != 0) {
        hl_work_release(&s->own); /* before its memory's owner goes */
        if (s->state != NULL && be->close != NULL)
            be->close(s->state);
        s->state = NULL;
        return -1;
    }
    return 0;
}

/* Releases what open_backend() made: the workload copy first, while the
 * runtime its memory belongs to still exists. */
static void close_backend(struct slot *s) {
    hl_work_release(&s->own);
    if (s->cfg->backend->close != NULL)
        s->cfg->backend->close(s->state);
}

/* Opens configuration s (untimed setup). One that cannot run gets a note
 * and is done. Returns -1 with err filled only out of memory. */
static int open_slot(const struct hl_plan *plan, struct hl_work *work, struct slot *s,
                     struct hl_error *err) {
    const struct hl_backend *be = s->cfg->backend;
    struct hl_config_result *c = s->c;
    work->ntasks = hl_plan_tasks(plan, s->cfg);
    c->tasks = work->ntasks;
    if ((be->kinds & plan->workload->kind) == 0) {
        char note[160];
        snprintf(note, sizeof note, "skipped: %s cannot run %s", be->name, plan->workload->name);
        return set_note(c, note, err) != 0 ? -1 : finish(plan, s, err);
    }
    struct hl_error why = {0};
    int64_t t0 = hl_now_ns();
    if (open_backend(plan, s, work, &why) != 0)
        return set_note(c, why.msg, err) != 0 ? -1 : finish(plan, s, err);
    c->setup_s = (double)(hl_now_ns() - t0) * 1e-9;
    s->opened = true;
    size_t room = (size_t)(plan->adaptive ? plan->adapt.max_runs : plan->runs);
    c->runs = hl_calloc(room, sizeof *c->runs);
    if (c->runs == NULL)
        return out_of_memory(c, err);
    s->active = true;
    return 0;
}

/* After a counted run: whether s has been repeated enough. */
static enum hl_stop stop_reason(const struct hl_plan *plan, struct slot *s) {
    const struct hl_config_result *c = s->c;
    if (!plan->adaptive)
        return c->nruns >= (size_t)plan->runs ? HL_STOP_FIXED : HL_STOP_UNKNOWN;
    const struct hl_adaptive *a = &plan->adapt;
    if (!c->runs[c->nruns - 1].verified)
        return HL_STOP_FAILED;
    if (c->nruns >= (size_t)a->max_runs)
        return HL_STOP_MAX_RUNS;
    if (c->nruns < (size_t)a->min_runs)
        return HL_STOP_UNKNOWN;
    /* Summarised so far (out of memory: judged on the budget alone). */
    if (hl_config_summarise(s->c) == 0 &&
        hl_interval_narrow(c->noise.median_ci, c->wall_s.median, a->target, a->confidence))
        return HL_STOP_NARROW;
    return (double)s->counted_ns * 1e-9 >= a->budget_s ? HL_STOP_BUDGET : HL_STOP_UNKNOWN;
}

/* One run of slot s, warm-up or counted. Returns -1 with err filled when
 * memory ran out. */
static int run_once(const struct hl_plan *plan, struct hl_work *shared, struct hl_task_record *recs,
                    struct slot *s, struct hl_error *err) {
    const struct hl_backend *be = s->cfg->backend;
    struct hl_config_result *c = s->c;
    if (plan->on_run != NULL)
        plan->on_run(plan->on_run_ctx, s->index);
    int64_t start = hl_now_ns();
    struct hl_work *work = work_of(s, shared);
    work->ntasks = hl_plan_tasks(plan, s->cfg);
    work->nrecords = 0;
    work->wl->reset(work);
    hl_timeline_reset(recs, (size_t)work->ntasks);
    fflush(NULL); /* a fork() child must not inherit unflushed output */
    struct hl_error why = {0};
    /* A backend's own copy of the outputs is poisoned too (untimed). */
    int refresh_rc = be->refresh != NULL ? be->refresh(s->state, work, &why) : 0;
    int64_t cpu0 = hl_cpu_ns(), t0 = hl_now_ns();
    int run_rc = refresh_rc != 0 ? refresh_rc : be->run(s->state, s->cfg, work, recs, &why);
    int64_t t1 = hl_now_ns(), cpu1 = hl_cpu_ns();

    hl_timeline_rebase(recs, (size_t)records_of(work), t0);
    char msg[HL_ERROR_MSG_MAX];
    bool ok = judge_run(work, recs, run_rc, &why, msg, sizeof msg);
    if (s->warmups < plan->warmup) {
        s->warmups++;
        /* Not timed, but a failure is still news: the config is not
         * verified and says why. */
        if (!ok && c->note == NULL) {
            char note[HL_ERROR_MSG_MAX + 32];
            snprintf(note, sizeof note, "warm-up run %d failed: %s", s->warmups, msg);
            return set_note(c, note, err);
        }
        return 0;
    }
    if (keep_run(c, work, recs, (double)(t1 - t0) * 1e-9, (double)(cpu1 - cpu0) * 1e-9,
                 ok ? NULL : msg, err) != 0)
        return -1;
    s->counted_ns += hl_now_ns() - start;
    c->stop = stop_reason(plan, s);
    return c->stop != HL_STOP_UNKNOWN ? finish(plan, s, err) : 0;
}

int hl_rounds_run(const struct hl_plan *plan, struct hl_work *work, struct hl_task_record *recs,
                  struct hl_experiment_result *e, size_t first, size_t end, struct hl_error *err) {
    size_t n = end - first;
    struct slot *slots = hl_calloc(n, sizeof *slots);
    if (slots == NULL)
        return hl_error_errno(err, HL_ERR_RUNTIME, ENOMEM, "cannot allocate %s's runs",
                              plan->workload->name);
    int rc = 0;
    /* Every setup first, in plan order: a failed one is a note, and the
     * configurations that opened still run. */
    for (size_t i = 0; i < n && rc == 0; i++) {
        slots[i] = (struct slot){
            .cfg = &plan->configs[first + i], .c = &e->configs[first + i], .index = first + i};
        if (hl_interrupted())
            rc = hl_error_set(err, HL_ERR_RUNTIME, "interrupted");
        else
            rc = open_slot(plan, work, &slots[i], err);
    }
    for (bool any = rc == 0; any && rc == 0;) {
        any = false;
        for (size_t i = 0; i < n && rc == 0; i++) {
            if (!slots[i].active)
                continue;
            if (hl_interrupted())
                rc = hl_error_set(err, HL_ERR_RUNTIME, "interrupted");
            else
                rc = run_once(plan, work, recs, &slots[i], err);
            any = true;
        }
    }
    for (size_t i = n; i-- > 0;) {
        if (slots[i].opened)
            close_backend(&slots[i]);
    }
    free(slots);
    return rc;
}
