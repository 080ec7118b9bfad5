/* hetlane demo: the scenario (commands/demo.h), then the same outputs as
 * run plus report.html and report.md. Everything that can be refused is
 * refused before any work; the exit status is run's. */
#include <stdio.h>
#include <stdlib.h>

#include "commands/cmd_outputs.h"
#include "commands/commands.h"
#include "commands/demo.h"
#include "util/alloc.h"
#include "util/interrupt.h"

int hl_cmd_demo(const struct hl_config *cfg) {
    struct hl_error err = {0};
    struct hl_demo *demo = hl_calloc(1, sizeof *demo);
    if (demo == NULL)
        return hl_cmd_fail(&(struct hl_error){HL_ERR_RUNTIME, "out of memory"});
    struct hl_results results = {0};
    struct hl_out_set out;
    if (hl_demo_prepare(demo, cfg->quick, stderr, hl_progress_mode_for(stderr, cfg->quiet), &err) !=
            0 ||
        hl_out_set_open(&out, cfg->out_dir, "--out", &err) != 0) {
        free(demo);
        return hl_cmd_fail(&err);
    }
    if (hl_cmd_fill_host(&results, cfg, &err) != 0) {
        free(demo);
        hl_out_set_close(&out);
        hl_results_free(&results);
        return hl_cmd_fail(&err);
    }
    /* An experiment that could not start is reported now; what ran is
     * still written, and saved before the summary is printed (a reader
     * of stdout that goes away cannot lose it). After an interrupt
     * nothing is written: main says so. */
    int status = hl_demo_run(demo, &results, &err) != 0 ? hl_cmd_fail(&err) : 0;
    hl_error_clear(&err);
    free(demo);
    if (hl_interrupted()) {
        hl_out_set_close(&out);
        hl_results_free(&results);
        return HL_ERR_RUNTIME;
    }
    status =
        hl_cmd_deliver(cfg, &out, &results, HL_SET_RESULTS | HL_SET_VIEWS | HL_SET_REPORT, status);
    hl_out_set_close(&out);
    hl_results_free(&results);
    return status;
}
