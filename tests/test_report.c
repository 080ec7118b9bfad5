/* The report's conclusions against doctored results: each claim follows
 * the numbers it is given. Threads that lose are said to have lost, never
 * to have won; CPU time far below wall time makes fetch I/O-bound; the
 * roofline's lowest ceiling at the workload's intensity bounds square and
 * sum (memory at 54% of the copy ceiling is memory-bound, never
 * compute-bound; sum near the add ceiling is compute-bound; a GPU's
 * square is bounded by the link; a run near its start-up floor is
 * start-up-bound), and without ceilings only what the intensity allows is
 * said; OpenCL gains, losses and transfer shares are the measured
 * ones; a faster run that did not verify is never the fastest. The
 * writers print those claims, escaped, with the charts' file names. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "plot_fixture.h"
#include "report/report.h"
#include "report/report_claims.h"

/* Adds a configuration whose 3 runs take wall_ms each with cpu_ms of CPU
 * time and bytes_per_task per task (4 tasks). */
static void add(struct hl_experiment_result *e, const char *label, const char *backend, int workers,
                double wall_ms, double cpu_ms, int64_t bytes_per_task) {
    double walls[3] = {wall_ms * 1e-3, wall_ms * 1e-3, wall_ms * 1e-3};
    struct hl_config_result *c =
        fixture_config(e, label, backend, workers, 4, MS, MS / 2, 3, walls);
    for (size_t i = 0; i < c->nruns; i++) {
        c->runs[i].cpu_s = cpu_ms * 1e-3;
        for (size_t t = 0; t < c->runs[i].ntasks; t++)
            c->runs[i].tasks[t].bytes = bytes_per_task;
    }
}

/* The claim of `topic`, or "" when there is none. */
static const char *claim(const struct hl_claims *cl, enum hl_claim_topic topic) {
    for (size_t i = 0; i < cl->n; i++) {
        if (cl->items[i].topic == topic)
            return cl->items[i].text;
    }
    return "";
}

/* Every claim of `topic`, one after another (a static buffer). */
static const char *claims_all(const struct hl_claims *cl, enum hl_claim_topic topic) {
    static char all[8192];
    size_t used = 0;
    all[0] = '\0';
    for (size_t i = 0; i < cl->n; i++) {
        if (cl->items[i].topic == topic && used + 2 < sizeof all)
            used += (size_t)snprintf(all + used, sizeof all - used, "%s\n", cl->items[i].text);
    }
    return all;
}

#define HAS(text, word) CHECKF(strstr(text, word) != NULL, "'%s' lacks '%s'", text, word)
#define LACKS(text, word) CHECKF(strstr(text, word) == NULL, "'%s' has '%s'", text, word)

static void claims_of(struct hl_results *r, struct hl_claims *cl) {
    fixture_finish(&r->experiments[0]);
    hl_report_claims(r, &r->experiments[0], cl);
}

static void test_threads_lose(void) {
    struct hl_results r;
    struct hl_experiment_result *e = fixture_begin(&r, "sum");
    add(e, "serial", "serial", 1, 10, 10, 0);
    add(e, "pthread:2", "pthread", 2, 15, 20, 0);
    add(e, "fork:2", "fork", 2, 5, 10, 0);
    struct hl_claims cl;
    claims_of(&r, &cl);
    const char *th = claim(&cl, HL_CLAIM_THREADS), *nb = claim(&cl, HL_CLAIM_NOTEBOOK);
    HAS(th, "Threads lost");
    HAS(th, "pthread:2");
    HAS(th, "0.67x");
    LACKS(th, "won");
    HAS(nb, "Threads did not speed it up here either");
    LACKS(nb, "threads did speed it up");
    HAS(nb, "Processes sped it up, as in the notebook (fork:2, 2.00x)");
    HAS(claim(&cl, HL_CLAIM_FASTEST), "fork:2 was fastest at 5.000 ms (median), 2.00x");
    hl_results_free(&r);

    /* The same with threads winning, and processes losing. */
    e = fixture_begin(&r, "sum");
    add(e, "serial", "serial", 1, 10, 10, 0);
    add(e, "pthread:2", "pthread", 2, 5.2, 10, 0);
    add(e, "fork:2", "fork", 2, 12, 10, 0);
    claims_of(&r, &cl);
    th = claim(&cl, HL_CLAIM_THREADS);
    nb = claim(&cl, HL_CLAIM_NOTEBOOK);
    HAS(th, "Threads won: pthread:2 took 5.200 ms, 1.92x faster than serial");
    HAS(nb, "C has no GIL, and threads did speed it up (pthread:2, 1.92x)");
    HAS(nb, "Processes did not pay here (fork:2, 0.83x)");
    HAS(claim(&cl, HL_CLAIM_PROCESSES), "At 2 workers, processes took 2.31x as long as threads");
    hl_results_free(&r);

    /* Within the margin: neither won nor lost. */
    e = fixture_begin(&r, "square");
    add(e, "serial", "serial", 1, 10, 10, 0);
    add(e, "pthread:2", "pthread", 2, 9.8, 10, 0);
    claims_of(&r, &cl);
    th = claim(&cl, HL_CLAIM_THREADS);
    HAS(th, "Threads made no clear difference");
    LACKS(th, "won");
    LACKS(th, "lost");
    HAS(claim(&cl, HL_CLAIM_FASTEST), "pthread:2 was fastest");
    hl_results_free(&r);
}

