/* What run, demo, plot and compare share: the machine's description at
 * the top of the results, and writing a command's files as one set into
 * its output directory (output/out_set.h). */
#ifndef HL_COMMANDS_CMD_OUTPUTS_H
#define HL_COMMANDS_CMD_OUTPUTS_H

#include <stdbool.h>

#include "cli/cli.h"
#include "model/results.h"
#include "output/out_set.h"

/* Fills r's version, CPU, cores and the requested runs from cfg. Returns
 * 0, or -1 with err filled (runtime) when memory runs out; what was
 * filled is freed with r. */
int hl_cmd_fill_host(struct hl_results *r, const struct hl_config *cfg, struct hl_error *err);

/* Writes one set through `write` (into a staging directory, whose path it
 * gets) and makes it out's set (keep_old: joining the set there). On a
 * failure DIR is left as it was and err names the file as it would have
 * been in DIR and says so; returns -1. */
int hl_cmd_commit_set(struct hl_out_set *out, bool keep_old,
                      int (*write)(const char *dir, void *ctx, struct hl_error *err), void *ctx,
                      struct hl_error *err);

/* The parts of a set drawn from one results model. */
enum hl_set_parts {
    HL_SET_RESULTS = 1u << 0, /* results.json, results.csv */
    HL_SET_VIEWS = 1u << 1,   /* trace.json and every chart this build draws */
    HL_SET_REPORT = 1u << 2,  /* report.md and report.html */
};

/* Writes `parts` of r as out's set (hl_cmd_commit_set) and says what it
 * wrote unless cfg->quiet. Returns 0, or -1 with err filled. */
int hl_cmd_save_set(const struct hl_config *cfg, struct hl_out_set *out, const struct hl_results *r,
                    unsigned parts, bool keep_old, struct hl_error *err);

/* The end every measuring command shares: saves `parts` of r as out's
 * set first (so a reader that goes away cannot lose them), then prints
 * the summary, and says when runs failed. `status` is the command's so
 * far; returns it, made HL_ERR_RUNTIME when a run did not verify, or the
 * save's failure status (its line already printed). */
int hl_cmd_deliver(const struct hl_config *cfg, struct hl_out_set *out, const struct hl_results *r,
                   unsigned parts, int status);

#endif
