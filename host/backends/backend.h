/* The backends, as one table of function-pointer structs (see
 * backends/backend_table.c).
 *
 * Timing rule: run() is blocking. It returns only when every task has
 * finished or failed and every worker it made (thread, process, queue) has
 * been joined or reaped, so the caller's clock around run() measures the
 * whole cost, creation and teardown of workers included. */
#ifndef HL_BACKEND_H
#define HL_BACKEND_H

#include <stdbool.h>

#include "model/timeline.h"
#include "util/error.h"
#include "workloads/workload.h"

#define HL_LABEL_MAX 96

struct hl_backend;
struct hl_join_sched; /* backends/join_sched.h */

/* Participants of a join at most (A+B+C+D). */
#define HL_JOIN_MAX_PARTS 4

/* One participant of a join (A+B): what its own configuration would hold. */
struct hl_join_part {
    const struct hl_backend *backend;
    int workers, platform, device;
    char label[64];
    char transfer[16];
    bool own_memory;
};

/* One configuration from a -b spec: a backend and its arguments. */
struct hl_backend_config {
    const struct hl_backend *backend;
    int workers;                    /* W: threads, processes, queues or transfers in flight */
    int platform;                   /* OpenCL platform index, else -1 */
    int device;                     /* OpenCL device index, else -1 */
    char label[HL_LABEL_MAX];       /* "pthread:2", shown in tables and charts */
    char device_name[HL_LABEL_MAX]; /* empty for CPU backends */
    char transfer[16]; /* OpenCL host-memory mode ("pageable", "pinned", "zero-copy"), else "" */
    bool own_memory;   /* the workload's arrays come from open_memory(), see below */
    /* A join (A+B, backends/join.h): its participants, else nparts = 0. */
    int nparts;
    struct hl_join_part parts[HL_JOIN_MAX_PARTS];
    int join_only; /* a join, for benchmarks: 0, or 1 + the one participant given work */
    /* mpi:SPEC: the backend each rank runs SPEC on (the fields above are
     * SPEC's, label "mpi:SPEC"; backend is mpi); else NULL. */
    const struct hl_backend *local;
};

struct hl_backend {
    const char *name;
    const char *summary;
    unsigned kinds;      /* enum hl_workload_kind bits it can run */
    bool takes_workers;  /* spec is name:W */
    int default_workers; /* 0 = the number of cores */

    /* Optional: for backends whose spec names devices. Called when argv is
     * parsed with the text after "name:" (NULL for the bare name); appends
     * at most `room` configurations to out and sets *count. A spec naming
     * nothing that exists is a usage error (err names it), so it is
     * refused before any work. */
    int (*expand)(const char *args, struct hl_backend_config *out, size_t room, size_t *count,
                  struct hl_error *err);
    /* Optional, untimed, called first for a configuration with own_memory:
     * the part of setup the workload's arrays depend on (an OpenCL context
     * whose runtime hands out page-locked memory). Sets *state, which
     * open() then completes, and *memory, the home the experiment prepares
     * this configuration's own copy of the workload in (so transfers start
     * from it, and verification reads it like any other). On failure
     * nothing is left made and err says why. */
    int (*open_memory)(const struct hl_backend_config *cfg, void **state,
                       const struct hl_host_memory **memory, struct hl_error *err);
    /* Optional, untimed: per-configuration setup before the runs (an
     * OpenCL context and program, say). *state is passed to run(); it is
     * what open_memory() made when that ran, else NULL. On failure open()
     * fills err and leaves in *state what must still be closed (or NULL):
     * the caller releases the workload copy made in open_memory()'s memory
     * first, then calls close(). */
    int (*open)(const struct hl_backend_config *cfg, struct hl_work *work, void **state,
                struct hl_error *err);
    /* Optional, untimed: called before every run, after the workload has
     * poisoned its outputs, by a backend that keeps its own copy of them
     * (device buffers): it poisons that copy too, so that a task which
     * skips work is caught by verify() on every run. Returns -1 with err
     * filled when it cannot, which fails the run. */
    int (*refresh)(void *state, struct hl_work *work, struct hl_error *err);
    /* Optional: the task count for cfg when -t is not given (OpenCL sizes
     * its chunks for its copy pipeline); 0 means the workload's default.
     * Never more than the workload allows for p. */
    int64_t (*default_tasks)(const struct hl_backend_config *cfg, const struct hl_workload *wl,
                             const struct hl_params *p);
    /* Runs tasks 0..work->ntasks-1, filling recs[task]. A task that fails
     * is recorded (ok = false, error set) and the run goes on. Returns -1
     * with err filled only when the run itself broke (a worker could not
     * be made or died); recs then say which tasks never finished. */
    int (*run)(void *state, const struct hl_backend_config *cfg, struct hl_work *work,
               struct hl_task_record *recs, struct hl_error *err);
    /* Optional: releases what open() made. */
    void (*close)(void *state);
    /* Optional: joining (backends/join.h). join_open() is open() for a
     * participant whose chunks are at most *max_chunk units, which it may
     * lower to what its buffers take (*state as for open(), close()
     * releases it). join_run() runs the participant's
     * lanes (threads, queues), lanes first_lane.., each taking chunks from
     * sched until none is left, on the calling thread (which it may use
     * as a lane) and threads it joins before it returns; every chunk is
     * recorded in recs[chunk id]. Returns -1 with err filled when the
     * participant broke (it has then told sched, so the others take the
     * rest). A backend without them cannot join. */
    int (*join_open)(const struct hl_backend_config *cfg, struct hl_work *work, int64_t *max_chunk,
                     void **state, struct hl_error *err);
    int (*join_run)(void *state, const struct hl_backend_config *cfg, struct hl_work *work,
                    struct hl_join_sched *sched, int part, int first_lane,
                    struct hl_task_record *recs, struct hl_error *err);
};

/* The backend called `name`, or NULL. */
const struct hl_backend *hl_backend_find(const char *name);

/* Every backend compiled in; *count receives the number. */
const struct hl_backend *const *hl_backend_all(size_t *count);

/* Runs one task on the calling thread as worker `worker`, recording it.
 * Shared by every CPU backend so they time tasks the same way. */
void hl_backend_run_cpu_task(struct hl_work *work, int64_t task, int worker,
                             struct hl_task_record *rec);

#endif
