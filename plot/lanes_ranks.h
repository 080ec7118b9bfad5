/* Lanes of an mpi:SPEC run (backends/mpi): lane w is worker w % W of rank
 * w / W (W: the workers of one rank), so a rank's lanes sit together. The
 * legend names them by rank. */
#ifndef HL_PLOT_LANES_RANKS_H
#define HL_PLOT_LANES_RANKS_H

#include "model/results.h"
#include "plot/legend.h"

/* Worker swatches for c's `nworkers` lanes: "rank 1 worker 0" for an mpi
 * configuration while every lane has a color of its own, else as
 * hl_plot_legend_add_workers does with `noun`. */
void hl_plot_legend_add_lanes(struct hl_plot_legend *lg, const struct hl_config_result *c,
                              int nworkers, const char *noun);

#endif
