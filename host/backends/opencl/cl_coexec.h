/* An OpenCL device as a participant of a join (backends/join.h): each of
 * the session's queues is a lane that takes a chunk from the schedule
 * whenever its last one has finished, so the device pulls work at its own
 * pace while the host's threads pull theirs. */
#ifndef HL_OPENCL_CL_COEXEC_H
#define HL_OPENCL_CL_COEXEC_H

#include "backends/join_sched.h"
#include "backends/opencl/cl_jobs.h"

/* Runs the device's lanes first_lane.. (one per queue of s) until the
 * schedule has nothing left for them; returns when every command has
 * finished. Every chunk is recorded in recs[chunk id]. A chunk that
 * cannot be enqueued or fails fails the participant: it takes nothing
 * more, the schedule is told, and -1 returns with err saying why. */
int hl_cl_join_drive(const struct hl_cl_session *s, struct hl_cl_runner *runner,
                     struct hl_work *work, struct hl_join_sched *sched, int part, int first_lane,
                     struct hl_task_record *recs, struct hl_error *err);

#endif
