/* The join backend (join.h): one configuration made of several, its runs
 * split by one schedule (join_sched.h). Setup is each participant's own
 * (untimed); a run starts one driver thread per participant but the
 * first, which runs on the calling thread, and returns when every lane of
 * every participant has stopped and every driver is joined. */
#include "backends/join.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "backends/join_sched.h"
#include "model/backend_traits.h"
#include "util/alloc.h"

struct join_state {
    struct hl_join_sched sched;
    bool sched_made;
    struct hl_backend_config cfg[HL_JOIN_MAX_PARTS];
    void *state[HL_JOIN_MAX_PARTS];
    bool opened[HL_JOIN_MAX_PARTS]; /* close() is due */
    int first_lane[HL_JOIN_MAX_PARTS];
};

void hl_join_part_config(const struct hl_join_part *part, struct hl_backend_config *out) {
    memset(out, 0, sizeof *out);
    out->backend = part->backend;
    out->workers = part->workers;
    out->platform = part->platform;
    out->device = part->device;
    out->own_memory = part->own_memory;
    snprintf(out->label, sizeof out->label, "%s", part->label);
    snprintf(out->transfer, sizeof out->transfer, "%s", part->transfer);
}

/* The inverse: a participant's configuration kept as a join's part. */
static void part_of_config(const struct hl_backend_config *p, struct hl_join_part *jp) {
    jp->backend = p->backend;
    jp->workers = p->workers;
    jp->platform = p->platform;
    jp->device = p->device;
    jp->own_memory = p->own_memory;
    snprintf(jp->label, sizeof jp->label, "%s", p->label);
    snprintf(jp->transfer, sizeof jp->transfer, "%s", p->transfer);
}

int hl_join_make(const struct hl_backend_config *parts, size_t n, const char *spec,
                 struct hl_backend_config *out, struct hl_error *err) {
    if (n < 2)
        return hl_error_set(err, HL_ERR_USAGE,
                            "--backend '%s': a join needs two participants or more "
                            "(e.g. pthread:2+opencl:0:0)",
                            spec);
    if (n > HL_JOIN_MAX_PARTS)
        return hl_error_set(err, HL_ERR_USAGE, "--backend '%s': %zu participants, at most %d", spec,
                            n, HL_JOIN_MAX_PARTS);
    memset(out, 0, sizeof *out);
    out->backend = &hl_backend_join;
    out->platform = out->device = -1;
    int cpu = 0;
    size_t len = 0;
    for (size_t i = 0; i < n; i++) {
        const struct hl_backend_config *p = &parts[i];
        const struct hl_backend_traits *t = hl_backend_traits_of(p->backend->name);
        if (p->backend->join_run == NULL)
            return hl_error_set(err, HL_ERR_USAGE,
                                "--backend '%s': %s cannot join (a join takes serial or "
                                "pthread:W, and opencl devices)",
                                spec, p->backend->name);
        cpu += !t->device;
        if (cpu > 1)
            return hl_error_set(err, HL_ERR_USAGE,
                                "--backend '%s': one CPU participant at most (they would share "
                                "the cores: give pthread:W more threads)",
                                spec);
        for (size_t k = 0; k < i && t->device; k++) {
            if (parts[k].platform == p->platform && parts[k].device == p->device)
                return hl_error_set(err, HL_ERR_USAGE, "--backend '%s': device %d:%d joins twice",
                                    spec, p->platform, p->device);
        }
        if (out->workers + p->workers > HL_MAX_WORKERS)
            return hl_error_set(err, HL_ERR_USAGE, "--backend '%s': more than %d lanes", spec,
                                HL_MAX_WORKERS);
        out->workers += p->workers;
        out->own_memory = out->own_memory || p->own_memory;
        part_of_config(p, &out->parts[out->nparts++]);
        int k =
            snprintf(out->label + len, sizeof out->label - len, "%s%s", i > 0 ? "+" : "", p->label);
        if (k < 0 || (size_t)k >= sizeof out->label - len)
            return hl_error_set(err, HL_ERR_USAGE, "--backend '%s': the join's name is too long",
                                spec);
        len += (size_t)k;
    }
    return 0;
}

static struct join_state *state_of(const struct hl_backend_config *cfg, void **state,
                                   struct hl_error *err) {
    struct join_state *st = *state;
    if (st != NULL)
        return st;
    st = hl_calloc(1, sizeof *st);
    if (st == NULL) {
        hl_error_set(err, HL_ERR_RUNTIME, "%s: out of memory", cfg->label);
        return NULL;
    }
    int lanes[HL_JOIN_MAX_PARTS], first = 0;
    for (int p = 0; p < cfg->nparts; p++) {
        hl_join_part_config(&cfg->parts[p], &st->cfg[p]);
        lanes[p] = cfg->parts[p].workers;
        st->first_lane[p] = first;
        first += lanes[p];
    }
    if (hl_join_sched_init(&st->sched, cfg->nparts, lanes) != 0) {
        free(st);
        hl_error_set(err, HL_ERR_RUNTIME, "%s: cannot make the schedule's mutex", cfg->label);
        return NULL;
    }
    st->sched_made = true;
    *state = st;
    return st;
}

static void join_close(void *state) {
    struct join_state *st = state;
    if (st == NULL)
        return;
    for (int p = HL_JOIN_MAX_PARTS - 1; p >= 0; p--) {
        if (st->opened[p] && st->cfg[p].backend->close != NULL)
            st->cfg[p].backend->close(st->state[p]);
    }
    if (st->sched_made)
        hl_join_sched_destroy(&st->sched);
    free(st);
}

/* The first participant with its own memory (OpenCL pinned) is the home
 * of the join's copy of the workload; the others copy from it. */
