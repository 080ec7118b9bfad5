/* The parts of results.json an mpi: run adds (docs/results.md): the top
 * level's "mpi" (every rank's host and clock against rank 0) and each
 * task's "rank", "host" and "comm_bytes". All optional: files without
 * them read as before, with no rank table. */
#ifndef HL_OUTPUT_RESULTS_JSON_MPI_H
#define HL_OUTPUT_RESULTS_JSON_MPI_H

#include "model/results.h"
#include "output/json_fields.h"
#include "util/json_writer.h"

/* "mpi": {"ranks": [...]} when r has a rank table, else nothing. */
void hl_json_write_mpi(struct hl_json *j, const struct hl_results *r);

/* A task's "rank", "host" and "comm_bytes", when r has a rank table. */
void hl_json_write_task_rank(struct hl_json *j, const struct hl_results *r,
                             const struct hl_task_record *t);

/* Reads the next value, the top level's "mpi", into r's rank table.
 * Returns -1 with rd's error set when it is malformed. */
int hl_json_read_mpi(struct hl_jf *rd, struct hl_results *r);

#endif
