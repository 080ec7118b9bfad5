/* hetlane run: one workload on the configurations asked for. */
#include <stdio.h>

#include "commands/ceilings_cache.h"
#include "commands/cmd_outputs.h"
#include "commands/commands.h"
#include "experiment/experiment.h"
#include "output/summary.h"
#include "util/interrupt.h"

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
    /* Everything that can be refused is refused before any work starts. */
    struct hl_out_set out;
    if (hl_plan_check(&plan, &err) != 0 || hl_out_set_open(&out, cfg->out_dir, "--out", &err) != 0)
        return hl_cmd_fail(&err);

    struct hl_results results = {0};
    int status = 0;
    if (hl_cmd_fill_host(&results, cfg, &err) != 0 ||
        hl_cmd_run_ceilings(cfg, &plan, &results, &err) != 0 ||
        hl_experiment_run(&plan, &results, &err) != 0) {
        status = hl_cmd_fail(&err);
    } else if (hl_interrupted()) { /* main says so; nothing is written */
        status = HL_ERR_RUNTIME;
    } else {
        hl_summary_print(stdout, &results);
        fflush(stdout);
        status = hl_results_all_verified(&results) ? 0 : HL_ERR_RUNTIME;
        if (hl_cmd_save_set(cfg, &out, &results, HL_SET_RESULTS | HL_SET_VIEWS, false, &err) != 0)
            status = hl_cmd_fail(&err);
        else if (status == HL_ERR_RUNTIME)
            fprintf(stderr, "hetlane: some runs failed or did not verify (see above)\n");
    }
    hl_out_set_close(&out);
    hl_results_free(&results);
    return status;
}
