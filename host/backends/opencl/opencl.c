/* opencl[:P:D][/MODE]: square and sum on OpenCL devices (a GPU, or the
 * CPU through PoCL), with the workload's host arrays in one of three modes
 * (cl_transfer.h): pageable, pinned or zero-copy.
 *
 * A spec names devices, so this backend expands it when argv is parsed:
 * bare `opencl` becomes one configuration per device, `opencl:P:D` one,
 * each in its device's default mode unless /MODE says which; an index or
 * mode that does not exist is a usage error before any work. Labels always
 * carry the mode ("opencl:0:0/pinned").
 *
 * Setup is untimed (setup_s): open_memory() (pinned only) makes the
 * session (context, queues, program, clock calibration) and the
 * page-locked home the experiment prepares this configuration's copy of
 * the workload in; open() makes the session when open_memory() did not,
 * and opens the workload's job on it. run() enqueues every task and
 * returns when all commands have finished. workers = queues: 4 for the
 * copy modes (a pipeline: cl_square.c), 2 for zero-copy, 1 with
 * --no-overlap.
 *
 * All OpenCL calls happen in the parent process, inside open/run/close
 * and parsing. fork children run only CPU workload code (backends/fork.c)
 * and never touch an OpenCL object, so fork and opencl configurations mix
 * in any order. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "backends/backend.h"
#include "backends/opencl/cl_coexec.h"
#include "backends/opencl/cl_devices.h"
#include "backends/opencl/cl_jobs.h"
#include "backends/opencl/cl_pinned.h"
#include "backends/opencl/cl_transfer.h"
#include "util/alloc.h"
#include "util/interrupt.h"
#include "util/parse.h"

static const struct hl_cl_job *const jobs[] = {&hl_cl_square_job, &hl_cl_square_zero_copy_job,
                                               &hl_cl_sum_job};

/* Copy modes keep h2d, kernel and d2h of different chunks in flight. */
#define COPY_QUEUES 4
#define ZERO_COPY_QUEUES 2
/* Copy modes: chunks of about this many bytes per array, at least two per
 * queue, so the pipeline fills and drains in a small part of the run. */
#define CHUNK_BYTES (8u << 20)
#define MAX_CHUNKS 256

/* What open_memory() and open() made for one configuration; close()
 * releases it. */
struct opencl_state {
    struct hl_cl_session session;
    bool session_open;
    struct hl_cl_pinned pinned;  /* pinned: the workload's home */
    struct hl_cl_runner *runner; /* the workload's job, opened on session */
    int64_t join_tasks;          /* a join's participant: the tasks its job was opened for */
};

extern const struct hl_backend hl_backend_opencl;

/* mode < 0: the device's default. */
static void fill_config(struct hl_backend_config *c, const struct hl_cl_device *d, int mode) {
    enum hl_cl_transfer t = mode >= 0 ? (enum hl_cl_transfer)mode : hl_cl_transfer_default(d);
    memset(c, 0, sizeof *c);
    c->backend = &hl_backend_opencl;
    c->workers = t == HL_CL_ZERO_COPY ? ZERO_COPY_QUEUES : COPY_QUEUES;
    c->platform = d->platform;
    c->device = d->index;
    c->own_memory = t == HL_CL_PINNED;
    snprintf(c->transfer, sizeof c->transfer, "%s", hl_cl_transfer_name(t));
    snprintf(c->label, sizeof c->label, "opencl:%d:%d/%s", d->platform, d->index, c->transfer);
    /* Long names are cut: the index in the label is what identifies it. */
    snprintf(c->device_name, sizeof c->device_name, "%.*s", (int)sizeof c->device_name - 1,
             d->name);
}

/* "P:D" into two indices; usage error naming the spec otherwise. */
/* spec: the whole argument, for messages ("0:0/pinned"). */
static int parse_index(const char *args, const char *spec, int *platform, int *device,
                       struct hl_error *err) {
    char p[24], what[112];
    const char *colon = strchr(args, ':');
    size_t len = colon != NULL ? (size_t)(colon - args) : 0;
    if (colon == NULL || len == 0 || len >= sizeof p)
        return hl_error_set(err, HL_ERR_USAGE,
                            "--backend opencl:%s: expected opencl:P:D (see hetlane devices)", spec);
    memcpy(p, args, len);
    p[len] = '\0';
    int64_t pv, dv;
    snprintf(what, sizeof what, "--backend opencl:%.40s platform", spec);
    if (hl_parse_i64(p, what, 0, 1 << 20, &pv, err) != 0)
        return -1;
    snprintf(what, sizeof what, "--backend opencl:%.40s device", spec);
    if (hl_parse_i64(colon + 1, what, 0, 1 << 20, &dv, err) != 0)
        return -1;
    *platform = (int)pv;
    *device = (int)dv;
    return 0;
}

/* "/MODE" at the end of a spec into *mode (-1: none given); the rest of
 * the spec's arguments, without it, into index (NULL when none). */
