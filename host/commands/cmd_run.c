/* hetlane run: one workload on the configurations asked for. The set is
 * saved before the summary is printed, so a reader of stdout that goes
 * away (`| head`) cannot lose it. A run in which nothing ran writes
 * nothing and fails: refused before any work (status 2) when no
 * configuration can run the workload at all, status 1 when every one was
 * skipped or could not start. */
#include <stdio.h>
#include <string.h>

#include "backends/mpi/mpi.h"
#include "commands/ceilings_cache.h"
#include "commands/cmd_outputs.h"
#include "commands/commands.h"
#include "experiment/experiment.h"
#include "output/summary.h"
#include "util/interrupt.h"

/* A usage error when no configuration's backend runs this kind of work
 * (curl-multi and square, OpenCL and fetch): the run would do nothing. */
static int check_something_runs(const struct hl_config *cfg, struct hl_error *err) {
    const struct hl_backend_list *list = &cfg->backends;
    char labels[256] = "";
    size_t len = 0;
    for (size_t i = 0; i < list->count; i++) {
        if ((list->items[i].backend->kinds & cfg->workload->kind) != 0)
            return 0;
        int n = snprintf(labels + len, sizeof labels - len, "%s%s", i > 0 ? ", " : "",
                         list->items[i].label);
        len = n > 0 && len + (size_t)n < sizeof labels ? len + (size_t)n : len;
    }
    return hl_error_set(err, HL_ERR_USAGE, "--backend: nothing would run: %s cannot run %s", labels,
                        cfg->workload->name);
}

static bool anything_ran(const struct hl_results *r) {
    for (size_t e = 0; e < r->nexperiments; e++) {
        for (size_t c = 0; c < r->experiments[e].nconfigs; c++) {
            if (r->experiments[e].configs[c].nruns > 0)
                return true;
        }
    }
    return false;
}

int hl_cmd_run(const struct hl_config *cfg) {
    struct hl_error err = {0};
    struct hl_plan plan = {
        .workload = cfg->workload,
        .params = cfg->params,
        .warmup = cfg->warmup,
        .runs = cfg->runs,
        .nconfigs = cfg->backends.count,
        .configs = cfg->backends.items,
        .progress = cfg->quiet ? NULL : stderr,
    };
    if (cfg->runs == 0) /* no -r: repeat until the median is known well enough */
        hl_plan_set_adaptive(&plan, hl_adaptive_run_default());
    /* Everything that can be refused is refused before any work starts
     * (under mpirun identically on every rank, before any MPI call). */
    struct hl_out_set out;
    if (check_something_runs(cfg, &err) != 0 || hl_plan_check(&plan, &err) != 0)
        return hl_cmd_fail(&err);
    if (hl_mpi_wanted(&cfg->backends)) {
        int rank = hl_mpi_start(&err);
        if (rank != 0) /* the other ranks serve rank 0 and write nothing */
            return rank > 0 ? hl_mpi_serve() : hl_mpi_finish(hl_cmd_fail(&err));
    }
    if (hl_out_set_open(&out, cfg->out_dir, "--out", &err) != 0)
        return hl_mpi_finish(hl_cmd_fail(&err));

    struct hl_results results = {0};
    int status = 0;
    if (hl_cmd_fill_host(&results, cfg, &err) != 0 ||
        hl_cmd_run_ceilings(cfg, &plan, &results, &err) != 0 ||
        hl_experiment_run(&plan, &results, &err) != 0 || hl_mpi_fill_results(&results, &err) != 0) {
        status = hl_cmd_fail(&err);
    } else if (hl_interrupted()) { /* main says so; nothing is written */
        status = HL_ERR_RUNTIME;
    } else if (!anything_ran(&results)) {
        hl_summary_print(stdout, &results); /* its notes say why */
        hl_cmd_flush_stdout();
        fprintf(stderr, "hetlane: nothing ran: every configuration was skipped or could not start "
                        "(see above); nothing written\n");
        status = HL_ERR_RUNTIME;
    } else {
        hl_mpi_print_clocks(plan.progress);
        status = hl_cmd_deliver(cfg, &out, &results, HL_SET_RESULTS | HL_SET_VIEWS, 0);
    }
    hl_out_set_close(&out);
    hl_results_free(&results);
    return hl_mpi_finish(status);
}
