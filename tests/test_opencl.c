/* The OpenCL backend on the first OpenCL device (PoCL in CI), through the
 * library: both kernels verified at sizes that are not multiples of the
 * work-group size, phases present and ordered, the build-failure path with
 * its log, the buffer-limit check, and the clock calibration. Exits 77
 * (skipped) only when this machine has no OpenCL device at all, and fails
 * then in CI (check.h: skip_or_fail). */
#include <stdint.h>
#include <string.h>
#include <time.h>

#include "backends/opencl/cl_devices.h"
#include "backends/opencl/cl_program.h"
#include "backends/opencl/cl_session.h"
#include "check.h"
#include "cli/cli.h"
#include "experiment/experiment.h"
#include "workloads/square.h"
#include "workloads/sum.h"

static char spec[32];

/* Runs `wl` on the first device in host-memory mode `mode` with n and
 * tasks (0: the backend's default); returns the results. */
static void run_plan(const struct hl_workload *wl, const char *mode, int64_t n, int64_t tasks,
                     bool no_overlap, struct hl_results *out) {
    static struct hl_config cfg;
    memset(&cfg, 0, sizeof cfg);
    struct hl_error err = {0};
    char with_mode[64];
    snprintf(with_mode, sizeof with_mode, "%s/%s", spec, mode);
    REQUIRE(hl_backend_list_parse(&cfg.backends, with_mode, &err) == 0);
    REQUIRE(cfg.backends.count == 1);
    if (no_overlap)
        cfg.backends.items[0].workers = 1;
    struct hl_plan plan = {.workload = wl,
                           .params = {.n = n, .tasks = tasks},
                           .warmup = 0,
                           .runs = 2,
                           .nconfigs = 1,
                           .configs = cfg.backends.items};
    memset(out, 0, sizeof *out);
    REQUIRE(hl_plan_check(&plan, &err) == 0);
    REQUIRE(hl_experiment_run(&plan, out, &err) == 0);
}

/* Every task of every run: ok, on a queue, phases of `kinds` in order. */
static void check_phases(const struct hl_config_result *c, const int *kinds, int nkinds, int queues,
                         const char *what) {
    CHECKF(c->note == NULL, "%s: %s", what, c->note);
    CHECKF(c->verified, "%s not verified: %s", what,
           c->nruns > 0 && c->runs[0].error ? c->runs[0].error : "no runs");
    CHECK(c->setup_s > 0); /* the program build is reported as setup */
    for (size_t r = 0; r < c->nruns; r++) {
        for (size_t t = 0; t < c->runs[r].ntasks; t++) {
            const struct hl_task_record *rec = &c->runs[r].tasks[t];
            CHECKF(rec->ok, "%s task %zu: %s", what, t, rec->error);
            CHECK(rec->worker >= 0 && rec->worker < queues);
            REQUIRE(rec->nphases == nkinds);
            int64_t prev = rec->t0_ns;
            CHECK(rec->t0_ns >= 0 && rec->t0_ns == rec->phases[0].t0_ns);
            CHECK(rec->t1_ns == rec->phases[nkinds - 1].t1_ns);
            for (int p = 0; p < nkinds; p++) {
                CHECK(rec->phases[p].kind == kinds[p]);
                CHECKF(prev <= rec->phases[p].t0_ns && rec->phases[p].t0_ns <= rec->phases[p].t1_ns,
                       "%s task %zu phase %d: %lld..%lld after %lld", what, t, p,
                       (long long)rec->phases[p].t0_ns, (long long)rec->phases[p].t1_ns,
                       (long long)prev);
                prev = rec->phases[p].t1_ns;
            }
            CHECK((double)rec->t1_ns * 1e-9 <= c->runs[r].wall_s + 1e-9);
        }
    }
}

static const char *const modes[] = {"pageable", "pinned", "zero-copy"};

/* Every mode (pageable, pinned, zero-copy): n = 1; chunks shorter than a
 * run of 8; a prime, whole and split unevenly; more tasks than queues;
 * the default size with the default chunks (tasks 0); one queue too. */
