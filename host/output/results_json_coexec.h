/* The parts of results.json a join adds (docs/results.md): a chunk's
 * "range" in its task record, and a join configuration's "coexec":
 * participants (read back), and per run each one's share, finish and the
 * balance, with the efficiencies against the participants alone (written
 * for readers of the file; hetlane recomputes them from the runs). Both
 * optional: files without them read as before. */
#ifndef HL_OUTPUT_RESULTS_JSON_COEXEC_H
#define HL_OUTPUT_RESULTS_JSON_COEXEC_H

#include "model/ceilings.h"
#include "model/results.h"
#include "output/json_fields.h"
#include "util/json_writer.h"

/* "range": [lo, hi] for a join's chunk; nothing for any other task. */
void hl_json_write_range(struct hl_json *j, const struct hl_task_record *t);

/* "coexec": {...} for a join configuration c of e; nothing for another.
 * ceilings: the measured ones the bound is computed from, or NULL. */
void hl_json_write_coexec(struct hl_json *j, const struct hl_experiment_result *e,
                          const struct hl_config_result *c, const struct hl_ceilings *ceilings);

/* Reads the next value, a task's "range", into t. */
int hl_json_read_range(struct hl_jf *rd, struct hl_task_record *t);

/* Reads the next value, a config's "coexec", into c->coexec (made). */
int hl_json_read_coexec(struct hl_jf *rd, struct hl_config_result *c);

#endif
