/* trace.json: the results as Chrome trace events, for Perfetto and
 * chrome://tracing. One process (a track group) per counted run of every
 * configuration, so the spread between runs can be seen, the median run
 * (the one the charts draw) named as such; one thread per worker, an X
 * (complete) event per task and per phase, ts and dur in microseconds
 * from that run's start.
 *
 * Events on one thread must nest or be disjoint. Phases nest inside their
 * task when every phase of the run lies within its task and phases of a
 * task do not overlap; otherwise (device clocks mapped onto the host clock
 * can stray) each worker's phases get a thread of their own. */
#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model/backend_traits.h"
#include "model/results_pick.h"
#include "output/results_io.h"
#include "util/alloc.h"
#include "util/fs.h"
#include "util/interrupt.h"
#include "util/json_writer.h"

#define RUN_TID 0
/* Separate phase threads: worker w's at base + w, past any worker's tid. */
#define PHASE_TID_BASE (1L << 32)

static void write_us(struct hl_json *j, const char *key, int64_t ns) {
    hl_json_key(j, key);
    hl_json_fixed(j, (double)ns / 1e3, 3); /* whole nanoseconds survive */
}

static void meta(struct hl_json *j, const char *name, long pid, long tid, const char *arg_key,
                 const char *text, int64_t number) {
    hl_json_object_begin(j);
    hl_json_key(j, "name");
    hl_json_string(j, name);
    hl_json_key(j, "ph");
    hl_json_string(j, "M");
    hl_json_key(j, "pid");
    hl_json_int(j, pid);
    hl_json_key(j, "tid");
    hl_json_int(j, tid);
    hl_json_key(j, "args");
    hl_json_object_begin(j);
    hl_json_key(j, arg_key);
    if (text != NULL)
        hl_json_string(j, text);
    else
        hl_json_int(j, number);
    hl_json_object_end(j);
    hl_json_object_end(j);
    fputc('\n', j->out);
}

/* Opens an X event; the caller adds "args" and closes it. */
static void x_event(struct hl_json *j, const char *name, const char *cat, long pid, long tid,
                    int64_t t0_ns, int64_t t1_ns) {
    hl_json_object_begin(j);
    hl_json_key(j, "name");
    hl_json_string(j, name);
    hl_json_key(j, "cat");
    hl_json_string(j, cat);
    hl_json_key(j, "ph");
    hl_json_string(j, "X");
    hl_json_key(j, "pid");
    hl_json_int(j, pid);
    hl_json_key(j, "tid");
    hl_json_int(j, tid);
    write_us(j, "ts", t0_ns);
    write_us(j, "dur", t1_ns - t0_ns);
}

/* True when every phase lies inside its task and a task's phases do not
 * overlap one another: then they can nest on the task's thread. */
static bool phases_nest(const struct hl_run_result *run) {
    for (size_t i = 0; i < run->ntasks; i++) {
        const struct hl_task_record *t = &run->tasks[i];
        for (int p = 0; p < t->nphases; p++) {
            const struct hl_phase *a = &t->phases[p];
            if (a->t0_ns < t->t0_ns || a->t1_ns > t->t1_ns || a->t1_ns < a->t0_ns)
                return false;
            for (int q = 0; q < p; q++) {
                const struct hl_phase *b = &t->phases[q];
                if (a->t0_ns < b->t1_ns && b->t0_ns < a->t1_ns)
                    return false;
            }
        }
    }
    return true;
}

static void write_task(struct hl_json *j, long pid, const struct hl_task_record *t, bool nest) {
    pid += t->rank; /* mpi: each rank is a process of its own (t->rank is 0 elsewhere) */
    char name[64];
    snprintf(name, sizeof name, "task %" PRId32 "%s", t->task, t->ok ? "" : " (failed)");
    x_event(j, name, "task", pid, (long)t->worker + 1, t->t0_ns, t->t1_ns);
    hl_json_key(j, "args");
    hl_json_object_begin(j);
    hl_json_key(j, "task");
    hl_json_int(j, t->task);
    hl_json_key(j, "ok");
    hl_json_bool(j, t->ok);
    hl_json_key(j, "bytes");
    hl_json_int(j, t->bytes);
    if (!t->ok) {
        hl_json_key(j, "error");
        hl_json_string(j, t->error);
    }
    hl_json_object_end(j);
    if (!t->ok) {
        hl_json_key(j, "cname"); /* chrome://tracing's red */
        hl_json_string(j, "terrible");
    }
    hl_json_object_end(j);
    fputc('\n', j->out);
    for (int p = 0; p < t->nphases; p++) {
        const char *phase = hl_phase_name(t->phases[p].kind);
        long tid = nest ? (long)t->worker + 1 : PHASE_TID_BASE + t->worker;
        x_event(j, phase != NULL ? phase : "phase", "phase", pid, tid, t->phases[p].t0_ns,
                t->phases[p].t1_ns);
        hl_json_key(j, "args");
        hl_json_object_begin(j);
        hl_json_key(j, "task");
        hl_json_int(j, t->task);
        hl_json_object_end(j);
        hl_json_object_end(j);
        fputc('\n', j->out);
    }
}

