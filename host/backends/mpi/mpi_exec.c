/* One rank's local backend running chunks of the global task list. A CPU
 * backend (serial, pthread, fork) runs a chunk through a view of the
 * workload whose task j is the chunk's real task a + j, so every task
 * works on its own data; any other backend (OpenCL, curl-multi, a join)
 * runs the chunk as tasks 0 .. b-a-1 of its copy, which is the same work
 * only when tasks are interchangeable (no task_inputs: sum, fetch). */
#include <stdlib.h>
#include <string.h>

#include "backends/mpi/mpi_proto.h"
#include "model/backend_traits.h"
#include "util/alloc.h"
#include "util/shared_mem.h"

struct view_state {
    struct hl_work *real;
    const int64_t *map;
};

/* The view's task j is the real work's task map[j]. */
static int view_run_task(struct hl_work *w, int64_t task, struct hl_task_record *rec) {
    const struct view_state *v = w->state;
    return v->real->wl->run_task(v->real, v->map[task], rec);
}

static bool runs_tasks_on_cpu(const struct hl_backend *be) {
    enum hl_backend_family f = hl_backend_traits_of(be->name)->family;
    return f == HL_FAMILY_SERIAL || f == HL_FAMILY_THREADS || f == HL_FAMILY_PROCESSES;
}

int hl_mpi_exec_open(struct hl_mpi_exec *x, const struct hl_backend_config *local,
                     const struct hl_workload *wl, const struct hl_params *p, int64_t ntasks,
                     struct hl_error *err) {
    memset(x, 0, sizeof *x);
    x->cfg = *local;
    x->cfg.local = NULL;
    x->ntasks = ntasks;
    x->lanes = local->workers > 0 ? local->workers : 1;
    const struct hl_backend *be = local->backend;
    if ((be->kinds & wl->kind) == 0)
        return hl_error_set(err, HL_ERR_USAGE, "skipped: %s cannot run %s", be->name, wl->name);
    x->view = runs_tasks_on_cpu(be);
    if (!x->view && wl->task_inputs != NULL)
        return hl_error_set(err, HL_ERR_USAGE,
                            "skipped: mpi:%s cannot run %s: its tasks read different data, and "
                            "only serial, pthread and fork run a rank's share of them",
                            local->label, wl->name);
    if (wl->task_outputs == NULL)
        return hl_error_set(err, HL_ERR_USAGE, "skipped: %s cannot run across ranks", wl->name);
    size_t rec_bytes = (size_t)ntasks * sizeof *x->recs;
    x->recs = hl_shared_alloc(rec_bytes, "task records", err);
    x->map = hl_calloc((size_t)ntasks, sizeof *x->map);
    if (x->recs == NULL || x->map == NULL) {
        hl_mpi_exec_close(x);
        return hl_error_set(err, HL_ERR_RUNTIME, "mpi: cannot allocate %lld task records",
                            (long long)ntasks);
    }
    const struct hl_host_memory *memory = NULL;
    if (x->cfg.own_memory && be->open_memory != NULL &&
        be->open_memory(&x->cfg, &x->state, &memory, err) != 0) {
        hl_mpi_exec_close(x);
        return -1;
    }
    if (hl_work_prepare(&x->work, wl, p, ntasks, memory, err) != 0) {
        if (be->close != NULL)
            be->close(x->state);
        x->state = NULL;
        hl_mpi_exec_close(x);
        return -1;
    }
    x->work.ntasks = ntasks;
    if (be->open != NULL && be->open(&x->cfg, &x->work, &x->state, err) != 0) {
        hl_work_release(&x->work);
        if (x->state != NULL && be->close != NULL)
            be->close(x->state);
        x->state = NULL;
        hl_mpi_exec_close(x);
        return -1;
    }
    x->opened = true;
    x->view_wl = *wl;
    x->view_wl.run_task = view_run_task;
    return 0;
}

