/* The ceilings (model/ceilings.h) as JSON: the "ceilings" object of
 * results.json (docs/results.md) and the per-machine cache file
 * (commands/ceilings_cache.h) share one form. Rates that were not
 * measured are null. */
#ifndef HL_OUTPUT_CEILINGS_IO_H
#define HL_OUTPUT_CEILINGS_IO_H

#include <stdio.h>

#include "model/ceilings.h"
#include "model/results.h"
#include "util/error.h"
#include "util/json_writer.h"

struct hl_jf; /* output/json_fields.h */

/* Writes c as one JSON object value on j. Cannot fail (stream errors are
 * the caller's fflush/ferror). */
void hl_ceilings_write_json(struct hl_json *j, const struct hl_ceilings *c);

/* Reads the next value, a "ceilings" object, into *c (cleared first; set
 * measured). A member of the wrong type or out of range is a usage error
 * naming its JSON path; *c is then cleared. */
int hl_ceilings_read_jf(struct hl_jf *rd, struct hl_ceilings *c);

/* The ceilings as a JSON file of their own, { "schema":
 * "hetlane-ceilings/1", "ceilings": {...} }: `hetlane ceilings -o` and the
 * cache. write_document writes it on out (stream errors are the
 * caller's); save writes dir/name whole or not at all; load fails (usage
 * error naming the file) on a file that is not one. */
void hl_ceilings_write_document(FILE *out, const struct hl_ceilings *c);
int hl_ceilings_save(const char *dir, const char *name, const struct hl_ceilings *c,
                     struct hl_error *err);
int hl_ceilings_load(const char *path, struct hl_ceilings *c, struct hl_error *err);

/* Reads the next value, an experiment's "intensity" object, into
 * e->intensity and e->elements (zeroed on failure: a usage error naming
 * the JSON path). */
int hl_intensity_read_jf(struct hl_jf *rd, struct hl_experiment_result *e);

/* For files written before experiments carried "intensity": the
 * intensity the workload of that name declares (workloads/workload.h),
 * its elements per run from the params n and tasks (or the first
 * config's tasks). An unknown workload gets none. Cannot fail. */
void hl_intensity_from_workload(struct hl_experiment_result *e);

#define HL_CEILINGS_SCHEMA "hetlane-ceilings/1"

#endif
