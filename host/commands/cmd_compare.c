/* hetlane compare: two saved result sets side by side. Both files are
 * read, and the output directory checked, before anything is written. */
#include <stdio.h>

#include "commands/cmd_outputs.h"
#include "commands/commands.h"
#include "model/results_pair.h"
#include "output/compare_table.h"
#include "output/results_io.h"
#include "plot/plot.h"

struct compare_ctx {
    const struct hl_config *cfg;
    const struct hl_pairing *pairing;
    const struct hl_results *a, *b;
    size_t charts;
};

static int write_charts(const char *dir, void *ctx, struct hl_error *err) {
    struct compare_ctx *c = ctx;
    enum hl_plot_format fmt = HL_PLOT_PNG;
    hl_plot_format_from_name(c->cfg->format, &fmt); /* the CLI checked the name */
    return hl_plot_save_compare(dir, c->pairing, c->cfg->results_path, c->a, c->cfg->results_path_b,
                                c->b, fmt, &c->charts, err);
}

int hl_cmd_compare(const struct hl_config *cfg) {
    struct hl_error err = {0};
    struct hl_results a = {0}, b = {0};
    struct hl_pairing pairing = {0};
    struct hl_out_set out = {.fd = -1};
    int status = 0;
    if (hl_results_read_json(cfg->results_path, &a, &err) != 0 ||
        hl_results_read_json(cfg->results_path_b, &b, &err) != 0 ||
        hl_out_set_open(&out, cfg->out_dir, "--out", &err) != 0 ||
        hl_results_pair(&a, &b, &pairing, &err) != 0) {
        status = hl_cmd_fail(&err);
    } else {
        hl_compare_print(stdout, &pairing, cfg->results_path, &a, cfg->results_path_b, &b);
        hl_cmd_flush_stdout();
        struct compare_ctx ctx = {cfg, &pairing, &a, &b, 0};
        if (hl_cmd_commit_set(&out, false, write_charts, &ctx, &err) != 0)
            status = hl_cmd_fail(&err);
        else if (!cfg->quiet && hl_plot_available())
            fprintf(stderr, "hetlane: wrote %zu %s chart%s to %s\n", ctx.charts, cfg->format,
                    ctx.charts == 1 ? "" : "s", cfg->out_dir);
        else if (!cfg->quiet)
            fprintf(stderr, "hetlane: no charts (built without cairo)\n");
    }
    hl_pairing_free(&pairing);
    hl_out_set_close(&out);
    hl_results_free(&a);
    hl_results_free(&b);
    return status;
}