/* fetch has no place on a roofline: only its CPU time says anything,
 * and a busy CPU is not called compute-bound. */
static void test_bound_flips(void) {
    struct hl_results r;
    struct hl_claims cl;
    const double cpu[2] = {0.5, 100}; /* ms of CPU in serial's 100 ms */
    for (int k = 0; k < 2; k++) {
        struct hl_experiment_result *e = fixture_begin(&r, "fetch");
        add(e, "serial", "serial", 1, 100, cpu[k], 0);
        add(e, "pthread:2", "pthread", 2, 52, cpu[k] * 1.04, 0);
        add(e, "pthread:6", "pthread", 6, 18, cpu[k] * 1.1, 0);
        claims_of(&r, &cl);
        const char *bound = claim(&cl, HL_CLAIM_BOUND);
        if (k == 0) {
            CHECK(cl.finding.bound == HL_BOUND_IO);
            HAS(bound, "I/O-bound: serial used 0.5 ms of CPU time in 100.000 ms");
            HAS(bound, "(0.5% busy)");
            HAS(bound, "concurrency beyond the 2 cores paid: pthread:6 ran up to 6 tasks at once "
                       "for 5.56x");
        } else {
            CHECK(cl.finding.bound == HL_BOUND_UNCLEAR);
            HAS(bound, "Not clearly bound by one resource: fetch has no place on a roofline");
            HAS(bound, "serial's CPU time was 100% of its wall time");
            LACKS(bound, "I/O-bound");
            LACKS(bound, "ompute-bound");
        }
        hl_results_free(&r);
    }
}

/* A square of 11,999,999 elements on 16 cores whose CPU ceilings were
 * measured: copy_gbs GB/s and add_gops G/s at every thread count up to 16,
 * thread start-up 40 us per thread, process start-up 400 us. */
static struct hl_experiment_result *machine_16(struct hl_results *r, const char *workload,
                                               double copy_gbs, double add_gops) {
    struct hl_experiment_result *e = fixture_begin(r, workload);
    e->params[0].i = 11999999;
    r->cores = 16;
    hl_ceilings_clear(&r->ceilings);
    r->ceilings.measured = true;
    r->ceilings.cpu.threads = r->ceilings.cpu.cores = 16;
    for (int w = 1; w <= 16; w++) {
        r->ceilings.cpu.copy_gbs[w] = copy_gbs * (w < 16 ? w / 16.0 : 1);
        r->ceilings.cpu.add_gops[w] = add_gops * w;
        r->ceilings.cpu.thread_floor_s[w] = 40e-6 * w;
        r->ceilings.cpu.fork_floor_s[w] = 400e-6 * w;
    }
    return e;
}

/* The case: pthread:16 moved 76.2 GB/s, 54% of a 141.2 GB/s copy
 * ceiling, and serial kept a core busy while pthread:2 reached 1.70x: it
 * is memory-bound at 54%, never compute-bound (1 multiply per 16 bytes). */
