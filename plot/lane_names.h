/* Lanes named by whose they are. An mpi:SPEC run's lane w is worker
 * w % W of rank w / W (W: the lanes of one rank), so a rank's lanes sit
 * together; a join's lanes are its participants' in order (model/coexec.h:
 * CPU threads, then each device's queues), on every rank alike. */
#ifndef HL_PLOT_LANE_NAMES_H
#define HL_PLOT_LANE_NAMES_H

#include "model/results.h"
#include "plot/legend.h"

/* Worker swatches for c's `nworkers` lanes while every lane has a color
 * of its own: "rank 1 worker 0" for an mpi configuration, "opencl:0:0
 * queue 1" for a join's lane ("rank 1 pthread:2 thread 0" both); else as
 * hl_plot_legend_add_workers does with `noun`. c may be NULL. */
void hl_plot_legend_add_lanes(struct hl_plot_legend *lg, const struct hl_config_result *c,
                              int nworkers, const char *noun);

#endif
