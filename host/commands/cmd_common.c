/* What every command shares: its failure line, the help and version
 * answers, and the setup that must come before any thread. */
#include <errno.h>
#include <stdio.h>

#include "commands/commands.h"
#include "util/interrupt.h"
#include "workloads/fetch/fetch_setup.h"

int hl_cmd_fail(const struct hl_error *err) {
    /* After an interrupt main says so: what failed then failed because
     * of it. */
    if (!hl_interrupted())
        hl_error_print_line(stderr, "hetlane: ", err->msg);
    return err->status == HL_OK ? HL_ERR_RUNTIME : (int)err->status;
}

int hl_cmd_help(const struct hl_config *cfg) {
    if (cfg->command == HL_CMD_VERSION)
        printf("hetlane %s\n", HETLANE_VERSION);
    else
        hl_cli_print_help(stdout, cfg->help_for);
    return 0;
}

int hl_cmd_prepare(const struct hl_config *cfg, struct hl_error *err) {
    /* Ctrl-C during run, plot and compare stops the work cleanly (util/interrupt.h);
     * serve handles its signals itself. */
    if ((cfg->command == HL_CMD_RUN || cfg->command == HL_CMD_PLOT ||
         cfg->command == HL_CMD_COMPARE) &&
        hl_interrupt_install() != 0)
        return hl_error_errno(err, HL_ERR_RUNTIME, errno, "cannot install signal handlers");
    /* libcurl is set up once, here, before any thread exists (fetch.h). */
    if ((cfg->command == HL_CMD_RUN && (cfg->workload->kind & HL_KIND_IO) != 0) ||
        cfg->command == HL_CMD_DEMO)
        return hl_fetch_global_init(err);
    return 0;
}