static void test_memory_bound(void) {
    struct hl_results r;
    struct hl_claims cl;
    struct hl_experiment_result *e = machine_16(&r, "square", 141.2, 20);
    /* 16 x 11,999,999 bytes at 0.54 x 141.2 GB/s */
    double ms = 16.0 * 11999999 / (0.54 * 141.2e9) * 1e3;
    add(e, "serial", "serial", 1, 15.26, 15.26, 0);
    add(e, "pthread:2", "pthread", 2, 15.26 / 1.70, 2 * 15.26 / 1.70, 0);
    add(e, "pthread:16", "pthread", 16, ms, 16 * ms, 0);
    claims_of(&r, &cl);
    const char *bound = claim(&cl, HL_CLAIM_BOUND);
    CHECK(cl.finding.bound == HL_BOUND_MEMORY);
    HAS(bound, "Memory-bound: pthread:16 reached 54% of the 141.2 GB/s copy ceiling of 16 threads");
    HAS(bound, "76.2 GB/s");
    HAS(bound, "at 1 multiply per 16 bytes");
    HAS(bound, "the int64-add ceiling (320.0 G/s) lies 36x higher");
    HAS(bound, "Starting and joining its 16 threads takes at least 640.0 us");
    LACKS(bound, "ompute-bound");
    CHECK(strcmp(hl_bound_name(cl.finding.bound), "memory-bound") == 0);
    hl_results_free(&r);

    /* The same runs where only the copy limit of older results is known:
     * still memory-bound, by the intensity, and it says so. */
    e = machine_16(&r, "square", 141.2, 20);
    hl_ceilings_clear(&r.ceilings);
    for (int w = 1; w <= 16; w++)
        r.copy.gbs[w] = 141.2;
    add(e, "serial", "serial", 1, 15.26, 15.26, 0);
    add(e, "pthread:16", "pthread", 16, ms, 16 * ms, 0);
    claims_of(&r, &cl);
    bound = claim(&cl, HL_CLAIM_BOUND);
    CHECK(cl.finding.bound == HL_BOUND_MEMORY);
    HAS(bound, "reached 54% of the 141.2 GB/s copy ceiling");
    HAS(bound, "No add ceiling was measured for these results");
    hl_results_free(&r);
}

/* sum near the add ceiling: compute-bound with that number, and memory is
 * never its limit. With its run near the start-up floor it is
 * start-up-bound instead, with the floor's numbers. */
static void test_compute_bound(void) {
    struct hl_results r;
    struct hl_claims cl;
    struct hl_experiment_result *e = machine_16(&r, "sum", 141.2, 10);
    e->params[0].i = 10000000; /* 4 tasks: 40,000,000 additions a run */
    add(e, "serial", "serial", 1, 4.4, 4.4, 0);
    add(e, "pthread:2", "pthread", 2, 40e6 / 18e9 * 1e3, 4.4, 0); /* 18 of 20 G/s */
    claims_of(&r, &cl);
    const char *bound = claim(&cl, HL_CLAIM_BOUND);
    CHECK(cl.finding.bound == HL_BOUND_COMPUTE);
    HAS(bound, "Compute-bound: pthread:2 reached 90% of the 20.0 G/s int64-add ceiling of 2 "
               "threads: 18 G additions/s");
    HAS(bound, "it moves no memory, so no bandwidth can bound it");
    LACKS(bound, "emory-bound");
    hl_results_free(&r);

    /* fork:2 in 1.2 ms when forking 2 processes takes 0.8 ms. */
    e = machine_16(&r, "sum", 141.2, 10);
    e->params[0].i = 1000000;
    add(e, "serial", "serial", 1, 2.0, 2.0, 0);
    add(e, "fork:2", "fork", 2, 1.2, 2.0, 0);
    claims_of(&r, &cl);
    bound = claim(&cl, HL_CLAIM_BOUND);
    CHECK(cl.finding.bound == HL_BOUND_STARTUP);
    HAS(bound, "Start-up-bound: fork:2 ran within 2x of its start-up floor. Forking and reaping "
               "its 2 processes takes at least 800.0 us, 67% of its 1.200 ms run.");
    hl_results_free(&r);
}

/* The start-up rule's boundary: forking 2 processes takes 0.8 ms, and a
 * run is start-up-bound when that floor is at least half of it. Just
 * above and just below the line each side holds; runs spread across it
 * are within the noise, with the share at both ends, never one verdict. */
