/* hetlane ceilings: measures this machine's ceilings now (and refreshes
 * the cache run and demo read), prints them as a table or JSON, and with
 * -o keeps them as a result set of their own (results.json with no
 * experiments), which `hetlane report` and `plot` read. */
#include <stdio.h>

#include "commands/ceilings_cache.h"
#include "commands/cmd_outputs.h"
#include "commands/commands.h"
#include "output/ceilings_io.h"
#include "output/ceilings_table.h"
#include "util/sysinfo.h"
#include "util/timing.h"

static void say_line(void *ctx, const char *line) {
    (void)ctx;
    fprintf(stderr, "hetlane ceilings: %s\n", line);
}

int hl_cmd_ceilings(const struct hl_config *cfg) {
    struct hl_error err = {0};
    struct hl_out_set out = {.fd = -1};
    if (cfg->out_given && hl_out_set_open(&out, cfg->out_dir, "--out", &err) != 0)
        return hl_cmd_fail(&err);
    struct hl_results r = {0};
    struct hl_ceilings_request q = {
        .cpu = true,
        .threads = hl_sys_cores(),
        .quick = cfg->quick,
        .all_devices = true,
        .say = cfg->quiet ? NULL : say_line,
    };
    int status = 0;
    int64_t t0 = hl_now_ns();
    if (hl_cmd_fill_host(&r, cfg, &err) != 0 ||
        hl_ceilings_measure(&q, &r.ceilings, &r.copy, &err) != 0) {
        status = hl_cmd_fail(&err);
        goto done;
    }
    if (!cfg->quiet)
        fprintf(stderr, "hetlane ceilings: measured in %.1f s\n",
                (double)(hl_now_ns() - t0) * 1e-9);
    struct hl_error cache_err = {0};
    if (hl_ceilings_cache_store(&r.ceilings, &cache_err) != 0 && !cfg->quiet)
        fprintf(stderr, "hetlane ceilings: not cached: %s\n", cache_err.msg);
    if (cfg->json)
        hl_ceilings_write_document(stdout, &r.ceilings);
    else
        hl_ceilings_print(stdout, &r.ceilings);
    fflush(stdout);
    if (cfg->out_given && hl_cmd_save_set(cfg, &out, &r, HL_SET_RESULTS, false, &err) != 0)
        status = hl_cmd_fail(&err);
done:
    if (cfg->out_given)
        hl_out_set_close(&out);
    hl_results_free(&r);
    return status;
}
