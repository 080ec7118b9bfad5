/* Co-execution (-b A+B) as users meet it, through the hetlane binary:
 * odd sizes verified in every transfer mode, every index in exactly one
 * chunk, both participants given work, shares and balance in
 * results.json, bad joins refused with one line and nothing written,
 * fetch refused, and a participant that fails failing the run with its
 * reason while the others' chunks are still recorded. Exits 77 only
 * without an OpenCL device. */
#include <jansson.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check.h"
#include "model/coexec.h"
#include "out_check.h"
#include "output/results_io.h"
#include "spawn.h"

static const char *hetlane;
static char tmp[64];
static struct spawn_result res;

static int run(const char *const *argv, const char *const *env) {
    REQUIRE(spawn_capture(argv, env, &res) == 0);
    return res.status;
}

static const struct hl_config_result *find_config(const struct hl_results *r, const char *label) {
    for (size_t c = 0; c < r->experiments[0].nconfigs; c++) {
        if (strcmp(r->experiments[0].configs[c].label, label) == 0)
            return &r->experiments[0].configs[c];
    }
    return NULL;
}

static int by_lo(const void *a, const void *b) {
    const struct hl_task_record *x = a, *y = b;
    return x->lo < y->lo ? -1 : x->lo > y->lo;
}

/* The chunks of run cover [0, units) exactly once, each on a lane of one
 * participant. Returns the chunks. */
static size_t check_tiling(const struct hl_config_result *c, const struct hl_run_result *run,
                           int64_t units) {
    struct hl_task_record *t = malloc(run->ntasks * sizeof *t);
    REQUIRE(t != NULL);
    memcpy(t, run->tasks, run->ntasks * sizeof *t);
    qsort(t, run->ntasks, sizeof *t, by_lo);
    int64_t next = 0;
    for (size_t i = 0; i < run->ntasks; i++) {
        CHECKF(t[i].lo == next && t[i].hi > t[i].lo, "%s: chunk [%lld, %lld) after %lld", c->label,
               (long long)t[i].lo, (long long)t[i].hi, (long long)next);
        CHECKF(hl_coexec_part_of(c->coexec, t[i].worker) >= 0, "%s: worker %d is nobody's",
               c->label, t[i].worker);
        next = t[i].hi;
    }
    CHECKF(next == units, "%s: chunks end at %lld of %lld", c->label, (long long)next,
           (long long)units);
    free(t);
    return run->ntasks;
}

/* square at odd sizes, each transfer mode, and sum: verified, tiled. */
static void test_odd_sizes(void) {
    static const char *const modes[] = {"pageable", "pinned", "zero-copy"};
    static const char *const sizes[] = {"1", "7", "1000003"};
    static const int64_t units[] = {1, 7, 1000003};
    char out[128], spec[96], label[96];
    snprintf(out, sizeof out, "%s/odd", tmp);
    for (size_t m = 0; m < 3; m++) {
        for (size_t s = 0; s < 3; s++) {
            /* Under valgrind each OpenCL start costs seconds: every size
             * and every mode once, not every pair. */
            if (spawn_wrapped() && s != m)
                continue;
            snprintf(spec, sizeof spec, "pthread:2+opencl:0:0/%s", modes[m]);
            const char *argv[] = {hetlane, "run", "square", "-n", sizes[s], "-b", spec,
                                  "-r",    "1",   "-q",     "-o", out,      NULL};
            CHECKF(run(argv, NULL) == 0, "%s n = %s: %d %s", spec, sizes[s], res.status, res.err);
            struct hl_results r;
            out_read_results(out, &r);
            snprintf(label, sizeof label, "pthread:2+opencl:0:0/%s", modes[m]);
            const struct hl_config_result *c = find_config(&r, label);
            CHECKF(c != NULL && c->verified && c->coexec != NULL && c->nruns == 1, "%s", label);
            for (size_t k = 0; c != NULL && c->coexec != NULL && k < c->nruns; k++)
                check_tiling(c, &c->runs[k], units[s]);
            hl_results_free(&r);
        }
    }
    /* sum: chunks of whole tasks, every task's own sum verified. */
    const char *argv[] = {
        hetlane, "run", "sum", "-n", "100003", "-t", "13", "-b", "serial+opencl:0:0",
        "-r",    "2",   "-q",  "-o", out,      NULL};
    CHECKF(run(argv, NULL) == 0, "sum: %d %s", res.status, res.err);
    struct hl_results r;
    out_read_results(out, &r);
    const struct hl_config_result *c = find_config(&r, "serial+opencl:0:0/zero-copy");
    CHECK(c != NULL && c->verified && c->coexec != NULL);
    for (size_t k = 0; c != NULL && c->coexec != NULL && k < c->nruns; k++)
        check_tiling(c, &c->runs[k], 13);
    hl_results_free(&r);
    out_remove(out);
}

