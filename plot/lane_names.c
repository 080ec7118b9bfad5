#include "plot/lane_names.h"

#include <stdio.h>
#include <string.h>

#include "model/backend_traits.h"
#include "model/coexec.h"
#include "plot/palette.h"

/* "opencl:0:0 queue 1" or "pthread:2 thread 0": lane `lane` of a rank's
 * join, its participant's label without the transfer mode. */
static void join_lane(const struct hl_coexec *x, int lane, char *buf, size_t size) {
    int p = hl_coexec_part_of(x, lane);
    if (p < 0) {
        snprintf(buf, size, "lane %d", lane);
        return;
    }
    const struct hl_coexec_part *part = &x->parts[p];
    size_t len = strcspn(part->label, "/");
    bool device = strncmp(part->label, "opencl", 6) == 0;
    snprintf(buf, size, "%.*s %s %d", (int)len, part->label, device ? "queue" : "thread",
             lane - part->first_lane);
}

void hl_plot_legend_add_lanes(struct hl_plot_legend *lg, const struct hl_config_result *c,
                              int nworkers, const char *noun) {
    bool ranks = c != NULL && hl_config_family(c) == HL_FAMILY_RANKS && c->workers > 0;
    bool joined = c != NULL && c->coexec != NULL && c->coexec->nparts > 0;
    if ((!ranks && !joined) || nworkers > HL_PLOT_NWORKER_COLORS) {
        hl_plot_legend_add_workers(lg, nworkers, noun);
        return;
    }
    int per_rank = ranks ? c->workers : nworkers;
    for (int w = 0; w < nworkers; w++) {
        char label[HL_PLOT_LEGEND_LABEL], lane[HL_PLOT_LEGEND_LABEL - 24];
        if (joined)
            join_lane(c->coexec, w % per_rank, lane, sizeof lane);
        else
            snprintf(lane, sizeof lane, "%s %d", noun, w % per_rank);
        if (ranks)
            snprintf(label, sizeof label, "rank %d %s", w / per_rank, lane);
        else
            snprintf(label, sizeof label, "%s", lane);
        hl_plot_legend_add(lg, HL_SWATCH_BOX, hl_plot_worker_color(w), label);
    }
}
