/* The schedule of a join (backends/join.h): the workload's index space
 * [0, units) handed out in chunks to the lanes of every participant (CPU
 * threads, device queues) as each frees up.
 *
 * Chunk sizes are HGuided's (Pérez et al., EngineCL, FGCS 2020): a lane
 * asking for work gets
 *
 *     chunk = ceil(R * P_lane / (K * P_all)),  clamped to [min, max]
 *
 * with R the units not yet handed out, P_lane the lane's measured speed
 * (units per second), P_all the speed of every lane still taking work and
 * K = 2: large chunks first, shrinking toward the end in proportion to
 * each lane's speed, so that all lanes finish together. Speeds are
 * measured, not given: each lane's units over its busy time in this run
 * once it has finished a chunk, else its speed from the previous run (the
 * warm-up calibrates the first counted run), else the mean of the lanes
 * known (all equal when none is). Once only one participant's lanes take
 * work (the others stopped, failed, or were given none), there is nothing
 * left to balance between participants: its lanes split the rest evenly,
 * as it runs alone, which keeps the join's cost over a participant's own
 * run to the schedule's bookkeeping.
 *
 * A lane also stops taking work when its next chunk would end after every
 * other lane could have finished the rest without it:
 *
 *     (chunk + its own in flight) / P_lane > (R + in flight elsewhere) / P_others
 *
 * except the lanes of the fastest participant, which always take work,
 * and a lane never measured, which takes its first chunk.
 * That is how a join notices that the cores add little (sum next to a
 * GPU: one task on a core outlasts the GPU's whole share) and leaves them
 * idle instead of making the GPU wait. Thread-safe: one mutex, taken once
 * per chunk. */
#ifndef HL_BACKENDS_JOIN_SCHED_H
#define HL_BACKENDS_JOIN_SCHED_H

#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>

#include "backends/backend.h"

#define HL_JOIN_K 2.0

struct hl_join_chunk {
    int64_t id; /* record index: chunks are numbered as handed out */
    int64_t lo, hi;
};

struct hl_join_lane {
    int part;
    int64_t min_chunk, max_chunk;
    double power;     /* units per second from earlier runs, 0: unknown */
    int64_t units;    /* this run: units finished */
    int64_t busy_ns;  /* this run: time in finished chunks */
    int64_t inflight; /* units handed out, not finished */
    bool retired;     /* this run: takes no more work */
};

struct hl_join_sched {
    pthread_mutex_t mu;
    int64_t units, next, nchunks, max_chunks;
    int nparts, nlanes;
    int only; /* 0, or 1 + the one participant given work */
    bool failed[HL_JOIN_MAX_PARTS];
    struct hl_join_lane lanes[HL_MAX_WORKERS];
};

/* HGuided's chunk for a lane of speed lane_power among lanes of total
 * speed all_power with `remaining` units left: never below min (unless
 * fewer remain), never above max or remaining; 0 only when nothing
 * remains. Powers <= 0 count as equal shares. */
int64_t hl_join_chunk_size(int64_t remaining, double lane_power, double all_power, int64_t min,
                           int64_t max);

/* Whether a lane of speed lane_power should take `chunk` units when the
 * other lanes (speed others_power) have `others_units` to finish (the
 * rest and their chunks in flight). True when others_power <= 0. */
bool hl_join_worth(int64_t chunk, double lane_power, int64_t others_units, double others_power);

/* Makes the schedule for participants with lanes[p] lanes each (in order:
 * lanes of part 0 first). Returns -1 when the mutex cannot be made. */
int hl_join_sched_init(struct hl_join_sched *s, int nparts, const int *lanes);
void hl_join_sched_destroy(struct hl_join_sched *s);

/* Chunk bounds of a participant's lanes (units): a device's chunk is
 * capped by its buffers. */
void hl_join_sched_bounds(struct hl_join_sched *s, int part, int64_t min, int64_t max);

/* Starts a run over [0, units) with at most max_chunks chunks (the
 * records there are room for): a lane's chunk is then never smaller than
 * 2 units / max_chunks, but for the last. */
void hl_join_sched_begin(struct hl_join_sched *s, int64_t units, int64_t max_chunks);

/* The next chunk for `lane`, or false when it should stop: nothing is
 * left, its participant failed, or it is not worth it (above). */
bool hl_join_sched_next(struct hl_join_sched *s, int lane, struct hl_join_chunk *c);

/* Lane finished chunk c in ns nanoseconds. */
void hl_join_sched_done(struct hl_join_sched *s, int lane, const struct hl_join_chunk *c,
                        int64_t ns);

/* Participant `part` broke: its lanes take nothing more. */
void hl_join_sched_fail(struct hl_join_sched *s, int part);

/* Ends a run: each lane that worked keeps its measured speed for the
 * next. Returns the chunks made (records written). */
int64_t hl_join_sched_end(struct hl_join_sched *s);

#endif