static int join_open_memory(const struct hl_backend_config *cfg, void **state,
                            const struct hl_host_memory **memory, struct hl_error *err) {
    *state = NULL;
    struct join_state *st = state_of(cfg, state, err);
    if (st == NULL)
        return -1;
    for (int p = 0; p < cfg->nparts; p++) {
        const struct hl_backend *be = st->cfg[p].backend;
        if (!st->cfg[p].own_memory || be->open_memory == NULL)
            continue;
        if (be->open_memory(&st->cfg[p], &st->state[p], memory, err) != 0)
            break;
        st->opened[p] = true;
        return 0;
    }
    join_close(st);
    *state = NULL;
    return -1;
}

static int join_open(const struct hl_backend_config *cfg, struct hl_work *work, void **state,
                     struct hl_error *err) {
    struct join_state *st = state_of(cfg, state, err);
    if (st == NULL)
        return -1;
    if (work->wl->units == NULL || work->wl->run_units == NULL)
        return hl_error_set(err, HL_ERR_RUNTIME, "skipped: %s cannot be split across a join",
                            work->wl->name);
    int64_t units = work->wl->units(work);
    for (int p = 0; p < cfg->nparts; p++) {
        struct hl_error why = {0};
        int64_t max_chunk = units;
        const struct hl_backend *be = st->cfg[p].backend;
        int rc = be->join_open != NULL
                     ? be->join_open(&st->cfg[p], work, &max_chunk, &st->state[p], &why)
                     : 0;
        st->opened[p] = st->opened[p] || st->state[p] != NULL || rc == 0;
        if (rc != 0)
            return hl_error_set(err, HL_ERR_RUNTIME, "%s: %s", cfg->label, why.msg);
        hl_join_sched_bounds(&st->sched, p, 1, max_chunk);
    }
    return 0;
}

static int join_refresh(void *state, struct hl_work *work, struct hl_error *err) {
    struct join_state *st = state;
    for (int p = 0; p < st->sched.nparts; p++) {
        const struct hl_backend *be = st->cfg[p].backend;
        if (be->refresh != NULL && be->refresh(st->state[p], work, err) != 0)
            return -1;
    }
    return 0;
}

struct driver {
    struct join_state *st;
    struct hl_work *work;
    struct hl_task_record *recs;
    int part;
    int rc;
    struct hl_error err;
    pthread_t thread;
};

static void *drive(void *arg) {
    struct driver *d = arg;
    struct join_state *st = d->st;
    const struct hl_backend_config *cfg = &st->cfg[d->part];
    d->rc = cfg->backend->join_run(st->state[d->part], cfg, d->work, &st->sched, d->part,
                                   st->first_lane[d->part], d->recs, &d->err);
    if (d->rc != 0)
        hl_join_sched_fail(&st->sched, d->part);
    return NULL;
}

static int join_run(void *state, const struct hl_backend_config *cfg, struct hl_work *work,
                    struct hl_task_record *recs, struct hl_error *err) {
    struct join_state *st = state;
    int n = cfg->nparts;
    struct driver d[HL_JOIN_MAX_PARTS];
    memset(d, 0, sizeof d);
    st->sched.only = cfg->join_only;
    hl_join_sched_begin(&st->sched, work->wl->units(work), work->ntasks);
    bool started[HL_JOIN_MAX_PARTS] = {false};
    for (int p = 0; p < HL_JOIN_MAX_PARTS; p++)
        d[p] = (struct driver){.st = st, .work = work, .recs = recs, .part = p};
    for (int p = 0; p < n; p++) {
        if (p == 0)
            continue;
        int e = pthread_create(&d[p].thread, NULL, drive, &d[p]);
        started[p] = e == 0;
        if (e != 0) { /* the others take its share */
            hl_join_sched_fail(&st->sched, p);
            d[p].rc = hl_error_errno(&d[p].err, HL_ERR_RUNTIME, e, "cannot start its driver");
        }
    }
    drive(&d[0]);
    for (int p = 1; p < n; p++) {
        if (started[p])
            pthread_join(d[p].thread, NULL);
    }
    work->nrecords = hl_join_sched_end(&st->sched);
    for (int p = 0; p < n; p++) {
        if (d[p].rc == 0)
            continue;
        /* "pthread:2 failed: cannot create ...", its own label said once */
        const char *why = d[p].err.msg, *label = st->cfg[p].label;
        size_t len = strlen(label);
        if (strncmp(why, label, len) == 0 && strncmp(why + len, ": ", 2) == 0)
            why += len + 2;
        return hl_error_set(err, HL_ERR_RUNTIME, "%s failed: %s", label, why);
    }
    if (work->nrecords == 0)
        return hl_error_set(err, HL_ERR_RUNTIME, "%s: no participant took any work", cfg->label);
    return 0;
}

/* Square-like workloads: at most HL_JOIN_DEFAULT_CHUNKS chunks (records);
 * fixed-task ones (sum) keep their tasks, each chunk whole tasks. */
static int64_t join_default_tasks(const struct hl_backend_config *cfg, const struct hl_workload *wl,
                                  const struct hl_params *p) {
    (void)cfg;
    if (wl->tasks_per_worker == 0 || p->n < 1)
        return 0;
    return p->n < HL_JOIN_DEFAULT_CHUNKS ? p->n : HL_JOIN_DEFAULT_CHUNKS;
}

const struct hl_backend hl_backend_join = {
    .name = "join",
    .summary = "A+B: one run split across the joined backends",
    .kinds = HL_KIND_COMPUTE,
    .takes_workers = false,
    .open_memory = join_open_memory,
    .open = join_open,
    .refresh = join_refresh,
    .default_tasks = join_default_tasks,
    .run = join_run,
    .close = join_close,
};
