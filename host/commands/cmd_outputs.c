#include "commands/cmd_outputs.h"

#include <errno.h>
#include <stdio.h>

#include "output/results_io.h"
#include "plot/plot.h"
#include "util/alloc.h"
#include "util/sysinfo.h"

int hl_cmd_fill_host(struct hl_results *r, const struct hl_config *cfg, struct hl_error *err) {
    char cpu[256];
    hl_sys_cpu_model(cpu, sizeof cpu);
    r->version = hl_strdup(HETLANE_VERSION);
    r->cpu = hl_strdup(cpu);
    r->cores = hl_sys_cores();
    r->warmup = cfg->warmup;
    r->runs = cfg->runs;
    if (r->version == NULL || r->cpu == NULL)
        return hl_error_errno(err, HL_ERR_RUNTIME, ENOMEM, "cannot allocate the results");
    return 0;
}

int hl_cmd_write_views(const struct hl_config *cfg, const char *dir, const struct hl_results *r,
                       struct hl_error *err) {
    int rc = hl_results_save_trace(dir, r, err);
    size_t charts = 0;
    enum hl_plot_format fmt = HL_PLOT_PNG;
    hl_plot_format_from_name(cfg->format, &fmt); /* the CLI checked the name */
    if (hl_plot_save_all(dir, r, fmt, &charts, err) != 0)
        rc = -1;
    if (cfg->quiet)
        return rc;
    if (hl_plot_available())
        fprintf(stderr, "hetlane: wrote trace.json and %zu %s chart%s to %s\n", charts, cfg->format,
                charts == 1 ? "" : "s", dir);
    else
        fprintf(stderr, "hetlane: wrote trace.json to %s (no charts: built without cairo)\n", dir);
    return rc;
}
