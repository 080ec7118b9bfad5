#include "experiment/cpu_probes.h"

#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "model/results.h"
#include "util/alloc.h"
#include "util/timing.h"

/* The add kernel: eight accumulators, each a vector of LANES int64,
 * each adding a step vector every iteration: eight independent chains,
 * enough to keep every vector adder of a core busy. The accumulators
 * pass through an empty asm statement every iteration, so the compiler
 * must assume they changed: it can neither turn the loop into
 * acc + iters * step nor skip iterations, yet each addition stays one
 * vector add. The step passes through it too, which keeps it in a
 * register (a step reloaded from memory would make loads, not adds, the
 * limit). One version per instruction set (util/cpu_isa.h). */
#define ADD_KERNEL(NAME, ATTR, LANES, C)                                                           \
    ATTR __attribute__((noinline)) static uint64_t NAME(int64_t iters, uint64_t seed) {            \
        typedef uint64_t vec __attribute__((vector_size((LANES)*8)));                              \
        const uint64_t lanes = (LANES);                                                            \
        vec a0 = {0}, a1 = {0}, a2 = {0}, a3 = {0}, a4 = {0}, a5 = {0}, a6 = {0}, a7 = {0};        \
        vec step = {0};                                                                            \
        for (int l = 0; l < (LANES); l++) {                                                        \
            step[l] = (uint64_t)l + 1;                                                             \
            a0[l] = seed + 0 * lanes + (uint64_t)l;                                                \
            a1[l] = seed + 1 * lanes + (uint64_t)l;                                                \
            a2[l] = seed + 2 * lanes + (uint64_t)l;                                                \
            a3[l] = seed + 3 * lanes + (uint64_t)l;                                                \
            a4[l] = seed + 4 * lanes + (uint64_t)l;                                                \
            a5[l] = seed + 5 * lanes + (uint64_t)l;                                                \
            a6[l] = seed + 6 * lanes + (uint64_t)l;                                                \
            a7[l] = seed + 7 * lanes + (uint64_t)l;                                                \
        }                                                                                          \
        for (int64_t k = 0; k < iters; k++) {                                                      \
            a0 += step;                                                                            \
            a1 += step;                                                                            \
            a2 += step;                                                                            \
            a3 += step;                                                                            \
            a4 += step;                                                                            \
            a5 += step;                                                                            \
            a6 += step;                                                                            \
            a7 += step;                                                                            \
            __asm__ volatile(""                                                                    \
                             : C(a0), C(a1), C(a2), C(a3), C(a4), C(a5), C(a6), C(a7), C(step));   \
        }                                                                                          \
        vec s = ((a0 + a1) + (a2 + a3)) + ((a4 + a5) + (a6 + a7));                                 \
        uint64_t total = 0;                                                                        \
        for (int l = 0; l < (LANES); l++)                                                          \
            total += s[l];                                                                         \
        return total;                                                                              \
    }

#if defined(__x86_64__)
#define LANES_BASE 2
ADD_KERNEL(add_base, , 2, "+x")
ADD_KERNEL(add_avx2, __attribute__((target("avx2"))), 4, "+x")
ADD_KERNEL(add_avx512, __attribute__((target("avx512f"))), 8, "+v")
#elif defined(__aarch64__)
#define LANES_BASE 2
ADD_KERNEL(add_base, , 2, "+w")
#else
#define LANES_BASE 1
ADD_KERNEL(add_base, , 1, "+r")
#endif

static int lanes_of(enum hl_isa isa) {
    return isa == HL_ISA_AVX512 ? 8 : isa == HL_ISA_AVX2 ? 4 : LANES_BASE;
}

int64_t hl_probe_add_per_iter(enum hl_isa isa) {
    return 8 * (int64_t)lanes_of(isa);
}

uint64_t hl_probe_add_run(enum hl_isa isa, int64_t iters, uint64_t seed) {
#if defined(__x86_64__)
    if (isa == HL_ISA_AVX512)
        return add_avx512(iters, seed);
    if (isa == HL_ISA_AVX2)
        return add_avx2(iters, seed);
#endif
    (void)isa;
    return add_base(iters, seed);
}

uint64_t hl_probe_add_expected(enum hl_isa isa, int64_t iters, uint64_t seed) {
    /* Accumulator j, lane l starts at seed + j L + l and adds l + 1 per
     * iteration. */
    uint64_t lanes = (uint64_t)lanes_of(isa), total = 0;
    for (uint64_t j = 0; j < 8; j++)
        for (uint64_t l = 0; l < lanes; l++)
            total += seed + j * lanes + l + (uint64_t)iters * (l + 1);
    return total;
}

struct add_job {
    enum hl_isa isa;
    int64_t iters;
    uint64_t seed, result;
    int64_t t0_ns, t1_ns;
};

static void *add_main(void *arg) {
    struct add_job *job = arg;
    job->t0_ns = hl_now_ns();
    job->result = hl_probe_add_run(job->isa, job->iters, job->seed);
    job->t1_ns = hl_now_ns();
    return NULL;
}

/* One run of `threads` threads; seconds from the first thread's start to
 * the last one's end (thread creation is not the kernel's), or negative
 * with err filled. */
