#include "backends/opencl/cl_probes.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "util/alloc.h"
#include "util/timing.h"

#define MAX_REPS 64

double hl_cl_event_s(cl_event ev) {
    cl_ulong a = 0, b = 0;
    if (clGetEventProfilingInfo(ev, CL_PROFILING_COMMAND_START, sizeof a, &a, NULL) != CL_SUCCESS ||
        clGetEventProfilingInfo(ev, CL_PROFILING_COMMAND_END, sizeof b, &b, NULL) != CL_SUCCESS ||
        b < a)
        return 0;
    return (double)(b - a) * 1e-9;
}

/* Launches k over `global` work-items once, waits, and returns its
 * profiled seconds in *seconds. */
static int launch_timed(const struct hl_cl_session *s, cl_kernel k, size_t global, size_t local,
                        double *seconds, struct hl_error *err) {
    cl_event ev = NULL;
    HL_CL_TRY(err, s->who,
              clEnqueueNDRangeKernel(s->queues[0], k, 1, NULL, &global, &local, 0, NULL, &ev),
              fail);
    HL_CL_TRY(err, s->who, clWaitForEvents(1, &ev), fail);
    *seconds = hl_cl_event_s(ev);
    clReleaseEvent(ev);
    if (!(*seconds > 0))
        return hl_error_set(err, HL_ERR_RUNTIME, "%s: a probe kernel reported no time", s->who);
    return 0;
fail:
    if (ev != NULL)
        clReleaseEvent(ev);
    return -1;
}

/* Every 8-byte word of p is its index times an odd number, plus salt. */
static void fill_words(uint64_t *p, size_t words, uint64_t salt) {
    for (size_t i = 0; i < words; i++)
        p[i] = i * 0x9E3779B97F4A7C15u + salt;
}

static int check_words(const uint64_t *p, size_t words, uint64_t salt, const char *who,
                       struct hl_error *err) {
    for (size_t i = 0; i < words; i++) {
        if (p[i] != i * 0x9E3779B97F4A7C15u + salt)
            return hl_error_set(err, HL_ERR_RUNTIME,
                                "%s: memory probe: word %zu was not copied (the copy kernel "
                                "did not run, or ran wrong)",
                                who, i);
    }
    return 0;
}

int hl_cl_probe_memory(const struct hl_cl_session *s, size_t bytes, int reps, double *gbs,
                       struct hl_error *err) {
    bytes = bytes / 64 * 64;
    if (reps < 1 || reps > MAX_REPS || bytes == 0)
        return hl_error_set(err, HL_ERR_USAGE, "%s: memory probe: 1..%d reps of 64 bytes or more",
                            s->who, MAX_REPS);
    if (hl_cl_fit_check(&s->device, s->who, "memory probe buffer", bytes, 2, err) != 0)
        return -1;
    size_t local = 0, words = bytes / 8;
    cl_ulong n8 = bytes / 64;
    cl_int rc = CL_SUCCESS;
    cl_mem src = NULL, dst = NULL;
    cl_kernel k = NULL;
    uint64_t *host = hl_malloc(bytes);
    int status = -1;
    double best = 0;
    if (host == NULL) {
        hl_error_set(err, HL_ERR_RUNTIME, "%s: cannot allocate %zu bytes", s->who, bytes);
        goto done;
    }
    if (hl_cl_session_kernel(s, "hl_ceil_copy", &k, &local, err) != 0)
        goto done;
    src = clCreateBuffer(s->ctx, CL_MEM_READ_ONLY, bytes, NULL, &rc);
    HL_CL_CHECK(err, s->who, rc, "clCreateBuffer(probe source)", done);
    dst = clCreateBuffer(s->ctx, CL_MEM_WRITE_ONLY, bytes, NULL, &rc);
    HL_CL_CHECK(err, s->who, rc, "clCreateBuffer(probe destination)", done);
    fill_words(host, words, 7);
    HL_CL_TRY(err, s->who,
              clEnqueueWriteBuffer(s->queues[0], src, CL_TRUE, 0, bytes, host, 0, NULL, NULL),
              done);
    HL_CL_TRY(err, s->who, clSetKernelArg(k, 0, sizeof(cl_mem), &src), done);
    HL_CL_TRY(err, s->who, clSetKernelArg(k, 1, sizeof(cl_mem), &dst), done);
    HL_CL_TRY(err, s->who, clSetKernelArg(k, 2, sizeof n8, &n8), done);
    size_t global = hl_cl_round_up((size_t)n8, local);
    for (int r = -1; r < reps; r++) { /* one launch first: PoCL compiles on it */
        double t = 0;
        if (launch_timed(s, k, global, local, &t, err) != 0)
            goto done;
        double rate = 2.0 * (double)bytes / t * 1e-9;
        if (r >= 0 && rate > best)
            best = rate;
    }
    memset(host, 0, bytes);
    HL_CL_TRY(err, s->who,
              clEnqueueReadBuffer(s->queues[0], dst, CL_TRUE, 0, bytes, host, 0, NULL, NULL), done);
    if (check_words(host, words, 7, s->who, err) != 0)
        goto done;
    *gbs = best;
    status = 0;
done:
    if (dst != NULL)
        clReleaseMemObject(dst);
    if (src != NULL)
        clReleaseMemObject(src);
    if (k != NULL)
        clReleaseKernel(k);
    free(host);
    return status;
}