/* Both participants took work (no history: each lane takes a chunk
 * first), their shares add up, and results.json and the summary say the
 * shares and the balance. */
static void test_both_work(void) {
    char out[128], path[160];
    snprintf(out, sizeof out, "%s/both", tmp);
    const char *argv[] = {hetlane,
                          "run",
                          "square",
                          "-n",
                          "12000007",
                          "-b",
                          "pthread:1,opencl:0:0,pthread:1+opencl:0:0",
                          "--warmup",
                          "0",
                          "-r",
                          "1",
                          "-o",
                          out,
                          NULL};
    CHECKF(run(argv, NULL) == 0, "%d %s", res.status, res.err);
    CHECKF(strstr(res.out,
                  "co-execution pthread:1+opencl:0:0/zero-copy (median run): pthread:1 ") != NULL &&
               strstr(res.out, "balance ") != NULL && strstr(res.out, "efficiency ") != NULL,
           "summary: %s", res.out);
    struct hl_results r;
    out_read_results(out, &r);
    const struct hl_config_result *c = find_config(&r, "pthread:1+opencl:0:0/zero-copy");
    REQUIRE(c != NULL && c->coexec != NULL && c->nruns == 1);
    CHECK(c->coexec->nparts == 2 && strcmp(c->coexec->parts[0].label, "pthread:1") == 0);
    CHECK(strcmp(c->coexec->parts[1].label, "opencl:0:0/zero-copy") == 0);
    struct hl_coexec_run st;
    hl_coexec_run_stats(c->coexec, &c->runs[0], &st);
    CHECKF(st.units[0] > 0 && st.units[1] > 0, "units %lld / %lld", (long long)st.units[0],
           (long long)st.units[1]);
    CHECK(st.units[0] + st.units[1] == 12000007);
    CHECK(st.balance > 0 && st.balance <= 1);
    /* The file itself, as another program reads it. */
    snprintf(path, sizeof path, "%s/results.json", out);
    json_t *root = json_load_file(path, 0, NULL);
    REQUIRE(root != NULL);
    json_t *configs =
        json_object_get(json_array_get(json_object_get(root, "experiments"), 0), "configs");
    json_t *x = json_object_get(json_array_get(configs, 2), "coexec");
    json_t *run0 = json_array_get(json_object_get(x, "runs"), 0);
    double s0 = json_real_value(json_array_get(json_object_get(run0, "shares"), 0));
    double s1 = json_real_value(json_array_get(json_object_get(run0, "shares"), 1));
    CHECKF(s0 > 0 && s1 > 0 && s0 + s1 > 0.999 && s0 + s1 < 1.001, "shares %g %g", s0, s1);
    CHECK(json_is_real(json_object_get(run0, "balance")));
    CHECK(json_is_real(json_object_get(x, "efficiency")) &&
          json_is_real(json_object_get(x, "gain")));
    CHECK(json_array_size(json_object_get(x, "alone_s")) == 2);
    /* With the machine's ceilings in the file, the shared-resource bound. */
    json_t *ceil = json_object_get(root, "ceilings");
    CHECKF(ceil == NULL || (json_is_real(json_object_get(x, "bound_s")) &&
                            json_is_real(json_object_get(x, "bound_efficiency"))),
           "ceilings but no bound: %s",
           json_string_value(json_object_get(x, "unavailable")) != NULL
               ? json_string_value(json_object_get(x, "unavailable"))
               : "(no reason)");
    json_decref(root);
    hl_results_free(&r);
    out_remove(out);
}