static double add_once(struct add_job *jobs, pthread_t *tid, int threads, struct hl_error *err) {
    int started = 0;
    for (; started < threads; started++) {
        if (pthread_create(&tid[started], NULL, add_main, &jobs[started]) != 0)
            break;
    }
    for (int k = 0; k < started; k++)
        pthread_join(tid[k], NULL);
    if (started < threads) {
        hl_error_set(err, HL_ERR_RUNTIME, "add probe: cannot create thread %d of %d", started + 1,
                     threads);
        return -1;
    }
    int64_t first = jobs[0].t0_ns, last = jobs[0].t1_ns;
    for (int k = 0; k < threads; k++) {
        if (jobs[k].result != hl_probe_add_expected(jobs[k].isa, jobs[k].iters, jobs[k].seed)) {
            hl_error_set(err, HL_ERR_RUNTIME,
                         "add probe: thread %d's result is wrong (additions skipped or lost)", k);
            return -1;
        }
        first = jobs[k].t0_ns < first ? jobs[k].t0_ns : first;
        last = jobs[k].t1_ns > last ? jobs[k].t1_ns : last;
    }
    return (double)(last - first) * 1e-9;
}

int hl_probe_add(int threads, double run_s, int reps, double *gops, struct hl_error *err) {
    if (threads < 1 || threads > HL_COPY_MAX_THREADS || reps < 1)
        return hl_error_set(err, HL_ERR_USAGE, "add probe: 1..%d threads", HL_COPY_MAX_THREADS);
    enum hl_isa isa = hl_cpu_isa();
    /* Iterations for about run_s seconds, from a short calibrating run. */
    int64_t iters = 1 << 16;
    int64_t t0 = hl_now_ns();
    uint64_t r = hl_probe_add_run(isa, iters, 1);
    double t = (double)(hl_now_ns() - t0) * 1e-9;
    if (r != hl_probe_add_expected(isa, iters, 1))
        return hl_error_set(err, HL_ERR_RUNTIME, "add probe: a wrong result (additions lost)");
    if (t > 0 && run_s > t)
        iters = (int64_t)((double)iters * run_s / t);
    struct add_job jobs[HL_COPY_MAX_THREADS];
    pthread_t tid[HL_COPY_MAX_THREADS];
    for (int k = 0; k < threads; k++)
        jobs[k] = (struct add_job){.isa = isa, .iters = iters, .seed = (uint64_t)k * 1000 + 3};
    double best = 0;
    for (int rep = 0; rep < reps; rep++) {
        double s = add_once(jobs, tid, threads, err);
        if (s < 0)
            return -1;
        double rate = (double)threads * (double)iters * (double)hl_probe_add_per_iter(isa) / s;
        best = rate > best ? rate : best;
    }
    *gops = best * 1e-9;
    return 0;
}

static void *floor_main(void *arg) {
    return arg; /* what the parent checks it got back */
}

/* One start-up of `workers` threads; seconds, or negative with err. */
static double threads_once(int workers, pthread_t *tid, struct hl_error *err) {
    char marks[HL_COPY_MAX_THREADS];
    int started = 0;
    int64_t t0 = hl_now_ns();
    for (; started < workers; started++) {
        if (pthread_create(&tid[started], NULL, floor_main, &marks[started]) != 0)
            break;
    }
    bool right = true;
    for (int k = 0; k < started; k++) {
        void *back = NULL;
        pthread_join(tid[k], &back);
        right = right && back == &marks[k];
    }
    double s = (double)(hl_now_ns() - t0) * 1e-9;
    if (started < workers || !right) {
        hl_error_set(err, HL_ERR_RUNTIME, "thread floor: %s",
                     started < workers ? "cannot create the threads"
                                       : "a thread returned the wrong value");
        return -1;
    }
    return s;
}

/* One start-up of `workers` processes; seconds, or negative with err. */
static double forks_once(int workers, pid_t *pid, struct hl_error *err) {
    fflush(NULL); /* a child must not inherit unflushed output */
    int started = 0;
    int64_t t0 = hl_now_ns();
    for (; started < workers; started++) {
        pid[started] = fork();
        if (pid[started] < 0)
            break;
        if (pid[started] == 0)
            _exit(started % 100 + 1); /* a status the parent checks */
    }
    int fork_errno = errno;
    bool right = true;
    for (int k = 0; k < started; k++) {
        int status = 0;
        pid_t got;
        do
            got = waitpid(pid[k], &status, 0);
        while (got < 0 && errno == EINTR);
        right = right && got == pid[k] && WIFEXITED(status) && WEXITSTATUS(status) == k % 100 + 1;
    }
    double s = (double)(hl_now_ns() - t0) * 1e-9;
    if (started < workers) {
        hl_error_errno(err, HL_ERR_RUNTIME, fork_errno, "fork floor: fork");
        return -1;
    }
    if (!right) {
        hl_error_set(err, HL_ERR_RUNTIME, "fork floor: a child did not exit as it should");
        return -1;
    }
    return s;
}

int hl_probe_floor(int workers, bool threads, int reps, double *seconds, struct hl_error *err) {
    if (workers < 1 || workers > HL_COPY_MAX_THREADS || reps < 1)
        return hl_error_set(err, HL_ERR_USAGE, "floor probe: 1..%d workers", HL_COPY_MAX_THREADS);
    double *t = hl_calloc((size_t)reps, sizeof *t);
    if (t == NULL)
        return hl_error_set(err, HL_ERR_RUNTIME, "floor probe: out of memory");
    pthread_t tid[HL_COPY_MAX_THREADS];
    pid_t pid[HL_COPY_MAX_THREADS];
    for (int r = 0; r < reps; r++) {
        t[r] = threads ? threads_once(workers, tid, err) : forks_once(workers, pid, err);
        if (t[r] < 0) {
            free(t);
            return -1;
        }
    }
    double least = t[0];
    for (int r = 1; r < reps; r++)
        least = t[r] < least ? t[r] : least;
    *seconds = least; /* the floor: what a start-up costs at least (a loaded
                         machine can add a 4 ms scheduler tick: noise) */
    free(t);
    return 0;
}
