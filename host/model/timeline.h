/* Task records: what ran, on which worker, from when to when, and how it
 * ended. Records are fixed-size plain data so that fork() children can
 * write them straight into shared memory. */
#ifndef HL_TIMELINE_H
#define HL_TIMELINE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* The parts a task may be split into. OpenCL fills h2d/kernel/d2h (or
 * kernel/map when the kernel works on host memory in place); fetch fills
 * connect/wait/transfer. New kinds go last: results.json names them. */
enum hl_phase_kind {
    HL_PHASE_H2D,
    HL_PHASE_KERNEL,
    HL_PHASE_D2H,
    HL_PHASE_CONNECT,
    HL_PHASE_WAIT,
    HL_PHASE_TRANSFER,
    HL_PHASE_MAP,     /* OpenCL zero-copy: map and unmap of results in place */
    HL_PHASE_SCATTER, /* mpi: a task's inputs from rank 0 to the rank that runs it */
    HL_PHASE_GATHER,  /* mpi: its outputs and record back to rank 0 */
    HL_PHASE_COUNT
};

/* Workers of one configuration at most (threads, processes, queues or
 * transfers in flight): a record's worker index is below it. */
#define HL_MAX_WORKERS 256
#define HL_MAX_PHASES 4
#define HL_TASK_ERROR_MAX 120

struct hl_phase {
    int32_t kind; /* enum hl_phase_kind */
    int64_t t0_ns, t1_ns;
};

struct hl_task_record {
    int32_t task;   /* task index, 0..T-1 */
    int32_t worker; /* thread, process or queue index that ran it */
    int64_t t0_ns;  /* while running: CLOCK_MONOTONIC; in results: from run start */
    int64_t t1_ns;
    bool done; /* the task was attempted to the end (ok or not) */
    bool ok;
    int32_t nphases;
    struct hl_phase phases[HL_MAX_PHASES];
    int32_t http_status;           /* fetch only, else 0 */
    int32_t rank;                  /* mpi: the MPI rank that ran it, else 0 */
    int64_t bytes;                 /* bytes produced or received by the task */
    char error[HL_TASK_ERROR_MAX]; /* empty when ok */
    /* A join's chunk (backends/join.h): the range [lo, hi) of the
     * workload's index space it covered; lo = hi = 0 for every other task. */
    int64_t lo, hi;
    int64_t comm_bytes; /* mpi: bytes it sent between ranks (scatter + gather) */
};

/* Name of a phase kind ("h2d", ...), or NULL when out of range. */
const char *hl_phase_name(int kind);

/* Phase kind for a name, or -1 when unknown. */
int hl_phase_from_name(const char *name);

/* Marks a record as started by `worker` now. */
void hl_task_begin(struct hl_task_record *rec, int worker);

/* Marks a record as finished now; `error` NULL or "" means ok. */
void hl_task_end(struct hl_task_record *rec, const char *error);

/* Appends a phase; silently drops phases past HL_MAX_PHASES. */
void hl_task_add_phase(struct hl_task_record *rec, enum hl_phase_kind kind, int64_t t0_ns,
                       int64_t t1_ns);

/* Resets `n` records to "not run" with their task indices set. */
void hl_timeline_reset(struct hl_task_record *recs, size_t n);

/* Rebases every time in `recs` to be relative to origin_ns. */
void hl_timeline_rebase(struct hl_task_record *recs, size_t n, int64_t origin_ns);

#endif
