/* The OpenCL backend as users meet it, through the hetlane binary:
 * `devices --json` parses, a bad device index is refused with one line,
 * fork and opencl run in either order, --no-overlap, a failed build is
 * reported with its log while the other configurations still run, and a
 * machine with no OpenCL platform. Exits 77 only without any device (in
 * CI it fails then: check.h). */
#include <jansson.h>
#include <string.h>
#include <unistd.h>

#include "check.h"
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

static int json_has(json_t *obj, const char *key, json_type type) {
    json_t *v = json_object_get(obj, key);
    return v != NULL && json_typeof(v) == type;
}

/* Returns the number of devices listed; checks every field's type. */
static size_t test_devices_json(void) {
    const char *argv[] = {hetlane, "devices", "--json", NULL};
    REQUIRE(run(argv, NULL) == 0);
    json_error_t jerr;
    json_t *root = json_loads(res.out, 0, &jerr);
    REQUIRE(root != NULL);
    json_t *cl = json_object_get(root, "opencl");
    REQUIRE(json_is_object(cl));
    json_t *devices = json_object_get(cl, "devices");
    REQUIRE(json_is_array(devices) && json_is_array(json_object_get(cl, "platforms")));
    size_t i;
    json_t *d;
    json_array_foreach(devices, i, d) {
        CHECK(json_has(d, "index", JSON_STRING) && json_has(d, "platform", JSON_STRING));
        CHECK(json_has(d, "name", JSON_STRING) && json_has(d, "type", JSON_STRING));
        CHECK(json_has(d, "compute_units", JSON_INTEGER));
        CHECK(json_integer_value(json_object_get(d, "global_mem_bytes")) > 0);
        CHECK(json_integer_value(json_object_get(d, "max_alloc_bytes")) > 0);
        CHECK(json_has(d, "opencl_c_version", JSON_STRING));
        CHECK(json_has(d, "driver_version", JSON_STRING));
        /* Bare opencl:P:D: zero-copy on host-unified memory, else pinned. */
        json_t *unified = json_object_get(d, "host_unified_memory");
        const char *mode = json_string_value(json_object_get(d, "default_transfer"));
        CHECK(json_is_boolean(unified) && mode != NULL);
        CHECKF(mode != NULL && strcmp(mode, json_is_true(unified) ? "zero-copy" : "pinned") == 0,
               "default_transfer %s", mode != NULL ? mode : "missing");
    }
    size_t n = json_array_size(devices);
    json_decref(root);
    return n;
}

/* No ICD at all: not an error for `devices`, a usage error for -b opencl. */
static void test_no_platform(void) {
    const char *env[] = {"OCL_ICD_VENDORS=/nonexistent-hetlane-icd", NULL};
    const char *text[] = {hetlane, "devices", NULL};
    CHECK(run(text, env) == 0 && strstr(res.out, "no OpenCL platform") != NULL);
    const char *json[] = {hetlane, "devices", "--json", NULL};
    CHECK(run(json, env) == 0);
    json_t *root = json_loads(res.out, 0, NULL);
    REQUIRE(root != NULL);
    json_t *cl = json_object_get(root, "opencl");
    CHECK(json_array_size(json_object_get(cl, "devices")) == 0);
    CHECK(json_is_string(json_object_get(cl, "problem")));
    json_decref(root);
    const char *runs[] = {hetlane, "run", "sum", "-b", "opencl", "-o", tmp, NULL};
    CHECK(run(runs, env) == 2 && count_lines(res.err) == 1);
    CHECKF(strstr(res.err, "--backend opencl: no OpenCL device") != NULL, "%s", res.err);
}

static void test_bad_index(void) {
    static const char *const specs[] = {"opencl:9:9",     "opencl:0:99", "opencl:0",
                                        "opencl:x:0",     "opencl:0:-1", "opencl:0:0/turbo",
                                        "opencl/pinnned", "opencl:0:0/", "opencl:9:9/pinned"};
    char out[128];
    snprintf(out, sizeof out, "%s/never", tmp);
    for (size_t i = 0; i < sizeof specs / sizeof specs[0]; i++) {
        const char *argv[] = {hetlane, "run",    "sum", "-b", "serial",
                              "-b",    specs[i], "-o",  out,  NULL};
        CHECKF(run(argv, NULL) == 2, "%s: %d", specs[i], res.status);
        CHECKF(count_lines(res.err) == 1 && strstr(res.err, specs[i]) != NULL, "%s", res.err);
        CHECK(res.out[0] == '\0');
        CHECK(access(out, F_OK) != 0); /* refused before any work */
    }
}

static const struct hl_config_result *find_config(const struct hl_results *r, const char *label) {
    for (size_t c = 0; c < r->experiments[0].nconfigs; c++) {
        if (strcmp(r->experiments[0].configs[c].label, label) == 0)
            return &r->experiments[0].configs[c];
    }
    return NULL;
}

/* A mode without an index, as the README writes it, is a good spec: every
 * device, each in that mode. */
static void test_mode_without_index(void) {
    char out[128];
    snprintf(out, sizeof out, "%s/bare-mode", tmp);
    const char *argv[] = {hetlane,           "run", "sum", "-n", "1000", "-t", "2", "-r", "1", "-b",
                          "opencl/pageable", "-q",  "-o",  out,  NULL};
    CHECKF(run(argv, NULL) == 0, "opencl/pageable: %d %s", res.status, res.err);
    struct hl_results r;
    out_read_results(out, &r);
    const struct hl_config_result *c = find_config(&r, "opencl:0:0/pageable");
    CHECKF(c != NULL && c->verified, "no verified opencl:0:0/pageable in %s", out);
    hl_results_free(&r);
    out_remove(out);
}

