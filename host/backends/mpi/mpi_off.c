/* hetlane built without Open MPI (HETLANE_WITH_MPI=OFF): the parser says
 * so for any mpi: spec (model/backend_traits.c), so none of these is
 * reached with work to do. */
#include "backends/mpi/mpi.h"

bool hl_mpi_wanted(const struct hl_backend_list *list) {
    (void)list;
    return false;
}

int hl_mpi_start(struct hl_error *err) {
    return hl_error_set(err, HL_ERR_USAGE, "this hetlane was built without Open MPI");
}

int hl_mpi_serve(void) {
    return HL_ERR_RUNTIME;
}

int hl_mpi_fill_results(struct hl_results *r, struct hl_error *err) {
    (void)r;
    (void)err;
    return 0;
}

void hl_mpi_print_clocks(FILE *out) {
    (void)out;
}

int hl_mpi_finish(int status) {
    return status;
}

void hl_mpi_abort(int status) {
    (void)status;
}
