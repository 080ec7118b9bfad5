#include "experiment/copy_limit.h"

#include <pthread.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "util/interrupt.h"
#include "util/shared_mem.h"
#include "util/threads.h"
#include "util/timing.h"

#if defined(__x86_64__)
#include <immintrin.h>
#endif

struct copy_job {
    const int64_t *src;
    int64_t *dst;
    size_t count;
    bool streaming;
};

/* glibc's memcpy picks its own strategy (on some CPUs `rep movsb`, which
 * is not the fastest for large copies), so a copy with the streaming
 * stores square uses is measured too: the machine's real limit is the
 * better of the two. */
static void stream_copy(const int64_t *src, int64_t *dst, size_t count) {
#if defined(__x86_64__)
    for (size_t i = 0; i < count; i++)
        _mm_stream_si64((long long *)&dst[i], src[i]);
    _mm_sfence();
#else
    memcpy(dst, src, count * sizeof(int64_t));
#endif
}

static void *copy_main(void *arg) {
    struct copy_job *job = arg;
    if (job->streaming)
        stream_copy(job->src, job->dst, job->count);
    else
        memcpy(job->dst, job->src, job->count * sizeof(int64_t));
    return NULL;
}

/* One copy by `threads` threads, each its contiguous share; seconds, or a
 * negative value when a thread could not be created (the others joined). */
static double copy_once(const int64_t *src, int64_t *dst, int64_t n, int threads, bool streaming) {
    struct copy_job jobs[HL_COPY_MAX_THREADS];
    pthread_t tid[HL_COPY_MAX_THREADS];
    for (int k = 0; k < threads; k++) {
        int64_t lo = n * k / threads, hi = n * (k + 1) / threads;
        jobs[k].src = src + lo;
        jobs[k].dst = dst + lo;
        jobs[k].count = (size_t)(hi - lo);
        jobs[k].streaming = streaming;
    }
    int64_t t0 = hl_now_ns();
    int started = hl_threads_run(tid, threads, copy_main, jobs, sizeof *jobs, NULL);
    return started < threads ? -1.0 : (double)(hl_now_ns() - t0) * 1e-9;
}

/* Fastest of `reps` copies after one untimed, in seconds; negative on
 * failure. The fastest, not the median: other work on the machine only
 * ever slows a copy down, so the fastest is the nearest to the limit. */
static double time_copy(const int64_t *src, int64_t *dst, int64_t n, int threads, int reps,
                        bool streaming) {
    double *t = calloc((size_t)reps, sizeof *t);
    if (t == NULL)
        return -1.0;
    double best = 0;
    for (int r = -1; r < reps && best >= 0 && !hl_interrupted(); r++) {
        double s = copy_once(src, dst, n, threads, streaming);
        if (s < 0)
            best = -1.0;
        else if (r >= 0)
            t[r] = s;
    }
    if (best >= 0)
        best = hl_stat_of(t, (size_t)reps).min;
    free(t);
    return best;
}

int hl_copy_limit_measure_on(const int64_t *src, int64_t *dst, int64_t n, int max_threads, int reps,
                             struct hl_copy_limit *limit, struct hl_error *err) {
    double bytes = 2.0 * (double)n * sizeof(int64_t); /* read + written */
    if (max_threads > HL_COPY_MAX_THREADS)
        max_threads = HL_COPY_MAX_THREADS;
    for (int w = 1; w <= max_threads; w++) {
        double plain = time_copy(src, dst, n, w, reps, false);
        double streaming = time_copy(src, dst, n, w, reps, true);
        if (hl_interrupted()) /* a signal stops the probe within one copy */
            return hl_error_set(err, HL_ERR_RUNTIME, "interrupted");
        /* NaN too: hl_stat_of gives NaN when its copy cannot be had. */
        if (!(plain > 0) || !(streaming > 0))
            return hl_error_set(err, HL_ERR_RUNTIME,
                                "copy limit: cannot run %d copy threads (or time them)", w);
        limit->memcpy_gbs[w] = bytes / plain / 1e9;
        limit->streaming_gbs[w] = bytes / streaming / 1e9;
        limit->gbs[w] = limit->memcpy_gbs[w] > limit->streaming_gbs[w] ? limit->memcpy_gbs[w]
                                                                       : limit->streaming_gbs[w];
    }
    return 0;
}

int hl_copy_limit_measure(int64_t n, int max_threads, int reps, struct hl_copy_limit *limit,
                          struct hl_error *err) {
    size_t bytes = (size_t)n * sizeof(int64_t);
    int64_t *src = hl_shared_alloc(bytes, "copy limit source", err);
    int64_t *dst = src == NULL ? NULL : hl_shared_alloc(bytes, "copy limit destination", err);
    int rc = -1;
    if (dst != NULL) {
        for (int64_t i = 0; i < n; i++) /* real data, every page touched */
            src[i] = i;
        hl_prefault(dst, bytes);
        rc = hl_copy_limit_measure_on(src, dst, n, max_threads, reps, limit, err);
    }
    hl_shared_free(dst, bytes);
    hl_shared_free(src, bytes);
    return rc;
}
