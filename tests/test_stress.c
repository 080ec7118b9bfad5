/* 1,000 runs of small workloads on every backend, twice over:
 *
 *  - in this process, through the backend interface (open once, run 1,000
 *    times, close), checking that the heap in use (mallinfo2; the least
 *    of ten samples over runs 200-299, then over runs 900-999) does not
 *    grow beyond HEAP_SLACK, that the open
 *    file descriptors stay level while it runs, and that every descriptor
 *    is closed again once the workload is released;
 *  - through the CLI, one `hetlane run -r 1000` per workload with every
 *    backend, which must succeed with 1,000 verified runs per
 *    configuration and a peak RSS that grows with the results it keeps,
 *    not with the runs it made (compared with a -r 100 invocation).
 *
 * HEAP_SLACK is for caches inside libraries that fill in steps and then
 * stay (measured here: PoCL up to 4 KiB, libcurl up to 8 KiB over 900
 * runs): a leak of 21 bytes a run would pass it. The ASan build runs this
 * test too, where LeakSanitizer reports any block a run loses, however
 * small; mallinfo2 does not see a sanitizer's heap, so there only the
 * descriptors are counted. */
#include <dirent.h>
#include <malloc.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include "check.h"
#include "cli/cli.h"
#include "experiment/experiment.h"
#include "output/results_io.h"
#include "spawn.h"
#include "workloads/sum.h"
#if HETLANE_WITH_FETCH
#include "workloads/fetch/fetch.h"
#endif

#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
#define UNDER_SANITIZER 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(thread_sanitizer)
#define UNDER_SANITIZER 1
#endif
#endif
#ifndef UNDER_SANITIZER
#define UNDER_SANITIZER 0
#endif

/* fork after threads, 2,000 times: the ASan runtime of gcc 12 and clang 14
 * has no fork handler, so a child can block for ever on an allocator lock
 * that the built-in server's thread held at the fork (fixed in LLVM 18,
 * llvm/llvm-project#75290). glibc's malloc is fork-safe, so the plain
 * build keeps fork here; sanitizer builds leave it out of fetch. */
#if UNDER_SANITIZER
#define FETCH_BACKENDS "serial,pthread:2,curl-multi:2"
#else
#define FETCH_BACKENDS "serial,pthread:2,fork:2,curl-multi:2"
#endif

#define RUNS 1000
#define SETTLE 200 /* runs before the first measure: caches fill up */
#define TASKS 4
#define WINDOW 100 /* runs over which the heap is sampled, at each end */
#define HEAP_SLACK ((size_t)16 * 1024)
#define FD_SLACK 4 /* loopback connections still closing */

static const char *hetlane;

static int open_fds(void) {
    DIR *d = opendir("/proc/self/fd");
    REQUIRE(d != NULL);
    int n = 0;
    while (readdir(d) != NULL)
        n++;
    closedir(d);
    return n - 3; /* ".", ".." and the DIR's own descriptor */
}

static size_t heap_in_use(void) {
    struct mallinfo2 mi = mallinfo2();
    return mi.uordblks + mi.hblkhd;
}

/* RUNS runs of every configuration of spec on wl, in this process. */
static void stress_in_process(const struct hl_workload *wl, const struct hl_params *params,
                              const char *spec) {
    struct hl_config cfg;
    memset(&cfg, 0, sizeof cfg);
    struct hl_error err = {0};
    if (hl_backend_list_parse(&cfg.backends, spec, &err) != 0) {
        printf("%s on %s: skipped: %s\n", wl->name, spec, err.msg);
        return;
    }
    int fds_before = open_fds();
    struct hl_work work;
    REQUIRE(hl_work_prepare(&work, wl, params, TASKS, NULL, &err) == 0);
    struct hl_task_record recs[TASKS];
    for (size_t c = 0; c < cfg.backends.count; c++) {
        const struct hl_backend_config *bc = &cfg.backends.items[c];
        const struct hl_backend *be = bc->backend;
        void *state = NULL;
        work.ntasks = TASKS;
        REQUIRE(be->open == NULL || be->open(bc, &work, &state, &err) == 0);
        /* The least heap seen in a window of runs: a sample taken while a
         * connection buffer happens to be alive is not growth. */
        int fds0 = 0, fds_max = 0, failed = 0;
        size_t heap0 = SIZE_MAX, heap1 = SIZE_MAX;
        for (int r = 0; r < RUNS; r++) {
            if (r == SETTLE)
                fds0 = fds_max = open_fds();
            if (r > SETTLE && r % 50 == 0) {
                int fds = open_fds();
                fds_max = fds > fds_max ? fds : fds_max;
            }
            if (r >= SETTLE && r % 10 == 0) {
                size_t heap = heap_in_use();
                size_t *window = r < SETTLE + WINDOW ? &heap0 : r >= RUNS - WINDOW ? &heap1 : NULL;
                if (window != NULL && heap < *window)
                    *window = heap;
            }
            wl->reset(&work);
            hl_timeline_reset(recs, TASKS);
            char msg[256];
            hl_error_clear(&err);
            if (be->run(state, bc, &work, recs, &err) != 0 || wl->verify(&work, msg, sizeof msg))
                failed++;
        }
        int fds1 = open_fds();
        if (be->close != NULL)
            be->close(state);
        CHECKF(failed == 0, "%s %s: %d of %d runs failed: %s", wl->name, bc->label, failed, RUNS,
               err.msg);
        CHECKF(fds_max <= fds0 + FD_SLACK && fds1 <= fds0 + FD_SLACK,
               "%s %s: %d descriptors open after run %d, up to %d later", wl->name, bc->label, fds0,
               SETTLE, fds_max);
        CHECKF(UNDER_SANITIZER || heap1 <= heap0 + HEAP_SLACK,
               "%s %s: heap %zu bytes after run %d, %zu after run %d", wl->name, bc->label, heap0,
               SETTLE, heap1, RUNS);
        printf("%s %s: %d runs; heap %+ld bytes from runs %d-%d to runs %d-%d, descriptors "
               "%+d\n",
               wl->name, bc->label, RUNS, (long)heap1 - (long)heap0, SETTLE, SETTLE + WINDOW - 1,
               RUNS - WINDOW, RUNS - 1, fds1 - fds0);
    }
    hl_work_release(&work);
    CHECKF(open_fds() == fds_before, "%s: %d descriptors open before, %d after", wl->name,
           fds_before, open_fds());
}

