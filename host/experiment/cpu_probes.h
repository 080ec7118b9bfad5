/* The CPU's ceilings besides copy bandwidth (copy_limit.h): int64-add
 * throughput and the start-up floors of threads and processes, each
 * measured honestly: no loop the compiler can fold, every result checked
 * (docs/ceilings.md). experiment/ceilings.h runs them. */
#ifndef HL_EXPERIMENT_CPU_PROBES_H
#define HL_EXPERIMENT_CPU_PROBES_H

#include <stdbool.h>
#include <stdint.h>

#include "util/cpu_isa.h"
#include "util/error.h"

/* int64 additions one call of the add kernel makes per iteration. */
int64_t hl_probe_add_per_iter(enum hl_isa isa);

/* The add kernel of `isa` (at most hl_cpu_isa()): `iters` iterations of
 * eight independent vector additions from seed; returns its folded
 * result, which hl_probe_add_expected predicts. Exposed for tests. */
uint64_t hl_probe_add_run(enum hl_isa isa, int64_t iters, uint64_t seed);
uint64_t hl_probe_add_expected(enum hl_isa isa, int64_t iters, uint64_t seed);

/* Additions per second (1e9) of `threads` threads each running the add
 * kernel for about `run_s` seconds at once (started together, so thread
 * creation is not timed): the fastest of `reps`. Every thread's result is
 * checked. Returns 0, or -1 with err filled (a thread that could not be
 * made, a wrong result). */
int hl_probe_add(int threads, double run_s, int reps, double *gops, struct hl_error *err);

/* Start-up floor of W workers: creating and joining W threads that do
 * nothing (threads true), or forking W processes that exit at once and
 * reaping them; the fastest of `reps`, in seconds (what it costs at
 * least). Every thread's return
 * and every child's exit status is checked. Returns 0, or -1 with err. */
int hl_probe_floor(int workers, bool threads, int reps, double *seconds, struct hl_error *err);

#endif