int hl_mpi_exec_begin(struct hl_mpi_exec *x, struct hl_error *err) {
    x->work.ntasks = x->ntasks;
    x->work.wl->reset(&x->work);
    const struct hl_backend *be = x->cfg.backend;
    return be->refresh != NULL ? be->refresh(x->state, &x->work, err) : 0;
}

int hl_mpi_exec_chunk(struct hl_mpi_exec *x, int rank, int64_t a, int64_t b, struct hl_error *err) {
    int64_t k = b - a;
    hl_timeline_reset(x->recs, (size_t)k);
    int rc;
    if (x->view) {
        for (int64_t j = 0; j < k; j++)
            x->map[j] = a + j;
        struct view_state vs = {.real = &x->work, .map = x->map};
        x->work.ntasks = x->ntasks; /* the real task's chunk bounds */
        struct hl_work view = x->work;
        view.wl = &x->view_wl;
        view.state = &vs;
        view.ntasks = k;
        rc = x->cfg.backend->run(x->state, &x->cfg, &view, x->recs, err);
    } else {
        x->work.ntasks = k;
        x->work.nrecords = 0;
        rc = x->cfg.backend->run(x->state, &x->cfg, &x->work, x->recs, err);
        x->work.ntasks = x->ntasks;
    }
    /* A join records its chunks (nrecords of them) over the index space
     * of the k tasks it ran as 0 .. k-1: moved to the chunk's place. Only
     * interchangeable tasks run that way (sum: a task is a unit). */
    bool chunks = !x->view && x->work.nrecords > 0;
    x->nrecs = chunks ? x->work.nrecords : k;
    for (int64_t j = 0; j < x->nrecs; j++) {
        struct hl_task_record *r = &x->recs[j];
        if (chunks) {
            r->lo += a;
            r->hi += a;
        } else {
            r->task = (int32_t)(a + j);
        }
        r->rank = rank;
        if (r->worker >= 0)
            r->worker += rank * x->lanes;
    }
    return rc;
}

size_t hl_mpi_chunk_bytes(struct hl_work *w, int64_t a, int64_t b, bool inputs) {
    void *(*slice)(struct hl_work *, int64_t, size_t *) =
        inputs ? w->wl->task_inputs : w->wl->task_outputs;
    size_t total = 0;
    for (int64_t t = a; slice != NULL && t < b; t++) {
        size_t n = 0;
        slice(w, t, &n);
        total += n;
    }
    return total;
}

/* Copies the slices of tasks [a, b) between w and buf, either way. */
static void copy_slices(struct hl_work *w, int64_t a, int64_t b, bool inputs, char *buf,
                        bool into_work) {
    void *(*slice)(struct hl_work *, int64_t, size_t *) =
        inputs ? w->wl->task_inputs : w->wl->task_outputs;
    for (int64_t t = a; slice != NULL && t < b; t++) {
        size_t n = 0;
        char *p = slice(w, t, &n);
        if (into_work)
            memcpy(p, buf, n);
        else
            memcpy(buf, p, n);
        buf += n;
    }
}

void hl_mpi_put(struct hl_work *w, int64_t a, int64_t b, bool inputs, const char *buf) {
    copy_slices(w, a, b, inputs, (char *)buf, true);
}

void hl_mpi_get(struct hl_work *w, int64_t a, int64_t b, bool inputs, char *buf) {
    copy_slices(w, a, b, inputs, buf, false);
}

void hl_mpi_exec_get_outputs(struct hl_mpi_exec *x, int64_t a, int64_t b, char *buf) {
    /* Interchangeable tasks ran as 0 .. b-a-1 of this copy. */
    int64_t first = x->view ? a : 0;
    hl_mpi_get(&x->work, first, first + (b - a), false, buf);
}

void hl_mpi_exec_close(struct hl_mpi_exec *x) {
    if (x->opened) {
        hl_work_release(&x->work);
        if (x->cfg.backend->close != NULL)
            x->cfg.backend->close(x->state);
    }
    x->opened = false;
    if (x->recs != NULL)
        hl_shared_free(x->recs, (size_t)x->ntasks * sizeof *x->recs);
    free(x->map);
    x->recs = NULL;
    x->map = NULL;
}
