/* hetlane run: one workload on the configurations asked for. */
#include <stdio.h>

#include "commands/cmd_outputs.h"
#include "commands/commands.h"
#include "experiment/experiment.h"
#include "output/results_io.h"
#include "output/summary.h"
#include "util/fs.h"
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
    if (cfg->runs == 0) /* no -r: repeat until the median is known well enough */
        hl_plan_set_adaptive(&plan, hl_adaptive_run_default());
    /* Everything that can be refused is refused before any work starts. */
    if (hl_plan_check(&plan, &err) != 0 || hl_prepare_out_dir(cfg->out_dir, "--out", &err) != 0)
        return hl_cmd_fail(&err);

    struct hl_results results = {0};
    if (hl_cmd_fill_host(&results, cfg, &err) != 0 ||
        hl_experiment_run(&plan, &results, &err) != 0) {
        hl_results_free(&results);
        return hl_cmd_fail(&err);
    }
    if (hl_interrupted()) { /* main says so; nothing is written */
        hl_results_free(&results);
        return HL_ERR_RUNTIME;
    }
    hl_summary_print(stdout, &results);
    fflush(stdout);
    int status = hl_results_all_verified(&results) ? 0 : HL_ERR_RUNTIME;
    if (hl_results_save(cfg->out_dir, &results, &err) != 0)
        status = hl_cmd_fail(&err);
    else if (!cfg->quiet)
        fprintf(stderr, "hetlane: wrote %s/results.json and %s/results.csv\n", cfg->out_dir,
                cfg->out_dir);
    if (err.status == HL_OK && hl_cmd_write_views(cfg, cfg->out_dir, &results, &err) != 0)
        status = hl_cmd_fail(&err);
    if (status == HL_ERR_RUNTIME && err.status == HL_OK)
        fprintf(stderr, "hetlane: some runs failed or did not verify (see above)\n");
    hl_results_free(&results);
    return status;
}