static void test_startup_boundary(void) {
    static const struct {
        double median_ms;
        enum hl_bound bound;
    } sides[] = {{1.59, HL_BOUND_STARTUP}, {1.61, HL_BOUND_COMPUTE}};
    struct hl_results r;
    struct hl_claims cl;
    for (size_t k = 0; k < 2; k++) {
        struct hl_experiment_result *e = machine_16(&r, "sum", 141.2, 10);
        e->params[0].i = 1000000;
        add(e, "serial", "serial", 1, 4.0, 4.0, 0);
        add(e, "fork:2", "fork", 2, sides[k].median_ms, 2.0, 0);
        claims_of(&r, &cl);
        CHECKF(cl.finding.bound == sides[k].bound && !cl.finding.bound_noise, "%.2f ms: %s",
               sides[k].median_ms, hl_bound_name(cl.finding.bound));
        LACKS(claim(&cl, HL_CLAIM_BOUND), "Within the noise");
        hl_results_free(&r);
    }
    struct hl_experiment_result *e = machine_16(&r, "sum", 141.2, 10);
    e->params[0].i = 1000000;
    add(e, "serial", "serial", 1, 4.0, 4.0, 0);
    double walls[9];
    for (int i = 0; i < 9; i++)
        walls[i] = (1.4 + 0.05 * i) * 1e-3; /* 1.4 to 1.8 ms, median 1.6 */
    fixture_config(e, "fork:2", "fork", 2, 4, MS, MS / 2, 9, walls);
    claims_of(&r, &cl);
    const char *bound = claim(&cl, HL_CLAIM_BOUND);
    CHECK(cl.finding.bound == HL_BOUND_UNCLEAR && cl.finding.bound_noise);
    CHECK(cl.finding.bound_near == HL_BOUND_STARTUP);
    HAS(bound, "Within the noise of start-up-bound: fork:2's start-up floor of 0.8 ms is 50% of "
               "its median run");
    HAS(bound, "it is 44% to 57%");
    LACKS(bound, "Compute-bound");
    hl_results_free(&r);
}

/* Results without ceilings or a copy limit: what the intensity allows,
 * never a class the numbers do not give. */
static void test_no_ceilings(void) {
    struct hl_results r;
    struct hl_claims cl;
    const char *const workloads[2] = {"square", "sum"};
    for (int k = 0; k < 2; k++) {
        struct hl_experiment_result *e = fixture_begin(&r, workloads[k]);
        add(e, "serial", "serial", 1, 10, 10, 0);
        add(e, "pthread:2", "pthread", 2, 5.1, 10, 0);
        claims_of(&r, &cl);
        const char *bound = claim(&cl, HL_CLAIM_BOUND);
        CHECK(cl.finding.bound == HL_BOUND_UNCLEAR);
        LACKS(bound, "ompute-bound:");
        LACKS(bound, "emory-bound:");
        if (k == 0)
            HAS(bound, "By its intensity alone (1 multiply per 16 bytes of memory traffic, below "
                       "one operation per byte) square can only be memory-bound or "
                       "start-up-bound");
        else
            HAS(bound, "memory cannot bound sum: only arithmetic or start-up can");
        HAS(bound,
            k == 0 ? "no ceilings were measured" : "No add ceiling or start-up floor was measured");
        hl_results_free(&r);
    }
}

/* Device runs with 2 ms h2d, 4 ms kernel, 2 ms d2h per task: half of the
 * phase time is transfers. */
static struct hl_config_result *add_device_as(struct hl_experiment_result *e, const char *label,
                                              const char *transfer, double wall_ms,
                                              double setup_s) {
    double walls[3] = {wall_ms * 1e-3, wall_ms * 1e-3, wall_ms * 1e-3};
    struct hl_config_result *c = fixture_config(e, label, "opencl", 1, 4, 8 * MS, 8 * MS, 3, walls);
    c->device = strdup("Test GPU");
    c->transfer = transfer != NULL ? strdup(transfer) : NULL;
    c->setup_s = setup_s;
    for (size_t i = 0; i < c->nruns; i++) {
        for (size_t t = 0; t < c->runs[i].ntasks; t++) {
            struct hl_task_record *rec = &c->runs[i].tasks[t];
            hl_task_add_phase(rec, HL_PHASE_H2D, rec->t0_ns, rec->t0_ns + 2 * MS);
            hl_task_add_phase(rec, HL_PHASE_KERNEL, rec->t0_ns + 2 * MS, rec->t0_ns + 6 * MS);
            hl_task_add_phase(rec, HL_PHASE_D2H, rec->t0_ns + 6 * MS, rec->t1_ns);
        }
    }
    return c;
}

