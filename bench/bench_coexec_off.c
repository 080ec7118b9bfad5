/* bench_coexec without StarPU (libstarpu-dev absent at configure time). */
#include <stdio.h>
#include <string.h>

#include "bench_coexec.h"

void bench_starpu_square(int64_t n, int threads, bool device_is_cpu, int calib, int reps,
                         struct bench_starpu_result *out) {
    (void)n;
    (void)threads;
    (void)device_is_cpu;
    (void)calib;
    (void)reps;
    memset(out, 0, sizeof *out);
    snprintf(out->why, sizeof out->why,
             "this build has no StarPU (apt-get install libstarpu-dev, then configure again)");
}
