/* The mpi: backend's inside: the session (ranks, hosts, clocks), the
 * messages between rank 0 and the other ranks, and the executor that runs
 * a chunk of tasks on a rank's local backend. Only backends/mpi/ sees it.
 *
 * Protocol (rank 0 drives; every message is a struct hl_mpi_msg header,
 * then a payload):
 *   OPEN  0->r  payload struct hl_mpi_open: workload, params, local config
 *   READY r->0  opened, or ready for a run's first chunk (after RUN)
 *   RUN   0->r  a run starts: poison the outputs, then ask (READY)
 *   ASSIGN 0->r tasks [a, b) of run `run`, payload their inputs (square)
 *   DONE  r->0  [a, b) done: payload `nrecs` task records (b-a, or a
 *               join's chunks: fewer), then the outputs of [a, b); also
 *               asks for the next chunk
 *   END   0->r  no more tasks in this run
 *   SYNC  0->r  clock pings follow (`a` at most): answer each at once
 *   PING  0->r  `b` = 1 on the last / CLOCK r->0, `a` = the rank's clock
 *   CLOSE 0->r  the configuration is done
 *   QUIT  0->r  the session ends; `a` = the exit status
 *   FAIL  r->0  payload: why (opening or a run broke on that rank)
 * Every message carries the configuration's number (config): rank 0 may
 * hold several mpi: configurations open and interleave their runs.
 * Every wait polls with a deadline (hl_mpi_wait), so a rank that stops
 * answering is reported, never waited on forever. */
#ifndef HL_BACKENDS_MPI_PROTO_H
#define HL_BACKENDS_MPI_PROTO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "backends/backend.h"
#include "model/clock_sync.h"

enum hl_mpi_op {
    HL_MPI_OPEN = 1,
    HL_MPI_READY,
    HL_MPI_RUN,
    HL_MPI_ASSIGN,
    HL_MPI_DONE,
    HL_MPI_END,
    HL_MPI_SYNC,
    HL_MPI_PING,
    HL_MPI_CLOCK,
    HL_MPI_CLOSE,
    HL_MPI_QUIT,
    HL_MPI_FAIL,
};

#define HL_MPI_TAG_CMD 7101   /* rank 0 -> rank r */
#define HL_MPI_TAG_REPLY 7102 /* rank r -> rank 0 */

struct hl_mpi_msg {
    int32_t op;
    int32_t rank;         /* sender */
    int64_t run;          /* run number the message belongs to */
    int64_t a, b;         /* task range, or an op's numbers */
    int64_t recv_ns;      /* the sender's clock when the ASSIGN it answers arrived */
    int64_t send_ns;      /* the sender's clock when it sent this */
    int64_t worker_error; /* DONE: 1 when the local run broke (payload ends with why) */
    int64_t config;       /* which open mpi: configuration (rank 0 may hold several open) */
    int64_t nrecs;        /* DONE: task records that follow (a join: its chunks, b-a at most) */
};

#define HL_MPI_URL_MAX 512
struct hl_mpi_open {
    char workload[32];
    struct hl_params params;          /* its pointers are not sent: the URLs follow */
    char url[HL_MPI_URL_MAX];         /* --url, or "" */
    char builtin_url[HL_MPI_URL_MAX]; /* rank 0's built-in server, or "" */
    int64_t ntasks;
    char backend[32]; /* local backend's name; the config's pointers are not sent */
    char part_backend[HL_JOIN_MAX_PARTS][32]; /* a join's: each participant's backend */
    struct hl_backend_config cfg;
    int32_t lane_base_per_rank; /* lanes (workers) each rank has */
};

/* Session (mpi_session.c). */
int hl_mpi_rank(void);
int hl_mpi_size(void);
const char *hl_mpi_host(int rank); /* "" before hl_mpi_start */
/* Seconds a rank may stay silent while it owes rank 0 an answer. */
double hl_mpi_timeout_s(void);

/* Watchdog (mpi_watchdog.c) for a call that takes no deadline (MPI_Init,
 * a collective, MPI_Finalize): past `seconds` it prints one line naming
 * `what` and the rank (-1: not known yet) and ends this process with
 * status 1, which mpirun takes as a failure and ends every rank. Arm
 * returns -1 with err filled when no thread can watch; disarm after the
 * call, before arming again. `what` must outlive the call. */