static void add_device(struct hl_experiment_result *e, double wall_ms, double setup_s) {
    add_device_as(e, "opencl:0:0", NULL, wall_ms, setup_s);
}

/* A GPU's square is bounded by the link, its sum is not: pinned 50 GB/s
 * each way (100 GB/s both at once), memory 2000 GB/s, adds 5000 G/s. */
static void test_link_bound(void) {
    struct hl_results r;
    struct hl_claims cl;
    for (int k = 0; k < 2; k++) {
        struct hl_experiment_result *e = machine_16(&r, k == 0 ? "square" : "sum", 141.2, 20);
        struct hl_device_ceilings *d = &r.ceilings.devices[r.ceilings.ndevices++];
        snprintf(d->index, sizeof d->index, "0:0");
        snprintf(d->name, sizeof d->name, "Test GPU");
        d->mem_gbs = 2000;
        d->add_gops = 5000;
        d->h2d_pinned_gbs = d->d2h_pinned_gbs = 50;
        d->h2d_pageable_gbs = 7;
        d->d2h_pageable_gbs = 12;
        d->launch_s = 8e-6;
        add(e, "serial", "serial", 1, 15, 15, 0);
        /* square: 16 x 11,999,999 link bytes at 60 GB/s; sum: 4 x 2e9 adds
         * at 4000 G/s (2 ms, far above the 8 us launch) */
        if (k == 1)
            e->params[0].i = 2000000000;
        double ms = k == 0 ? 16.0 * 11999999 / 60e9 * 1e3 : 4.0 * 2e9 / 4000e9 * 1e3;
        struct hl_config_result *c = add_device_as(e, "opencl:0:0/pinned", "pinned", ms, 0.1);
        for (size_t i = 0; i < c->nruns; i++)
            c->runs[i].wall_s = ms * 1e-3;
        claims_of(&r, &cl);
        const char *opencl = claims_all(&cl, HL_CLAIM_OPENCL);
        if (k == 0) {
            CHECK(cl.finding.bound == HL_BOUND_LINK);
            HAS(opencl, "Bounded by the host-device link (PCIe on a GPU): opencl:0:0/pinned "
                        "reached 60% of the 100.0 GB/s link ceiling (pinned host memory, h2d "
                        "and d2h at once)");
            HAS(opencl, "its memory (2000.0 GB/s) would allow 125 G multiplies/s");
        } else {
            CHECK(cl.finding.bound == HL_BOUND_COMPUTE);
            HAS(opencl, "Compute-bound: opencl:0:0/pinned reached 80% of the 5000.0 G/s "
                        "int64-add ceiling of opencl:0:0");
            LACKS(opencl, "link ceiling");
        }
        hl_results_free(&r);
    }
}

/* Only pageable ran on a GPU whose copy rates were measured: the report
 * estimates what pinning would give from the ceilings and says it is an
 * estimate; with the pinned twin measured it says nothing of the kind. */
