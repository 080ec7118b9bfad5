/* mpi:SPEC on rank 0: opens SPEC on every rank, then each run hands the
 * tasks out in chunks (one task per local worker) to whichever rank asks
 * first, so a slow rank takes fewer; rank 0 runs its own share on a
 * thread of its own while its main thread serves the others. Records come
 * back on each rank's clock and are put on rank 0's by the offsets
 * measured at the start and again before the run, untimed
 * (model/clock_sync.h); each remote
 * chunk's first task gets a scatter phase (ASSIGN sent to arrival) and its
 * last a gather phase (DONE sent to arrival). */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "backends/mpi/mpi.h"
#include "backends/mpi/mpi_proto.h"
#include "util/alloc.h"
#include "util/interrupt.h"
#include "util/timing.h"

#define CLOCK_PINGS 20 /* before each run; the session's start makes 40 */

struct chunk_log {
    int rank;
    int64_t a, b;
    int64_t first_rec, nrecs;    /* where its records went in the run's */
    int64_t sent_ns, arrived_ns; /* rank 0's clock */
    int64_t remote_recv_ns, remote_send_ns;
    int64_t in_bytes, out_bytes;
};

struct mpi_state {
    int64_t id;              /* names this configuration in every message */
    struct hl_mpi_exec exec; /* rank 0's own share */
    int size;
    int64_t run;
    /* One run's shared state between the dispatcher and rank 0's thread. */
    pthread_mutex_t lock;
    int64_t next, ntasks, chunk;
    struct hl_work *work;
    struct hl_task_record *recs;
    int local_rc;
    struct hl_error local_err;
    struct chunk_log *log;
    size_t nlog;
    /* The local backend is a join: a chunk's records are the join's own
     * chunks, fewer than its tasks, appended in arrival order (nrec so
     * far); otherwise task t's record is recs[t]. */
    bool joined;
    int64_t nrec;
};

/* Puts a chunk's n records (bytes, as a message carries them: maybe
 * unaligned) into the run's: at recs[a] (one per task), or appended (a
 * join's, numbered in order). Returns where they went. */
static int64_t place_records(struct mpi_state *st, int64_t a, const void *recs, int64_t n) {
    pthread_mutex_lock(&st->lock);
    int64_t first = st->joined ? st->nrec : a;
    st->nrec += st->joined ? n : 0;
    pthread_mutex_unlock(&st->lock);
    memcpy(&st->recs[first], recs, (size_t)n * sizeof *st->recs);
    for (int64_t i = 0; st->joined && i < n; i++)
        st->recs[first + i].task = (int32_t)(first + i);
    return first;
}

/* Takes the next chunk: [*a, *b), false when none is left. */
static bool take(struct mpi_state *st, int64_t *a, int64_t *b) {
    pthread_mutex_lock(&st->lock);
    *a = st->next;
    *b = *a + st->chunk < st->ntasks ? *a + st->chunk : st->ntasks;
    st->next = *b;
    pthread_mutex_unlock(&st->lock);
    return *b > *a;
}

/* Rank 0's share, on its own thread (no MPI calls here). */
static void *local_share(void *arg) {
    struct mpi_state *st = arg;
    size_t out_cap = 0;
    char *out = NULL;
    int64_t a, b;
    while (!hl_interrupted() && st->local_rc == 0 && take(st, &a, &b)) {
        struct hl_error e = {0};
        int rc = hl_mpi_exec_chunk(&st->exec, 0, a, b, &e);
        place_records(st, a, st->exec.recs, st->exec.nrecs);
        size_t need = hl_mpi_chunk_bytes(st->work, a, b, false);
        if (need > out_cap) {
            free(out);
            out_cap = need;
            out = hl_malloc(out_cap);
        }
        if (out == NULL) {
            rc = hl_error_set(&e, HL_ERR_RUNTIME, "mpi: cannot allocate %zu bytes", need);
            out_cap = 0;
        } else {
            hl_mpi_exec_get_outputs(&st->exec, a, b, out);
            hl_mpi_put(st->work, a, b, false, out);
        }
        if (rc != 0) {
            st->local_err = e;
            st->local_rc = -1;
        }
    }
    free(out);
    return NULL;
}

