#include "plot_fixture.h"

#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "output/ceilings_io.h"

struct hl_experiment_result *fixture_begin(struct hl_results *r, const char *workload) {
    memset(r, 0, sizeof *r);
    r->version = strdup("test");
    r->cpu = strdup("Test CPU");
    r->cores = 2;
    r->runs = 3;
    struct hl_experiment_result *e = hl_results_add_experiment(r);
    REQUIRE(e != NULL);
    e->workload = strdup(workload);
    struct hl_param *p = hl_experiment_add_param(e, "n");
    REQUIRE(p != NULL);
    p->type = HL_PARAM_INT;
    p->i = 1000;
    return e;
}

struct hl_config_result *fixture_config(struct hl_experiment_result *e, const char *label,
                                        const char *backend, int workers, size_t ntasks,
                                        int64_t step_ns, int64_t len_ns, size_t nruns,
                                        const double *walls_s) {
    struct hl_config_result *c = hl_experiment_add_config(e);
    REQUIRE(c != NULL);
    c->label = strdup(label);
    c->backend = strdup(backend);
    c->workers = workers;
    c->tasks = (int64_t)ntasks;
    c->runs = calloc(nruns, sizeof *c->runs);
    REQUIRE(c->runs != NULL);
    for (size_t i = 0; i < nruns; i++) {
        struct hl_run_result *run = &c->runs[c->nruns++];
        run->wall_s = walls_s[i];
        run->cpu_s = walls_s[i];
        run->verified = true;
        run->ntasks = ntasks;
        run->tasks = calloc(ntasks, sizeof *run->tasks);
        REQUIRE(run->tasks != NULL);
        for (size_t k = 0; k < ntasks; k++) {
            struct hl_task_record *t = &run->tasks[k];
            t->task = (int32_t)k;
            t->worker = (int32_t)(k % (size_t)workers);
            t->t0_ns = (int64_t)(k / (size_t)workers) * step_ns + MS;
            t->t1_ns = t->t0_ns + len_ns;
            t->done = t->ok = true;
        }
    }
    return c;
}

void fixture_finish(struct hl_experiment_result *e) {
    /* The intensity its workload declares, as the reader gives a file
     * without one (output/ceilings_io.h). */
    if (!hl_intensity_known(&e->intensity))
        hl_intensity_from_workload(e);
    for (size_t i = 0; i < e->nconfigs; i++)
        hl_config_summarise(&e->configs[i]);
    hl_experiment_speedups(e);
}
