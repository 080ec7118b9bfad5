#include "experiment/experiment.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "experiment/coexec_result.h"
#include "experiment/rounds.h"
#include "util/alloc.h"
#include "util/shared_mem.h"

static int add_params(struct hl_experiment_result *e, const struct hl_plan *plan,
                      const struct hl_work *work) {
    if (plan->workload->report_params != NULL) {
        struct hl_param_value v[HL_MAX_REPORTED_PARAMS];
        size_t count = plan->workload->report_params(work, v, HL_MAX_REPORTED_PARAMS);
        for (size_t i = 0; i < count; i++) {
            struct hl_param *p = hl_experiment_add_param(e, v[i].key);
            if (p == NULL)
                return -1;
            p->type = v[i].type;
            p->i = v[i].i;
            p->r = v[i].r;
            if (v[i].text != NULL && (p->text = hl_strdup(v[i].text)) == NULL)
                return -1;
        }
        return 0;
    }
    struct hl_param *n = hl_experiment_add_param(e, "n");
    if (n == NULL)
        return -1;
    n->type = HL_PARAM_INT;
    n->i = plan->params.n;
    /* Square's default depends on each config's workers: then each config
     * says its own task count and there is no experiment-wide one. */
    int64_t tasks = plan->params.tasks > 0 ? plan->params.tasks : plan->workload->default_tasks;
    if (tasks > 0) {
        struct hl_param *t = hl_experiment_add_param(e, "tasks");
        if (t == NULL)
            return -1;
        t->type = HL_PARAM_INT;
        t->i = tasks;
    }
    return 0;
}

/* Appends the result of configuration cfg to e, with its names. Returns
 * NULL with err filled when memory ran out (what was made stays in e). */
static struct hl_config_result *add_config(struct hl_experiment_result *e,
                                           const struct hl_backend_config *cfg,
                                           struct hl_error *err) {
    struct hl_config_result *c = hl_experiment_add_config(e);
    if (c == NULL) {
        hl_error_errno(err, HL_ERR_RUNTIME, ENOMEM, "cannot allocate the results of %s",
                       cfg->label);
        return NULL;
    }
    c->label = hl_strdup(cfg->label);
    c->backend = hl_strdup(cfg->backend->name);
    c->workers = cfg->workers;
    bool has_device = cfg->device_name[0] != '\0';
    c->device = has_device ? hl_strdup(cfg->device_name) : NULL;
    bool has_transfer = cfg->transfer[0] != '\0';
    c->transfer = has_transfer ? hl_strdup(cfg->transfer) : NULL;
    if (c->label == NULL || c->backend == NULL || (has_device && c->device == NULL) ||
        (has_transfer && c->transfer == NULL)) {
        hl_error_errno(err, HL_ERR_RUNTIME, ENOMEM, "cannot allocate the results of %s",
                       cfg->label);
        return NULL;
    }
    return c;
}

int hl_experiment_run(const struct hl_plan *plan, struct hl_results *out, struct hl_error *err) {
    int64_t max_tasks = hl_plan_max_tasks(plan);
    struct hl_work work;
    if (hl_work_prepare(&work, plan->workload, &plan->params, max_tasks, NULL, err) != 0)
        return -1;
    size_t rec_bytes = (size_t)max_tasks * sizeof(struct hl_task_record);
    struct hl_task_record *recs = hl_shared_alloc(rec_bytes, "task records", err);
    struct hl_experiment_result *e = recs == NULL ? NULL : hl_results_add_experiment(out);
    int rc = 0;
    if (e == NULL || (e->workload = hl_strdup(plan->workload->name)) == NULL ||
        add_params(e, plan, &work) != 0) {
        hl_error_errno(err, HL_ERR_RUNTIME, ENOMEM, "cannot allocate %s results",
                       plan->workload->name);
        rc = -1;
    } else {
        e->warmup = plan->warmup;
        e->runs = plan->runs;
        e->adaptive = plan->adaptive;
        e->adapt = plan->adapt;
        /* Where the roofline places it: the workload's own declaration. */
        e->intensity = plan->workload->intensity;
        if (plan->workload->elements != NULL && plan->nconfigs > 0)
            e->elements =
                plan->workload->elements(&plan->params, hl_plan_tasks(plan, &plan->configs[0]));
    }
    /* Every configuration is named first; then the windows run, each
     * interleaving its configurations' runs. */
    for (size_t i = 0; rc == 0 && i < plan->nconfigs; i++) {
        struct hl_config_result *c = add_config(e, &plan->configs[i], err);
        if (c == NULL || hl_coexec_result_set(c, &plan->configs[i], err) != 0)
            rc = -1;
    }
    for (size_t first = 0; rc == 0 && first < plan->nconfigs;) {
        size_t end = hl_rounds_window_end(plan, first);
        rc = hl_rounds_run(plan, &work, recs, e, first, end, err);
        first = end;
    }
    if (rc == 0)
        hl_experiment_speedups(e);
    else if (e != NULL)
        hl_results_pop_experiment(out); /* nothing half-made is kept */
    hl_shared_free(recs, rec_bytes);
    hl_work_release(&work);
    return rc;
}
