#include "commands/cmd_outputs.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "commands/commands.h"
#include "output/results_io.h"
#include "output/summary.h"
#include "plot/plot.h"
#include "report/report.h"
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

int hl_cmd_commit_set(struct hl_out_set *out, bool keep_old,
                      int (*write)(const char *dir, void *ctx, struct hl_error *err), void *ctx,
                      struct hl_error *err) {
    const char *stage = hl_out_set_begin(out, err);
    if (stage != NULL && write(stage, ctx, err) == 0)
        return hl_out_set_commit(out, keep_old, err);
    hl_out_set_explain(out, err);
    hl_out_set_discard(out);
    size_t len = strlen(err->msg);
    if (strlen(out->dir) < 200)
        snprintf(err->msg + len, sizeof err->msg - len, "; '%s' is as it was", out->dir);
    else /* the path is in the message already; the reason must stay whole */
        snprintf(err->msg + len, sizeof err->msg - len, "; the directory is as it was");
    return -1;
}

struct set_writer {
    const struct hl_config *cfg;
    const struct hl_results *r;
    unsigned parts;
    size_t charts;
};

static int write_parts(const char *dir, void *ctx, struct hl_error *err) {
    struct set_writer *w = ctx;
    if ((w->parts & HL_SET_RESULTS) != 0 && hl_results_save(dir, w->r, err) != 0)
        return -1;
    if ((w->parts & HL_SET_VIEWS) != 0) {
        enum hl_plot_format fmt = HL_PLOT_PNG;
        hl_plot_format_from_name(w->cfg->format, &fmt); /* the CLI checked the name */
        if (hl_results_save_trace(dir, w->r, err) != 0 ||
            hl_plot_save_all(dir, w->r, fmt, &w->charts, err) != 0)
            return -1;
    }
    struct hl_report_options report = {
        .title = w->cfg->command == HL_CMD_REPORT ? "hetlane report" : "hetlane demo",
        .chart_ext = hl_plot_available() ? w->cfg->format : NULL,
    };
    if ((w->parts & HL_SET_REPORT) != 0 && hl_report_save(dir, w->r, &report, err) != 0)
        return -1;
    return 0;
}

int hl_cmd_save_set(const struct hl_config *cfg, struct hl_out_set *out, const struct hl_results *r,
                    unsigned parts, bool keep_old, struct hl_error *err) {
    struct set_writer w = {cfg, r, parts, 0};
    if (hl_cmd_commit_set(out, keep_old, write_parts, &w, err) != 0)
        return -1;
    if (cfg->quiet)
        return 0;
    const char *dir = out->dir;
    if ((parts & (HL_SET_RESULTS | HL_SET_REPORT)) == HL_SET_RESULTS)
        fprintf(stderr, "hetlane: wrote %s/results.json and %s/results.csv\n", dir, dir);
    if ((parts & HL_SET_VIEWS) != 0 && hl_plot_available())
        fprintf(stderr, "hetlane: wrote trace.json and %zu %s chart%s to %s\n", w.charts,
                cfg->format, w.charts == 1 ? "" : "s", dir);
    else if ((parts & HL_SET_VIEWS) != 0)
        fprintf(stderr, "hetlane: wrote trace.json to %s (no charts: built without cairo)\n", dir);
    if ((parts & HL_SET_REPORT) != 0)
        fprintf(stderr, "hetlane: wrote %s/report.html (open it in a browser)%s\n", dir,
                (parts & HL_SET_RESULTS) != 0 ? ", report.md, results.json and results.csv"
                                              : " and report.md");
    return 0;
}

int hl_cmd_deliver(const struct hl_config *cfg, struct hl_out_set *out, const struct hl_results *r,
                   unsigned parts, int status) {
    struct hl_error err = {0};
    if (!hl_results_all_verified(r))
        status = HL_ERR_RUNTIME;
    if (hl_cmd_save_set(cfg, out, r, parts, false, &err) != 0)
        status = hl_cmd_fail(&err);
    hl_summary_print(stdout, r);
    hl_cmd_flush_stdout();
    if (status == HL_ERR_RUNTIME && err.status == HL_OK)
        fprintf(stderr, "hetlane: some runs failed or did not verify (see above)\n");
    return status;
}
