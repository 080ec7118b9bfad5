#include "plot/lanes_ranks.h"

#include <stdio.h>

#include "model/backend_traits.h"
#include "plot/palette.h"

void hl_plot_legend_add_lanes(struct hl_plot_legend *lg, const struct hl_config_result *c,
                              int nworkers, const char *noun) {
    int per_rank = c != NULL ? c->workers : 0;
    if (c == NULL || hl_config_family(c) != HL_FAMILY_RANKS || per_rank <= 0 ||
        nworkers > HL_PLOT_NWORKER_COLORS) {
        hl_plot_legend_add_workers(lg, nworkers, noun);
        return;
    }
    for (int w = 0; w < nworkers; w++) {
        char label[HL_PLOT_LEGEND_LABEL];
        snprintf(label, sizeof label, "rank %d %s %d", w / per_rank, noun, w % per_rank);
        hl_plot_legend_add(lg, HL_SWATCH_BOX, hl_plot_worker_color(w), label);
    }
}
