#include "experiment/coexec_result.h"

#include <errno.h>
#include <stdio.h>

#include "model/coexec.h"
#include "util/alloc.h"

int hl_coexec_result_set(struct hl_config_result *c, const struct hl_backend_config *cfg,
                         struct hl_error *err) {
    if (cfg->nparts == 0)
        return 0;
    struct hl_coexec *x = hl_calloc(1, sizeof *x);
    if (x == NULL)
        return hl_error_errno(err, HL_ERR_RUNTIME, ENOMEM, "cannot allocate the results of %s",
                              cfg->label);
    int lane = 0;
    for (int p = 0; p < cfg->nparts && p < HL_COEXEC_MAX_PARTS; p++) {
        struct hl_coexec_part *xp = &x->parts[x->nparts++];
        snprintf(xp->label, sizeof xp->label, "%s", cfg->parts[p].label);
        xp->first_lane = lane;
        xp->lanes = cfg->parts[p].workers;
        lane += xp->lanes;
    }
    if (cfg->local != NULL) /* mpi:A+B: the same lanes on every rank */
        x->lanes_per_rank = lane;
    c->coexec = x;
    return 0;
}
