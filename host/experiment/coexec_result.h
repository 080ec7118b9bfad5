/* A join's participants into its results (model/coexec.h). */
#ifndef HL_EXPERIMENT_COEXEC_RESULT_H
#define HL_EXPERIMENT_COEXEC_RESULT_H

#include "backends/backend.h"
#include "model/results.h"

/* Sets c->coexec from a join's configuration (nothing for another).
 * Returns -1 with err filled when memory runs out. */
int hl_coexec_result_set(struct hl_config_result *c, const struct hl_backend_config *cfg,
                         struct hl_error *err);

#endif
