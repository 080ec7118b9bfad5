/* Device measurements for bench_opencl: kernel-only times (transfer
 * bandwidth and launch latency are hetlane's own probes, the ones the
 * ceilings use: backends/opencl/cl_bandwidth.h, cl_probes.h). All times come from OpenCL profiling
 * events (device clock), so host scheduling noise does not enter them. */
#include <stdlib.h>
#include <string.h>

#include "backends/opencl/cl_probes.h"
#include "bench_opencl.h"

static int cmp_double(const void *a, const void *b) {
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

double bench_median(double *v, int n) {
    qsort(v, (size_t)n, sizeof *v, cmp_double);
    return n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

double bench_event_s(cl_event ev) {
    return hl_cl_event_s(ev);
}

double bench_square_kernel_s(struct hl_cl_session *s, int64_t n, int reps, struct hl_error *err) {
    double best = -1;
    size_t bytes = (size_t)n * sizeof(cl_long), local = 0, global;
    cl_ulong n_arg = (cl_ulong)n;
    cl_int rc = CL_SUCCESS;
    cl_kernel k = NULL;
    cl_mem x = NULL, y = NULL;
    cl_event ev = NULL;
    if (hl_cl_session_kernel(s, "hl_square", &k, &local, err) != 0)
        return -1;
    x = clCreateBuffer(s->ctx, CL_MEM_READ_ONLY, bytes, NULL, &rc);
    HL_CL_CHECK(err, s->who, rc, "clCreateBuffer", done);
    y = clCreateBuffer(s->ctx, CL_MEM_WRITE_ONLY, bytes, NULL, &rc);
    HL_CL_CHECK(err, s->who, rc, "clCreateBuffer", done);
    cl_long zero = 1;
    HL_CL_TRY(err, s->who,
              clEnqueueFillBuffer(s->queues[0], x, &zero, sizeof zero, 0, bytes, 0, NULL, NULL),
              done);
    HL_CL_TRY(err, s->who, clSetKernelArg(k, 0, sizeof(cl_mem), &x), done);
    HL_CL_TRY(err, s->who, clSetKernelArg(k, 1, sizeof(cl_mem), &y), done);
    HL_CL_TRY(err, s->who, clSetKernelArg(k, 2, sizeof n_arg, &n_arg), done);
    global = hl_cl_round_up(((size_t)n + 7) / 8, local); /* runs of 8, see square.cl */
    /* One launch first: PoCL compiles the work-group function on it. */
    for (int r = -1; r < reps; r++) {
        HL_CL_TRY(err, s->who,
                  clEnqueueNDRangeKernel(s->queues[0], k, 1, NULL, &global, &local, 0, NULL, &ev),
                  done);
        HL_CL_TRY(err, s->who, clWaitForEvents(1, &ev), done);
        double t = bench_event_s(ev);
        clReleaseEvent(ev);
        ev = NULL;
        if (r >= 0 && (best < 0 || t < best))
            best = t;
    }
done:
    if (ev != NULL)
        clReleaseEvent(ev);
    if (y != NULL)
        clReleaseMemObject(y);
    if (x != NULL)
        clReleaseMemObject(x);
    clReleaseKernel(k);
    return best;
}

double bench_sum_kernel_s(struct hl_cl_session *s, int64_t n, int tasks, int reps,
                          struct hl_error *err) {
    /* The backend's own job runs the tasks; its phases give kernel time. */
    const struct hl_params params = {.n = n, .tasks = tasks};
    struct hl_work work = {0};
    struct hl_task_record *recs = calloc((size_t)tasks, sizeof *recs);
    struct hl_cl_runner *runner = NULL;
    double best = -1;
    if (recs == NULL ||
        hl_work_prepare(&work, hl_cl_sum_job.workload, &params, tasks, NULL, err) != 0 ||
        hl_cl_runner_open(s, &hl_cl_sum_job, &work, &runner, err) != 0)
        goto done;
    for (int r = -1; r < reps; r++) {
        work.wl->reset(&work);
        hl_timeline_reset(recs, (size_t)tasks);
        if (hl_cl_runner_run(s, runner, &work, recs, err) != 0)
            goto done;
        double total = 0;
        for (int t = 0; t < tasks; t++)
            total += (double)(recs[t].phases[0].t1_ns - recs[t].phases[0].t0_ns) * 1e-9;
        char msg[256];
        if (work.wl->verify(&work, msg, sizeof msg) != 0) {
            hl_error_set(err, HL_ERR_RUNTIME, "%s", msg);
            best = -1;
            goto done;
        }
        if (r >= 0 && (best < 0 || total < best))
            best = total;
    }
done:
    hl_cl_runner_close(runner);
    hl_work_release(&work);
    free(recs);
    return best;
}