static int mpi_open(const struct hl_backend_config *cfg, struct hl_work *work, void **state,
                    struct hl_error *err) {
    struct mpi_state *st = hl_calloc(1, sizeof *st);
    if (st == NULL)
        return hl_error_set(err, HL_ERR_RUNTIME, "mpi: cannot allocate its state");
    *state = st;
    static int64_t next_id; /* configurations are opened on the main thread only */
    st->id = ++next_id;
    pthread_mutex_init(&st->lock, NULL);
    st->size = hl_mpi_size();
    if ((int64_t)st->size * cfg->workers > HL_MAX_WORKERS)
        return hl_error_set(err, HL_ERR_USAGE, "%s: %d ranks x %d workers is over %d lanes",
                            cfg->label, st->size, cfg->workers, HL_MAX_WORKERS);
    struct hl_backend_config local = *cfg;
    local.backend = cfg->local;
    local.local = NULL;
    snprintf(local.label, sizeof local.label, "%s", cfg->label + strlen("mpi:"));
    struct hl_mpi_open *o = hl_calloc(1, sizeof *o);
    if (o == NULL)
        return hl_error_set(err, HL_ERR_RUNTIME, "mpi: cannot allocate its state");
    snprintf(o->workload, sizeof o->workload, "%s", work->wl->name);
    snprintf(o->backend, sizeof o->backend, "%s", local.backend->name);
    for (int p = 0; p < local.nparts; p++) /* a join: who joins, by name */
        snprintf(o->part_backend[p], sizeof o->part_backend[p], "%s", local.parts[p].backend->name);
    st->joined = local.nparts > 0;
    o->params = work->params;
    o->params.io.url = o->params.io.builtin_url = NULL;
    if (work->params.io.url != NULL)
        snprintf(o->url, sizeof o->url, "%s", work->params.io.url);
    if (work->params.io.url == NULL && work->wl->report_params != NULL) {
        /* The built-in server runs here (the real work started it). */
        struct hl_param_value v[HL_MAX_REPORTED_PARAMS];
        size_t n = work->wl->report_params(work, v, HL_MAX_REPORTED_PARAMS);
        for (size_t i = 0; i < n; i++) {
            if (strcmp(v[i].key, "url") == 0 && v[i].text != NULL)
                snprintf(o->builtin_url, sizeof o->builtin_url, "%s", v[i].text);
        }
    }
    o->ntasks = work->ntasks;
    o->cfg = local;
    o->cfg.backend = o->cfg.local = NULL;
    for (int p = 0; p < local.nparts; p++)
        o->cfg.parts[p].backend = NULL;
    o->lane_base_per_rank = cfg->workers > 0 ? cfg->workers : 1;
    struct hl_params p = o->params;
    p.io.url = o->url[0] != '\0' ? o->url : NULL;
    p.io.builtin_url = o->builtin_url[0] != '\0' ? o->builtin_url : NULL;
    int rc = hl_mpi_exec_open(&st->exec, &local, work->wl, &p, work->ntasks, err);
    st->exec.lanes = o->lane_base_per_rank;
    for (int r = 1; rc == 0 && r < st->size; r++) {
        struct hl_mpi_msg m = {.op = HL_MPI_OPEN, .config = st->id};
        rc = hl_mpi_send(r, &m, o, sizeof *o, err);
    }
    /* Every rank answers, READY or FAIL, within the timeout. */
    int64_t deadline = hl_now_ns() + (int64_t)(hl_mpi_timeout_s() * 1e9);
    for (int r = 1; rc == 0 && r < st->size; r++) {
        struct hl_mpi_msg m;
        void *payload;
        size_t bytes;
        int got = hl_mpi_wait(r, false, deadline, &m, &payload, &bytes, err);
        if (got == 0)
            rc = hl_error_set(err, HL_ERR_RUNTIME, "mpi: rank %d (host %s) did not open %s", r,
                              hl_mpi_host(r), cfg->label);
        else if (got > 0 && m.op == HL_MPI_FAIL)
            rc = hl_error_set(err, HL_ERR_RUNTIME, "mpi: rank %d (host %s): %.*s", r,
                              hl_mpi_host(r), (int)bytes, payload != NULL ? (char *)payload : "");
        else if (got < 0)
            rc = -1;
        free(payload);
    }
    free(o);
    return rc;
}

