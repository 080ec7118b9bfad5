/* The report's conclusions against doctored results: each claim follows
 * the numbers it is given. Threads that lose are said to have lost, never
 * to have won; CPU time far below wall time makes a workload I/O-bound and
 * the same wall times with a busy CPU make it compute-bound; bandwidth
 * near the copy limit makes it memory-bound only when a limit was
 * measured; OpenCL gains, losses and transfer shares are the measured
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

/* Only CPU time changes: the classification follows it. */
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
            CHECK(cl.finding.bound == HL_BOUND_COMPUTE);
            HAS(bound, "Compute-bound");
            HAS(bound, "pthread:2 reached 1.92x on 2 workers (96% parallel efficiency)");
            LACKS(bound, "I/O");
        }
        hl_results_free(&r);
    }
    /* Busy but scaling badly: not compute-bound, and it says why. */
    struct hl_experiment_result *e = fixture_begin(&r, "sum");
    add(e, "serial", "serial", 1, 100, 100, 0);
    add(e, "pthread:2", "pthread", 2, 90, 100, 0);
    claims_of(&r, &cl);
    CHECK(cl.finding.bound == HL_BOUND_UNCLEAR);
    HAS(claim(&cl, HL_CLAIM_BOUND), "Not clearly bound by one resource");
    HAS(claim(&cl, HL_CLAIM_BOUND), "the best parallel efficiency was 56% (pthread:2)");
    hl_results_free(&r);
}

/* 192 MB in 5 ms is 38.4 GB/s: memory-bound only against a measured
 * limit it comes near. */
static void test_memory_bound(void) {
    struct hl_results r;
    struct hl_claims cl;
    const double limits[3] = {0, 40, 100};
    for (int k = 0; k < 3; k++) {
        struct hl_experiment_result *e = fixture_begin(&r, "square");
        add(e, "serial", "serial", 1, 5, 5, 48000000);
        add(e, "pthread:2", "pthread", 2, 6, 12, 48000000);
        r.copy.gbs[1] = limits[k];
        claims_of(&r, &cl);
        const char *bound = claim(&cl, HL_CLAIM_BOUND);
        if (k == 1) {
            CHECK(cl.finding.bound == HL_BOUND_MEMORY);
            HAS(bound, "Memory-bound: serial moved 38.4 GB/s");
            HAS(bound, "96% of the 40.0 GB/s");
        } else {
            CHECKF(cl.finding.bound != HL_BOUND_MEMORY, "limit %g", limits[k]);
            LACKS(bound, "Memory-bound");
            HAS(bound, k == 0 ? "serial moved 38.4 GB/s, but no copy limit was measured"
                              : "serial moved 38.4 GB/s, 38% of the measured copy limit");
        }
        HAS(claim(&cl, HL_CLAIM_THREADS), "Threads lost");
        HAS(claim(&cl, HL_CLAIM_NOTEBOOK), "lazy map object that computed nothing");
        HAS(claim(&cl, HL_CLAIM_NOTEBOOK), "verified all 1000 squares in 5.000 ms");
        HAS(claim(&cl, HL_CLAIM_NOTEBOOK), "Threads lost here too (pthread:2, 0.83x)");
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
    test_devices();
    test_transfer_modes();
    test_unverified();
    test_writers();
    return check_finish("test_report");
}