static void test_pinning_estimate(void) {
    for (int twin = 0; twin < 2; twin++) {
        struct hl_results r;
        struct hl_claims cl;
        struct hl_experiment_result *e = machine_16(&r, "square", 141.2, 20);
        struct hl_device_ceilings *d = &r.ceilings.devices[r.ceilings.ndevices++];
        snprintf(d->index, sizeof d->index, "0:0");
        d->h2d_pinned_gbs = d->d2h_pinned_gbs = 50;
        d->h2d_pageable_gbs = 6;
        d->d2h_pageable_gbs = 12.8;
        add(e, "serial", "serial", 1, 15, 15, 0);
        add_device_as(e, "opencl:0:0/pageable", "pageable", 40, 0.1);
        if (twin)
            add_device_as(e, "opencl:0:0/pinned", "pinned", 10, 0.1);
        claims_of(&r, &cl);
        const char *opencl = claims_all(&cl, HL_CLAIM_OPENCL);
        if (twin) {
            LACKS(opencl, "Only pageable ran");
        } else {
            /* 16 x 11,999,999 bytes: 16.0 ms at 2 x 6 GB/s, 1.92 ms at 100 */
            HAS(opencl, "Only pageable ran on Test GPU: at the copy rates measured with the "
                        "ceilings, its 192 MB over the link take at least 16 ms pageable (12.0 "
                        "GB/s both ways at once) and would take 1.92 ms pinned (100.0 GB/s)");
            HAS(opencl, "an estimate from the ceilings, not a run; `-b opencl:0:0/pinned` "
                        "measures it.");
        }
        hl_results_free(&r);
    }
}

/* pageable and pinned on one device: the report says what pinning gained
 * and names each mode; the same time is "about the same", never a gain. */
static void test_transfer_modes(void) {
    static const struct {
        double pinned_ms;
        const char *says;
    } cases[] = {{5, "Pinned host memory made Test GPU 4.00x faster than pageable"},
                 {20.4, "Pinned and pageable host memory took about the same time on Test GPU"},
                 {40, "Pinned host memory made Test GPU 2.00x slower than pageable"}};
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        struct hl_results r;
        struct hl_claims cl;
        struct hl_experiment_result *e = fixture_begin(&r, "square");
        add(e, "serial", "serial", 1, 40, 40, 0);
        add_device_as(e, "opencl:0:0/pageable", "pageable", 20, 0);
        add_device_as(e, "opencl:0:0/pinned", "pinned", cases[i].pinned_ms, 0);
        claims_of(&r, &cl);
        const char *text = claims_all(&cl, HL_CLAIM_OPENCL);
        HAS(text, cases[i].says);
        HAS(text, "opencl:0:0/pageable (Test GPU) gained");
        HAS(text, "Its host arrays were copied to and from ordinary (pageable) host memory");
        HAS(text, "Its host arrays were copied to and from page-locked (pinned) host memory");
        HAS(text, "Transfers were 50% of the task phase time pinned, 50% pageable");
        hl_results_free(&r);
    }
    /* zero-copy alone: named, and no pinning sentence without a pair. */
    struct hl_results r;
    struct hl_claims cl;
    struct hl_experiment_result *e = fixture_begin(&r, "square");
    add(e, "serial", "serial", 1, 40, 40, 0);
    add_device_as(e, "opencl:0:0/zero-copy", "zero-copy", 20, 0);
    claims_of(&r, &cl);
    HAS(claims_all(&cl, HL_CLAIM_OPENCL), "used in place (zero-copy: no copies)");
    LACKS(claims_all(&cl, HL_CLAIM_OPENCL), "Pinned");
    hl_results_free(&r);
}

static void test_devices(void) {
    struct hl_results r;
    struct hl_claims cl;
    struct hl_experiment_result *e = fixture_begin(&r, "sum");
    add(e, "serial", "serial", 1, 40, 40, 0);
    add(e, "pthread:2", "pthread", 2, 20, 40, 0);
    add_device(e, 10, 0.5);
    claims_of(&r, &cl);
    const char *cl_text = claim(&cl, HL_CLAIM_OPENCL);
    HAS(cl_text, "opencl:0:0 (Test GPU) gained: 10.000 ms, 4.00x serial");
    HAS(cl_text, "(pthread:2, 20.000 ms) it took 0.50x the time");
    HAS(cl_text, "Transfers to and from the device were 50% of its task phase time");
    HAS(cl_text, "Building its program took 0.500 s");
    hl_results_free(&r);

    e = fixture_begin(&r, "square");
    add(e, "serial", "serial", 1, 40, 40, 0);
    add_device(e, 80, 0);
    struct hl_config_result *none = hl_experiment_add_config(e);
    none->label = strdup("opencl");
    none->backend = strdup("opencl");
    none->note = strdup("skipped: no OpenCL platform found\nsecond line");
    claims_of(&r, &cl);
    HAS(claim(&cl, HL_CLAIM_OPENCL), "lost: 80.000 ms, 0.50x serial");
    LACKS(claim(&cl, HL_CLAIM_OPENCL), "gained");
    size_t notes = 0;
    for (size_t i = 0; i < cl.n; i++)
        notes += strstr(cl.items[i].text, "opencl did not run: skipped: no OpenCL platform "
                                          "found") != NULL;
    CHECK(notes == 1);
    LACKS(claim(&cl, HL_CLAIM_PROBLEM), "opencl"); /* no device is not a failure */
    hl_results_free(&r);
}

