/* hetlane ceilings and the ceilings run keeps: the values measured on
 * this machine (PoCL in CI) are positive and consistent with each other
 * and with a memcpy this test times itself; the per-machine cache is used
 * when it may be and never when it may not (another key, too old); the
 * results carry the ceilings and every experiment's intensity, and older
 * files read without them. */
#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "check.h"
#include "commands/ceilings_cache.h"
#include "experiment/cpu_probes.h"
#include "out_check.h"
#include "output/ceilings_io.h"
#include "output/results_io.h"
#include "spawn.h"
#include "util/sysinfo.h"
#include "workloads/sum.h"

static const char *hetlane;
static char tmp[] = "/tmp/hetlane-ceilings.XXXXXX";
static char xdg[300];
static struct spawn_result res;

static int run(const char *const *args) {
    const char *argv[32] = {hetlane};
    size_t n = 1;
    for (; args[n - 1] != NULL && n < 31; n++)
        argv[n] = args[n - 1];
    argv[n] = NULL;
    const char *env[] = {xdg, NULL};
    REQUIRE(spawn_capture(argv, env, &res) == 0);
    return res.status;
}

static double now_s(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec * 1e-9;
}

/* memcpy of n int64, fastest of 5 after one untimed, as bytes read +
 * written per second (1e9): what the copy ceiling of one thread is
 * compared with. */
static double memcpy_gbs(size_t n) {
    int64_t *a = malloc(n * sizeof *a), *b = malloc(n * sizeof *b);
    REQUIRE(a != NULL && b != NULL);
    for (size_t i = 0; i < n; i++)
        a[i] = (int64_t)i;
    memset(b, 0, n * sizeof *b);
    double best = 0;
    for (int r = -1; r < 5; r++) {
        double t0 = now_s();
        memcpy(b, a, n * sizeof *a);
        double t = now_s() - t0;
        if (r >= 0 && t > 0 && 2.0 * (double)(n * sizeof *a) / t * 1e-9 > best)
            best = 2.0 * (double)(n * sizeof *a) / t * 1e-9;
    }
    REQUIRE(b[n - 1] == (int64_t)(n - 1));
    free(a);
    free(b);
    return best;
}

/* True when the CPU's rates are consistent: more threads never add much
 * less and never more than linearly. A machine shared with other work (CI
 * runs two tests at once) can give a probe less than its share for a
 * moment: test_command measures again when the rates or the copy against
 * memcpy are off, three times at most. */
static bool consistent(const struct hl_ceilings *c) {
    const struct hl_cpu_ceilings *u = &c->cpu;
    int p = u->threads;
    return u->add_gops[p] >= 0.7 * u->add_gops[1] && u->add_gops[p] <= 1.3 * p * u->add_gops[1] &&
           u->copy_gbs[p] >= 0.7 * u->copy_gbs[1];
}

