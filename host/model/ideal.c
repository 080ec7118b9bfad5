#include "model/ideal.h"

#include <math.h>

#include "model/backend_traits.h"
#include "model/results_pick.h"

struct hl_ideal hl_ideal_of(const struct hl_experiment_result *e, int cores) {
    struct hl_ideal id = {.kind = HL_IDEAL_NONE};
    const struct hl_param *lat = hl_experiment_param(e, "latency_ms");
    if (lat != NULL && lat->type != HL_PARAM_TEXT) {
        const struct hl_param *t = hl_experiment_param(e, "tasks");
        id.latency_s = (lat->type == HL_PARAM_INT ? (double)lat->i : lat->r) * 1e-3;
        id.tasks = t != NULL && t->type == HL_PARAM_INT ? t->i
                   : e->nconfigs > 0                    ? e->configs[0].tasks
                                                        : 0;
        id.kind = id.tasks > 0 && id.latency_s > 0 ? HL_IDEAL_LATENCY : HL_IDEAL_NONE;
        return id;
    }
    for (size_t i = 0; i < e->nconfigs; i++) {
        const struct hl_config_result *c = &e->configs[i];
        if (hl_config_is_baseline(c) && c->nruns > 0 && c->verified) {
            id.serial_s = hl_results_stored_s(c->wall_s.median);
            id.cores = cores > 0 ? cores : 0;
            id.kind = HL_IDEAL_SERIAL;
            break;
        }
    }
    return id;
}

double hl_ideal_at(const struct hl_ideal *id, double workers) {
    if (id->kind == HL_IDEAL_SERIAL)
        return id->serial_s / (id->cores > 0 && workers > id->cores ? id->cores : workers);
    if (id->kind == HL_IDEAL_LATENCY)
        return ceil((double)id->tasks / workers) * id->latency_s;
    return NAN;
}
