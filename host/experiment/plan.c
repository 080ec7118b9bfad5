/* A plan's arithmetic: task counts, the adaptive defaults, and the
 * checks made before anything is allocated. */
#include <inttypes.h>

#include "experiment/experiment.h"
#include "util/sysinfo.h"

struct hl_adaptive hl_adaptive_run_default(void) {
    return (struct hl_adaptive){
        .min_runs = 3, .max_runs = 30, .budget_s = 1.0, .target = 0.05, .confidence = 0.95};
}

void hl_plan_set_adaptive(struct hl_plan *plan, struct hl_adaptive a) {
    plan->adaptive = true;
    plan->adapt = a;
    plan->runs = a.min_runs;
}

int64_t hl_plan_tasks(const struct hl_plan *plan, const struct hl_backend_config *cfg) {
    if (plan->params.tasks > 0)
        return plan->params.tasks;
    const struct hl_backend *be = cfg->backend;
    int64_t own =
        be->default_tasks != NULL ? be->default_tasks(cfg, plan->workload, &plan->params) : 0;
    return own > 0 ? own : hl_workload_default_tasks(plan->workload, &plan->params, cfg->workers);
}

int64_t hl_plan_max_tasks(const struct hl_plan *plan) {
    int64_t max = 1;
    for (size_t i = 0; i < plan->nconfigs; i++) {
        int64_t t = hl_plan_tasks(plan, &plan->configs[i]);
        max = t > max ? t : max;
    }
    return max;
}

int hl_plan_check(const struct hl_plan *plan, struct hl_error *err) {
    int64_t max_tasks = hl_plan_max_tasks(plan);
    if (plan->workload->validate(&plan->params, max_tasks, err) != 0)
        return -1;
    /* Workload buffers, the shared records of one run, and the copies kept
     * for every counted run of every configuration. */
    uint64_t records = 0, runs = (uint64_t)(plan->adaptive ? plan->adapt.max_runs : plan->runs);
    for (size_t i = 0; i < plan->nconfigs; i++)
        records += (uint64_t)hl_plan_tasks(plan, &plan->configs[i]) * runs;
    /* A configuration with its own memory (OpenCL pinned) gets its own
     * copy of the workload's arrays; runs are interleaved, so every such
     * copy of a window is held at once (rounds.h): all are counted. */
    uint64_t copies = 1;
    for (size_t i = 0; i < plan->nconfigs; i++)
        copies += plan->configs[i].own_memory;
    uint64_t need = copies * plan->workload->footprint(&plan->params, max_tasks) +
                    ((uint64_t)max_tasks + records) * sizeof(struct hl_task_record);
    uint64_t avail = hl_sys_mem_available();
    if (avail != 0 && need > avail)
        return hl_error_set(err, HL_ERR_RUNTIME,
                            "%s with --size %" PRId64 ", %" PRId64
                            " tasks and %d runs needs %.2f GiB, but only %.2f GiB of memory is "
                            "available",
                            plan->workload->name, plan->params.n, max_tasks, (int)runs,
                            (double)need / (1u << 30), (double)avail / (1u << 30));
    return 0;
}
