/* opencl[:P:D]: square and sum on OpenCL devices (a GPU, or the CPU
 * through PoCL).
 *
 * A spec names devices, so this backend expands it when argv is parsed:
 * bare `opencl` becomes one configuration per device, `opencl:P:D` one,
 * and an index that does not exist is a usage error before any work.
 * open() (untimed, reported as setup_s) makes the context and queues,
 * builds the program once for the device, calibrates the device clock and
 * makes the workload's buffers; run() enqueues every task and returns
 * when all commands have finished. workers = queues: 2, or 1 with
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
#include "backends/opencl/cl_devices.h"
#include "backends/opencl/cl_jobs.h"
#include "util/alloc.h"
#include "util/interrupt.h"
#include "util/parse.h"

static const struct hl_cl_job *const jobs[] = {&hl_cl_square_job, &hl_cl_sum_job};

/* What open() made for one configuration; close() releases it. */
struct opencl_state {
    struct hl_cl_session session;
    struct hl_cl_runner *runner; /* the workload's job, opened on session */
};

extern const struct hl_backend hl_backend_opencl;

static void fill_config(struct hl_backend_config *c, const struct hl_cl_device *d) {
    memset(c, 0, sizeof *c);
    c->backend = &hl_backend_opencl;
    c->workers = HL_CL_MAX_QUEUES;
    c->platform = d->platform;
    c->device = d->index;
    snprintf(c->label, sizeof c->label, "opencl:%d:%d", d->platform, d->index);
    /* Long names are cut: the index in the label is what identifies it. */
    snprintf(c->device_name, sizeof c->device_name, "%.*s", (int)sizeof c->device_name - 1,
             d->name);
}

/* "P:D" into two indices; usage error naming the spec otherwise. */
static int parse_index(const char *args, int *platform, int *device, struct hl_error *err) {
    char p[24], what[64];
    const char *colon = strchr(args, ':');
    size_t len = colon != NULL ? (size_t)(colon - args) : 0;
    if (colon == NULL || len == 0 || len >= sizeof p)
        return hl_error_set(err, HL_ERR_USAGE,
                            "--backend opencl:%s: expected opencl:P:D (see hetlane devices)", args);
    memcpy(p, args, len);
    p[len] = '\0';
    int64_t pv, dv;
    snprintf(what, sizeof what, "--backend opencl:%s platform", args);
    if (hl_parse_i64(p, what, 0, 1 << 20, &pv, err) != 0)
        return -1;
    snprintf(what, sizeof what, "--backend opencl:%s device", args);
    if (hl_parse_i64(colon + 1, what, 0, 1 << 20, &dv, err) != 0)
        return -1;
    *platform = (int)pv;
    *device = (int)dv;
    return 0;
}

static int opencl_expand(const char *args, struct hl_backend_config *out, size_t room,
                         size_t *count, struct hl_error *err) {
    *count = 0;
    int platform = -1, device = -1;
    if (args != NULL && parse_index(args, &platform, &device, err) != 0)
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
            fill_config(&out[(*count)++], &inv.devices[i]);
    } else {
        const struct hl_cl_device *d = hl_cl_inventory_find(&inv, platform, device);
        if (d == NULL)
            rc = hl_error_set(err, HL_ERR_USAGE,
                              "--backend opencl:%s: no OpenCL device %d:%d on this machine "
                              "(%d found; see hetlane devices)",
                              args, platform, device, inv.ndevices);
        else if (room == 0)
            rc = hl_error_set(err, HL_ERR_USAGE, "--backend opencl:%s: too many configurations",
                              args);
        else
            fill_config(&out[(*count)++], d);
    }
    hl_cl_inventory_free(&inv);
    return rc;
}

static void opencl_close(void *state) {
    struct opencl_state *st = state;
    if (st == NULL)
        return;
    hl_cl_runner_close(st->runner);
    hl_cl_session_close(&st->session);
    free(st);
}

static int opencl_open(const struct hl_backend_config *cfg, struct hl_work *work, void **state,
                       struct hl_error *err) {
    const struct hl_cl_job *job = NULL;
    for (size_t i = 0; i < sizeof jobs / sizeof jobs[0]; i++) {
        if (jobs[i]->workload == work->wl)
            job = jobs[i];
    }
    if (job == NULL)
        return hl_error_set(err, HL_ERR_RUNTIME, "skipped: %s cannot run %s", cfg->label,
                            work->wl->name);
    struct opencl_state *st = hl_calloc(1, sizeof *st);
    if (st == NULL)
        return hl_error_set(err, HL_ERR_RUNTIME, "%s: out of memory", cfg->label);
    if (hl_cl_session_open(&st->session, cfg->platform, cfg->device, cfg->workers, err) != 0 ||
        hl_cl_runner_open(&st->session, job, work, &st->runner, err) != 0) {
        opencl_close(st);
        return -1;
    }
    *state = st;
    return 0;
}

static int opencl_run(void *state, const struct hl_backend_config *cfg, struct hl_work *work,
                      struct hl_task_record *recs, struct hl_error *err) {
    struct opencl_state *st = state;
    if (hl_interrupted()) /* a run is short: checked between runs only */
        return hl_error_set(err, HL_ERR_RUNTIME, "%s: interrupted", cfg->label);
    return hl_cl_runner_run(&st->session, st->runner, work, recs, err);
}

const struct hl_backend hl_backend_opencl = {
    .name = "opencl",
    .summary = "an OpenCL device (opencl:P:D from `hetlane devices`; bare opencl: every one)",
    .kinds = HL_KIND_COMPUTE,
    .takes_workers = false,
    .default_workers = HL_CL_MAX_QUEUES,
    .expand = opencl_expand,
    .open = opencl_open,
    .run = opencl_run,
    .close = opencl_close,
};
