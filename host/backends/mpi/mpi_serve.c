/* Ranks other than 0: serve rank 0 until it ends the session. Each rank
 * keeps its own copy of the workload (inputs generated the same way, or
 * received with each chunk: square's x), runs the chunks it is handed on
 * its local backend, and sends back the task records and the outputs for
 * rank 0 to verify. It writes no file. */
#include <stdlib.h>
#include <string.h>

#include "backends/join.h"
#include "backends/mpi/mpi.h"
#include "backends/mpi/mpi_proto.h"
#include "util/alloc.h"
#include "util/interrupt.h"
#include "util/timing.h"

/* One configuration rank 0 has open here: rounds open a window of
 * configurations at once and interleave their runs, so several can be. */
struct server {
    int64_t id; /* rank 0's number for it (struct hl_mpi_msg.config) */
    struct hl_mpi_exec exec;
    bool open;
    struct hl_mpi_open o; /* what it was opened with (the URLs live here) */
    int rank;
};

static int reply_to(const struct server *s, int op, int64_t run, const char *why,
                    struct hl_error *err) {
    struct hl_mpi_msg m = {
        .op = op, .rank = hl_mpi_rank(), .run = run, .send_ns = hl_now_ns(), .config = s->id};
    return hl_mpi_send(0, &m, why, why != NULL ? strlen(why) + 1 : 0, err);
}

/* The local configuration's backends again, by the names rank 0 sent: a
 * join (not in the backend table) and each of its participants. */
static int local_backends(struct hl_backend_config *cfg, struct hl_mpi_open *o) {
    cfg->local = NULL;
    if (cfg->nparts < 0 || cfg->nparts > HL_JOIN_MAX_PARTS)
        return -1;
    cfg->backend = cfg->nparts > 0 ? &hl_backend_join : hl_backend_find(o->backend);
    for (int p = 0; p < cfg->nparts; p++) {
        o->part_backend[p][sizeof o->part_backend[p] - 1] = '\0';
        cfg->parts[p].backend = hl_backend_find(o->part_backend[p]);
        if (cfg->parts[p].backend == NULL)
            return -1;
    }
    return cfg->backend != NULL ? 0 : -1;
}

static int on_open(struct server *s, const void *payload, size_t bytes, struct hl_error *err) {
    if (s->id < 0)
        return reply_to(s, HL_MPI_FAIL, 0, "mpi: more configurations open than this rank holds",
                        err);
    if (s->open)
        hl_mpi_exec_close(&s->exec);
    s->open = false;
    if (bytes != sizeof s->o)
        return reply_to(s, HL_MPI_FAIL, 0, "mpi: a malformed OPEN (ranks built differently?)", err);
    memcpy(&s->o, payload, sizeof s->o);
    s->o.workload[sizeof s->o.workload - 1] = '\0';
    s->o.backend[sizeof s->o.backend - 1] = '\0';
    s->o.url[sizeof s->o.url - 1] = '\0';
    s->o.builtin_url[sizeof s->o.builtin_url - 1] = '\0';
    const struct hl_workload *wl = hl_workload_find(s->o.workload);
    struct hl_backend_config cfg = s->o.cfg;
    if (local_backends(&cfg, &s->o) != 0 || wl == NULL)
        return reply_to(s, HL_MPI_FAIL, 0, "mpi: this rank's hetlane lacks the workload or backend",
                        err);
    struct hl_params p = s->o.params;
    p.io.url = s->o.url[0] != '\0' ? s->o.url : NULL;
    p.io.builtin_url = s->o.builtin_url[0] != '\0' ? s->o.builtin_url : NULL;
    struct hl_error why = {0};
    if (hl_mpi_exec_open(&s->exec, &cfg, wl, &p, s->o.ntasks, &why) != 0)
        return reply_to(s, HL_MPI_FAIL, 0, why.msg, err);
    s->exec.lanes = s->o.lane_base_per_rank;
    s->open = true;
    return reply_to(s, HL_MPI_READY, 0, NULL, err);
}

static int on_run(struct server *s, const struct hl_mpi_msg *m, struct hl_error *err) {
    struct hl_error why = {0};
    if (!s->open)
        return reply_to(s, HL_MPI_FAIL, m->run, "mpi: RUN before OPEN", err);
    if (hl_mpi_exec_begin(&s->exec, &why) != 0)
        return reply_to(s, HL_MPI_FAIL, m->run, why.msg, err);
    return reply_to(s, HL_MPI_READY, m->run, NULL, err);
}

/* Runs [a, b), then DONE with the records, the outputs and why the local
 * run broke (if it did). */
