/* square through StarPU 1.3: one codelet with a CPU implementation (the
 * same hl_square_range the CPU backends run) and an OpenCL one (hetlane's
 * own kernels/square.cl), x and y split into blocks of about 8 MiB (the
 * chunk hetlane's device lanes take), the dmda scheduler with a
 * history-based performance model calibrated over `calib` uncounted
 * iterations. Each counted iteration submits every block, waits, and
 * brings every block of y back to main memory (as hetlane's runs end with
 * y in host memory); before it, the host writes x and y (y poisoned), so
 * no device keeps a copy from the iteration before. */
#include <math.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <starpu.h>

#include "backends/opencl/cl_sources.h"
#include "bench_coexec.h"
#include "util/timing.h"
#include "workloads/square.h"

#define BLOCK_BYTES (8u << 20)
#define MAX_BLOCKS 1024

static struct starpu_opencl_program program;

/* Per block of the current iteration: who ran it and when it ended. */
static struct {
    _Atomic int64_t end_ns;
    _Atomic int opencl;
} blocks[MAX_BLOCKS];

static void square_cpu(void *buffers[], void *arg) {
    int b;
    starpu_codelet_unpack_args(arg, &b);
    /* StarPU hands buffers over as integers. */
    const int64_t *x =
        (const int64_t *)STARPU_VECTOR_GET_PTR(buffers[0]);    // NOLINT(performance-no-int-to-ptr)
    int64_t *y = (int64_t *)STARPU_VECTOR_GET_PTR(buffers[1]); // NOLINT(performance-no-int-to-ptr)
    hl_square_range(x, y, 0, (int64_t)STARPU_VECTOR_GET_NX(buffers[0]));
    blocks[b].opencl = 0;
    blocks[b].end_ns = hl_now_ns();
}

static void square_opencl(void *buffers[], void *arg) {
    int b;
    starpu_codelet_unpack_args(arg, &b);
    cl_mem x =
        (cl_mem)STARPU_VECTOR_GET_DEV_HANDLE(buffers[0]); // NOLINT(performance-no-int-to-ptr)
    cl_mem y =
        (cl_mem)STARPU_VECTOR_GET_DEV_HANDLE(buffers[1]); // NOLINT(performance-no-int-to-ptr)
    size_t xoff = STARPU_VECTOR_GET_OFFSET(buffers[0]), yoff = STARPU_VECTOR_GET_OFFSET(buffers[1]);
    cl_ulong n = STARPU_VECTOR_GET_NX(buffers[0]);
    cl_kernel kernel;
    cl_command_queue queue;
    int dev = starpu_worker_get_devid(starpu_worker_get_id());
    if (starpu_opencl_load_kernel(&kernel, &queue, &program, "hl_square", dev) != CL_SUCCESS)
        STARPU_ABORT();
    /* Sub-vectors may start inside their parent's buffer: a sub-buffer
     * is how an OpenCL kernel sees them. */
    cl_int rc = CL_SUCCESS;
    cl_buffer_region rx = {xoff, n * sizeof(cl_long)}, ry = {yoff, n * sizeof(cl_long)};
    cl_mem sx = clCreateSubBuffer(x, CL_MEM_READ_ONLY, CL_BUFFER_CREATE_TYPE_REGION, &rx, &rc);
    cl_mem sy = clCreateSubBuffer(y, CL_MEM_WRITE_ONLY, CL_BUFFER_CREATE_TYPE_REGION, &ry, &rc);
    clSetKernelArg(kernel, 0, sizeof(cl_mem), &sx);
    clSetKernelArg(kernel, 1, sizeof(cl_mem), &sy);
    clSetKernelArg(kernel, 2, sizeof n, &n);
    size_t global = (size_t)((n + 7) / 8);
    rc = clEnqueueNDRangeKernel(queue, kernel, 1, NULL, &global, NULL, 0, NULL, NULL);
    if (rc != CL_SUCCESS)
        STARPU_OPENCL_REPORT_ERROR(rc);
    clFinish(queue);
    clReleaseMemObject(sy);
    clReleaseMemObject(sx);
    starpu_opencl_release_kernel(kernel);
    blocks[b].opencl = 1;
    blocks[b].end_ns = hl_now_ns();
}

static struct starpu_perfmodel model = {.type = STARPU_HISTORY_BASED, .symbol = "hetlane_square"};

static struct starpu_codelet codelet = {
    .cpu_funcs = {square_cpu},
    .opencl_funcs = {square_opencl},
    .nbuffers = 2,
    .modes = {STARPU_R, STARPU_W},
    .model = &model,
    .name = "hetlane_square",
};

static const char *square_source(void) {
    for (size_t i = 0; i < hl_cl_source_count; i++) {
        if (strcmp(hl_cl_sources[i].name, "square.cl") == 0)
            return hl_cl_sources[i].text;
    }
    return NULL;
}