static void check_values(const struct hl_ceilings *c, double mc) {
    int cores = hl_sys_cores();
    cores = cores < HL_CEIL_MAX_THREADS ? cores : HL_CEIL_MAX_THREADS;
    CHECK(c->measured && c->quick && c->key[0] != '\0' && c->taken_at > 1e9);
    CHECKF(c->cpu.threads == cores && c->cpu.cores == cores, "threads %d, cores %d", c->cpu.threads,
           c->cpu.cores);
    CHECK(c->cpu.add_isa[0] != '\0');
    for (int w = 1; w <= c->cpu.threads; w++) {
        const struct hl_cpu_ceilings *u = &c->cpu;
        CHECKF(u->copy_gbs[w] > 0.1 && u->add_gops[w] > 0.1, "W %d: copy %g, add %g", w,
               u->copy_gbs[w], u->add_gops[w]);
        CHECKF(u->thread_floor_s[w] > 0 && u->thread_floor_s[w] < 0.1 && u->fork_floor_s[w] > 0 &&
                   u->fork_floor_s[w] < 1,
               "W %d: floors %g s (threads), %g s (processes)", w, u->thread_floor_s[w],
               u->fork_floor_s[w]);
    }
    /* Consistent: starting more workers does not cost much less than
     * starting one; more threads never add much less and never more than
     * linearly. */
    const struct hl_cpu_ceilings *u = &c->cpu;
    int p = u->threads;
    CHECKF(u->thread_floor_s[p] >= 0.5 * u->thread_floor_s[1] &&
               u->fork_floor_s[p] >= 0.5 * u->fork_floor_s[1],
           "floors of %d workers %g s (threads), %g s (processes); of 1: %g s, %g s", p,
           u->thread_floor_s[p], u->fork_floor_s[p], u->thread_floor_s[1], u->fork_floor_s[1]);
    CHECKF(consistent(c), "adds: %g G/s with %d threads, %g with 1; copy %g GB/s and %g",
           u->add_gops[p], p, u->add_gops[1], u->copy_gbs[p], u->copy_gbs[1]);
    printf("CPU: copy %.1f GB/s (1 thread) to %.1f (%d); adds %.1f G/s to %.1f (%.2fx); floors "
           "%.1f us (thread) and %.1f us (fork) for 1\n",
           u->copy_gbs[1], u->copy_gbs[p], p, u->add_gops[1], u->add_gops[p],
           u->add_gops[p] / u->add_gops[1], u->thread_floor_s[1] * 1e6, u->fork_floor_s[1] * 1e6);
    CHECKF(u->copy_gbs[1] >= mc / 2 && u->copy_gbs[1] <= mc * 2,
           "copy ceiling of 1 thread %.1f GB/s against memcpy %.1f GB/s here: not within 2x",
           u->copy_gbs[1], mc);
    printf("memcpy in this test: %.1f GB/s (ceiling / memcpy %.2f)\n", mc, u->copy_gbs[1] / mc);
    for (size_t i = 0; i < c->ndevices; i++) {
        const struct hl_device_ceilings *d = &c->devices[i];
        CHECKF(d->mem_gbs > 0.1 && d->add_gops > 0.1 && d->h2d_pageable_gbs > 0.01 &&
                   d->d2h_pageable_gbs > 0.01 && d->h2d_pinned_gbs > 0.01 &&
                   d->d2h_pinned_gbs > 0.01 && d->launch_s > 0 && d->launch_s < 0.1,
               "opencl:%s: memory %g, adds %g, pageable %g/%g, pinned %g/%g, launch %g", d->index,
               d->mem_gbs, d->add_gops, d->h2d_pageable_gbs, d->d2h_pageable_gbs, d->h2d_pinned_gbs,
               d->d2h_pinned_gbs, d->launch_s);
        printf("opencl:%s (%s): memory %.1f GB/s, adds %.1f G/s, launch %.1f us\n", d->index,
               d->name, d->mem_gbs, d->add_gops, d->launch_s * 1e6);
    }
}

/* Every version of the add probe and of the sum loop this CPU runs gives
 * the exact result, for counts that end a vector run early or late. */
static void test_kernels(void) {
    for (int isa = HL_ISA_BASE; isa <= (int)hl_cpu_isa(); isa++) {
        enum hl_isa i = (enum hl_isa)isa;
        for (int64_t iters = 0; iters < 70; iters += 23)
            CHECKF(hl_probe_add_run(i, iters, 77) == hl_probe_add_expected(i, iters, 77),
                   "add probe %s, %lld iterations", hl_isa_name(i), (long long)iters);
        const int64_t ns[] = {0, 1, 7, 8, 63, 64, 65, 1000003};
        for (size_t k = 0; k < sizeof ns / sizeof ns[0]; k++)
            CHECKF(hl_sum_range_isa(ns[k], i) == hl_sum_expected(ns[k]), "sum %s, n = %lld",
                   hl_isa_name(i), (long long)ns[k]);
    }
    CHECK(hl_probe_add_per_iter(hl_cpu_isa()) >= 16);
}

