/* Co-execution: `-b A+B[+C...]` joins backends into one configuration
 * whose every run splits the workload's index space (workload.h units:
 * square's elements, sum's tasks) into chunks that the participants' lanes
 * (CPU threads, device queues) take as each frees up, sized by
 * backends/join_sched.h. Every chunk is one task record (task = chunk
 * number, worker = lane: participant 0's lanes first, lo/hi its range),
 * so the timeline shows CPU threads and device queues on one time axis;
 * verification is the workload's own, as for every backend.
 *
 * Participants: serial, pthread:W (at most one of the two: they share the
 * cores) and opencl devices, each device once. The run fails when one
 * participant breaks, with that participant's reason; the others take the
 * rest and their chunks are recorded. */
#ifndef HL_BACKENDS_JOIN_H
#define HL_BACKENDS_JOIN_H

#include "backends/backend.h"

extern const struct hl_backend hl_backend_join;

/* Square-like workloads (tasks_per_worker != 0): the most chunks (task
 * records) a join run makes by default. */
#define HL_JOIN_DEFAULT_CHUNKS 1024

/* Makes `out` the join of `parts` (n of them, each one configuration
 * parsed on its own, in order); `spec` is the whole -b item, for
 * messages. Usage error naming spec when they cannot join. */
int hl_join_make(const struct hl_backend_config *parts, size_t n, const char *spec,
                 struct hl_backend_config *out, struct hl_error *err);

/* A participant's own configuration again, from a join's part. */
void hl_join_part_config(const struct hl_join_part *part, struct hl_backend_config *out);

/* The CPU participants' join_run (serial, pthread): cfg->workers lanes,
 * lane 0 on the calling thread, each running chunks through the
 * workload's run_units. */
int hl_join_cpu_run(void *state, const struct hl_backend_config *cfg, struct hl_work *work,
                    struct hl_join_sched *sched, int part, int first_lane,
                    struct hl_task_record *recs, struct hl_error *err);

#endif
