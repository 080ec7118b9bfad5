/* The parts of results.json that say how runs were repeated and how much
 * they disagree ("settings.adaptive", a config's "noise"; docs/results.md).
 * Both are optional: files written before them read as before, with the
 * noise unknown and repetitions fixed. */
#ifndef HL_OUTPUT_RESULTS_JSON_NOISE_H
#define HL_OUTPUT_RESULTS_JSON_NOISE_H

#include "model/results.h"
#include "output/json_reader.h"

/* Reads obj.settings.adaptive into e (e->adaptive true) when present.
 * Returns -1 with the reader's error set when it is malformed. */
int hl_json_read_adaptive(struct hl_json_reader *rd, json_t *obj, struct hl_experiment_result *e);

/* Reads obj.noise into c (c->noise.known true, c->stop) when present.
 * Returns -1 with the reader's error set when it is malformed. */
int hl_json_read_noise(struct hl_json_reader *rd, json_t *obj, struct hl_config_result *c);

#endif
