/* mpi:SPEC under mpirun: every rank runs its share of the tasks on SPEC,
 * handed out by rank 0, which gathers every record and writes the one
 * result (docs/mpi.md). What a command calls; with HETLANE_WITH_MPI=OFF
 * these are stubs (mpi_off.c) and no mpi: spec gets past the parser. */
#ifndef HL_BACKENDS_MPI_H
#define HL_BACKENDS_MPI_H

#include <stdbool.h>
#include <stdio.h>

#include "backends/backend_list.h"
#include "model/results.h"
#include "util/error.h"

/* True when the list has an mpi: configuration. */
bool hl_mpi_wanted(const struct hl_backend_list *list);

/* MPI_Init, the rank table (host names), and on rank 0 the first clock
 * exchange with every rank. Returns this rank (0 on rank 0), or -1 with
 * err filled. Call after every usage check, identically on every rank. */
int hl_mpi_start(struct hl_error *err);

/* Ranks other than 0: serve rank 0 (open, run chunks, clocks) until it
 * ends the session; returns rank 0's exit status (1 when rank 0 went
 * silent or this rank broke, with one line on stderr). Writes no file. */
int hl_mpi_serve(void);

/* Rank 0, after the experiment: the ranks' hosts and clocks into r. */
int hl_mpi_fill_results(struct hl_results *r, struct hl_error *err);

/* Rank 0: "mpi: R ranks on H hosts; clock offsets ..." on out. */
void hl_mpi_print_clocks(FILE *out);

/* Rank 0: tells every rank the exit status; every rank: MPI_Finalize.
 * Returns status. Does nothing without a session. */
int hl_mpi_finish(int status);

/* Ends every rank at once (a rank that cannot be reached). */
void hl_mpi_abort(int status);

#endif