static void test_square(void) {
    static const int copy_kinds[] = {HL_PHASE_H2D, HL_PHASE_KERNEL, HL_PHASE_D2H};
    static const int in_place_kinds[] = {HL_PHASE_KERNEL, HL_PHASE_MAP};
    static const struct {
        int64_t n, tasks;
    } cases[] = {{1, 1},       {7, 1},       {7, 3},     {9, 2},       {10007, 1},
                 {1000003, 1}, {1000003, 7}, {65537, 7}, {11999999, 0}};
    for (size_t m = 0; m < sizeof modes / sizeof modes[0]; m++) {
        bool in_place = strcmp(modes[m], "zero-copy") == 0;
        for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
            for (int no_overlap = 0; no_overlap <= 1; no_overlap++) {
                struct hl_results r;
                char what[128];
                int queues = no_overlap ? 1 : in_place ? 2 : 4;
                snprintf(what, sizeof what, "square/%s n=%lld tasks=%lld queues=%d", modes[m],
                         (long long)cases[i].n, (long long)cases[i].tasks, queues);
                run_plan(&hl_workload_square, modes[m], cases[i].n, cases[i].tasks, no_overlap, &r);
                const struct hl_config_result *c = &r.experiments[0].configs[0];
                CHECKF(c->transfer != NULL && strcmp(c->transfer, modes[m]) == 0, "%s: %s", what,
                       c->transfer != NULL ? c->transfer : "no transfer mode");
                check_phases(c, in_place ? in_place_kinds : copy_kinds, in_place ? 2 : 3, queues,
                             what);
                hl_results_free(&r);
            }
        }
    }
}

static void test_sum(void) {
    static const int kinds[] = {HL_PHASE_KERNEL, HL_PHASE_D2H};
    /* Below, at and around one run of 8, a work-group, the global size. */
    static const int64_t sizes[] = {1, 2, 7, 8, 9, 255, 257, 10007, 1000003};
    for (size_t m = 0; m < sizeof modes / sizeof modes[0]; m++) {
        int queues = strcmp(modes[m], "zero-copy") == 0 ? 2 : 4;
        for (size_t i = 0; i < sizeof sizes / sizeof sizes[0]; i++) {
            for (int64_t tasks = 1; tasks <= 5; tasks += 4) {
                struct hl_results r;
                char what[96];
                snprintf(what, sizeof what, "sum/%s n=%lld tasks=%lld", modes[m],
                         (long long)sizes[i], (long long)tasks);
                run_plan(&hl_workload_sum, modes[m], sizes[i], tasks, false, &r);
                check_phases(&r.experiments[0].configs[0], kinds, 2, queues, what);
                hl_results_free(&r);
            }
        }
    }
}

/* Runs kernels/sum.cl's two steps over `groups` work-groups on session s
 * with `salt`; returns the device's sum. */
static uint64_t device_sum(const struct hl_cl_session *s, cl_kernel partial, size_t lp,
                           cl_kernel final, size_t lf, uint64_t n, uint64_t salt, size_t groups) {
    cl_int rc = CL_SUCCESS;
    cl_mem partials =
        clCreateBuffer(s->ctx, CL_MEM_READ_WRITE, groups * sizeof(cl_long), NULL, &rc);
    REQUIRE(rc == CL_SUCCESS);
    cl_mem out = clCreateBuffer(s->ctx, CL_MEM_WRITE_ONLY, sizeof(cl_long), NULL, &rc);
    REQUIRE(rc == CL_SUCCESS);
    cl_ulong n_arg = n, salt_arg = salt;
    cl_uint count = (cl_uint)groups;
    size_t global = groups * lp;
    REQUIRE(clSetKernelArg(partial, 0, sizeof n_arg, &n_arg) == CL_SUCCESS);
    REQUIRE(clSetKernelArg(partial, 1, sizeof salt_arg, &salt_arg) == CL_SUCCESS);
    REQUIRE(clSetKernelArg(partial, 2, sizeof(cl_mem), &partials) == CL_SUCCESS);
    REQUIRE(clSetKernelArg(partial, 3, lp * sizeof(cl_ulong), NULL) == CL_SUCCESS);
    REQUIRE(clEnqueueNDRangeKernel(s->queues[0], partial, 1, NULL, &global, &lp, 0, NULL, NULL) ==
            CL_SUCCESS);
    REQUIRE(clSetKernelArg(final, 0, sizeof(cl_mem), &partials) == CL_SUCCESS);
    REQUIRE(clSetKernelArg(final, 1, sizeof count, &count) == CL_SUCCESS);
    REQUIRE(clSetKernelArg(final, 2, sizeof(cl_mem), &out) == CL_SUCCESS);
    REQUIRE(clSetKernelArg(final, 3, lf * sizeof(cl_ulong), NULL) == CL_SUCCESS);
    REQUIRE(clEnqueueNDRangeKernel(s->queues[0], final, 1, NULL, &lf, &lf, 0, NULL, NULL) ==
            CL_SUCCESS);
    cl_long result = -1;
    REQUIRE(clEnqueueReadBuffer(s->queues[0], out, CL_TRUE, 0, sizeof result, &result, 0, NULL,
                                NULL) == CL_SUCCESS);
    clReleaseMemObject(out);
    clReleaseMemObject(partials);
    return (uint64_t)result;
}

