/* Allocation failure at every allocation site of a run, one at a time, in
 * the spirit of curl's torture tests: a clean run counts how often hetlane
 * allocates (HETLANE_FAULT_TALLY), then for K = 1, 2, ... the K-th
 * allocation fails (HETLANE_FAULT=alloc:K) until a run sees no failure.
 * Every failing run must end with status 1 and one line on stderr, no
 * crash, and only whole files in its output directory. In the ASan build
 * a leak fails the run too (LeakSanitizer's exit status is not 1).
 *
 * Allocations inside libraries (libcurl, libmicrohttpd, cairo, jansson,
 * the OpenCL runtime) are not counted: see util/alloc.h. */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check.h"
#include "out_check.h"
#include "spawn.h"

#define MAX_ARGS 32

struct scenario {
    const char *name;
    const char *args[MAX_ARGS]; /* after the binary; OUT is replaced */
    bool optional;              /* skipped when its clean run cannot run here */
};

static const char *hetlane;
static char tmp[] = "/tmp/hetlane-torture.XXXXXX";
static struct spawn_result res;

/* Runs the scenario with `fault` (or none) into out; returns the tally of
 * allocations hetlane reported, or -1 when it reported none. */
static long run_once(const struct scenario *s, const char *out, const char *fault) {
    const char *argv[MAX_ARGS + 2] = {hetlane};
    size_t n = 1;
    for (size_t i = 0; s->args[i] != NULL; i++)
        argv[n++] = strcmp(s->args[i], "OUT") == 0 ? out : s->args[i];
    argv[n] = NULL;
    const char *env[] = {fault, "HETLANE_FAULT_TALLY=1", NULL};
    REQUIRE(spawn_capture(argv, env, &res) == 0);
    const char *tally = strstr(res.err, "hetlane: fault tally: alloc ");
    if (tally == NULL)
        return -1;
    long count = strtol(tally + strlen("hetlane: fault tally: alloc "), NULL, 10);
    /* The tally is a test aid, not part of what a user sees. */
    memmove((char *)tally, strchr(tally, '\n') + 1, strlen(strchr(tally, '\n') + 1) + 1);
    return count;
}

/* Checks one run whose K-th allocation failed. */
static void check_failed_run(const struct scenario *s, long k, const char *out) {
    CHECKF(res.status == 1, "%s alloc:%ld: status %d, want 1: %s", s->name, k, res.status, res.err);
    CHECKF(count_lines(res.err) == 1 && strncmp(res.err, "hetlane: ", 9) == 0,
           "%s alloc:%ld: want one line on stderr, got '%s'", s->name, k, res.err);
    char why[512];
    size_t files;
    CHECKF(out_check(out, &files, why, sizeof why) == 0, "%s alloc:%ld: %s", s->name, k, why);
}

static void torture(const struct scenario *s) {
    char out[256];
    snprintf(out, sizeof out, "%s/%s", tmp, s->name);
    /* A first run fills the ceilings' cache (commands/ceilings_cache.h),
     * so that the counted run and every failing one take the same path. */
    run_once(s, out, NULL);
    out_remove(out);
    long sites = run_once(s, out, "HETLANE_FAULT=alloc:0");
    if (s->optional && res.status != 0) {
        printf("%s: skipped, its clean run cannot run here: %s", s->name, res.err);
        return;
    }
    CHECKF(res.status == 0 && sites > 0, "%s clean run: status %d, %ld allocations: %s", s->name,
           res.status, sites, res.err);
    out_remove(out);
    long k = 1, failed = 0;
    for (; k <= sites + 10 && k < 5000; k++) {
        char fault[64];
        snprintf(fault, sizeof fault, "HETLANE_FAULT=alloc:%ld", k);
        long reached = run_once(s, out, fault);
        CHECKF(reached >= 0 || res.status == 1, "%s alloc:%ld: no tally: status %d: %s", s->name, k,
               res.status, res.err);
        if (reached >= 0 && reached < k) { /* no allocation failed: done */
            CHECKF(res.status == 0, "%s alloc:%ld: status %d: %s", s->name, k, res.status, res.err);
            break;
        }
        check_failed_run(s, k, out);
        failed++;
        out_remove(out);
    }
    CHECKF(failed >= sites - 10 && failed > 0, "%s: %ld of %ld allocations failed on purpose",
           s->name, failed, sites);
    printf("%s: %ld allocation sites reached, each failed once: status 1, one line, whole "
           "files\n",
           s->name, failed);
    out_remove(out);
}

int main(int argc, char **argv) {
    REQUIRE(argc == 2);
    hetlane = argv[1];
    REQUIRE(mkdtemp(tmp) != NULL);
    /* A ceilings cache of its own (commands/ceilings_cache.h): another test
     * replacing the shared one would make a run measure again, and take
     * another path than the counted one. */
    static char cache[300];
    snprintf(cache, sizeof cache, "XDG_CACHE_HOME=%s/cache", tmp);
    REQUIRE(putenv(cache) == 0);
    static const struct scenario cpu = {"cpu",
                                        {"run", "sum", "-n", "2000", "-t", "4", "-b",
                                         "serial,pthread:2,fork:2", "-r", "2", "--warmup", "1",
                                         "-q", "-o", "OUT", NULL},
                                        false};
    torture(&cpu);
    /* plot reads what a clean run wrote. */
    char src[256], results[300];
    snprintf(src, sizeof src, "%s/src", tmp);
    snprintf(results, sizeof results, "%s/results.json", src);
    const char *make[] = {hetlane, "run", "sum", "-n", "2000", "-t", "4", "-b", "serial,pthread:2",
                          "-r",    "2",   "-q",  "-o", src,    NULL};
    REQUIRE(spawn_capture(make, NULL, &res) == 0 && res.status == 0);
    const struct scenario plot = {"plot", {"plot", results, "-q", "-o", "OUT", NULL}, false};
    torture(&plot);
    out_remove(src);
#if HETLANE_WITH_OPENCL
    static const struct scenario opencl = {"opencl",
                                           {"run", "square", "-n", "4000", "-t", "4", "-b",
                                            "opencl", "-r", "1", "--warmup", "1", "-q", "-o", "OUT",
                                            NULL},
                                           true};
    torture(&opencl);
#endif
#if HETLANE_WITH_FETCH
    static const struct scenario fetch = {"fetch",
                                          {"run", "fetch", "--latency", "0", "--body-size", "100",
                                           "-t", "4", "-b", "serial,pthread:2,fork:2,curl-multi:2",
                                           "-r", "1", "--warmup", "1", "-q", "-o", "OUT", NULL},
                                          false};
    torture(&fetch);
#endif
    rmdir(tmp);
    return check_finish("test_alloc_torture");
}