/* fork children never touch OpenCL: fork before and after opencl. */
static void test_fork_and_opencl(void) {
    /* pinned: the opencl configuration has its own page-locked copy of
     * the workload while fork's children write the shared one. */
    static const char *const orders[] = {"fork:2,opencl:0:0/pinned", "opencl:0:0/pinned,fork:2"};
    static const char *const workloads[] = {"square", "sum"};
    char out[128];
    snprintf(out, sizeof out, "%s/mix", tmp);
    for (int w = 0; w < 2; w++) {
        for (int o = 0; o < 2; o++) {
            if (spawn_wrapped() && o != w)
                continue; /* valgrind: one order per workload, each still tried once */
            const char *argv[] = {hetlane,   "run", workloads[w], "-n", "10007", "-t", "5", "-b",
                                  orders[o], "-r",  "2",          "-q", "-o",    out,  NULL};
            CHECKF(run(argv, NULL) == 0, "%s %s: %s%s", workloads[w], orders[o], res.out, res.err);
            struct hl_results r;
            out_read_results(out, &r);
            const struct hl_config_result *cl = find_config(&r, "opencl:0:0/pinned");
            const struct hl_config_result *fk = find_config(&r, "fork:2");
            REQUIRE(cl != NULL && fk != NULL);
            CHECK(cl->verified && fk->verified && cl->workers == 4);
            CHECK(cl->device != NULL && cl->setup_s > 0);
            CHECK(cl->nruns == 2 && cl->runs[0].tasks[0].nphases == (w == 0 ? 3 : 2));
            hl_results_free(&r);
        }
    }
}

static void test_no_overlap(void) {
    char out[128];
    snprintf(out, sizeof out, "%s/inorder", tmp);
    const char *argv[] = {
        hetlane,        "run", "square", "-n", "100003", "-t", "6", "-b", "opencl:0:0/pinned",
        "--no-overlap", "-r",  "1",      "-q", "-o",     out,  NULL};
    CHECKF(run(argv, NULL) == 0, "%s", res.err);
    struct hl_results r;
    out_read_results(out, &r);
    const struct hl_config_result *c = find_config(&r, "opencl:0:0/pinned/no-overlap");
    REQUIRE(c != NULL && c->nruns == 1);
    CHECK(c->verified && c->workers == 1);
    /* One in-order queue: each task starts after the previous one ends. */
    for (size_t t = 0; t < c->runs[0].ntasks; t++) {
        CHECK(c->runs[0].tasks[t].worker == 0);
        if (t > 0)
            CHECK(c->runs[0].tasks[t].t0_ns >= c->runs[0].tasks[t - 1].t1_ns);
    }
    hl_results_free(&r);
}

/* The second build of the run fails with the compiler's log; the first
 * device configuration and the serial one still run and verify. */
static void test_build_failure(void) {
    char out[128];
    snprintf(out, sizeof out, "%s/broken", tmp);
    const char *argv[] = {hetlane, "run", "sum", "-n", "1000", "-b", "opencl:0:0,serial,opencl:0:0",
                          "-r",    "1",   "-o",  out,  NULL};
    /* The device's ceilings first (commands/ceilings_cache.h), so that
     * the run below builds only its configurations' programs. */
    CHECK(run(argv, NULL) == 0);
    const char *env[] = {"HETLANE_FAULT=clbuild:2", NULL};
    CHECK(run(argv, env) == 1);
    CHECKF(strstr(res.err, "clBuildProgram: CL_BUILD_PROGRAM_FAILURE") != NULL, "%s", res.err);
    CHECKF(strstr(res.err, "build log:") != NULL &&
               strstr(res.err, "hl_fault_injected_error") != NULL,
           "%s", res.err);
    struct hl_results r;
    out_read_results(out, &r);
    REQUIRE(r.experiments[0].nconfigs == 3);
    const struct hl_config_result *c = r.experiments[0].configs;
    CHECK(c[0].verified && c[1].verified);
    CHECK(!c[2].verified && c[2].nruns == 0 && c[2].note != NULL &&
          strstr(c[2].note, "hl_fault_injected_error") != NULL);
    hl_results_free(&r);
}

int main(int argc, char **argv) {
    REQUIRE(argc == 2);
    hetlane = argv[1];
    snprintf(tmp, sizeof tmp, "/tmp/hetlane-clcli.XXXXXX");
    REQUIRE(mkdtemp(tmp) != NULL);
    size_t devices = test_devices_json();
    test_no_platform();
    if (devices == 0) {
        char why[512];
        opencl_missing_why("", why, sizeof why);
        skip_or_fail("test_opencl_cli", why);
    }
    test_bad_index();
    if (!spawn_wrapped()) /* a spec's parse: the ASan gate covers its memory */
        test_mode_without_index();
    test_fork_and_opencl();
    test_no_overlap();
    test_build_failure();
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmp);
    if (check_failures == 0 && system(cmd) != 0)
        fprintf(stderr, "could not remove %s\n", tmp);
    return check_finish("test_opencl_cli");
}