static int split_mode(const char *args, char *buf, size_t size, const char **index, int *mode,
                      struct hl_error *err) {
    *mode = -1;
    *index = args;
    const char *slash = args != NULL ? strchr(args, '/') : NULL;
    if (slash == NULL)
        return 0;
    enum hl_cl_transfer t;
    if (hl_cl_transfer_from_name(slash + 1, &t) != 0)
        return hl_error_set(err, HL_ERR_USAGE,
                            "--backend opencl%s%s: unknown mode '%s' (try: pageable, pinned, "
                            "zero-copy)",
                            args[0] == '/' ? "" : ":", args, slash + 1);
    *mode = (int)t;
    snprintf(buf, size, "%.*s", (int)(slash - args), args);
    *index = buf[0] != '\0' ? buf : NULL;
    return 0;
}

static int opencl_expand(const char *args, struct hl_backend_config *out, size_t room,
                         size_t *count, struct hl_error *err) {
    *count = 0;
    int platform = -1, device = -1, mode = -1;
    char index_buf[64];
    const char *index = NULL;
    if (split_mode(args, index_buf, sizeof index_buf, &index, &mode, err) != 0)
        return -1;
    const char *spec = args; /* messages name it whole */
    args = index;
    if (args != NULL && parse_index(args, spec, &platform, &device, err) != 0)
        return -1;
    struct hl_cl_inventory inv;
    if (hl_cl_inventory_load(&inv, err) != 0)
        return -1;
    int rc = 0;
    if (args == NULL) {
        if (inv.ndevices == 0)
            rc = hl_error_set(err, HL_ERR_USAGE, "--backend opencl: no OpenCL device: %s",
                              inv.problem[0] != '\0' ? inv.problem : "every platform is empty");
        else if ((size_t)inv.ndevices > room)
            rc = hl_error_set(err, HL_ERR_USAGE,
                              "--backend opencl: %d devices are more configurations than "
                              "are left (%zu)",
                              inv.ndevices, room);
        for (int i = 0; rc == 0 && i < inv.ndevices; i++)
            fill_config(&out[(*count)++], &inv.devices[i], mode);
    } else {
        const struct hl_cl_device *d = hl_cl_inventory_find(&inv, platform, device);
        if (d == NULL)
            rc = hl_error_set(err, HL_ERR_USAGE,
                              "--backend opencl:%s: no OpenCL device %d:%d on this machine "
                              "(%d found; see hetlane devices)",
                              spec, platform, device, inv.ndevices);
        else if (room == 0)
            rc = hl_error_set(err, HL_ERR_USAGE, "--backend opencl:%s: too many configurations",
                              spec);
        else
            fill_config(&out[(*count)++], d, mode);
    }
    hl_cl_inventory_free(&inv);
    return rc;
}

static void opencl_close(void *state) {
    struct opencl_state *st = state;
    if (st == NULL)
        return;
    hl_cl_runner_close(st->runner);
    if (st->session_open) {
        hl_cl_pinned_release(&st->pinned);
        hl_cl_session_close(&st->session);
    }
    free(st);
}

static enum hl_cl_transfer config_transfer(const struct hl_backend_config *cfg) {
    enum hl_cl_transfer t = HL_CL_PAGEABLE;
    hl_cl_transfer_from_name(cfg->transfer, &t); /* set by expand: always a name */
    return t;
}

/* The state with its session open; *state when open_memory() made it. */
static struct opencl_state *open_session(const struct hl_backend_config *cfg, void **state,
                                         struct hl_error *err) {
    struct opencl_state *st = *state;
    if (st != NULL)
        return st;
    st = hl_calloc(1, sizeof *st);
    if (st == NULL) {
        hl_error_set(err, HL_ERR_RUNTIME, "%s: out of memory", cfg->label);
        return NULL;
    }
    if (hl_cl_session_open(&st->session, cfg->platform, cfg->device, cfg->workers, err) != 0) {
        free(st);
        return NULL;
    }
    /* Labels carry the mode; messages name the configuration. */
    snprintf(st->session.who, sizeof st->session.who, "%s", cfg->label);
    st->session_open = true;
    hl_cl_pinned_init(&st->pinned, &st->session);
    return st;
}

static int opencl_open_memory(const struct hl_backend_config *cfg, void **state,
                              const struct hl_host_memory **memory, struct hl_error *err) {
    *state = NULL;
    struct opencl_state *st = open_session(cfg, state, err);
    if (st == NULL)
        return -1;
    *state = st;
    *memory = &st->pinned.memory;
    return 0;
}

/* The job that runs work's workload in cfg's mode, or NULL. */
static const struct hl_cl_job *job_for(const struct hl_backend_config *cfg,
                                       const struct hl_work *work) {
    enum hl_cl_transfer t = config_transfer(cfg);
    const struct hl_cl_job *job = NULL;
    for (size_t i = 0; i < sizeof jobs / sizeof jobs[0]; i++) {
        if (jobs[i]->workload == work->wl && (jobs[i]->transfers & (1u << t)) != 0)
            job = jobs[i];
    }
    return job;
}