/* A rank that broke or went silent: the run cannot finish, and the other
 * ranks would wait on it; say which and end every rank (no file written). */
static void give_up(const char *why) {
    fprintf(stderr, "hetlane: %s\n", why);
    fflush(stderr);
    hl_mpi_abort(HL_ERR_RUNTIME);
}

static int assign(struct mpi_state *st, int r, int64_t *pending_since, struct hl_error *err) {
    int64_t a, b;
    struct hl_mpi_msg m = {.run = st->run, .config = st->id};
    if (!take(st, &a, &b)) {
        m.op = HL_MPI_END;
        pending_since[r] = -1;
        return hl_mpi_send(r, &m, NULL, 0, err);
    }
    m.op = HL_MPI_ASSIGN;
    m.a = a;
    m.b = b;
    size_t in_bytes = hl_mpi_chunk_bytes(st->work, a, b, true);
    char *in = in_bytes > 0 ? hl_malloc(in_bytes) : NULL;
    if (in_bytes > 0 && in == NULL)
        return hl_error_set(err, HL_ERR_RUNTIME, "mpi: cannot allocate %zu bytes", in_bytes);
    if (in != NULL)
        hl_mpi_get(st->work, a, b, true, in);
    struct chunk_log *c = &st->log[st->nlog++];
    *c = (struct chunk_log){.rank = r, .a = a, .b = b, .in_bytes = (int64_t)in_bytes};
    c->sent_ns = pending_since[r] = hl_now_ns();
    int rc = hl_mpi_send(r, &m, in, in_bytes, err);
    free(in);
    return rc;
}

/* A DONE from rank r: its records (its clock) and outputs into place. */
static int take_done(struct mpi_state *st, const struct hl_mpi_msg *m, const char *payload,
                     size_t bytes, struct hl_error *err) {
    int64_t k = m->b - m->a;
    size_t rec_bytes = (size_t)(m->nrecs > 0 ? m->nrecs : 0) * sizeof *st->recs;
    size_t out_bytes = hl_mpi_chunk_bytes(st->work, m->a, m->b, false);
    if (m->a < 0 || m->b > st->ntasks || k <= 0 || bytes < rec_bytes + out_bytes || m->nrecs < 0 ||
        m->nrecs > k || (!st->joined && m->nrecs != k))
        return hl_error_set(err, HL_ERR_RUNTIME, "mpi: rank %d sent a malformed answer", m->rank);
    int64_t first = place_records(st, m->a, payload, m->nrecs);
    hl_mpi_put(st->work, m->a, m->b, false, payload + rec_bytes);
    for (size_t i = st->nlog; i-- > 0;) {
        struct chunk_log *c = &st->log[i];
        if (c->rank == m->rank && c->a == m->a) {
            c->arrived_ns = hl_now_ns();
            c->remote_recv_ns = m->recv_ns;
            c->remote_send_ns = m->send_ns;
            c->out_bytes = (int64_t)(bytes + sizeof *m);
            c->first_rec = first;
            c->nrecs = m->nrecs;
            break;
        }
    }
    if (m->worker_error)
        return hl_error_set(err, HL_ERR_RUNTIME, "rank %d (host %s): %.*s", m->rank,
                            hl_mpi_host(m->rank), (int)(bytes - rec_bytes - out_bytes),
                            payload + rec_bytes + out_bytes);
    return 0;
}