static int on_assign(struct server *s, const struct hl_mpi_msg *m, int64_t recv_ns,
                     const void *payload, size_t bytes, struct hl_error *err) {
    int64_t a = m->a, b = m->b, k = b - a;
    if (!s->open || a < 0 || b > s->exec.ntasks || k <= 0)
        return reply_to(s, HL_MPI_FAIL, m->run, "mpi: a bad ASSIGN", err);
    struct hl_work *w = &s->exec.work;
    if (w->wl->task_inputs != NULL) {
        if (bytes != hl_mpi_chunk_bytes(w, a, b, true))
            return reply_to(s, HL_MPI_FAIL, m->run, "mpi: inputs of the wrong size", err);
        hl_mpi_put(w, a, b, true, payload);
    }
    struct hl_error why = {0};
    int rc = hl_mpi_exec_chunk(&s->exec, s->rank, a, b, &why);
    size_t rec_bytes = (size_t)s->exec.nrecs * sizeof *s->exec.recs;
    size_t out_bytes = hl_mpi_chunk_bytes(w, s->exec.view ? a : 0, s->exec.view ? b : k, false);
    size_t why_bytes = rc != 0 ? strlen(why.msg) + 1 : 0;
    char *buf = hl_malloc(rec_bytes + out_bytes + why_bytes + 1);
    if (buf == NULL)
        return reply_to(s, HL_MPI_FAIL, m->run, "mpi: cannot allocate the answer", err);
    memcpy(buf, s->exec.recs, rec_bytes);
    hl_mpi_exec_get_outputs(&s->exec, a, b, buf + rec_bytes);
    if (why_bytes > 0)
        memcpy(buf + rec_bytes + out_bytes, why.msg, why_bytes);
    struct hl_mpi_msg done = {.op = HL_MPI_DONE,
                              .rank = s->rank,
                              .run = m->run,
                              .a = a,
                              .b = b,
                              .recv_ns = recv_ns,
                              .worker_error = rc != 0,
                              .send_ns = hl_now_ns(),
                              .config = s->id,
                              .nrecs = s->exec.nrecs};
    int sent = hl_mpi_send(0, &done, buf, rec_bytes + out_bytes + why_bytes, err);
    free(buf);
    return sent;
}

/* The slot of configuration id, or (open) a free one for it; NULL when
 * there is none. */
static struct server *slot_of(struct server *slots, int64_t id, bool open) {
    struct server *free_slot = NULL;
    for (size_t i = 0; i < HL_MAX_CONFIGS; i++) {
        if (slots[i].open && slots[i].id == id)
            return &slots[i];
        if (!slots[i].open && free_slot == NULL)
            free_slot = &slots[i];
    }
    if (open && free_slot != NULL)
        free_slot->id = id;
    return open ? free_slot : NULL;
}

int hl_mpi_serve(void) {
    int rank = hl_mpi_rank();
    struct server *slots = hl_calloc(HL_MAX_CONFIGS, sizeof *slots);
    struct hl_error err = {0};
    /* Rank 0 may work alone for long (other configurations, charts): a
     * generous but bounded wait; a rank 0 that dies ends the job anyway. */
    double idle_s = hl_mpi_timeout_s() * 30;
    int status = slots == NULL ? HL_ERR_RUNTIME : -1;
    if (slots == NULL)
        fprintf(stderr, "hetlane: rank %d: cannot allocate its configurations\n", rank);
    while (status < 0) {
        struct hl_mpi_msg m;
        void *payload;
        size_t bytes;
        int got = hl_mpi_wait(0, false, hl_now_ns() + (int64_t)(idle_s * 1e9), &m, &payload, &bytes,
                              &err);
        int64_t recv_ns = hl_now_ns();
        if (got <= 0) {
            if (got == 0 && hl_interrupted()) {
                status = 128 + hl_interrupted();
                break;
            }
            if (got == 0)
                hl_error_set(&err, HL_ERR_RUNTIME, "rank 0 (host %s) sent nothing for %.0f s",
                             hl_mpi_host(0), idle_s);
            fprintf(stderr, "hetlane: rank %d (host %s): %s\n", rank, hl_mpi_host(rank), err.msg);
            status = HL_ERR_RUNTIME;
            break;
        }
        struct server none = {.id = m.config, .rank = rank};
        struct server *s = slot_of(slots, m.config, m.op == HL_MPI_OPEN);
        if (s == NULL) { /* not open here (or no room): the handlers say so */
            none.id = m.op == HL_MPI_OPEN ? -1 : m.config;
            s = &none;
        }
        s->rank = rank;
        int rc = 0;
        switch (m.op) {
        case HL_MPI_OPEN: rc = on_open(s, payload, bytes, &err); break;
        case HL_MPI_RUN: rc = on_run(s, &m, &err); break;
        case HL_MPI_ASSIGN: rc = on_assign(s, &m, recv_ns, payload, bytes, &err); break;
        case HL_MPI_SYNC: rc = hl_mpi_clock_answer((int)m.a, &err); break;
        case HL_MPI_CLOSE:
            if (s->open)
                hl_mpi_exec_close(&s->exec);
            s->open = false;
            break;
        case HL_MPI_QUIT: status = (int)m.a; break;
        default: break; /* END, or a stray PING: nothing to do */
        }
        free(payload);
        if (rc != 0) {
            fprintf(stderr, "hetlane: rank %d (host %s): %s\n", rank, hl_mpi_host(rank), err.msg);
            status = HL_ERR_RUNTIME;
        }
    }
    for (size_t i = 0; slots != NULL && i < HL_MAX_CONFIGS; i++) {
        if (slots[i].open)
            hl_mpi_exec_close(&slots[i].exec);
    }
    free(slots);
    return hl_mpi_finish(status);
}