/* The recurrence of hl_ceil_add on the host, from the 64 values
 * base + 0..63 (accumulator j, lane l at 8j + l): the sum of the 64
 * values after `iters` steps. */
static uint64_t add_recurrence(uint64_t base, uint64_t iters) {
    uint64_t a[64], t[64];
    for (int i = 0; i < 64; i++)
        a[i] = base + (uint64_t)i;
    for (uint64_t k = 0; k < iters; k++) {
        for (int j = 0; j < 8; j++)
            for (int l = 0; l < 8; l++)
                t[j * 8 + l] = a[j * 8 + l] + a[((j + 1) % 8) * 8 + l];
        memcpy(a, t, sizeof a);
    }
    uint64_t sum = 0;
    for (int i = 0; i < 64; i++)
        sum += a[i];
    return sum;
}

#define ADD_ITERS 1024u
#define ADD_C 3u
#define ADD_D 11u

/* Checks every work-item's result: gid * alpha + beta. */
static int check_add(const struct hl_cl_session *s, cl_mem out, size_t global, uint64_t alpha,
                     uint64_t beta, struct hl_error *err) {
    uint64_t *got = hl_malloc(global * sizeof *got);
    if (got == NULL)
        return hl_error_set(err, HL_ERR_RUNTIME, "%s: cannot allocate the add probe's results",
                            s->who);
    int status = -1;
    HL_CL_TRY(err, s->who,
              clEnqueueReadBuffer(s->queues[0], out, CL_TRUE, 0, global * sizeof *got, got, 0, NULL,
                                  NULL),
              done);
    status = 0;
    for (size_t g = 0; g < global; g++) {
        if (got[g] != (uint64_t)g * alpha + beta) {
            status = hl_error_set(err, HL_ERR_RUNTIME,
                                  "%s: add probe: work-item %zu gave a wrong result (the "
                                  "kernel skipped or miscomputed additions)",
                                  s->who, g);
            break;
        }
    }
done:
    free(got);
    return status;
}