/* Remote records onto rank 0's clock, with their scatter and gather. */
static void to_one_clock(struct mpi_state *st) {
    int64_t nrecs = st->joined ? st->nrec : st->ntasks;
    for (int64_t t = 0; t < nrecs; t++) {
        struct hl_task_record *r = &st->recs[t];
        if (r->rank <= 0 || r->rank >= st->size || (!r->done && r->t0_ns == 0))
            continue;
        const struct hl_clock_fit *s = hl_mpi_clock_start(r->rank),
                                  *e = hl_mpi_clock_latest(r->rank);
        r->t0_ns = hl_clock_to_root(s, e, r->t0_ns);
        r->t1_ns = hl_clock_to_root(s, e, r->t1_ns);
        for (int p = 0; p < r->nphases; p++) {
            r->phases[p].t0_ns = hl_clock_to_root(s, e, r->phases[p].t0_ns);
            r->phases[p].t1_ns = hl_clock_to_root(s, e, r->phases[p].t1_ns);
        }
    }
    for (size_t i = 0; i < st->nlog; i++) {
        const struct chunk_log *c = &st->log[i];
        if (c->arrived_ns == 0 || c->nrecs == 0)
            continue;
        const struct hl_clock_fit *s = hl_mpi_clock_start(c->rank),
                                  *e = hl_mpi_clock_latest(c->rank);
        struct hl_task_record *first = &st->recs[c->first_rec],
                              *last = &st->recs[c->first_rec + c->nrecs - 1];
        int64_t got = hl_clock_to_root(s, e, c->remote_recv_ns);
        int64_t sent = hl_clock_to_root(s, e, c->remote_send_ns);
        /* Clock error can put arrival a hair before sending: clamp. */
        got = got > c->sent_ns ? got : c->sent_ns;
        sent = sent < c->arrived_ns ? sent : c->arrived_ns;
        hl_task_add_phase(first, HL_PHASE_SCATTER, c->sent_ns, got);
        first->t0_ns = c->sent_ns < first->t0_ns ? c->sent_ns : first->t0_ns;
        first->comm_bytes += c->in_bytes + (int64_t)sizeof(struct hl_mpi_msg);
        hl_task_add_phase(last, HL_PHASE_GATHER, sent, c->arrived_ns);
        last->t1_ns = c->arrived_ns > last->t1_ns ? c->arrived_ns : last->t1_ns;
        last->comm_bytes += c->out_bytes;
    }
}

/* Serves the other ranks until each has been told END, then measures
 * their clocks again. Returns -1 with err filled when a rank broke. */
static int dispatch(struct mpi_state *st, int64_t *pending_since, struct hl_error *err) {
    int waiting = st->size - 1; /* ranks not yet told END */
    int64_t timeout_ns = (int64_t)(hl_mpi_timeout_s() * 1e9);
    while (waiting > 0) {
        struct hl_mpi_msg m;
        void *payload;
        size_t bytes;
        int got = hl_mpi_wait(-1 /* MPI_ANY_SOURCE */, false, hl_now_ns() + 1000000, &m, &payload,
                              &bytes, err);
        if (got < 0)
            return -1;
        int rc = 0;
        if (got > 0 && m.run == st->run && m.config == st->id && m.rank > 0 && m.rank < st->size) {
            if (m.op == HL_MPI_FAIL)
                rc = hl_error_set(err, HL_ERR_RUNTIME, "rank %d (host %s): %.*s", m.rank,
                                  hl_mpi_host(m.rank), (int)bytes,
                                  payload != NULL ? (char *)payload : "");
            else if (m.op == HL_MPI_DONE)
                rc = take_done(st, &m, payload, bytes, err);
            if (rc == 0 && (m.op == HL_MPI_DONE || m.op == HL_MPI_READY)) {
                rc = assign(st, m.rank, pending_since, err);
                waiting -= pending_since[m.rank] < 0;
            }
        }
        free(payload);
        if (rc != 0)
            return -1;
        if (hl_interrupted())
            return hl_error_set(err, HL_ERR_RUNTIME, "mpi: interrupted");
        int64_t now = hl_now_ns();
        for (int r = 1; r < st->size; r++) {
            if (pending_since[r] >= 0 && now - pending_since[r] > timeout_ns)
                return hl_error_set(err, HL_ERR_RUNTIME,
                                    "rank %d (host %s) did not answer for %.0f s (hung or dead); "
                                    "HETLANE_MPI_TIMEOUT sets the limit",
                                    r, hl_mpi_host(r), hl_mpi_timeout_s());
        }
    }
    return 0;
}

