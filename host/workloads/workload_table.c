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

int hl_work_prepare(struct hl_work *w, const struct hl_workload *wl, const struct hl_params *p,
                    int64_t max_tasks, struct hl_error *err) {
    memset(w, 0, sizeof *w);
    w->wl = wl;
    w->params = *p;
    w->max_tasks = max_tasks;
    w->ntasks = max_tasks;
    if (wl->prepare(w, err) != 0) {
        wl->release(w);
        w->wl = NULL;
        return -1;
    }
    return 0;
}

void hl_work_release(struct hl_work *w) {
    if (w->wl != NULL)
        w->wl->release(w);
    w->wl = NULL;
    w->state = NULL;
}
