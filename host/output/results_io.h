/* Writers and reader for the results model (results.h). */
#ifndef HL_RESULTS_IO_H
#define HL_RESULTS_IO_H

#include <stdio.h>

#include "model/results.h"

/* Writes results.json (schema hetlane-results/1) to `out`. Returns 0;
 * stream errors are caught by the caller's fflush/ferror. */
int hl_results_write_json(FILE *out, const struct hl_results *r, struct hl_error *err);

/* Writes results.csv, one row per task of every counted run. */
int hl_results_write_csv(FILE *out, const struct hl_results *r, struct hl_error *err);

/* Writes results.json and results.csv into `dir`, each whole or not at
 * all (temporary file, then rename). */
int hl_results_save(const char *dir, const struct hl_results *r, struct hl_error *err);

/* Writes trace.json (Chrome trace event format, opens in Perfetto): the
 * median run of every configuration; see results_trace.c. Returns 0;
 * stream errors are caught by the caller's fflush/ferror. */
int hl_results_write_trace(FILE *out, const struct hl_results *r, struct hl_error *err);

/* Writes dir/trace.json whole or not at all. */
int hl_results_save_trace(const char *dir, const struct hl_results *r, struct hl_error *err);

/* Reads a results.json into *r (zeroed first). A file that cannot be read,
 * is not JSON, has another schema or lacks a field gives a usage error
 * naming the file and the JSON path of the problem; *r is then empty. */
int hl_results_read_json(const char *path, struct hl_results *r, struct hl_error *err);

/* Like hl_results_read_json on `len` bytes in memory; `name` stands for
 * the file in error messages. */
int hl_results_parse_json(const char *data, size_t len, const char *name, struct hl_results *r,
                          struct hl_error *err);

#endif