/* A run that did not verify is reported and never the fastest. */
static void test_unverified(void) {
    struct hl_results r;
    struct hl_claims cl;
    struct hl_experiment_result *e = fixture_begin(&r, "sum");
    add(e, "serial", "serial", 1, 10, 10, 0);
    add(e, "pthread:2", "pthread", 2, 2, 4, 0);
    add(e, "fork:2", "fork", 2, 6, 12, 0);
    e->configs[1].runs[1].verified = false;
    e->configs[1].runs[1].error = strdup("task 3: sum 41 != 42");
    claims_of(&r, &cl);
    HAS(claim(&cl, HL_CLAIM_FASTEST), "fork:2 was fastest");
    HAS(claim(&cl, HL_CLAIM_PROBLEM), "pthread:2 did NOT verify: task 3: sum 41 != 42");
    CHECK(cl.finding.best_thread == NULL);
    hl_results_free(&r);

    /* No serial: no speedups claimed. */
    e = fixture_begin(&r, "sum");
    add(e, "pthread:2", "pthread", 2, 5, 10, 0);
    claims_of(&r, &cl);
    HAS(claim(&cl, HL_CLAIM_FASTEST), "without a verified serial run there is no speedup");
    LACKS(claim(&cl, HL_CLAIM_THREADS), "won");
    hl_results_free(&r);
}

/* Writes with `fn` into memory; the caller frees the text. */
static char *render(int (*fn)(FILE *, const struct hl_results *, const struct hl_report_options *,
                              struct hl_error *),
                    const struct hl_results *r, const struct hl_report_options *o) {
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    REQUIRE(f != NULL);
    struct hl_error err = {0};
    CHECK(fn(f, r, o, &err) == 0);
    fclose(f);
    return buf;
}

static void test_writers(void) {
    struct hl_results r;
    struct hl_experiment_result *e = fixture_begin(&r, "sum");
    add(e, "serial", "serial", 1, 10, 10, 0);
    add(e, "pthread:2", "pthread", 2, 15, 20, 0);
    add(e, "<b>&|odd*", "fork", 2, 20, 20, 0);
    fixture_finish(e);
    struct hl_report_options o = {.title = "hetlane demo", .chart_ext = "png"};
    char *md = render(hl_report_write_md, &r, &o), *html = render(hl_report_write_html, &r, &o);
    HAS(md, "| sum | serial | 10.000 ms | 1.00x |");
    HAS(md, "**Threads.** Threads lost");
    HAS(md, "![sum: every configuration's median run on one time axis");
    HAS(md, "(sum-overview.png)");
    HAS(md, "(sum-scaling.png)");
    HAS(md, "[pthread:2](sum-timeline-pthread-2.png)");
    HAS(md, "\\<b\\>&\\|odd\\*"); /* cannot break the table */
    HAS(html, "<img src=\"sum-compare.png\"");
    HAS(html, "&lt;b&gt;&amp;|odd*");
    HAS(html, "href=\"sum-timeline-_b---odd-.png\""); /* plot's name for that label */
    LACKS(html, "<b>&");
    LACKS(html, "<script");
    LACKS(html, "Threads won");
    HAS(html, "<td>serial</td><td class=\"num\">10.000 ms</td>");
    free(md);
    free(html);
    o.chart_ext = NULL; /* built without charts: no image to miss */
    html = render(hl_report_write_html, &r, &o);
    LACKS(html, "<img");
    free(html);
    hl_results_free(&r);
}

int main(void) {
    test_threads_lose();
    test_bound_flips();
    test_memory_bound();
    test_compute_bound();
    test_startup_boundary();
    test_pinning_estimate();
    test_no_ceilings();
    test_link_bound();
    test_devices();
    test_transfer_modes();
    test_unverified();
    test_writers();
    return check_finish("test_report");
}
