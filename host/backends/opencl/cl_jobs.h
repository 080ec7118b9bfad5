/* What the OpenCL backend runs for each workload it supports, and the one
 * loop that runs it (cl_run.c).
 *
 * A job (struct hl_cl_job, one per workload: cl_square.c, cl_sum.c)
 * supplies only what differs between workloads: its kernels and buffers,
 * the commands it enqueues for one task, which phases those commands
 * record, how many bytes a task moves, and an optional finish step. The
 * runner owns everything else: the job's state and event storage, handing
 * tasks round-robin to the session's queues (two overlap one chunk's
 * transfers with another's kernel; one, with --no-overlap, runs everything
 * in order), waiting for the queues, and settling each task's events into
 * its task record.
 *
 * Timing follows backend.h: hl_cl_runner_open() is untimed setup
 * (kernels, buffers, first-use costs); hl_cl_runner_run() is one timed run
 * and returns only when every command it enqueued has finished. */
#ifndef HL_OPENCL_CL_JOBS_H
#define HL_OPENCL_CL_JOBS_H

#include "backends/opencl/cl_session.h"

/* Commands (events) per task: hl_cl_settle_task settles exactly three and
 * takes the last one's event as the sign that all were enqueued. */
#define HL_CL_TASK_EVENTS 3

/* One phase of a task by event index: from the START of the task's event
 * `first` to the END of its event `last` (0 <= first <= last < 3). */
struct hl_cl_span {
    enum hl_phase_kind kind;
    int first, last;
};

struct hl_cl_job {
    const struct hl_workload *workload;
    unsigned transfers; /* the host-memory modes it runs: 1u << enum hl_cl_transfer */
    /* Bytes of the job's own state: the runner allocates it zeroed,
     * passes it to every hook and frees it after close(). */
    size_t state_size;
    /* The phases every task records, in order, from its events. */
    int nphases;
    struct hl_cl_span phases[HL_CL_TASK_EVENTS];

    /* Fills `state` for work (its params and work->ntasks): kernels,
     * device buffers, and the first-use costs (allocation, kernel
     * specialisation) paid here so that they land in setup, not in the
     * first run. Returns -1 with err set on failure, with a clear message
     * when buffers would not fit the device; the runner then calls
     * close(), so what was made is released there. */
    int (*open)(const struct hl_cl_session *s, const struct hl_work *work, void *state,
                struct hl_error *err);
    /* Enqueues task `task`'s three commands on queue `queue`, without
     * waiting, each with its event in ev[0..2] in order. Returns
     * CL_SUCCESS, or the error with *what naming the call that failed;
     * what was enqueued before it still runs and is settled. */
    cl_int (*enqueue)(const struct hl_cl_session *s, void *state, struct hl_work *work,
                      int64_t task, int queue, cl_event ev[HL_CL_TASK_EVENTS], const char **what);
    /* Optional (joins, backends/join.h): enqueues the chunk [lo, hi) of
     * the workload's index space (workload.h units) like enqueue() does a
     * task, within the buffers open() made for work->ntasks tasks (so a
     * chunk never exceeds a task of that count). */
    cl_int (*enqueue_units)(const struct hl_cl_session *s, void *state, struct hl_work *work,
                            int64_t lo, int64_t hi, int queue, cl_event ev[HL_CL_TASK_EVENTS],
                            const char **what);
    int64_t unit_bytes; /* bytes one unit moves between host and device, for join records */
    /* Bytes task `task` moves between host and device, for its record;
     * NULL when tasks move none that count. */
    int64_t (*task_bytes)(const struct hl_work *work, int64_t task);
    /* The run's last step, after every queue has finished and before
     * tasks are settled; part of the run's time. For a data path that
     * must copy or unmap results once the device is done; NULL when the
     * commands themselves leave the results in the workload's arrays.
     * Returns -1 with err set on failure, which fails the run. */
    int (*finish)(const struct hl_cl_session *s, void *state, struct hl_work *work,
                  struct hl_error *err);
    /* Optional, untimed, before every run after the workload poisoned its
     * outputs: poisons the job's device copy of them too (device output
     * buffers, a cache of host memory), so a kernel that skips elements
     * cannot pass on values a previous run left. Returns -1 with err set
     * when it cannot. */
    int (*refresh)(const struct hl_cl_session *s, void *state, struct hl_work *work,
                   struct hl_error *err);
    /* Releases what open() made; safe on a state open() left half made
     * (zeroed fields are skipped). Does not free `state` itself. */
    void (*close)(void *state);
};

extern const struct hl_cl_job hl_cl_square_job;           /* pageable, pinned */
extern const struct hl_cl_job hl_cl_square_zero_copy_job; /* zero-copy */
extern const struct hl_cl_job hl_cl_sum_job;              /* every mode */

/* A job opened on a session: its state and event storage. */
struct hl_cl_runner;

/* Opens `job` for work on session s (which must outlive the runner): the
 * job's state, events for work->ntasks tasks, then job->open(). On
 * failure returns -1 with err set and nothing left allocated. */
int hl_cl_runner_open(const struct hl_cl_session *s, const struct hl_cl_job *job,
                      const struct hl_work *work, struct hl_cl_runner **runner,
                      struct hl_error *err);

/* One timed run: enqueues every task of work round-robin over the
 * session's queues, waits for all of them and records each task in recs
 * (worker = queue, the job's phases on the host clock, its bytes). A
 * command that cannot be enqueued or fails fails its task, not the run.
 * Returns -1 with err set when the queues themselves fail (no task is
 * then recorded) or work has more tasks than the runner was opened for. */
int hl_cl_runner_run(const struct hl_cl_session *s, struct hl_cl_runner *runner,
                     struct hl_work *work, struct hl_task_record *recs, struct hl_error *err);

/* The job's refresh before a run (nothing when it has none). Returns -1
 * with err set when it fails. */
int hl_cl_runner_refresh(const struct hl_cl_session *s, struct hl_cl_runner *runner,
                         struct hl_work *work, struct hl_error *err);

/* Joins: enqueues chunk [lo, hi) of work on queue q (job->enqueue_units;
 * CL_INVALID_OPERATION with *what set when the job has none). */
cl_int hl_cl_runner_enqueue_units(const struct hl_cl_session *s, struct hl_cl_runner *runner,
                                  struct hl_work *work, int64_t lo, int64_t hi, int q,
                                  cl_event ev[HL_CL_TASK_EVENTS], const char **what);

/* Joins: records a chunk whose commands ev have finished (or failed) in
 * rec as worker `lane`, with the job's phases and bytes, clamped to
 * [lo_ns, hi_ns]; releases the events. */
void hl_cl_runner_settle_chunk(const struct hl_cl_session *s, const struct hl_cl_runner *runner,
                               struct hl_task_record *rec, int lane, cl_event ev[HL_CL_TASK_EVENTS],
                               int64_t lo_ns, int64_t hi_ns);

/* Closes the job and frees the runner; safe on NULL. */
void hl_cl_runner_close(struct hl_cl_runner *runner);

#endif
