/* Defaults that fit the input and words that say what runs, as a user
 * meets them: sizes written with separators or exponents, a default task
 * count that shrinks to a small n, hints and help that name every
 * backend and option, summaries and progress in one unit per column. */
#include <string.h>

#include "check.h"
#include "out_check.h"
#include "spawn.h"

static const char *hetlane;
static char tmp[] = "/tmp/hetlane-inputs.XXXXXX";
static struct spawn_result res;

static int run(const char *const *argv) {
    REQUIRE(spawn_capture(argv, NULL, &res) == 0);
    return res.status;
}

static void test_sizes(void) {
    static const char *const forms[] = {"12,000", "12_000", "12e3", "1.2e4", "12000.0"};
    char out[128];
    snprintf(out, sizeof out, "%s/sizes", tmp);
    for (size_t i = 0; i < sizeof forms / sizeof forms[0]; i++) {
        const char *argv[] = {hetlane, "run", "sum", "-n", forms[i], "-b", "serial",
                              "-r",    "1",   "-q",  "-o", out,      NULL};
        CHECKF(run(argv) == 0, "-n %s: %s", forms[i], res.err);
        struct hl_results r;
        out_read_results(out, &r);
        const struct hl_param *n = hl_experiment_param(&r.experiments[0], "n");
        CHECKF(n != NULL && n->i == 12000, "-n %s", forms[i]);
        hl_results_free(&r);
    }
}

/* square -n 5: the default (4 per worker) shrinks to 5; no -t given, no
 * error. An explicit -t 6 is refused, saying the most that works. */
static void test_default_tasks(void) {
    char out[128];
    snprintf(out, sizeof out, "%s/tasks", tmp);
    const char *argv[] = {hetlane, "run", "square", "-n", "5", "-b", "serial,pthread:2",
                          "-q",    "-o",  out,      NULL};
    CHECKF(run(argv) == 0, "%s", res.err);
    struct hl_results r;
    out_read_results(out, &r);
    CHECK(r.experiments[0].configs[0].tasks == 4 && r.experiments[0].configs[1].tasks == 5);
    hl_results_free(&r);
    const char *explicit_t[] = {hetlane, "run", "square", "-n", "5", "-t", "6", "-o", out, NULL};
    CHECK(run(explicit_t) == 2 && count_lines(res.err) == 1);
    CHECKF(strstr(res.err, "--tasks: 6 tasks for 5 elements") != NULL &&
               strstr(res.err, "(-t 5 at most)") != NULL,
           "%s", res.err);
}

static void test_hints_and_help(void) {
    const char *gpu[] = {hetlane, "run", "sum", "-b", "gpu", NULL};
    CHECK(run(gpu) == 2);
    CHECKF(strstr(res.err, "(try: serial, pthread:W, fork:W") != NULL, "%s", res.err);
    CHECK(!HETLANE_WITH_OPENCL || strstr(res.err, ", opencl[:P:D]") != NULL);
    CHECK(!HETLANE_WITH_FETCH ||
          strstr(res.err, HETLANE_WITH_MPI ? ", curl-multi:W, " : ", curl-multi:W)") != NULL);
    CHECK(!HETLANE_WITH_MPI || strstr(res.err, ", mpi:SPEC)") != NULL);
    const char *cube[] = {hetlane, "run", "cube", NULL};
    CHECK(run(cube) == 2 && strstr(res.err, "(try: square, sum") != NULL);

    const char *top[] = {hetlane, "--help", NULL};
    CHECK(run(top) == 0);
    CHECKF(strstr(res.out, "hetlane demo [-o DIR] [--quick] [-q]") != NULL, "%s", res.out);
    CHECK(strstr(res.out, "hetlane compare A.json B.json") != NULL);
    const char *run_help[] = {hetlane, "run", "--help", NULL};
    CHECK(run(run_help) == 0);
    CHECKF(!HETLANE_WITH_OPENCL || strstr(res.out, "then every OpenCL device") != NULL, "%s",
           res.out);
    CHECK(strstr(res.out, "opencl[:P:D]") != NULL || !HETLANE_WITH_OPENCL);
    CHECK(strstr(res.out, "default ./hetlane-out") != NULL);
    const char *demo_help[] = {hetlane, "demo", "--help", NULL};
    CHECK(run(demo_help) == 0 && strstr(res.out, "default ./hetlane-demo") != NULL);
    /* The demo's runs are adaptive: fetch makes 1 to 10, without warm-up. */
    CHECKF(strstr(res.out, "1 to 10 runs (adaptive), no warm-up") != NULL, "%s", res.out);
}

/* stdout: "1 counted run, no warm-up" and units in the headings only;
 * stderr: "median 12.3 us of 1 run". */
static void test_run_wording(void) {
    char out[128];
    snprintf(out, sizeof out, "%s/words", tmp);
    const char *argv[] = {hetlane, "run", "sum",      "-n", "1e6", "-b", "serial,pthread:2",
                          "-r",    "1",   "--warmup", "0",  "-o",  out,  NULL};
    CHECKF(run(argv) == 0, "%s", res.err);
    CHECKF(strstr(res.out, "; 1 counted run, no warm-up)") != NULL, "%s", res.out);
    CHECK(strstr(res.out, "runs after") == NULL && strstr(res.out, "0 warm-up") == NULL);
    const char *head = strstr(res.out, "median ");
    REQUIRE(head != NULL);
    const char *rows = strchr(head, '\n');
    CHECKF(strstr(rows, " us ") == NULL && strstr(rows, " ms ") == NULL, "%s", rows);
    CHECKF(strstr(res.err, "sum serial: median ") != NULL && strstr(res.err, " of 1 run,") != NULL,
           "%s", res.err);
    CHECKF(strstr(res.err, "0.00") == NULL && strstr(res.err, "1 runs") == NULL, "%s", res.err);
}

int main(int argc, char **argv) {
    REQUIRE(argc == 2);
    hetlane = argv[1];
    REQUIRE(mkdtemp(tmp) != NULL);
    test_sizes();
    test_default_tasks();
    test_hints_and_help();
    test_run_wording();
    if (check_failures == 0)
        out_remove_tree(tmp);
    return check_finish("test_inputs");
}