int hl_mpi_watchdog_arm(const char *what, int rank, double seconds, struct hl_error *err);
void hl_mpi_watchdog_disarm(void);

/* Sends header + payload to `to` (tag by direction). -1 on an MPI error. */
int hl_mpi_send(int to, const struct hl_mpi_msg *m, const void *payload, size_t bytes,
                struct hl_error *err);
/* Waits for the next message from `from` (MPI_ANY_SOURCE: anyone) with
 * the tag of its direction, until deadline_ns (hl_now_ns clock), polling
 * with a short sleep unless `spin`. Returns 1 with *m filled and the
 * payload in *payload (malloc'd, caller frees; NULL when none) and
 * *bytes, 0 at the deadline or when interrupted, -1 on an error. */
int hl_mpi_wait(int from, bool spin, int64_t deadline_ns, struct hl_mpi_msg *m, void **payload,
                size_t *bytes, struct hl_error *err);

/* Rank 0: measures rank r's clock: at least n ping-pongs, more (up to
 * 50 ms) while the best round trip is over 40 us; the best is kept. */
int hl_mpi_clock_measure(int r, int n, struct hl_clock_fit *fit, struct hl_error *err);
/* The fits kept: the first (session start) and the latest. */
const struct hl_clock_fit *hl_mpi_clock_start(int r);
const struct hl_clock_fit *hl_mpi_clock_latest(int r);
/* Keeps fit as rank r's latest, unless its round trip is far worse than
 * the start's (then false, and the previous latest stays). */
bool hl_mpi_clock_set_latest(int r, const struct hl_clock_fit *fit);
/* A rank's answer to SYNC: each ping answered at once, until the one
 * rank 0 marks as its last (b = 1), `most` at the outside. */
int hl_mpi_clock_answer(int most, struct hl_error *err);

/* Executor (mpi_exec.c): one rank's local backend and its own copy of the
 * workload, running chunks of the global task list. */
struct hl_mpi_exec {
    struct hl_backend_config cfg; /* the local configuration */
    struct hl_work work;          /* this rank's copy, prepared for ntasks */
    void *state;                  /* the local backend's */
    bool opened;
    bool view; /* a CPU backend: runs the chunk's real task indices */
    struct hl_workload view_wl;
    struct hl_task_record *recs; /* shared memory, ntasks */
    int64_t ntasks;
    int64_t *map;  /* view: chunk index -> task */
    int lanes;     /* workers of one rank */
    int64_t nrecs; /* records the last chunk left in recs */
};

/* Prepares x for workload wl, params p and ntasks tasks on the local
 * config `local` (its backend must run wl: else a note in err, usage).
 * Untimed. On failure nothing is left made. */
int hl_mpi_exec_open(struct hl_mpi_exec *x, const struct hl_backend_config *local,
                     const struct hl_workload *wl, const struct hl_params *p, int64_t ntasks,
                     struct hl_error *err);
/* Before a run: poisons this rank's outputs. */
int hl_mpi_exec_begin(struct hl_mpi_exec *x, struct hl_error *err);
/* Runs tasks [a, b) (inputs, when the workload has any, already in place)
 * and fills x->recs[0 .. x->nrecs) with their records: one per task (task
 * = the real index) or, for a join, one per chunk it made (task = its
 * number within [a, b), lo/hi its range of the real index space); worker
 * = rank * lanes + local worker, rank. -1 with err filled when the local
 * run broke; the records then say which tasks did not finish. */
int hl_mpi_exec_chunk(struct hl_mpi_exec *x, int rank, int64_t a, int64_t b, struct hl_error *err);
/* Bytes the inputs or outputs of tasks [a, b) take, and copies of them:
 * out of x's copy (chunk order), or into the work `w` (the real one on
 * rank 0). The view runs real indices; other backends ran the chunk as
 * tasks 0 .. b-a-1 of their copy (interchangeable tasks only). */
size_t hl_mpi_chunk_bytes(struct hl_work *w, int64_t a, int64_t b, bool inputs);
void hl_mpi_exec_get_outputs(struct hl_mpi_exec *x, int64_t a, int64_t b, char *buf);
void hl_mpi_put(struct hl_work *w, int64_t a, int64_t b, bool inputs, const char *buf);
void hl_mpi_get(struct hl_work *w, int64_t a, int64_t b, bool inputs, char *buf);
void hl_mpi_exec_close(struct hl_mpi_exec *x);

#endif
