#include <string.h>

#include "workloads/square.h"
#include "workloads/sum.h"
#include "workloads/workload.h"
#if HETLANE_WITH_FETCH
#include "workloads/fetch/fetch.h"
#endif

static const struct hl_workload *const workloads[] = {
    &hl_workload_square,
    &hl_workload_sum,
#if HETLANE_WITH_FETCH
    &hl_workload_fetch,
#endif
};

const struct hl_workload *hl_workload_find(const char *name) {
    for (size_t i = 0; i < sizeof workloads / sizeof workloads[0]; i++) {
        if (strcmp(workloads[i]->name, name) == 0)
            return workloads[i];
    }
    return NULL;
}

const struct hl_workload *const *hl_workload_all(size_t *count) {
    *count = sizeof workloads / sizeof workloads[0];
    return workloads;
}

int64_t hl_workload_default_tasks(const struct hl_workload *wl, const struct hl_params *p,
                                  int workers) {
    int64_t tasks = wl->default_tasks > 0 ? wl->default_tasks : wl->tasks_per_worker * workers;
    int64_t limit = wl->task_limit != NULL ? wl->task_limit(p) : tasks;
    return tasks > limit && limit > 0 ? limit : tasks;
}