/* hetlane ceilings --quick --json: parsed through the cache reader. */
static void test_command(void) {
    const char *args[] = {"ceilings", "--quick", "--json", "-q", NULL};
    char path[400];
    snprintf(path, sizeof path, "%s/printed.json", tmp);
    struct hl_ceilings c;
    struct hl_error err = {0};
    double mc = 0;
    for (int attempt = 1; attempt <= 3; attempt++) {
        CHECKF(run(args) == 0, "status %d: %s", res.status, res.err);
        CHECKF(res.err[0] == '\0', "stderr with -q: %s", res.err);
        FILE *f = fopen(path, "w");
        REQUIRE(f != NULL);
        fputs(res.out, f);
        fclose(f);
        CHECKF(hl_ceilings_load(path, &c, &err) == 0, "%s", err.msg);
        /* memcpy of the quick copy size, timed here right after */
        mc = memcpy_gbs(4000000);
        if (consistent(&c) && c.cpu.copy_gbs[1] >= mc / 2 && c.cpu.copy_gbs[1] <= mc * 2)
            break;
        printf("attempt %d: the machine's other work disturbed the rates; measuring again\n",
               attempt);
    }
    check_values(&c, mc);
    /* It refreshed this machine's cache with the same numbers. */
    char cached[4096];
    struct hl_ceilings k;
    REQUIRE(hl_ceilings_cache_path(c.key, cached, sizeof cached));
    CHECKF(hl_ceilings_load(cached, &k, &err) == 0, "%s", err.msg);
    CHECK(k.taken_at == c.taken_at && k.cpu.add_gops[1] == c.cpu.add_gops[1]);
    unlink(path);
    /* The text form names every part. */
    const char *text[] = {"ceilings", "--quick", "-q", NULL};
    CHECK(run(text) == 0 && strstr(res.out, "copy GB/s") != NULL &&
          strstr(res.out, "fork start-up") != NULL);
    const char *bad[] = {"ceilings", "--fast", NULL};
    CHECK(run(bad) == 2 && strstr(res.err, "ceilings: unknown argument '--fast'") != NULL);
}

/* One `run` into out; the ceilings its results hold into *c. */
static void run_and_read(const char *out, struct hl_results *r) {
    const char *args[] = {"run", "sum", "-n", "100000", "-b", "serial,pthread:2",
                          "-r",  "1",   "-q", "-o",     out,  NULL};
    CHECKF(run(args) == 0, "run: status %d: %s", res.status, res.err);
    char path[400];
    snprintf(path, sizeof path, "%s/results.json", out);
    struct hl_error err = {0};
    REQUIRE(hl_results_read_json(path, r, &err) == 0);
}

/* Rewrites this machine's cache file with one field changed. */
static void doctor_cache(const char *key, const char *field, json_t *value) {
    char path[4096];
    REQUIRE(hl_ceilings_cache_path(key, path, sizeof path));
    json_error_t jerr;
    json_t *root = json_load_file(path, 0, &jerr);
    REQUIRE(root != NULL);
    json_object_set_new(json_object_get(root, "ceilings"), field, value);
    REQUIRE(json_dump_file(root, path, 0) == 0);
    json_decref(root);
}

static void test_cache(void) {
    char out[400];
    snprintf(out, sizeof out, "%s/out", tmp);
    struct hl_results a, b;
    run_and_read(out, &a); /* the quick ones do not serve a full run */
    CHECK(a.ceilings.measured && !a.ceilings.quick && a.ceilings.age_s == 0);
    CHECK(strcmp(a.experiments[0].intensity.op, "add") == 0 &&
          a.experiments[0].elements == 100000.0 * 8);
    run_and_read(out, &b);
    CHECKF(b.ceilings.age_s > 0 && b.ceilings.taken_at == a.ceilings.taken_at,
           "second run: age %g, taken at %.3f and %.3f", b.ceilings.age_s, b.ceilings.taken_at,
           a.ceilings.taken_at);
    hl_results_free(&b);
    /* Another machine's key, or ceilings over an hour old: measured again. */
    doctor_cache(a.ceilings.key, "key", json_string("Other CPU; 2 cores; no OpenCL"));
    run_and_read(out, &b);
    CHECK(b.ceilings.age_s == 0 && b.ceilings.taken_at > a.ceilings.taken_at);
    double taken = b.ceilings.taken_at;
    hl_results_free(&b);
    doctor_cache(a.ceilings.key, "taken_at", json_real(taken - HL_CEILINGS_MAX_AGE_S - 1));
    run_and_read(out, &b);
    CHECK(b.ceilings.age_s == 0 && b.ceilings.taken_at > taken);
    hl_results_free(&b);
    hl_results_free(&a);
    out_remove(out);
}

