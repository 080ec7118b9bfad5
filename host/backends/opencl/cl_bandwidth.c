#include "backends/opencl/cl_bandwidth.h"

#include <stdlib.h>
#include <string.h>

#include "backends/opencl/cl_pinned.h"
#include "util/alloc.h"
#include "util/timing.h"

#define MAX_REPS 64

static int cmp_double(const void *a, const void *b) {
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* Median and best (largest) of n rates, sorting them. */
static void summarise(double *gbs, int n, double *median, double *best) {
    qsort(gbs, (size_t)n, sizeof *gbs, cmp_double);
    *median = n % 2 == 1 ? gbs[n / 2] : (gbs[n / 2 - 1] + gbs[n / 2]) / 2;
    *best = gbs[n - 1];
}

/* Every 8-byte word of p is its index xor salt. */
static void fill_pattern(uint64_t *p, size_t words, uint64_t salt) {
    for (size_t i = 0; i < words; i++)
        p[i] = i ^ salt;
}

static int check_pattern(const uint64_t *p, size_t words, uint64_t salt, const char *who,
                         const char *what, struct hl_error *err) {
    for (size_t i = 0; i < words; i++) {
        if (p[i] != (i ^ salt))
            return hl_error_set(err, HL_ERR_RUNTIME,
                                "%s: %s bandwidth: word %zu did not arrive (copy lost)", who, what,
                                i);
    }
    return 0;
}

/* One blocking command's seconds: Write (to_device) or Read of dev. */
static cl_int copy_once(const struct hl_cl_session *s, cl_mem dev, void *host, size_t bytes,
                        bool to_device, double *seconds) {
    int64_t t0 = hl_now_ns();
    cl_int rc =
        to_device ? clEnqueueWriteBuffer(s->queues[0], dev, CL_TRUE, 0, bytes, host, 0, NULL, NULL)
                  : clEnqueueReadBuffer(s->queues[0], dev, CL_TRUE, 0, bytes, host, 0, NULL, NULL);
    *seconds = (double)(hl_now_ns() - t0) * 1e-9;
    return rc;
}

static int measure_copies(const struct hl_cl_session *s, void *host, size_t bytes, int reps,
                          struct hl_cl_bandwidth *out, struct hl_error *err) {
    double h2d[MAX_REPS], d2h[MAX_REPS], sec = 0;
    size_t words = bytes / sizeof(uint64_t);
    cl_int rc = CL_SUCCESS;
    cl_mem dev = clCreateBuffer(s->ctx, CL_MEM_READ_WRITE, bytes, NULL, &rc);
    HL_CL_CHECK(err, s->who, rc, "clCreateBuffer(bandwidth)", fail);
    for (int r = -1; r < reps; r++) {
        fill_pattern(host, words, (uint64_t)r + 2);
        HL_CL_TRY(err, s->who, copy_once(s, dev, host, bytes, true, &sec), fail);
        if (r >= 0)
            h2d[r] = (double)bytes / sec * 1e-9;
        memset(host, 0, bytes);
        HL_CL_TRY(err, s->who, copy_once(s, dev, host, bytes, false, &sec), fail);
        if (r >= 0)
            d2h[r] = (double)bytes / sec * 1e-9;
        if (check_pattern(host, words, (uint64_t)r + 2, s->who, "h2d+d2h", err) != 0)
            goto fail;
    }
    clReleaseMemObject(dev);
    summarise(h2d, reps, &out->h2d_gbs, &out->h2d_best);
    summarise(d2h, reps, &out->d2h_gbs, &out->d2h_best);
    return 0;
fail:
    if (dev != NULL)
        clReleaseMemObject(dev);
    return -1;
}

/* zero-copy: map for writing + unmap ("h2d"), map for reading + unmap
 * ("d2h") of a buffer over the host memory itself. */
static int measure_maps(const struct hl_cl_session *s, void *host, size_t bytes, int reps,
                        struct hl_cl_bandwidth *out, struct hl_error *err) {
    double h2d[MAX_REPS], d2h[MAX_REPS];
    cl_int rc = CL_SUCCESS;
    cl_command_queue q = s->queues[0];
    cl_mem buf = clCreateBuffer(s->ctx, CL_MEM_USE_HOST_PTR | CL_MEM_READ_WRITE, bytes, host, &rc);
    HL_CL_CHECK(err, s->who, rc, "clCreateBuffer(in place)", fail);
    for (int r = -1; r < reps; r++) {
        for (int dir = 0; dir < 2; dir++) {
            cl_map_flags flags = dir == 0 ? CL_MAP_WRITE_INVALIDATE_REGION : CL_MAP_READ;
            int64_t t0 = hl_now_ns();
            void *p = clEnqueueMapBuffer(q, buf, CL_TRUE, flags, 0, bytes, 0, NULL, NULL, &rc);
            int64_t mapped = hl_now_ns() - t0;
            HL_CL_CHECK(err, s->who, rc, "clEnqueueMapBuffer", fail);
            if (dir == 0) /* the host's own writing is not the map's cost */
                fill_pattern(p, bytes / sizeof(uint64_t), (uint64_t)r + 2);
            int64_t t1 = hl_now_ns();
            HL_CL_TRY(err, s->who, clEnqueueUnmapMemObject(q, buf, p, 0, NULL, NULL), fail);
            HL_CL_TRY(err, s->who, clFinish(q), fail);
            int64_t ns = mapped + (hl_now_ns() - t1);
            double gbs = (double)bytes / ((double)(ns > 0 ? ns : 1) * 1e-9) * 1e-9;
            if (r >= 0 && dir == 0)
                h2d[r] = gbs;
            else if (r >= 0)
                d2h[r] = gbs;
        }
        if (check_pattern(host, bytes / sizeof(uint64_t), (uint64_t)r + 2, s->who, "map", err) != 0)
            goto fail;
    }
    clReleaseMemObject(buf);
    summarise(h2d, reps, &out->h2d_gbs, &out->h2d_best);
    summarise(d2h, reps, &out->d2h_gbs, &out->d2h_best);
    return 0;
fail:
    if (buf != NULL)
        clReleaseMemObject(buf);
    return -1;
}

int hl_cl_measure_bandwidth(const struct hl_cl_session *s, enum hl_cl_transfer mode, size_t bytes,
                            int reps, struct hl_cl_bandwidth *out, struct hl_error *err) {
    memset(out, 0, sizeof *out);
    bytes = bytes / 4096 * 4096;
    if (reps < 1 || reps > MAX_REPS || bytes == 0)
        return hl_error_set(err, HL_ERR_USAGE, "%s: bandwidth: 1..%d reps of at least 4 KiB",
                            s->who, MAX_REPS);
    if (hl_cl_fit_check(&s->device, s->who, "bandwidth buffer", bytes, 1, err) != 0)
        return -1;
    out->bytes = bytes;
    out->reps = reps;
    int rc = -1;
    if (mode == HL_CL_PINNED) {
        struct hl_cl_pinned pinned;
        hl_cl_pinned_init(&pinned, s);
        void *host = pinned.memory.alloc(pinned.memory.ctx, bytes, "bandwidth buffer", err);
        if (host != NULL)
            rc = measure_copies(s, host, bytes, reps, out, err);
        hl_cl_pinned_release(&pinned);
        return rc;
    }
    /* Page-aligned, as USE_HOST_PTR wants; every page touched by the
     * first pattern before any timed copy. */
    void *host = NULL;
    if (posix_memalign(&host, 4096, bytes) != 0)
        return hl_error_set(err, HL_ERR_RUNTIME, "%s: cannot allocate %zu bytes", s->who, bytes);
    memset(host, 0, bytes);
    rc = mode == HL_CL_ZERO_COPY ? measure_maps(s, host, bytes, reps, out, err)
                                 : measure_copies(s, host, bytes, reps, out, err);
    free(host);
    return rc;
}
