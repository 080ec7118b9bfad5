#include "workloads/square.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/alloc.h"
#include "util/shared_mem.h"

#if defined(__x86_64__)
#include <immintrin.h>
#endif

void hl_square_chunk(int64_t n, int64_t ntasks, int64_t task, int64_t *lo, int64_t *hi) {
    /* n <= 3.1e9 and ntasks <= 1e6, so the products fit in int64. */
    *lo = n * task / ntasks;
    *hi = n * (task + 1) / ntasks;
}

/* Ranges larger than this bypass the caches on store: the output is not
 * read again by this task, and non-temporal stores save the read-for-
 * ownership a normal store costs, which is a third of the memory traffic. */
#define STREAM_MIN_ELEMENTS (1 << 17) /* 1 MiB of output */

void hl_square_range(const int64_t *x, int64_t *y, int64_t lo, int64_t hi) {
#if defined(__x86_64__)
    if (hi - lo >= STREAM_MIN_ELEMENTS) {
        int64_t i = lo;
        for (; i < hi; i++)
            _mm_stream_si64((long long *)&y[i], x[i] * x[i]);
        /* Non-temporal stores are weakly ordered: fence before the task
         * reports itself finished. */
        _mm_sfence();
        return;
    }
#endif
    for (int64_t i = lo; i < hi; i++)
        y[i] = x[i] * x[i];
}

static int square_validate(const struct hl_params *p, int64_t max_tasks, struct hl_error *err) {
    if (p->n > HL_SQUARE_MAX_N)
        return hl_error_set(err, HL_ERR_USAGE,
                            "--size: %" PRId64 " is too large for square (x^2 must fit in int64; "
                            "at most %" PRId64 ")",
                            p->n, HL_SQUARE_MAX_N);
    if (max_tasks > p->n)
        return hl_error_set(err, HL_ERR_USAGE,
                            "--tasks: %" PRId64 " tasks for %" PRId64
                            " elements: square needs at least one element per task "
                            "(-t %" PRId64 " at most)",
                            max_tasks, p->n, p->n);
    return 0;
}

static int64_t square_task_limit(const struct hl_params *p) {
    return p->n;
}

static uint64_t square_footprint(const struct hl_params *p, int64_t max_tasks) {
    (void)max_tasks;
    return 2 * (uint64_t)p->n * sizeof(int64_t);
}

static int square_prepare(struct hl_work *w, struct hl_error *err) {
    struct hl_square_state *s = hl_calloc(1, sizeof *s);
    if (s == NULL)
        return hl_error_set(err, HL_ERR_RUNTIME, "cannot allocate square state");
    w->state = s;
    s->n = w->params.n;
    size_t bytes = (size_t)s->n * sizeof(int64_t);
    s->x = hl_work_alloc_array(w, bytes, "square input x", err);
    if (s->x == NULL)
        return -1;
    s->y = hl_work_alloc_array(w, bytes, "square output y", err);
    if (s->y == NULL)
        return -1;
    for (int64_t i = 0; i < s->n; i++)
        s->x[i] = i + 1;
    hl_prefault(s->y, bytes);
    return 0;
}

static void square_reset(struct hl_work *w) {
    struct hl_square_state *s = w->state;
    /* 0 is nobody's square here (x starts at 1), so a skipped element is
     * caught by verify(). */
    memset(s->y, 0, (size_t)s->n * sizeof(int64_t));
}

static int square_run_task(struct hl_work *w, int64_t task, struct hl_task_record *rec) {
    struct hl_square_state *s = w->state;
    int64_t lo, hi;
    hl_square_chunk(s->n, w->ntasks, task, &lo, &hi);
    hl_square_range(s->x, s->y, lo, hi);
    rec->bytes = (hi - lo) * 2 * (int64_t)sizeof(int64_t);
    return 0;
}

/* A join's chunk: elements [lo, hi). */
static int64_t square_units(const struct hl_work *w) {
    const struct hl_square_state *s = w->state;
    return s->n;
}

static int square_run_units(struct hl_work *w, int64_t lo, int64_t hi, struct hl_task_record *rec) {
    struct hl_square_state *s = w->state;
    hl_square_range(s->x, s->y, lo, hi);
    rec->bytes = 2 * (hi - lo) * (int64_t)sizeof(int64_t); /* read x, write y */
    return 0;
}

static int square_verify(const struct hl_work *w, char *msg, size_t msg_size) {
    const struct hl_square_state *s = w->state;
    int64_t bad = 0, first = -1;
    for (int64_t i = 0; i < s->n; i++) {
        int64_t v = i + 1; /* the reference does not trust x */
        if (s->x[i] != v || s->y[i] != v * v) {
            if (first < 0)
                first = i;
            bad++;
        }
    }
    if (bad == 0)
        return 0;
    snprintf(msg, msg_size,
             "square: %" PRId64 " of %" PRId64 " elements wrong; first at index %" PRId64
             ": y = %" PRId64 ", expected %" PRId64,
             bad, s->n, first, s->y[first], (first + 1) * (first + 1));
    return -1;
}

static void square_release(struct hl_work *w) {
    struct hl_square_state *s = w->state;
    if (s == NULL)
        return;
    size_t bytes = (size_t)s->n * sizeof(int64_t);
    hl_work_free_array(w, s->x, bytes);
    hl_work_free_array(w, s->y, bytes);
    free(s);
    w->state = NULL;
}

/* The tasks split n elements between them. */
static double square_elements(const struct hl_params *p, int64_t tasks) {
    (void)tasks;
    return (double)p->n;
}

/* Task t's slice of y (outputs) or x (inputs). */
static void *square_slice(struct hl_work *w, int64_t task, bool inputs, size_t *bytes) {
    struct hl_square_state *s = w->state;
    int64_t lo, hi;
    hl_square_chunk(s->n, w->ntasks, task, &lo, &hi);
    *bytes = (size_t)(hi - lo) * sizeof(int64_t);
    return (inputs ? s->x : s->y) + lo;
}

static void *square_task_outputs(struct hl_work *w, int64_t task, size_t *bytes) {
    return square_slice(w, task, false, bytes);
}

static void *square_task_inputs(struct hl_work *w, int64_t task, size_t *bytes) {
    return square_slice(w, task, true, bytes);
}

const struct hl_workload hl_workload_square = {
    .name = "square",
    .summary = "memory-bound map: y[i] = x[i]^2 over x = 1..N (int64)",
    .kind = HL_KIND_COMPUTE,
    .default_n = 11999999,
    .max_n = HL_SQUARE_MAX_N,
    .default_tasks = 0,
    .tasks_per_worker = 4,
    .size_meaning = "elements (default 11999999)",
    /* One multiply per element; x read and y written (8 + 8 bytes, the
     * streaming stores skip the read-for-ownership); offloaded, x goes to
     * the device and y comes back. */
    .intensity = {.op = "multiply", .ops = 1, .mem_bytes = 16, .link_bytes = 16},
    .elements = square_elements,
    .task_limit = square_task_limit,
    .validate = square_validate,
    .footprint = square_footprint,
    .prepare = square_prepare,
    .reset = square_reset,
    .run_task = square_run_task,
    .verify = square_verify,
    .release = square_release,
    .units = square_units,
    .run_units = square_run_units,
    .task_outputs = square_task_outputs,
    .task_inputs = square_task_inputs,
};
