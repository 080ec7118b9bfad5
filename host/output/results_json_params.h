/* An experiment's "params" in results.json, read: an object of any keys,
 * each a number or a string. Part of the results reader
 * (results_json_read.c). */
#ifndef HL_OUTPUT_RESULTS_JSON_PARAMS_H
#define HL_OUTPUT_RESULTS_JSON_PARAMS_H

#include "model/results.h"
#include "output/json_fields.h"

/* Reads the next value, params, into e's params: each named params.KEY in
 * messages; a key twice, a value neither number nor string, or a count
 * (n, tasks, latency_ms, body_size) below 0 or a timeout_s not above 0
 * fails the read (-1, rd's error filled). Memory: e owns what it adds. */
int hl_json_read_params(struct hl_jf *rd, struct hl_experiment_result *e);

#endif
