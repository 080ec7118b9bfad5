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
#include "util/interrupt.h"
#include "util/threads.h"
#include "util/timing.h"

/* The add kernel: ACC accumulators (8, or 16 where there are 32 vector
 * registers), each a vector of LANES int64, each adding a step vector
 * every iteration: independent chains, enough to keep every vector adder
 * of a core busy (on the development VM's EPYC, 16 reached 130 G adds/s
 * where 8 reached 93 to 118). Each accumulator passes through an empty
 * asm statement after its addition, so the compiler must assume it
 * changed: it can neither turn the loop into acc + iters * step nor skip
 * iterations, yet each addition stays one vector add. The step passes
 * through one too, which keeps it in a register (a step reloaded from
 * memory would make loads, not adds, the limit). Accumulator j, lane l
 * starts at seed + j LANES + l. One version per instruction set
 * (util/cpu_isa.h). */
#define ADD_OPAQUE(acc, step, C)                                                                   \
    do {                                                                                           \
        (acc) += (step);                                                                           \
        __asm__ volatile("" : C(acc));                                                             \
    } while (0)

#define ADD_KERNEL(NAME, ATTR, LANES, WIDE, C)                                                     \
    ATTR __attribute__((noinline)) static uint64_t NAME(int64_t iters, uint64_t seed) {            \
        typedef uint64_t vec __attribute__((vector_size((LANES)*8)));                              \
        const uint64_t lanes = (LANES);                                                            \
        vec a[16], step = {0};                                                                     \
        for (int j = 0; j < 16; j++)                                                               \
            for (int l = 0; l < (LANES); l++)                                                      \
                a[j][l] = seed + (uint64_t)j * lanes + (uint64_t)l;                                \
        for (int l = 0; l < (LANES); l++)                                                          \
            step[l] = (uint64_t)l + 1;                                                             \
        vec a0 = a[0], a1 = a[1], a2 = a[2], a3 = a[3], a4 = a[4], a5 = a[5], a6 = a[6];           \
        vec a7 = a[7], b0 = a[8], b1 = a[9], b2 = a[10], b3 = a[11], b4 = a[12], b5 = a[13];       \
        vec b6 = a[14], b7 = a[15];                                                                \
        for (int64_t k = 0; k < iters; k++) {                                                      \
            ADD_OPAQUE(a0, step, C);                                                               \
            ADD_OPAQUE(a1, step, C);                                                               \
            ADD_OPAQUE(a2, step, C);                                                               \
            ADD_OPAQUE(a3, step, C);                                                               \
            ADD_OPAQUE(a4, step, C);                                                               \
            ADD_OPAQUE(a5, step, C);                                                               \
            ADD_OPAQUE(a6, step, C);                                                               \
            ADD_OPAQUE(a7, step, C);                                                               \
            if (WIDE) {                                                                            \
                ADD_OPAQUE(b0, step, C);                                                           \
                ADD_OPAQUE(b1, step, C);                                                           \
                ADD_OPAQUE(b2, step, C);                                                           \
                ADD_OPAQUE(b3, step, C);                                                           \
                ADD_OPAQUE(b4, step, C);                                                           \
                ADD_OPAQUE(b5, step, C);                                                           \
                ADD_OPAQUE(b6, step, C);                                                           \
                ADD_OPAQUE(b7, step, C);                                                           \
            }                                                                                      \
            __asm__ volatile("" : C(step));                                                        \
        }                                                                                          \
        vec s = ((a0 + a1) + (a2 + a3)) + ((a4 + a5) + (a6 + a7));                                 \
        if (WIDE)                                                                                  \
            s += ((b0 + b1) + (b2 + b3)) + ((b4 + b5) + (b6 + b7));                                \
        uint64_t total = 0;                                                                        \
        for (int l = 0; l < (LANES); l++)                                                          \
            total += s[l];                                                                         \
        return total;                                                                              \
    }

#if defined(__x86_64__)
#define LANES_BASE 2
ADD_KERNEL(add_base, , 2, 0, "+x")
ADD_KERNEL(add_avx2, __attribute__((target("avx2"))), 4, 0, "+x")
ADD_KERNEL(add_avx512, __attribute__((target("avx512f"))), 8, 1, "+v")
#elif defined(__aarch64__)
#define LANES_BASE 2
ADD_KERNEL(add_base, , 2, 0, "+w")
#else
#define LANES_BASE 1
ADD_KERNEL(add_base, , 1, 0, "+r")
#endif

static int lanes_of(enum hl_isa isa) {
    return isa == HL_ISA_AVX512 ? 8 : isa == HL_ISA_AVX2 ? 4 : LANES_BASE;
}

/* Accumulators of the version for isa. */
static int accs_of(enum hl_isa isa) {
    return isa == HL_ISA_AVX512 ? 16 : 8;
}

int64_t hl_probe_add_per_iter(enum hl_isa isa) {
    return accs_of(isa) * (int64_t)lanes_of(isa);
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
    for (uint64_t j = 0; j < (uint64_t)accs_of(isa); j++)
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
    int started = hl_threads_run(tid, threads, add_main, jobs, sizeof *jobs, NULL);
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
        if (hl_interrupted()) /* a signal stops the probe within one repetition */
            return hl_error_set(err, HL_ERR_RUNTIME, "interrupted");
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
    void *back[HL_COPY_MAX_THREADS];
    int64_t t0 = hl_now_ns();
    int started = hl_threads_run(tid, workers, floor_main, marks, sizeof marks[0], back);
    double s = (double)(hl_now_ns() - t0) * 1e-9;
    bool right = true;
    for (int k = 0; k < started; k++)
        right = right && back[k] == &marks[k];
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
        t[r] = hl_interrupted() ? hl_error_set(err, HL_ERR_RUNTIME, "interrupted")
               : threads        ? threads_once(workers, tid, err)
                                : forks_once(workers, pid, err);
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
