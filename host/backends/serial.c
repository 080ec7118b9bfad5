/* serial: every task in order on the calling thread. The baseline every
 * speedup is measured against. */
#include "backends/backend.h"
#include "backends/join.h"
#include "util/interrupt.h"

static int serial_run(void *state, const struct hl_backend_config *cfg, struct hl_work *work,
                      struct hl_task_record *recs, struct hl_error *err) {
    (void)state;
    (void)cfg;
    for (int64_t t = 0; t < work->ntasks; t++) {
        if (hl_interrupted())
            return hl_error_set(err, HL_ERR_RUNTIME, "serial: interrupted");
        hl_backend_run_cpu_task(work, t, 0, &recs[t]);
    }
    return 0;
}

const struct hl_backend hl_backend_serial = {
    .name = "serial",
    .summary = "the calling thread, tasks in order",
    .kinds = HL_KIND_COMPUTE | HL_KIND_IO,
    .takes_workers = false,
    .default_workers = 1,
    .run = serial_run,
    .join_run = hl_join_cpu_run,
};
