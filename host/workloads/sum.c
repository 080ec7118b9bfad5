#include "workloads/sum.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>

#include "util/alloc.h"
#include "util/shared_mem.h"

/* gcc and clang recognise `for (i = 0; i < n; i++) s += i;` and replace it
 * with n(n-1)/2 at -O2, which would time nothing. Here the running values
 * of i pass through an empty asm statement each iteration: the compiler
 * must assume the asm changed them, so it can neither derive a closed form
 * nor skip iterations, yet every addition stays a plain SIMD add. Eight
 * lanes in four independent accumulators keep the adder busy; the result
 * and the instruction count are exactly linear in n. */
#if defined(__x86_64__) || defined(__i386__)
#define OPAQUE_VEC "+x"
#elif defined(__aarch64__)
#define OPAQUE_VEC "+w"
#endif

/* Kept out of line so that its instructions can be counted by name
 * (tests/test_sum_linear.sh). */
__attribute__((noinline)) int64_t hl_sum_range(int64_t n) {
    int64_t i = 0, total = 0;
#ifdef OPAQUE_VEC
    typedef int64_t v2 __attribute__((vector_size(16)));
    v2 i0 = {0, 1}, i1 = {2, 3}, i2 = {4, 5}, i3 = {6, 7};
    const v2 step = {8, 8};
    v2 a0 = {0, 0}, a1 = {0, 0}, a2 = {0, 0}, a3 = {0, 0};
    for (; i + 8 <= n; i += 8) {
        a0 += i0;
        a1 += i1;
        a2 += i2;
        a3 += i3;
        i0 += step;
        i1 += step;
        i2 += step;
        i3 += step;
        __asm__ volatile("" : OPAQUE_VEC(i0), OPAQUE_VEC(i1), OPAQUE_VEC(i2), OPAQUE_VEC(i3));
    }
    v2 a = a0 + a1 + a2 + a3;
    total = a[0] + a[1];
#endif
    for (; i < n; i++) {
        total += i;
        __asm__ volatile("" : "+r"(i));
    }
    return total;
}

int64_t hl_sum_expected(int64_t n) {
    /* One of n, n-1 is even: halve it first so nothing overflows. */
    return n % 2 == 0 ? (n / 2) * (n - 1) : n * ((n - 1) / 2);
}

static int sum_validate(const struct hl_params *p, int64_t max_tasks, struct hl_error *err) {
    (void)max_tasks;
    if (p->n > HL_SUM_MAX_N)
        return hl_error_set(err, HL_ERR_USAGE,
                            "--size: %" PRId64 " is too large for sum (n(n-1)/2 must fit in "
                            "int64; at most %" PRId64 ")",
                            p->n, HL_SUM_MAX_N);
    return 0;
}

static uint64_t sum_footprint(const struct hl_params *p, int64_t max_tasks) {
    (void)p;
    return (uint64_t)max_tasks * sizeof(int64_t);
}

static int sum_prepare(struct hl_work *w, struct hl_error *err) {
    struct hl_sum_state *s = hl_calloc(1, sizeof *s);
    if (s == NULL)
        return hl_error_set(err, HL_ERR_RUNTIME, "cannot allocate sum state");
    w->state = s;
    s->capacity = w->max_tasks;
    s->results = hl_work_alloc_array(w, (size_t)s->capacity * sizeof(int64_t), "sum results", err);
    return s->results == NULL ? -1 : 0;
}

static void sum_reset(struct hl_work *w) {
    struct hl_sum_state *s = w->state;
    for (int64_t t = 0; t < s->capacity; t++)
        s->results[t] = -1; /* no sum of 0..n-1 is negative */
}

static int sum_run_task(struct hl_work *w, int64_t task, struct hl_task_record *rec) {
    struct hl_sum_state *s = w->state;
    s->results[task] = hl_sum_range(w->params.n);
    rec->bytes = 0;
    return 0;
}

/* A join's chunk: whole tasks lo..hi-1, each its own sum. */
static int64_t sum_units(const struct hl_work *w) {
    return w->ntasks;
}

static int sum_run_units(struct hl_work *w, int64_t lo, int64_t hi, struct hl_task_record *rec) {
    for (int64_t t = lo; t < hi; t++)
        sum_run_task(w, t, rec);
    return 0;
}

static int sum_verify(const struct hl_work *w, char *msg, size_t msg_size) {
    const struct hl_sum_state *s = w->state;
    int64_t want = hl_sum_expected(w->params.n);
    int64_t bad = 0, first = -1;
    for (int64_t t = 0; t < w->ntasks; t++) {
        if (s->results[t] != want) {
            if (first < 0)
                first = t;
            bad++;
        }
    }
    if (bad == 0)
        return 0;
    snprintf(msg, msg_size,
             "sum: %" PRId64 " of %" PRId64 " tasks wrong; task %" PRId64 " gave %" PRId64
             ", expected %" PRId64,
             bad, w->ntasks, first, s->results[first], want);
    return -1;
}

static void sum_release(struct hl_work *w) {
    struct hl_sum_state *s = w->state;
    if (s == NULL)
        return;
    hl_work_free_array(w, s->results, (size_t)s->capacity * sizeof(int64_t));
    free(s);
    w->state = NULL;
}

const struct hl_workload hl_workload_sum = {
    .name = "sum",
    .summary = "compute-bound: each task adds the integers 0..N-1 (int64)",
    .kind = HL_KIND_COMPUTE,
    .default_n = 19487171, /* 11^7, as in the notebook */
    .max_n = HL_SUM_MAX_N,
    .default_tasks = 8,
    .tasks_per_worker = 0,
    .size_meaning = "integers summed per task (default 19487171 = 11^7)",
    .validate = sum_validate,
    .footprint = sum_footprint,
    .prepare = sum_prepare,
    .reset = sum_reset,
    .run_task = sum_run_task,
    .verify = sum_verify,
    .release = sum_release,
    .units = sum_units,
    .run_units = sum_run_units,
};
