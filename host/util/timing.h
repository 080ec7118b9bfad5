/* The one clock every task record uses, and process CPU time. */
#ifndef HL_UTIL_TIMING_H
#define HL_UTIL_TIMING_H

#include <stdint.h>

/* CLOCK_MONOTONIC in nanoseconds. Never fails on Linux. */
int64_t hl_now_ns(void);

/* User+system CPU time of this process and of every child it has reaped,
 * in nanoseconds. Children count only once waited for, so a backend must
 * reap its workers inside the timed region. */
int64_t hl_cpu_ns(void);

#endif
