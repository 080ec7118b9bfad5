/* square: y[i] = x[i]^2 for x = 1..N (int64), split into contiguous chunks.
 * Memory-bound: every element is read once and written once. */
#ifndef HL_WORKLOADS_SQUARE_H
#define HL_WORKLOADS_SQUARE_H

#include "workloads/workload.h"

/* x^2 must fit in int64: floor(sqrt(2^63 - 1)). */
#define HL_SQUARE_MAX_N INT64_C(3037000499)

struct hl_square_state {
    int64_t *x, *y; /* n elements each, shared memory */
    int64_t n;
};

extern const struct hl_workload hl_workload_square;

/* Half-open element range [*lo, *hi) of `task` out of `ntasks` over n. */
void hl_square_chunk(int64_t n, int64_t ntasks, int64_t task, int64_t *lo, int64_t *hi);

/* Squares x[lo..hi) into y[lo..hi) with the fastest store the CPU offers
 * for streams larger than its caches. */
void hl_square_range(const int64_t *x, int64_t *y, int64_t lo, int64_t hi);

#endif
