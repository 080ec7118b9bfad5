/* The workloads, as one table (see workloads/workload_table.c).
 *
 * A workload owns its buffers (struct hl_work.state). The experiment
 * prepares a workload once, then for every run: reset() poisons the
 * outputs, a backend runs tasks 0..ntasks-1 (on the CPU through
 * run_task), and verify() checks every output against an independent
 * reference. Buffers live in shared memory so fork() children can write
 * them. */
#ifndef HL_WORKLOAD_H
#define HL_WORKLOAD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "model/intensity.h"
#include "model/results.h"
#include "model/timeline.h"
#include "util/error.h"

/* What kind of work a workload is; backends declare which kinds they run. */
enum hl_workload_kind {
    HL_KIND_COMPUTE = 1u << 0, /* CPU/device arithmetic over memory */
    HL_KIND_IO = 1u << 1,      /* waiting on the network */
};

/* Options of I/O workloads (HL_KIND_IO): where requests go, how the
 * built-in server answers, how long a request may take. The fetch
 * workload sets their defaults (workloads/fetch/fetch_params.h). */
struct hl_io_params {
    const char *url;       /* NULL: the built-in loopback server */
    int64_t latency_ms;    /* built-in server: wait before each response */
    int64_t body_size;     /* built-in server: bytes per response */
    int64_t timeout_ms;    /* per request, connect included */
    bool follow_redirects; /* --follow-redirects: else a 3xx answer fails the task */
    /* mpi: ranks: the built-in server another rank started (url stays
     * NULL): GET it and check every byte as if it were this process's. */
    const char *builtin_url;
    const char *bind; /* built-in server: IPv4 address to listen on (--bind), NULL: 127.0.0.1 */
};

struct hl_params {
    int64_t n;     /* size: square elements, sum range per task */
    int64_t tasks; /* task count; 0 = the workload's default for the config */
    struct hl_io_params io;
};

/* One parameter as a workload reports it (results.json "params"). The
 * strings are the workload's: they live as long as the prepared work. */
struct hl_param_value {
    const char *key;
    enum hl_param_type type;
    int64_t i;
    double r;
    const char *text;
};
#define HL_MAX_REPORTED_PARAMS 8

struct hl_workload;

/* Where a workload's large host arrays live. By default (NULL) they are
 * shared memory, so fork() children can write outputs; a backend whose
 * device copies fastest from memory it allocates itself (OpenCL pinned,
 * page-locked by the runtime) supplies its own through open_memory()
 * (backends/backend.h), and the experiment prepares that configuration a
 * copy of the workload in it. */
struct hl_host_memory {
    /* Returns `bytes` of zeroed memory, every page touched, or NULL with
     * err filled (runtime, naming `what`). */
    void *(*alloc)(void *ctx, size_t bytes, const char *what, struct hl_error *err);
    /* Releases what alloc returned; safe on NULL. */
    void (*free)(void *ctx, void *ptr, size_t bytes);
    void *ctx;
};

/* One prepared workload: shared by every configuration of an experiment,
 * so every backend runs on the same buffers. */
struct hl_work {
    const struct hl_workload *wl;
    struct hl_params params;
    int64_t max_tasks;                   /* capacity prepared for */
    int64_t ntasks;                      /* tasks of the configuration being run */
    void *state;                         /* workload-private, see workloads/<name>.h */
    const struct hl_host_memory *memory; /* its arrays' home; NULL: shared memory */
    /* Records the last run wrote when that is not ntasks: a join
     * (backends/join.h) writes one per chunk, at most ntasks. 0: ntasks. */
    int64_t nrecords;
};

struct hl_workload {
    const char *name;
    const char *summary;
    enum hl_workload_kind kind;
    int64_t default_n, max_n;
    int64_t default_tasks;    /* fixed default, or 0 to use tasks_per_worker */
    int64_t tasks_per_worker; /* default tasks = this x workers */
    const char *size_meaning; /* for --help: what -n counts */
    /* Its place on the roofline: operations and bytes per element (op ""
     * for a workload that waits rather than computes: fetch). */
    struct hl_intensity intensity;
    /* Optional (with intensity): elements one run of `tasks` tasks does
     * under params p. */
    double (*elements)(const struct hl_params *p, int64_t tasks);