/* The sum kernels really add every term. The backend passes salt 0, so
 * that the kernels add 0..n-1, which has a closed form a compiler could
 * put in place of the loop (and a device would then look 100x faster
 * while verifying). With a salt the terms are i ^ salt, whose sum no
 * compiler derives: the device must match this CPU loop. More groups
 * than the final step's work-group size cover its strided loop too (a
 * GPU with many compute units has them). */
static void test_sum_does_the_work(const struct hl_cl_device *d) {
    struct hl_cl_session s;
    struct hl_error err = {0};
    REQUIRE(hl_cl_session_open(&s, d->platform, d->index, 1, &err) == 0);
    cl_kernel partial = NULL, final = NULL;
    size_t lp = 0, lf = 0;
    REQUIRE(hl_cl_session_kernel(&s, "hl_sum_partial", &partial, &lp, &err) == 0);
    REQUIRE(hl_cl_session_kernel(&s, "hl_sum_final", &final, &lf, &err) == 0);
    static const uint64_t sizes[] = {1, 9, 1000003, 3000017};
    static const uint64_t salts[] = {0, 0x5a5a5a5a5a5a5a5aull, 0x9e3779b97f4a7c15ull, 12345};
    const size_t group_counts[] = {1, 3, 2 * lf + 5};
    for (size_t i = 0; i < sizeof sizes / sizeof sizes[0]; i++) {
        for (size_t k = 0; k < sizeof salts / sizeof salts[0]; k++) {
            uint64_t want = 0;
            for (uint64_t v = 0; v < sizes[i]; v++)
                want += v ^ salts[k];
            for (size_t g = 0; g < sizeof group_counts / sizeof group_counts[0]; g++) {
                uint64_t got =
                    device_sum(&s, partial, lp, final, lf, sizes[i], salts[k], group_counts[g]);
                CHECKF(got == want, "sum n=%llu salt=%#llx groups=%zu: device %llu, CPU %llu",
                       (unsigned long long)sizes[i], (unsigned long long)salts[k], group_counts[g],
                       (unsigned long long)got, (unsigned long long)want);
            }
        }
    }
    clReleaseKernel(final);
    clReleaseKernel(partial);
    hl_cl_session_close(&s);
}

/* A broken source through the same build function: the error names the
 * call and the error, and carries the compiler's log. */
static void test_build_failure(const struct hl_cl_device *d) {
    cl_int rc = CL_SUCCESS;
    cl_context ctx = clCreateContext(NULL, 1, &d->id, NULL, NULL, &rc);
    REQUIRE(rc == CL_SUCCESS);
    const char *texts[] = {"__kernel void k(__global long *y) { y[0] = test_undeclared_name; }\n"};
    size_t lengths[] = {strlen(texts[0])};
    cl_program program = (cl_program)1;
    char log[4096];
    struct hl_error err = {0};
    CHECK(hl_cl_program_build(ctx, d->id, "opencl:test", texts, lengths, 1, &program, log,
                              sizeof log, &err) == -1);
    CHECK(program == NULL);
    CHECKF(strstr(err.msg, "opencl:test: clBuildProgram: CL_BUILD_PROGRAM_FAILURE") != NULL, "%s",
           err.msg);
    CHECKF(strstr(err.msg, "build log:") != NULL && strstr(err.msg, "test_undeclared_name"), "%s",
           err.msg);
    CHECK(strstr(log, "test_undeclared_name") != NULL);
    clReleaseContext(ctx);
}

