#include "workloads/sum.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>

#include "util/alloc.h"
#include "util/cpu_isa.h"
#include "util/shared_mem.h"

/* gcc and clang recognise `for (i = 0; i < n; i++) s += i;` and replace it
 * with n(n-1)/2 at -O2, which would time nothing. Here the running values
 * of i pass through an empty asm statement each iteration: the compiler
 * must assume the asm changed them, so it can neither derive a closed form
 * nor skip iterations, yet every addition stays a plain SIMD add. Lanes of
 * consecutive integers in independent accumulators keep the adders busy;
 * the result and the instruction count are exactly linear in n.
 *
 * One version per instruction set, chosen at run time (util/cpu_isa.h:
 * function multiversioning by hand), so one binary built for plain x86-64
 * uses the widest adders of the CPU it runs on: SSE2 (2 lanes, 4
 * accumulators), AVX2 (4 lanes, 4: 8 would not fit the 16 registers) and
 * AVX-512F (8 lanes, 8 accumulators in 32 registers). Each integer costs
 * two vector additions, its own and its index's (the index cannot be had
 * more cheaply without a closed form), so the loop's own bound is half
 * the add ceiling (docs/ceilings.md). */
#define SUM_PAIRS4(LANES, C)                                                                       \
    typedef int64_t vec __attribute__((vector_size((LANES)*8)));                                   \
    const int64_t lanes = (LANES);                                                                 \
    int64_t i = 0, total = 0;                                                                      \
    vec i0 = {0}, i1 = {0}, i2 = {0}, i3 = {0}, step = {0};                                        \
    vec a0 = {0}, a1 = {0}, a2 = {0}, a3 = {0};                                                    \
    for (int l = 0; l < (LANES); l++) {                                                            \
        i0[l] = l;                                                                                 \
        i1[l] = lanes + l;                                                                         \
        i2[l] = 2 * lanes + l;                                                                     \
        i3[l] = 3 * lanes + l;                                                                     \
        step[l] = 4 * lanes;                                                                       \
    }                                                                                              \
    for (; i + 4 * lanes <= n; i += 4 * lanes) {                                                   \
        a0 += i0;                                                                                  \
        a1 += i1;                                                                                  \
        a2 += i2;                                                                                  \
        a3 += i3;                                                                                  \
        i0 += step;                                                                                \
        i1 += step;                                                                                \
        i2 += step;                                                                                \
        i3 += step;                                                                                \
        __asm__ volatile("" : C(i0), C(i1), C(i2), C(i3));                                         \
    }                                                                                              \
    vec a = (a0 + a1) + (a2 + a3);                                                                 \
    for (int l = 0; l < (LANES); l++)                                                              \
        total += a[l];                                                                             \
    return sum_tail(i, n, total)

