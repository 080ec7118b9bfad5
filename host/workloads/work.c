/* A prepared workload (struct hl_work) and the home of its arrays. Apart
 * from the table: the workloads call hl_work_alloc_array, and the table
 * lists the workloads, so the two in one file would be a circle. */
#include <string.h>

#include "util/shared_mem.h"
#include "workloads/workload.h"

int hl_work_prepare(struct hl_work *w, const struct hl_workload *wl, const struct hl_params *p,
                    int64_t max_tasks, const struct hl_host_memory *memory, struct hl_error *err) {
    memset(w, 0, sizeof *w);
    w->wl = wl;
    w->memory = memory;
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

void *hl_work_alloc_array(struct hl_work *w, size_t bytes, const char *what, struct hl_error *err) {
    if (w->memory != NULL)
        return w->memory->alloc(w->memory->ctx, bytes, what, err);
    return hl_shared_alloc(bytes, what, err);
}

void hl_work_free_array(struct hl_work *w, void *ptr, size_t bytes) {
    if (ptr == NULL)
        return;
    if (w->memory != NULL)
        w->memory->free(w->memory->ctx, ptr, bytes);
    else
        hl_shared_free(ptr, bytes);
}
