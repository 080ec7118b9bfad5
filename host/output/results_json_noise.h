/* The parts of results.json that say how runs were repeated ("settings",
 * with "adaptive") and how much they disagree (a config's "noise";
 * docs/results.md), read with the reader's machinery
 * (output/json_fields.h). "adaptive" and "noise" are optional: files
 * written before them read as before, with the noise unknown and
 * repetitions fixed. */
#ifndef HL_OUTPUT_RESULTS_JSON_NOISE_H
#define HL_OUTPUT_RESULTS_JSON_NOISE_H

#include <stdint.h>

#include "model/results.h"
#include "output/json_fields.h"

/* Reads the next value, the "settings" of experiment e, or the top-level
 * ones (e NULL), into *warmup and *runs; an experiment's "adaptive" into
 * e (e->adaptive true); the top level's is not read. Returns -1 with rd's
 * error set when they are malformed. */
int hl_json_read_settings(struct hl_jf *rd, struct hl_experiment_result *e, int *warmup, int *runs);

/* Reads the next value, a config's "noise", into c (c->noise.known true,
 * c->stop) and *runs_made, which the caller checks against the runs once
 * they are read ("noise" comes before "runs"). Returns -1 with rd's error
 * set when it is malformed. */
int hl_json_read_noise(struct hl_jf *rd, struct hl_config_result *c, int64_t *runs_made);

#endif