#define SUM_PAIRS8(LANES, C)                                                                       \
    typedef int64_t vec __attribute__((vector_size((LANES)*8)));                                   \
    const int64_t lanes = (LANES);                                                                 \
    int64_t i = 0, total = 0;                                                                      \
    vec i0 = {0}, i1 = {0}, i2 = {0}, i3 = {0}, i4 = {0}, i5 = {0}, i6 = {0}, i7 = {0};            \
    vec step = {0};                                                                                \
    vec a0 = {0}, a1 = {0}, a2 = {0}, a3 = {0}, a4 = {0}, a5 = {0}, a6 = {0}, a7 = {0};            \
    for (int l = 0; l < (LANES); l++) {                                                            \
        i0[l] = l;                                                                                 \
        i1[l] = lanes + l;                                                                         \
        i2[l] = 2 * lanes + l;                                                                     \
        i3[l] = 3 * lanes + l;                                                                     \
        i4[l] = 4 * lanes + l;                                                                     \
        i5[l] = 5 * lanes + l;                                                                     \
        i6[l] = 6 * lanes + l;                                                                     \
        i7[l] = 7 * lanes + l;                                                                     \
        step[l] = 8 * lanes;                                                                       \
    }                                                                                              \
    for (; i + 8 * lanes <= n; i += 8 * lanes) {                                                   \
        a0 += i0;                                                                                  \
        a1 += i1;                                                                                  \
        a2 += i2;                                                                                  \
        a3 += i3;                                                                                  \
        a4 += i4;                                                                                  \
        a5 += i5;                                                                                  \
        a6 += i6;                                                                                  \
        a7 += i7;                                                                                  \
        i0 += step;                                                                                \
        i1 += step;                                                                                \
        i2 += step;                                                                                \
        i3 += step;                                                                                \
        i4 += step;                                                                                \
        i5 += step;                                                                                \
        i6 += step;                                                                                \
        i7 += step;                                                                                \
        __asm__ volatile("" : C(i0), C(i1), C(i2), C(i3), C(i4), C(i5), C(i6), C(i7), C(step));    \
    }                                                                                              \
    vec a = ((a0 + a1) + (a2 + a3)) + ((a4 + a5) + (a6 + a7));                                     \
    for (int l = 0; l < (LANES); l++)                                                              \
        total += a[l];                                                                             \
    return sum_tail(i, n, total)

/* The integers i..n-1 one at a time, added to total. */
static int64_t sum_tail(int64_t i, int64_t n, int64_t total) {
    for (; i < n; i++) {
        total += i;
        __asm__ volatile("" : "+r"(i));
    }
    return total;
}

#if defined(__x86_64__)
__attribute__((noinline)) static int64_t sum_sse2(int64_t n) {
    SUM_PAIRS4(2, "+x");
}

__attribute__((noinline, target("avx2"))) static int64_t sum_avx2(int64_t n) {
    SUM_PAIRS4(4, "+x");
}

__attribute__((noinline, target("avx512f"))) static int64_t sum_avx512(int64_t n) {
    SUM_PAIRS8(8, "+v");
}
#elif defined(__aarch64__)
__attribute__((noinline)) static int64_t sum_neon(int64_t n) {
    SUM_PAIRS4(2, "+w");
}
#endif

/* Kept out of line so that its instructions (and those of the version it
 * calls) can be counted by name (tests/test_sum_linear.sh). */
__attribute__((noinline)) int64_t hl_sum_range_isa(int64_t n, enum hl_isa isa) {
#if defined(__x86_64__)
    if (isa == HL_ISA_AVX512)
        return sum_avx512(n);
    if (isa == HL_ISA_AVX2)
        return sum_avx2(n);
    return sum_sse2(n);
#elif defined(__aarch64__)
    (void)isa;
    return sum_neon(n);
#else
    (void)isa;
    return sum_tail(0, n, 0);
#endif
}

__attribute__((noinline)) int64_t hl_sum_range(int64_t n) {
    return hl_sum_range_isa(n, hl_cpu_isa());
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

/* Every task adds n integers. */
static double sum_elements(const struct hl_params *p, int64_t tasks) {
    return (double)p->n * (double)tasks;
}

static void *sum_task_outputs(struct hl_work *w, int64_t task, size_t *bytes) {
    struct hl_sum_state *s = w->state;
    *bytes = sizeof *s->results;
    return &s->results[task];
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
    /* One int64 addition per integer; the integers are made in registers,
     * so no memory traffic and nothing over a device's link (but one
     * 8-byte result per task). */
    .intensity = {.op = "add", .ops = 1, .mem_bytes = 0, .link_bytes = 0},
    .elements = sum_elements,
    .validate = sum_validate,
    .footprint = sum_footprint,
    .prepare = sum_prepare,
    .reset = sum_reset,
    .run_task = sum_run_task,
    .verify = sum_verify,
    .release = sum_release,
    .units = sum_units,
    .run_units = sum_run_units,
    .task_outputs = sum_task_outputs,
};
