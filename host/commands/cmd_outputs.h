/* What run, demo and plot share: the machine's description at the top of
 * the results, and the views drawn from them (trace.json and charts). */
#ifndef HL_COMMANDS_CMD_OUTPUTS_H
#define HL_COMMANDS_CMD_OUTPUTS_H

#include "cli/cli.h"
#include "model/results.h"

/* Fills r's version, CPU, cores and the requested runs from cfg. Returns
 * 0, or -1 with err filled (runtime) when memory runs out; what was
 * filled is freed with r. */
int hl_cmd_fill_host(struct hl_results *r, const struct hl_config *cfg, struct hl_error *err);

/* Writes dir/trace.json and every chart (when this build draws them),
 * says what it wrote unless cfg->quiet. Returns 0, or -1 with err filled
 * at the first file that could not be written (the others are still
 * tried). */
int hl_cmd_write_views(const struct hl_config *cfg, const char *dir, const struct hl_results *r,
                       struct hl_error *err);

#endif