/* Configured workers named at most (HL_MAX_WORKERS is 256). */
#define MAX_NAMED 4096

static int cmp_i32(const void *a, const void *b) {
    int32_t x = *(const int32_t *)a, y = *(const int32_t *)b;
    return (x > y) - (x < y);
}

static void name_worker(struct hl_json *j, long pid, int w, bool queue, bool phase_thread,
                        int per_rank) {
    char name[64];
    pid += per_rank > 0 ? w / per_rank : 0; /* mpi: the lane's rank */
    snprintf(name, sizeof name, "%s %d", queue ? "queue" : "worker", w);
    meta(j, "thread_name", pid, w + 1L, "name", name, 0);
    meta(j, "thread_sort_index", pid, w + 1L, "sort_index", NULL, 2 * (int64_t)w + 1);
    if (phase_thread) {
        snprintf(name, sizeof name, "%s %d phases", queue ? "queue" : "worker", w);
        meta(j, "thread_name", pid, PHASE_TID_BASE + w, "name", name, 0);
        meta(j, "thread_sort_index", pid, PHASE_TID_BASE + w, "sort_index", NULL,
             2 * (int64_t)w + 2);
    }
}

/* The events of run `index` of c as process pid; `median` is the index
 * of the run the charts draw. Returns -1 when memory runs out. */
static int write_run(struct hl_json *j, long pid, const struct hl_results *r,
                     const struct hl_experiment_result *e, const struct hl_config_result *c,
                     size_t index, size_t median, int ranks) {
    int32_t *extra = NULL;
    const struct hl_run_result *run = &c->runs[index];
    bool nest = phases_nest(run);
    bool queue = hl_config_on_device(c);
    char name[256];
    snprintf(name, sizeof name, "%s %s (run %zu of %zu%s)", e->workload, c->label, index + 1,
             c->nruns, index == median ? ", the median" : "");
    meta(j, "process_name", pid, RUN_TID, "name", name, 0);
    meta(j, "process_sort_index", pid, RUN_TID, "sort_index", NULL, pid);
    meta(j, "thread_name", pid, RUN_TID, "name", "run", 0);
    for (int k = 1; k < ranks; k++) {
        char rank_name[300];
        snprintf(rank_name, sizeof rank_name, "%s, rank %d%s%s", name, k,
                 (size_t)k < r->nranks ? " on " : "",
                 (size_t)k < r->nranks ? r->ranks[k].host : "");
        meta(j, "process_name", pid + k, RUN_TID, "name", rank_name, 0);
        meta(j, "process_sort_index", pid + k, RUN_TID, "sort_index", NULL, pid + k);
    }
    /* mpi: lane w is rank w / workers's (backends/mpi). */
    int per_rank = ranks > 1 ? (c->workers > 0 ? c->workers : 1) : 0;
    bool phases = false;
    for (size_t i = 0; i < run->ntasks && !phases; i++)
        phases = run->tasks[i].nphases > 0;
    /* Every configured worker gets a name, idle ones too; so does any
     * other worker a task names (only a hand-edited file has those). */
    int configured = c->workers < MAX_NAMED ? c->workers : MAX_NAMED;
    for (int w = 0; w < configured; w++)
        name_worker(j, pid, w, queue, phases && !nest, per_rank);
    extra = hl_malloc((run->ntasks + 1) * sizeof *extra);
    if (extra == NULL)
        return -1;
    size_t nextra = 0;
    for (size_t i = 0; i < run->ntasks; i++) {
        if (run->tasks[i].worker >= configured)
            extra[nextra++] = run->tasks[i].worker;
    }
    if (nextra > 0)
        qsort(extra, nextra, sizeof *extra, cmp_i32);
    for (size_t i = 0; i < nextra; i++) {
        if (i == 0 || extra[i] != extra[i - 1])
            name_worker(j, pid, extra[i], queue, phases && !nest, per_rank);
    }
    free(extra);
    x_event(j, "run", "run", pid, RUN_TID, 0, llround(hl_results_stored_s(run->wall_s) * 1e9));
    hl_json_key(j, "args");
    hl_json_object_begin(j);
    hl_json_key(j, "verified");
    hl_json_bool(j, run->verified);
    hl_json_key(j, "error");
    hl_json_string(j, run->error);
    hl_json_object_end(j);
    hl_json_object_end(j);
    fputc('\n', j->out);
    for (size_t i = 0; i < run->ntasks; i++) {
        /* Stopped by an interrupt: hl_write_file_atomic drops the file. */
        if ((i & 4095) == 4095 && hl_interrupted())
            return 0;
        if (run->tasks[i].worker >= 0) /* a task that never started has no event */
            write_task(j, pid, &run->tasks[i], nest);
    }
    return 0;
}