static int cmp_double(const void *a, const void *b) {
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* One iteration: host writes (x re-set, y poisoned), submit, wait, y
 * home. Returns seconds; fills the CPU's share and the balance. */
static double iterate(starpu_data_handle_t hx, starpu_data_handle_t hy, int nblocks, int64_t n,
                      const int64_t *x, int64_t *y, double *cpu_share, double *balance) {
    starpu_data_acquire(hx, STARPU_W);
    starpu_data_release(hx);
    starpu_data_acquire(hy, STARPU_W);
    memset(y, 0, (size_t)n * sizeof *y);
    starpu_data_release(hy);
    (void)x;
    starpu_data_partition(hx,
                          &(struct starpu_data_filter){.filter_func = starpu_vector_filter_block,
                                                       .nchildren = (unsigned)nblocks});
    starpu_data_partition(hy,
                          &(struct starpu_data_filter){.filter_func = starpu_vector_filter_block,
                                                       .nchildren = (unsigned)nblocks});
    int64_t t0 = hl_now_ns();
    for (int b = 0; b < nblocks; b++) {
        if (starpu_task_insert(&codelet, STARPU_R, starpu_data_get_sub_data(hx, 1, b), STARPU_W,
                               starpu_data_get_sub_data(hy, 1, b), STARPU_VALUE, &b, sizeof b,
                               0) != 0)
            STARPU_ABORT();
    }
    starpu_task_wait_for_all();
    starpu_data_unpartition(hy, STARPU_MAIN_RAM); /* y home: part of the time */
    int64_t t1 = hl_now_ns();
    starpu_data_unpartition(hx, STARPU_MAIN_RAM);
    int64_t end[2] = {0, 0}, elems[2] = {0, 0};
    for (int b = 0; b < nblocks; b++) {
        int k = blocks[b].opencl;
        int64_t lo = n * b / nblocks, hi = n * (b + 1) / nblocks;
        elems[k] += hi - lo;
        end[k] = blocks[b].end_ns > end[k] ? blocks[b].end_ns : end[k];
    }
    *cpu_share = (double)elems[0] / (double)n;
    *balance = end[0] > 0 && end[1] > 0 ? (double)((end[0] < end[1] ? end[0] : end[1]) - t0) /
                                              (double)((end[0] > end[1] ? end[0] : end[1]) - t0)
                                        : NAN;
    return (double)(t1 - t0) * 1e-9;
}

void bench_starpu_square(int64_t n, int threads, bool device_is_cpu, int calib, int reps,
                         struct bench_starpu_result *out) {
    memset(out, 0, sizeof *out);
    setenv("STARPU_SCHED", "dmda", 0);
    if (device_is_cpu)
        setenv("STARPU_OPENCL_ON_CPUS", "1", 0);
    struct starpu_conf conf;
    starpu_conf_init(&conf);
    conf.ncpus = threads;
    conf.nopencl = 1;
    conf.ncuda = 0;
    if (starpu_init(&conf) != 0) {
        snprintf(out->why, sizeof out->why, "starpu_init failed");
        return;
    }
    if (starpu_opencl_worker_get_count() < 1) {
        snprintf(out->why, sizeof out->why, "StarPU found no OpenCL device");
        starpu_shutdown();
        return;
    }
    int w = starpu_worker_get_by_type(STARPU_OPENCL_WORKER, 0);
    starpu_worker_get_name(w, out->device, sizeof out->device);
    const char *src = square_source();
    if (src == NULL || starpu_opencl_load_opencl_from_string(src, &program, NULL) != 0) {
        snprintf(out->why, sizeof out->why, "cannot build square.cl through StarPU");
        starpu_shutdown();
        return;
    }
    int64_t *x = malloc((size_t)n * sizeof *x), *y = malloc((size_t)n * sizeof *y);
    double *times = calloc((size_t)reps, sizeof *times);
    double *shares = calloc((size_t)reps, sizeof *shares), *bal = calloc((size_t)reps, sizeof *bal);
    if (x == NULL || y == NULL || times == NULL || shares == NULL || bal == NULL) {
        snprintf(out->why, sizeof out->why, "out of memory");
        goto done;
    }
    for (int64_t i = 0; i < n; i++)
        x[i] = i + 1;
    int64_t by_size = (n * 8 + BLOCK_BYTES - 1) / BLOCK_BYTES;
    int64_t at_least = 4 * (int64_t)(threads + 1);
    int nblocks = (int)(by_size > at_least ? by_size : at_least);
    nblocks = nblocks > MAX_BLOCKS ? MAX_BLOCKS : nblocks;
    nblocks = nblocks > n ? (int)n : nblocks;
    starpu_data_handle_t hx, hy;
    starpu_vector_data_register(&hx, STARPU_MAIN_RAM, (uintptr_t)x, (uint32_t)n, sizeof *x);
    starpu_vector_data_register(&hy, STARPU_MAIN_RAM, (uintptr_t)y, (uint32_t)n, sizeof *y);
    double share = 0, balance = 0;
    for (int i = 0; i < calib; i++) /* the model learns both architectures */
        iterate(hx, hy, nblocks, n, x, y, &share, &balance);
    out->verified = true;
    for (int r = 0; r < reps; r++) {
        times[r] = iterate(hx, hy, nblocks, n, x, y, &shares[r], &bal[r]);
        for (int64_t i = 0; i < n && out->verified; i++)
            out->verified = y[i] == (i + 1) * (i + 1);
    }
    starpu_data_unregister(hx);
    starpu_data_unregister(hy);
    /* The median iteration's share and balance. */
    int mid = 0;
    double *sorted = malloc((size_t)reps * sizeof *sorted);
    if (sorted != NULL) {
        memcpy(sorted, times, (size_t)reps * sizeof *sorted);
        qsort(sorted, (size_t)reps, sizeof *sorted, cmp_double);
        out->median_s = sorted[(reps - 1) / 2];
        out->min_s = sorted[0];
        for (int r = 0; r < reps; r++)
            mid = times[r] == out->median_s ? r : mid;
        free(sorted);
    }
    out->cpu_share = shares[mid];
    out->balance = bal[mid];
    out->ran = true;
done:
    free(bal);
    free(shares);
    free(times);
    free(y);
    free(x);
    starpu_opencl_unload_opencl(&program);
    starpu_shutdown();
}