/* Files from before ceilings: no ceilings, the intensity from the name. */
static void test_old_files(const char *data) {
    char path[600];
    snprintf(path, sizeof path, "%s/h100-16core.json", data);
    struct hl_results r;
    struct hl_error err = {0};
    REQUIRE(hl_results_read_json(path, &r, &err) == 0);
    CHECK(!r.ceilings.measured && hl_copy_limit_known(&r.copy));
    for (size_t i = 0; i < r.nexperiments; i++) {
        const struct hl_experiment_result *e = &r.experiments[i];
        const struct hl_param *n = hl_experiment_param(e, "n");
        if (strcmp(e->workload, "square") == 0)
            CHECK(strcmp(e->intensity.op, "multiply") == 0 && e->intensity.mem_bytes == 16 &&
                  e->intensity.link_bytes == 16 && e->elements == (double)n->i);
        else if (strcmp(e->workload, "sum") == 0)
            CHECK(strcmp(e->intensity.op, "add") == 0 && e->intensity.mem_bytes == 0 &&
                  e->elements == (double)n->i * 8);
        else
            CHECK(!hl_intensity_known(&e->intensity));
    }
    hl_results_free(&r);
}

/* hetlane report on the 16-core + H100 demo saved before ceilings
 * existed: the sentence, what sum's intensity allows, the charts;
 * a file that is not results is refused with nothing written. */
static void test_report_command(const char *data) {
    char in[600], out[400], path[500];
    snprintf(in, sizeof in, "%s/h100-16core.json", data);
    snprintf(out, sizeof out, "%s/report", tmp);
    const char *args[] = {"report", in, "-o", out, "-q", NULL};
    CHECKF(run(args) == 0 && res.err[0] == '\0', "status %d: %s", res.status, res.err);
    snprintf(path, sizeof path, "%s/report.md", out);
    FILE *f = fopen(path, "r");
    static char md[1 << 16];
    size_t n = f != NULL ? fread(md, 1, sizeof md - 1, f) : 0;
    md[n] = '\0';
    if (f != NULL)
        fclose(f);
    CHECKF(strstr(md, "Memory-bound: pthread:16 reached 54% of the 141.2 GB/s copy ceiling of 16 "
                      "threads") != NULL,
           "%s", md);
    CHECK(strstr(md, "memory cannot bound sum") != NULL);
    CHECK(strstr(md, "ompute-bound") == NULL);
    snprintf(path, sizeof path, "%s/square-roofline.png", out);
    CHECK(access(path, R_OK) == 0);
    snprintf(path, sizeof path, "%s/report.html", out);
    CHECK(access(path, R_OK) == 0);
    out_remove(out);
    const char *bad[] = {"report", "/etc/hostname", "-o", out, NULL};
    CHECK(run(bad) == 2 && count_lines(res.err) == 1 && dir_is_empty_or_missing(out));
}

int main(int argc, char **argv) {
    REQUIRE(argc == 3);
    hetlane = argv[1];
    REQUIRE(mkdtemp(tmp) != NULL);
    snprintf(xdg, sizeof xdg, "XDG_CACHE_HOME=%s/cache", tmp);
    REQUIRE(putenv(xdg) == 0); /* this process reads the same cache */
    test_kernels();
    test_command();
    test_cache();
    test_old_files(argv[2]);
    test_report_command(argv[2]);
    char cmd[400];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmp);
    CHECK(system(cmd) == 0);
    return check_finish("test_ceilings");
}
