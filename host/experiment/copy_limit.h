/* The machine's memory limit, measured: how fast 1..P threads copy a
 * buffer. A memory-bound workload is judged against this number (the
 * report's "X GB/s of a measured Y GB/s"), so it is measured the same way
 * wherever it is used: by `hetlane demo` once before its workloads, and by
 * bench/bench_core. */
#ifndef HL_COPY_LIMIT_H
#define HL_COPY_LIMIT_H

#include <stdint.h>

#include "model/results.h"
#include "util/error.h"

/* Measures copying n int64 from src to dst with 1..max_threads threads
 * (each copying one contiguous share), with glibc memcpy and with
 * non-temporal (streaming) stores: the fastest of `reps` timed copies
 * after one untimed one (interference only slows a copy), as bytes read +
 * written per second. Fills memcpy_gbs,
 * streaming_gbs and gbs (the better of the two) of *limit for those thread
 * counts; max_threads is capped at HL_COPY_MAX_THREADS. Returns 0, or -1
 * with err filled (runtime) when a thread cannot be created; *limit is
 * then partly filled. */
int hl_copy_limit_measure_on(const int64_t *src, int64_t *dst, int64_t n, int max_threads, int reps,
                             struct hl_copy_limit *limit, struct hl_error *err);

/* The same on two buffers of n int64 that it allocates in shared memory
 * (like square's), touches before timing and frees. Fails (runtime, err
 * filled) when they cannot be allocated. */
int hl_copy_limit_measure(int64_t n, int max_threads, int reps, struct hl_copy_limit *limit,
                          struct hl_error *err);

#endif