/* Bad joins: exit 2, one line naming the spec, nothing written. */
static void test_bad_specs(void) {
    static const char *const specs[][2] = {
        {"pthread:2+", "pthread:2+"},
        {"+opencl", "+opencl"},
        {"fork:2+fork:2", "fork:2+fork:2"},
        {"pthread:2+curl-multi:2", "pthread:2+curl-multi:2"},
        {"pthread:2+opencl:9:9", "pthread:2+opencl:9:9"},
        {"pthread:1+pthread:1", "pthread:1+pthread:1"},
        {"pthread:1+opencl:0:0+opencl:0:0", "pthread:1+opencl:0:0+opencl:0:0"},
        {"opencl:0:0", NULL}, /* one participant is no join, but fine alone */
        {"pthread:2++opencl:0:0", "pthread:2++opencl:0:0"},
        {"serial+fork:2", "serial+fork:2"},
        {"pthread:2+opencl:0:0/turbo", "pthread:2+opencl:0:0/turbo"},
        {"pthread:2+nosuch:1", "pthread:2+nosuch:1"},
    };
    char out[128];
    snprintf(out, sizeof out, "%s/never", tmp);
    for (size_t i = 0; i < sizeof specs / sizeof specs[0]; i++) {
        if (specs[i][1] == NULL || (spawn_wrapped() && i % 3 != 0)) /* valgrind: a third */
            continue;
        const char *argv[] = {hetlane, "run", "square", "-b", specs[i][0], "-o", out, NULL};
        CHECKF(run(argv, NULL) == 2, "%s: %d", specs[i][0], res.status);
        CHECKF(count_lines(res.err) == 1 && strstr(res.err, specs[i][1]) != NULL, "%s: %s",
               specs[i][0], res.err);
        CHECK(res.out[0] == '\0');
        CHECK(access(out, F_OK) != 0);
    }
    /* fetch cannot be split: refused as opencl is, before any work. */
    const char *argv[] = {hetlane, "run", "fetch", "-b", "pthread:2+opencl:0:0", "-o", out, NULL};
    CHECKF(run(argv, NULL) == 2 && count_lines(res.err) == 1, "fetch: %d %s", res.status, res.err);
    CHECKF(strstr(res.err, "pthread:2+opencl:0:0") != NULL, "%s", res.err);
    CHECK(access(out, F_OK) != 0);
}

/* A participant that breaks fails the run with its reason; every chunk,
 * the failed one too, is still accounted for. */
static void test_participant_fails(const char *fault_bin) {
    char out[128];
    snprintf(out, sizeof out, "%s/fail", tmp);
    static const char *const cases[][3] = {
        {"cljoin:1", "pthread:1+opencl:0:0", "opencl:0:0/zero-copy failed: chunk"},
        {"thread:1", "pthread:2+opencl:0:0", "pthread:2 failed: cannot create thread 2 of 2"},
    };
    for (size_t i = 0; i < 2; i++) {
        char fault[64];
        snprintf(fault, sizeof fault, "HETLANE_FAULT=%s", cases[i][0]);
        const char *env[] = {fault, NULL};
        /* Large enough that the device asks before the CPU has taken
         * everything, even under a sanitizer or valgrind: a lane never
         * measured always takes its first chunk, which the fault fails. */
        const char *argv[] = {fault_bin, "run",       "square",   "-n", "12000007",
                              "-b",      cases[i][1], "--warmup", "0",  "-r",
                              "1",       "-q",        "-o",       out,  NULL};
        CHECKF(run(argv, env) == 1, "%s: %d %s", cases[i][0], res.status, res.err);
        struct hl_results r;
        out_read_results(out, &r);
        const struct hl_config_result *c = &r.experiments[0].configs[0];
        REQUIRE(c->coexec != NULL && c->nruns == 1);
        const struct hl_run_result *run0 = &c->runs[0];
        CHECKF(!run0->verified && run0->error != NULL && strstr(run0->error, cases[i][2]) != NULL,
               "%s: %s", cases[i][0], run0->error != NULL ? run0->error : "(no error)");
        check_tiling(c, run0, 12000007);
        size_t failed = 0;
        for (size_t t = 0; t < run0->ntasks; t++)
            failed += !run0->tasks[t].ok;
        if (i == 0)
            CHECKF(failed == 1, "%zu failed chunks", failed);
        else /* the lane made did all the CPU's work: nothing failed but the run */
            CHECKF(failed == 0, "%zu failed chunks", failed);
        hl_results_free(&r);
        out_remove(out);
    }
}

int main(int argc, char **argv) {
    REQUIRE(argc == 2);
    hetlane = argv[1];
    snprintf(tmp, sizeof tmp, "/tmp/hetlane-coexec-XXXXXX");
    REQUIRE(mkdtemp(tmp) != NULL);
    char probe_dir[128];
    snprintf(probe_dir, sizeof probe_dir, "%s/probe", tmp);
    const char *probe[] = {hetlane, "run", "sum",        "-n", "10", "-t",      "1", "-r",
                           "1",     "-b",  "opencl:0:0", "-q", "-o", probe_dir, NULL};
    if (run(probe, NULL) != 0) {
        fprintf(stderr, "test_coexec: no OpenCL device (%s): skipped\n", res.err);
        out_remove_tree(tmp);
        return 77;
    }
    out_remove(probe_dir);
    test_bad_specs();
    test_odd_sizes();
    test_both_work();
    test_participant_fails(hetlane);
    out_remove_tree(tmp);
    return check_finish("test_coexec");
}
