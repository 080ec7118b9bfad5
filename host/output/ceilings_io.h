/* The ceilings (model/ceilings.h) as JSON: the "ceilings" object of
 * results.json (docs/results.md) and the per-machine cache file
 * (commands/ceilings_cache.h) share one form. Rates that were not
 * measured are null. */
#ifndef HL_OUTPUT_CEILINGS_IO_H
#define HL_OUTPUT_CEILINGS_IO_H

#include <jansson.h>
#include <stdio.h>

#include "model/ceilings.h"
#include "model/results.h"
#include "util/error.h"
#include "util/json_writer.h"

/* Writes c as one JSON object value on j. Cannot fail (stream errors are
 * the caller's fflush/ferror). */
void hl_ceilings_write_json(struct hl_json *j, const struct hl_ceilings *c);

/* Reads a "ceilings" object into *c (cleared first). A field of the
 * wrong type or out of range is a usage error "WHERE.field: what";
 * *c is then cleared. */
int hl_ceilings_read_json(json_t *obj, const char *where, struct hl_ceilings *c,
                          struct hl_error *err);

/* The ceilings as a JSON file of their own, { "schema":
 * "hetlane-ceilings/1", "ceilings": {...} }: `hetlane ceilings -o` and the
 * cache. write_document writes it on out (stream errors are the
 * caller's); save writes dir/name whole or not at all; load fails (usage
 * error naming the file) on a file that is not one. */
void hl_ceilings_write_document(FILE *out, const struct hl_ceilings *c);
int hl_ceilings_save(const char *dir, const char *name, const struct hl_ceilings *c,
                     struct hl_error *err);
int hl_ceilings_load(const char *path, struct hl_ceilings *c, struct hl_error *err);

/* An experiment's "intensity" object (NULL: absent) into e->intensity and
 * e->elements. Files written before experiments carried it get the
 * intensity the workload of that name declares (workloads/workload.h),
 * its elements per run from the params n and tasks (or the first
 * config's tasks); an unknown workload has none. A malformed object is a
 * usage error "WHERE.field: what". */
int hl_intensity_read_json(json_t *obj, const char *where, struct hl_experiment_result *e,
                           struct hl_error *err);

#define HL_CEILINGS_SCHEMA "hetlane-ceilings/1"

#endif