static void test_fit_check(void) {
    struct hl_cl_device d = {.max_alloc = 1u << 20, .global_mem = 3u << 20};
    struct hl_error err = {0};
    CHECK(hl_cl_fit_check(&d, "opencl:9:9", "square", 1u << 20, 3, &err) == 0);
    CHECK(hl_cl_fit_check(&d, "opencl:9:9", "square", (1u << 20) + 8, 1, &err) == -1);
    CHECKF(strstr(err.msg, "1048584 bytes") != NULL && strstr(err.msg, "1048576 bytes") &&
               strstr(err.msg, "CL_DEVICE_MAX_MEM_ALLOC_SIZE"),
           "%s", err.msg);
    hl_error_clear(&err);
    CHECK(hl_cl_fit_check(&d, "opencl:9:9", "square", 1u << 20, 4, &err) == -1);
    CHECKF(strstr(err.msg, "4194304 bytes") != NULL && strstr(err.msg, "3145728 bytes") &&
               strstr(err.msg, "CL_DEVICE_GLOBAL_MEM_SIZE"),
           "%s", err.msg);
}

static int64_t clock_ns(clockid_t id) {
    struct timespec ts;
    clock_gettime(id, &ts);
    return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

/* The calibrated offset must be what the clocks say. PoCL stamps events
 * with CLOCK_MONOTONIC_RAW, so there the true offset is known. */
static void test_clock(const struct hl_cl_device *d) {
    struct hl_cl_session s;
    struct hl_error err = {0};
    REQUIRE(hl_cl_session_open(&s, d->platform, d->index, 1, &err) == 0);
    printf("calibration: offset %lld ns, bracket half-width %lld ns, build %.3f s\n",
           (long long)s.clock.offset_ns, (long long)s.clock.error_ns, s.build_s);
    CHECK(s.clock.trials > 0 && s.build_s > 0);
    if (strstr(d->platform_name, "Portable Computing Language") != NULL) {
        /* The true offset, from the narrowest of a few RAW-MONO-RAW reads. */
        int64_t truth = 0, window = INT64_MAX;
        for (int i = 0; i < 16; i++) {
            int64_t raw0 = clock_ns(CLOCK_MONOTONIC_RAW), mono = clock_ns(CLOCK_MONOTONIC);
            int64_t raw1 = clock_ns(CLOCK_MONOTONIC_RAW);
            if (raw1 - raw0 < window) {
                window = raw1 - raw0;
                truth = mono - (raw0 + window / 2);
            }
        }
        int64_t off = s.clock.offset_ns - truth;
        printf("calibration against CLOCK_MONOTONIC_RAW: off by %lld ns\n", (long long)off);
        /* The bracket holds the truth however loaded the machine is; the
         * slack covers the reads above and drift since calibrating. */
        CHECK(s.clock.error_ns >= 0);
        int64_t bound = s.clock.error_ns + window + 20000;
        CHECKF(off >= -bound && off <= bound, "off by %lld ns, bound %lld ns", (long long)off,
               (long long)bound);
    }
    hl_cl_session_close(&s);
}

int main(void) {
    struct hl_cl_inventory inv;
    struct hl_error err = {0};
    REQUIRE(hl_cl_inventory_load(&inv, &err) == 0);
    if (inv.ndevices == 0) {
        char why[2 * HL_ERROR_MSG_MAX];
        opencl_missing_why(inv.problem, why, sizeof why);
        skip_or_fail("test_opencl", why);
    }
    const struct hl_cl_device *d = &inv.devices[0];
    snprintf(spec, sizeof spec, "opencl:%d:%d", d->platform, d->index);
    printf("test_opencl on %s: %s\n", spec, d->name);
    test_fit_check();
    test_build_failure(d);
    test_clock(d);
    test_sum_does_the_work(d);
    test_square();
    test_sum();
    hl_cl_inventory_free(&inv);
    return check_finish("test_opencl");
}
