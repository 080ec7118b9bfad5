/* The report's co-execution conclusions (docs/coexec.md): for every join
 * configuration (A+B) whether joining paid against the fastest
 * participant alone, by how much, each participant's share and the
 * balance, both efficiencies (against the sum of speeds, and against the
 * shared-resource bound of the measured ceilings, or why it is
 * unavailable), and why, in the workload's terms. */
#ifndef HL_REPORT_COEXEC_H
#define HL_REPORT_COEXEC_H

#include "model/ceilings.h"
#include "report/report_claims.h"

/* Appends one claim per join configuration of e to out; ceilings: the
 * results' measured ones, or NULL. */
void hl_claim_coexec(const struct hl_experiment_result *e, const struct hl_ceilings *ceilings,
                     struct hl_claims *out);

#endif