/* One CLI invocation; returns its peak RSS in KiB. */
static long cli_run(const char *const *args, const char *runs, const char *out) {
    const char *argv[32] = {hetlane};
    size_t n = 1;
    for (size_t i = 0; args[i] != NULL; i++)
        argv[n++] = args[i];
    const char *tail[] = {"-r", runs, "--warmup", "0", "-q", "-o", out, NULL};
    for (size_t i = 0; i <= 7; i++)
        argv[n++] = tail[i];
    struct spawn_proc p;
    REQUIRE(spawn_start(argv, NULL, 0, &p) == 0);
    int status;
    struct rusage ru;
    REQUIRE(wait4(p.pid, &status, 0, &ru) == p.pid);
    fclose(p.out);
    fclose(p.err);
    CHECKF(WIFEXITED(status) && WEXITSTATUS(status) == 0, "%s -r %s: status %d", args[1], runs,
           status);
    return ru.ru_maxrss;
}

static void stress_cli(const char *const *args, size_t nconfigs) {
    char dir[] = "/tmp/hetlane-stress.XXXXXX";
    REQUIRE(mkdtemp(dir) != NULL);
    long rss100 = cli_run(args, "100", dir);
    long rss1000 = cli_run(args, "1000", dir);
    char path[64];
    snprintf(path, sizeof path, "%s/results.json", dir);
    struct hl_results r;
    struct hl_error err = {0};
    REQUIRE(hl_results_read_json(path, &r, &err) == 0);
    const struct hl_experiment_result *e = &r.experiments[0];
    CHECKF(e->nconfigs == nconfigs, "%s: %zu configurations", args[1], e->nconfigs);
    for (size_t c = 0; c < e->nconfigs; c++)
        CHECKF(e->configs[c].nruns == RUNS && e->configs[c].verified, "%s %s: %zu runs%s", args[1],
               e->configs[c].label, e->configs[c].nruns,
               e->configs[c].verified ? "" : ", not verified");
    hl_results_free(&r);
    /* What 900 more runs keep: their task records, twice over for the
     * copy the charts sort, plus slack for the allocator. */
    if (!UNDER_SANITIZER) { /* a sanitizer's shadow memory and quarantine */
        size_t kept = (size_t)900 * TASKS * nconfigs * sizeof(struct hl_task_record) * 2;
        long allowed = (long)(kept / 1024) + 8192;
        CHECKF(rss1000 - rss100 <= allowed,
               "%s: peak RSS %ld KiB at -r 100, %ld KiB at -r 1000 (allowed growth %ld KiB)",
               args[1], rss100, rss1000, allowed);
    }
    printf("hetlane %s -r 1000 on %zu configurations: ok; peak RSS %ld KiB (-r 100: %ld KiB)\n",
           args[1], nconfigs, rss1000, rss100);
    const char *rm[] = {"/bin/rm", "-rf", dir, NULL};
    struct spawn_result res;
    spawn_capture(rm, NULL, &res);
}

/* Configurations `spec` expands to here (0: none, say an absent device). */
static size_t configs_of(const char *spec) {
    struct hl_config cfg;
    memset(&cfg, 0, sizeof cfg);
    struct hl_error err = {0};
    return hl_backend_list_parse(&cfg.backends, spec, &err) == 0 ? cfg.backends.count : 0;
}

int main(int argc, char **argv) {
    REQUIRE(argc == 2);
    hetlane = argv[1];
    struct hl_params sum = {.n = 10000};
    stress_in_process(&hl_workload_sum, &sum, "serial,pthread:2,fork:2");
    size_t devices = HETLANE_WITH_OPENCL ? configs_of("opencl") : 0;
    if (devices > 0)
        stress_in_process(&hl_workload_sum, &sum, "opencl");
    else if (HETLANE_WITH_OPENCL)
        part_missing("test_stress", "no OpenCL device: the opencl backend was not stressed");
#if HETLANE_WITH_FETCH
    struct hl_error err = {0};
    REQUIRE(hl_fetch_global_init(&err) == 0);
    struct hl_params fetch;
    memset(&fetch, 0, sizeof fetch);
    hl_fetch_params_default(&fetch);
    fetch.io.latency_ms = 0;
    fetch.io.body_size = 256;
    stress_in_process(&hl_workload_fetch, &fetch, FETCH_BACKENDS);
#endif
    const char *every_cpu = "serial,pthread:2,fork:2";
    const char *sum_cli[] = {
        "run", "sum", "-n", "10000",
        "-t",  "4",   "-b", devices > 0 ? "serial,pthread:2,fork:2,opencl" : every_cpu,
        NULL};
    stress_cli(sum_cli, 3 + devices);
#if HETLANE_WITH_FETCH
    const char *fetch_cli[] = {"run", "fetch", "--latency",    "0", "--body-size", "256", "-t",
                               "4",   "-b",    FETCH_BACKENDS, NULL};
    stress_cli(fetch_cli, UNDER_SANITIZER ? 3 : 4);
    hl_fetch_global_cleanup();
#endif
    return check_finish("test_stress");
}
