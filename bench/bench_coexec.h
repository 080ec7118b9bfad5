/* bench_coexec's two sides: hetlane's join (bench_coexec.c) and the same
 * square through StarPU's dmda scheduler (bench_coexec_starpu.c, built
 * only where libstarpu-dev is installed). */
#ifndef HL_BENCH_COEXEC_H
#define HL_BENCH_COEXEC_H

#include <stdbool.h>
#include <stdint.h>

struct bench_starpu_result {
    bool ran;
    char why[256];          /* why not, when not */
    char device[128];       /* the OpenCL worker StarPU used */
    double median_s, min_s; /* counted iterations, d2h of y included */
    double cpu_share;       /* of the elements, median iteration */
    double balance;         /* earlier worker type's finish / later one's */
    bool verified;          /* every iteration's y checked */
};

/* square of n elements on `threads` CPU workers and one OpenCL device
 * (StarPU picks it; on a CPU-only machine its CPU device through
 * STARPU_OPENCL_ON_CPUS), dmda, `calib` calibration iterations and `reps`
 * counted ones; kernel: hetlane's own square.cl. */
void bench_starpu_square(int64_t n, int threads, bool device_is_cpu, int calib, int reps,
                         struct bench_starpu_result *out);

#endif