static int mpi_run(void *state, const struct hl_backend_config *cfg, struct hl_work *work,
                   struct hl_task_record *recs, struct hl_error *err) {
    struct mpi_state *st = state;
    st->run++;
    st->work = work;
    st->recs = recs;
    st->ntasks = work->ntasks;
    st->next = 0;
    st->chunk = cfg->workers > 0 ? cfg->workers : 1;
    st->local_rc = 0;
    st->nlog = 0;
    st->nrec = 0;
    st->log = hl_calloc((size_t)st->ntasks, sizeof *st->log);
    int64_t *pending = hl_calloc((size_t)st->size, sizeof *pending);
    if (st->log == NULL || pending == NULL) {
        free(st->log);
        free(pending);
        return hl_error_set(err, HL_ERR_RUNTIME, "mpi: cannot allocate the run's bookkeeping");
    }
    int rc = hl_mpi_exec_begin(&st->exec, err);
    int64_t now = hl_now_ns();
    for (int r = 1; rc == 0 && r < st->size; r++) {
        struct hl_mpi_msg m = {.op = HL_MPI_RUN, .run = st->run, .config = st->id};
        pending[r] = now; /* owes a READY */
        rc = hl_mpi_send(r, &m, NULL, 0, err);
    }
    pthread_t helper;
    bool started = rc == 0 && pthread_create(&helper, NULL, local_share, st) == 0;
    if (rc == 0 && !started)
        local_share(st); /* no thread: rank 0 does its share first */
    if (rc == 0)
        rc = dispatch(st, pending, err);
    if (started)
        pthread_join(helper, NULL);
    if (rc != 0 && !hl_interrupted()) {
        char why[HL_ERROR_MSG_MAX + 64];
        snprintf(why, sizeof why, "%s; ending every rank", err->msg);
        give_up(why);
    }
    if (rc == 0)
        to_one_clock(st);
    if (st->joined) /* the experiment keeps this many records (rounds.c) */
        work->nrecords = st->nrec;
    if (rc == 0 && st->local_rc != 0)
        rc = hl_error_set(err, HL_ERR_RUNTIME, "rank 0: %s", st->local_err.msg);
    free(st->log);
    st->log = NULL;
    free(pending);
    return rc;
}

/* Before every run, untimed (backend.h): each rank's clock again, so the
 * run's records are mapped on the line through the session's start and
 * this exchange (the drift since the start corrected). */
static int mpi_refresh(void *state, struct hl_work *work, struct hl_error *err) {
    struct mpi_state *st = state;
    (void)work;
    for (int r = 1; r < st->size; r++) {
        struct hl_clock_fit fit;
        if (hl_mpi_clock_measure(r, CLOCK_PINGS, &fit, err) != 0)
            return -1;
        (void)hl_mpi_clock_set_latest(r, &fit); /* a poor exchange keeps the last good one */
    }
    return 0;
}

static void mpi_close(void *state) {
    struct mpi_state *st = state;
    if (st == NULL)
        return;
    struct hl_error err = {0};
    for (int r = 1; r < st->size; r++) {
        struct hl_mpi_msg m = {.op = HL_MPI_CLOSE, .config = st->id};
        if (hl_mpi_send(r, &m, NULL, 0, &err) != 0)
            break;
    }
    hl_mpi_exec_close(&st->exec);
    pthread_mutex_destroy(&st->lock);
    free(st);
}

const struct hl_backend hl_backend_mpi = {
    .name = "mpi",
    .summary = "under mpirun: every rank runs its share of the tasks on SPEC (mpi:SPEC); "
               "rank 0 hands them out and writes one result",
    .kinds = HL_KIND_COMPUTE | HL_KIND_IO,
    .open = mpi_open,
    .refresh = mpi_refresh,
    .run = mpi_run,
    .close = mpi_close,
};