static int opencl_open(const struct hl_backend_config *cfg, struct hl_work *work, void **state,
                       struct hl_error *err) {
    const struct hl_cl_job *job = job_for(cfg, work);
    if (job == NULL) /* *state, if any, is closed by the caller */
        return hl_error_set(err, HL_ERR_RUNTIME, "skipped: %s cannot run %s", cfg->label,
                            work->wl->name);
    struct opencl_state *st = open_session(cfg, state, err);
    if (st == NULL)
        return -1;
    *state = st;
    return hl_cl_runner_open(&st->session, job, work, &st->runner, err);
}

static int opencl_refresh(void *state, struct hl_work *work, struct hl_error *err) {
    struct opencl_state *st = state;
    if (st->join_tasks > 0) { /* its buffers are sized for those */
        struct hl_work view = *work;
        view.ntasks = st->join_tasks;
        return hl_cl_runner_refresh(&st->session, st->runner, &view, err);
    }
    return hl_cl_runner_refresh(&st->session, st->runner, work, err);
}

/* A join's participant. Chunked workloads (square) through copies take
 * chunks of at most CHUNK_BYTES per array, the size the copy pipeline
 * likes, so its buffers stay small and the device keeps pulling; the job
 * is opened for the task count whose chunks are at least that large.
 * Zero-copy works in place (no buffers to size) and fixed-task workloads
 * (sum) run whole tasks: no cap. */
static int opencl_join_open(const struct hl_backend_config *cfg, struct hl_work *work,
                            int64_t *max_chunk, void **state, struct hl_error *err) {
    const struct hl_cl_job *job = job_for(cfg, work);
    if (job == NULL || job->enqueue_units == NULL)
        return hl_error_set(err, HL_ERR_RUNTIME, "%s cannot run %s in a join", cfg->label,
                            work->wl->name);
    struct opencl_state *st = open_session(cfg, state, err);
    if (st == NULL)
        return -1;
    *state = st;
    struct hl_work view = *work;
    if (work->wl->tasks_per_worker != 0 && config_transfer(cfg) != HL_CL_ZERO_COPY) {
        int64_t cap = CHUNK_BYTES / sizeof(int64_t);
        *max_chunk = *max_chunk < cap ? *max_chunk : cap;
        view.ntasks = work->wl->units(work) / *max_chunk;
        view.ntasks = view.ntasks > 0 ? view.ntasks : 1;
    }
    st->join_tasks = view.ntasks;
    return hl_cl_runner_open(&st->session, job, &view, &st->runner, err);
}

static int opencl_join_run(void *state, const struct hl_backend_config *cfg, struct hl_work *work,
                           struct hl_join_sched *sched, int part, int first_lane,
                           struct hl_task_record *recs, struct hl_error *err) {
    struct opencl_state *st = state;
    if (hl_interrupted()) {
        hl_join_sched_fail(sched, part);
        return hl_error_set(err, HL_ERR_RUNTIME, "%s: interrupted", cfg->label);
    }
    return hl_cl_join_drive(&st->session, st->runner, work, sched, part, first_lane, recs, err);
}

static int opencl_run(void *state, const struct hl_backend_config *cfg, struct hl_work *work,
                      struct hl_task_record *recs, struct hl_error *err) {
    struct opencl_state *st = state;
    if (hl_interrupted()) /* a run is short: checked between runs only */
        return hl_error_set(err, HL_ERR_RUNTIME, "%s: interrupted", cfg->label);
    return hl_cl_runner_run(&st->session, st->runner, work, recs, err);
}

/* Chunked workloads (square) through copies: about CHUNK_BYTES per chunk
 * and at least two chunks per queue, so the pipeline is full most of the
 * run; zero-copy has no copy to overlap: one chunk per queue. Never more
 * chunks than elements. Fixed-task workloads (sum) keep their default. */
static int64_t opencl_default_tasks(const struct hl_backend_config *cfg,
                                    const struct hl_workload *wl, const struct hl_params *p) {
    if (wl->tasks_per_worker == 0 || p->n < 1)
        return 0;
    int64_t chunks = cfg->workers;
    if (config_transfer(cfg) != HL_CL_ZERO_COPY) {
        int64_t by_size = (p->n * 8 + CHUNK_BYTES - 1) / CHUNK_BYTES;
        int64_t at_least = 2 * (int64_t)cfg->workers;
        chunks = by_size > at_least ? by_size : at_least;
        chunks = chunks < MAX_CHUNKS ? chunks : MAX_CHUNKS;
    }
    return chunks < p->n ? chunks : p->n;
}

const struct hl_backend hl_backend_opencl = {
    .name = "opencl",
    .summary = "an OpenCL device (opencl:P:D from `hetlane devices`; bare opencl: every one);\n"
               "               /pageable, /pinned or /zero-copy: where its host arrays live",
    .kinds = HL_KIND_COMPUTE,
    .takes_workers = false,
    .default_workers = COPY_QUEUES,
    .expand = opencl_expand,
    .open_memory = opencl_open_memory,
    .open = opencl_open,
    .refresh = opencl_refresh,
    .run = opencl_run,
    .default_tasks = opencl_default_tasks,
    .close = opencl_close,
    .join_open = opencl_join_open,
    .join_run = opencl_join_run,
};