    /* Optional: the most tasks params allow (square: one element per
     * task, so n); default: no limit but HL_MAX_TASKS. A default task
     * count above it shrinks to it; an explicit one is refused. */
    int64_t (*task_limit)(const struct hl_params *p);
    /* Checks params before anything is allocated (n >= tasks for square,
     * ...). Fills err with a usage error naming the option. */
    int (*validate)(const struct hl_params *p, int64_t max_tasks, struct hl_error *err);
    /* Bytes prepare() will allocate, for the memory check and reports. */
    uint64_t (*footprint)(const struct hl_params *p, int64_t max_tasks);
    /* Allocates and touches every buffer (untimed). On failure nothing is
     * left allocated and err is filled. */
    int (*prepare)(struct hl_work *w, struct hl_error *err);
    /* Poisons every output so a run that skips work cannot verify. */
    void (*reset)(struct hl_work *w);
    /* Runs one task on the calling CPU thread; fills rec->bytes and, on
     * failure, returns -1 with a reason in rec->error (rec is not yet
     * ended: the caller calls hl_task_end). */
    int (*run_task)(struct hl_work *w, int64_t task, struct hl_task_record *rec);
    /* Checks every output of the last run for w->ntasks tasks. Returns 0
     * when all are right, else -1 with the first problem in msg. */
    int (*verify)(const struct hl_work *w, char *msg, size_t msg_size);
    /* Frees what prepare() allocated; safe on a failed prepare. */
    void (*release)(struct hl_work *w);
    /* Optional: the workload's own "params" of a prepared `w`, at most
     * `room` (HL_MAX_REPORTED_PARAMS) into out; returns how many. Default:
     * n, and tasks when fixed. The experiment copies them into the
     * results, so a workload never writes the results model. */
    size_t (*report_params)(const struct hl_work *w, struct hl_param_value *out, size_t room);
    /* Optional: the -b spec used when none is given, for `cores` cores and
     * `tasks` tasks (0: the default); default: serial,pthread:P,fork:P. */
    void (*default_backends)(int cores, int64_t tasks, char *spec, size_t size);
    /* Optional, for co-execution (backends/join.h): the size of the index
     * space a join splits into chunks (square: the elements; sum: the
     * tasks), and one chunk [lo, hi) of it run on the calling CPU thread,
     * as run_task does (rec->bytes filled; -1 with rec->error on failure).
     * A workload without them cannot be joined. */
    int64_t (*units)(const struct hl_work *w);
    int (*run_units)(struct hl_work *w, int64_t lo, int64_t hi, struct hl_task_record *rec);
    /* Optional (mpi: ranks): where task `task`'s outputs lie in w and how
     * many bytes they are: what a rank that ran the task sends back, so
     * that the rank that verifies has every output in its own buffers. */
    void *(*task_outputs)(struct hl_work *w, int64_t task, size_t *bytes);
    /* Optional: the same for the data a task reads (square's x chunk),
     * sent to the rank that runs it. A workload without inputs has
     * interchangeable tasks: any index does the same work. */
    void *(*task_inputs)(struct hl_work *w, int64_t task, size_t *bytes);
};

/* The workload called `name`, or NULL. */
const struct hl_workload *hl_workload_find(const char *name);

/* Every workload, in a fixed order; *count receives the number. */
const struct hl_workload *const *hl_workload_all(size_t *count);

/* Default task count for a configuration with `workers` workers under
 * params p: the workload's default, shrunk to what p allows. */
int64_t hl_workload_default_tasks(const struct hl_workload *wl, const struct hl_params *p,
                                  int workers);

/* Prepares `w` for `wl` and params with room for max_tasks tasks, its
 * arrays in `memory` (NULL: shared memory). On failure nothing is left
 * allocated and err says why. */
int hl_work_prepare(struct hl_work *w, const struct hl_workload *wl, const struct hl_params *p,
                    int64_t max_tasks, const struct hl_host_memory *memory, struct hl_error *err);

/* A large array of w, from its memory (zeroed; page-aligned in shared
 * memory, the default), for the
 * workload's prepare(); NULL with err filled when it cannot be had. Free
 * with hl_work_free_array and the same size. */
void *hl_work_alloc_array(struct hl_work *w, size_t bytes, const char *what, struct hl_error *err);
void hl_work_free_array(struct hl_work *w, void *ptr, size_t bytes);

/* Releases what hl_work_prepare made; safe to call twice. */
void hl_work_release(struct hl_work *w);

#endif
