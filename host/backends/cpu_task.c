/* One task on a CPU worker, timed the same way by every CPU backend. Its
 * own file: the backend table lists the backends, and they call this, so
 * the two in one file would be a circle of calls. */
#include "backends/backend.h"

void hl_backend_run_cpu_task(struct hl_work *work, int64_t task, int worker,
                             struct hl_task_record *rec) {
    hl_task_begin(rec, worker);
    int rc = work->wl->run_task(work, task, rec);
    hl_task_end(rec, rc == 0 ? NULL : rec->error);
}