/* Every run of c, as processes *pid + 1, ... Returns -1 when memory runs
 * out. */
static int write_config(struct hl_json *j, long *pid, const struct hl_results *r,
                        const struct hl_experiment_result *e, const struct hl_config_result *c) {
    size_t median;
    if (hl_results_median_run(c, &median) != 0)
        return -1;
    /* mpi: one process per rank of every run (the ranks in its records). */
    int ranks = 1;
    for (size_t i = 0; i < c->nruns; i++) {
        for (size_t t = 0; t < c->runs[i].ntasks; t++) {
            int n = c->runs[i].tasks[t].rank + 1;
            ranks = n > ranks ? n : ranks;
        }
    }
    for (size_t i = 0; i < c->nruns; i++) {
        if (write_run(j, ++*pid, r, e, c, i, median, ranks) != 0)
            return -1;
        *pid += ranks - 1;
    }
    return 0;
}

int hl_results_write_trace(FILE *out, const struct hl_results *r, struct hl_error *err) {
    struct hl_json j;
    hl_json_init(&j, out);
    hl_json_object_begin(&j);
    hl_json_key(&j, "displayTimeUnit");
    hl_json_string(&j, "ms");
    hl_json_key(&j, "otherData");
    hl_json_object_begin(&j);
    hl_json_key(&j, "generator");
    hl_json_string(&j, "hetlane");
    hl_json_key(&j, "version");
    hl_json_string(&j, r->version);
    hl_json_key(&j, "cpu");
    hl_json_string(&j, r->cpu);
    hl_json_key(&j, "note");
    hl_json_string(&j, "every counted run of each configuration, one process per run (the "
                       "median run named so); times from each run's start");
    hl_json_object_end(&j);
    hl_json_key(&j, "traceEvents");
    hl_json_array_begin(&j);
    fputc('\n', out);
    long pid = 0;
    for (size_t e = 0; e < r->nexperiments; e++) {
        const struct hl_experiment_result *x = &r->experiments[e];
        for (size_t c = 0; c < x->nconfigs; c++) {
            /* Every run makes the file long: Ctrl-C is heard between
             * configurations, and the half-written file is dropped. */
            if (hl_interrupted())
                return hl_error_set(err, HL_ERR_RUNTIME, "trace.json: interrupted");
            if (x->configs[c].nruns > 0 && write_config(&j, &pid, r, x, &x->configs[c]) != 0)
                return hl_error_errno(err, HL_ERR_RUNTIME, ENOMEM, "trace.json: %s %s", x->workload,
                                      x->configs[c].label);
        }
    }
    hl_json_array_end(&j);
    hl_json_object_end(&j);
    fputc('\n', out);
    return 0;
}

static int write_trace_cb(FILE *out, void *ctx, struct hl_error *err) {
    return hl_results_write_trace(out, ctx, err);
}

int hl_results_save_trace(const char *dir, const struct hl_results *r, struct hl_error *err) {
    return hl_write_file_atomic(dir, "trace.json", write_trace_cb, (void *)r, err);
}