int hl_cl_probe_add(const struct hl_cl_session *s, double min_s, int reps, double *gops,
                    struct hl_error *err) {
    if (reps < 1 || reps > MAX_REPS)
        return hl_error_set(err, HL_ERR_USAGE, "%s: add probe: 1..%d reps", s->who, MAX_REPS);
    size_t local = 0;
    cl_kernel k = NULL;
    cl_mem out = NULL;
    cl_int rc = CL_SUCCESS;
    int status = -1;
    if (hl_cl_session_kernel(s, "hl_ceil_add", &k, &local, err) != 0)
        return -1;
    const cl_ulong iters = ADD_ITERS, c = ADD_C, d = ADD_D;
    const uint64_t alpha = add_recurrence(ADD_C, ADD_ITERS),
                   beta = add_recurrence(ADD_D, ADD_ITERS);
    size_t global = hl_cl_round_up((size_t)s->device.compute_units * local * 4, local);
    const size_t max_global = (size_t)1 << 24;
    double best = 0, t = 0;
    HL_CL_TRY(err, s->who, clSetKernelArg(k, 0, sizeof iters, &iters), done);
    HL_CL_TRY(err, s->who, clSetKernelArg(k, 1, sizeof c, &c), done);
    HL_CL_TRY(err, s->who, clSetKernelArg(k, 2, sizeof d, &d), done);
    /* Grow the work until one launch is long enough to time well. */
    for (;;) {
        if (out != NULL)
            clReleaseMemObject(out);
        out = clCreateBuffer(s->ctx, CL_MEM_WRITE_ONLY, global * sizeof(cl_ulong), NULL, &rc);
        HL_CL_CHECK(err, s->who, rc, "clCreateBuffer(add probe)", done);
        HL_CL_TRY(err, s->who, clSetKernelArg(k, 3, sizeof(cl_mem), &out), done);
        if (launch_timed(s, k, global, local, &t, err) != 0)
            goto done;
        if (t >= min_s || global * 2 > max_global)
            break;
        global *= 2;
    }
    for (int r = 0; r < reps; r++) {
        if (launch_timed(s, k, global, local, &t, err) != 0)
            goto done;
        double rate = (double)global * (double)iters * 64.0 / t * 1e-9;
        best = rate > best ? rate : best;
    }
    if (check_add(s, out, global, alpha, beta, err) != 0)
        goto done;
    *gops = best;
    status = 0;
done:
    if (out != NULL)
        clReleaseMemObject(out);
    clReleaseKernel(k);
    return status;
}

static int cmp_double(const void *a, const void *b) {
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

int hl_cl_probe_launch(const struct hl_cl_session *s, int reps, double *median_s, double *best_s,
                       struct hl_error *err) {
    size_t local = 0, one = 1;
    cl_ulong n_arg = 1;
    cl_int rc = CL_SUCCESS;
    cl_event ev = NULL;
    cl_mem buf = NULL;
    cl_kernel k = NULL;
    double *lat = reps >= 1 ? hl_calloc((size_t)reps, sizeof *lat) : NULL;
    int status = -1;
    if (lat == NULL) {
        hl_error_set(err, HL_ERR_RUNTIME, "%s: launch probe: no memory for %d reps", s->who, reps);
        goto done;
    }
    if (hl_cl_session_kernel(s, "hl_square", &k, &local, err) != 0)
        goto done;
    buf = clCreateBuffer(s->ctx, CL_MEM_READ_WRITE, sizeof(cl_long), NULL, &rc);
    HL_CL_CHECK(err, s->who, rc, "clCreateBuffer", done);
    HL_CL_TRY(err, s->who, clSetKernelArg(k, 0, sizeof(cl_mem), &buf), done);
    HL_CL_TRY(err, s->who, clSetKernelArg(k, 1, sizeof(cl_mem), &buf), done);
    HL_CL_TRY(err, s->who, clSetKernelArg(k, 2, sizeof n_arg, &n_arg), done);
    for (int r = -1; r < reps; r++) {
        int64_t h0 = hl_now_ns();
        HL_CL_TRY(err, s->who,
                  clEnqueueNDRangeKernel(s->queues[0], k, 1, NULL, &one, &one, 0, NULL, &ev), done);
        HL_CL_TRY(err, s->who, clWaitForEvents(1, &ev), done);
        cl_ulong start = 0;
        HL_CL_TRY(
            err, s->who,
            clGetEventProfilingInfo(ev, CL_PROFILING_COMMAND_START, sizeof start, &start, NULL),
            done);
        clReleaseEvent(ev);
        ev = NULL;
        int64_t ns = hl_cl_clock_to_host(&s->clock, start) - h0;
        if (r >= 0)
            lat[r] = (double)(ns > 0 ? ns : 0) * 1e-9;
    }
    qsort(lat, (size_t)reps, sizeof *lat, cmp_double);
    *best_s = lat[0];
    *median_s = reps % 2 == 1 ? lat[reps / 2] : (lat[reps / 2 - 1] + lat[reps / 2]) / 2;
    status = 0;
done:
    if (ev != NULL)
        clReleaseEvent(ev);
    if (buf != NULL)
        clReleaseMemObject(buf);
    if (k != NULL)
        clReleaseKernel(k);
    free(lat);
    return status;
}
