/* sum: each task adds the integers 0..n-1 (int64). Compute-bound; the
 * additions really happen (see hl_sum_range). */
#ifndef HL_WORKLOADS_SUM_H
#define HL_WORKLOADS_SUM_H

#include "util/cpu_isa.h"
#include "workloads/workload.h"

/* n(n-1)/2 must fit in int64: the largest such n is 2^32. */
#define HL_SUM_MAX_N (INT64_C(1) << 32)

struct hl_sum_state {
    int64_t *results; /* one per task, shared memory */
    int64_t capacity;
};

extern const struct hl_workload hl_workload_sum;

/* 0 + 1 + ... + (n-1), computed by n additions (never the closed form),
 * with the widest vector adders this CPU has (util/cpu_isa.h). */
int64_t hl_sum_range(int64_t n);

/* The same with the version for `isa` (at most hl_cpu_isa()): for
 * benchmarks and tests that compare them. */
int64_t hl_sum_range_isa(int64_t n, enum hl_isa isa);

/* The independent reference: n(n-1)/2, for n <= HL_SUM_MAX_N. */
int64_t hl_sum_expected(int64_t n);

#endif
