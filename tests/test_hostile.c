/* The CLI against hostile surroundings (issue 17): the installed binary
 * ignores the test-only fault variables; a reader of stdout that goes away
 * costs no result; a full stdout is an error with one line; "--" ends the
 * options; a run in which nothing can run, or nothing ran, is not a
 * success and writes nothing; a command that writes nothing takes away
 * the directories it made; an output directory of any length that opens
 * is written whole, a longer one is refused up front; two hetlanes on one
 * directory never mix their sets.
 *
 *   test_hostile HETLANE HETLANE_FAULTS */
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "check.h"
#include "out_check.h"
#include "output/results_io.h"
#include "spawn.h"

static const char *hetlane, *faulty;
static char tmp[] = "/tmp/hetlane-hostile.XXXXXX";
static struct spawn_result res;

static int exists(const char *path) {
    struct stat st;
    return stat(path, &st) == 0;
}

/* One line on stderr that starts "hetlane: " and holds `expect`. */
static void check_one_line(const char *what, const char *expect) {
    CHECKF(count_lines(res.err) == 1 && strncmp(res.err, "hetlane: ", 9) == 0 &&
               strstr(res.err, expect) != NULL,
           "%s: want one line with '%s', got '%s'", what, expect, res.err);
}

/* The installed binary has no fault hooks; the test binary has them, and
 * a hook's variable that is empty or not a number injects nothing. */
static void test_fault_hooks(void) {
    char out[300];
    snprintf(out, sizeof out, "%s/hooks", tmp);
    const char *argv[] = {hetlane, "run", "sum", "-n", "1000", "-b", "fork:2",
                          "-r",    "1",   "-q",  "-o", out,    NULL};
    const char *env[] = {"HETLANE_FAULT=alloc:1", "HETLANE_FAULT_TALLY=1",
                         "HETLANE_FAULT_CRASH_TASK=0", NULL};
    REQUIRE(spawn_capture(argv, env, &res) == 0);
    CHECKF(res.status == 0 && res.err[0] == '\0', "installed binary under HETLANE_FAULT: %d '%s'",
           res.status, res.err);
    argv[0] = faulty;
    REQUIRE(spawn_capture(argv, env, &res) == 0);
    CHECKF(res.status == 1 && strstr(res.err, "fault tally: alloc") != NULL,
           "test binary ignored HETLANE_FAULT: %d '%s'", res.status, res.err);
    static const char *const not_numbers[] = {
        "HETLANE_FAULT_CRASH_TASK=", "HETLANE_FAULT_CRASH_TASK=abc", "HETLANE_FAULT_CRASH_TASK= 0"};
    for (size_t i = 0; i < sizeof not_numbers / sizeof not_numbers[0]; i++) {
        const char *one[] = {not_numbers[i], NULL};
        REQUIRE(spawn_capture(argv, one, &res) == 0);
        CHECKF(res.status == 0, "%s crashed a worker: %d '%s'", not_numbers[i], res.status,
               res.err);
    }
    out_remove(out);
    printf("fault hooks: ignored by the installed binary; not numbers inject nothing\n");
}

/* Runs argv with stdout on fd `out_fd` (stderr captured into res.err). */
static void run_with_stdout(const char *const *argv, int out_fd) {
    FILE *err = tmpfile();
    REQUIRE(err != NULL);
    fflush(NULL);
    pid_t pid = fork();
    REQUIRE(pid >= 0);
    if (pid == 0) {
        dup2(out_fd, 1);
        dup2(fileno(err), 2);
        spawn_exec(argv);
    }
    int status;
    REQUIRE(waitpid(pid, &status, 0) == pid);
    res.signaled = WIFSIGNALED(status);
    res.status = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    rewind(err);
    size_t n = fread(res.err, 1, sizeof res.err - 1, err);
    res.err[n] = '\0';
    fclose(err);
}

/* stdout whose reader has gone (| head, a pager quit): the results are
 * saved first and the status is the run's; stdout that cannot be written
 * (a full disk) is status 1 with one line. */
static void test_stdout(void) {
    char out[300], results[320];
    snprintf(out, sizeof out, "%s/stdout", tmp);
    snprintf(results, sizeof results, "%s/results.json", out);
    const char *run[] = {hetlane, "run", "sum", "-n", "1000", "-b", "serial,pthread:2",
                         "-r",    "1",   "-q",  "-o", out,    NULL};
    int pipefd[2];
    REQUIRE(pipe(pipefd) == 0);
    close(pipefd[0]); /* the reader has gone before the first byte */
    run_with_stdout(run, pipefd[1]);
    close(pipefd[1]);
    CHECKF(!res.signaled && res.status == 0, "reader gone: status %d%s: %s", res.status,
           res.signaled ? " (killed by SIGPIPE)" : "", res.err);
    CHECKF(res.err[0] == '\0', "reader gone: stderr '%s'", res.err);
    CHECKF(exists(results), "reader gone: %s not written", results);
    out_remove(out);

    int full = open("/dev/full", O_WRONLY | O_CLOEXEC);
    if (full < 0) {
        printf("stdout: /dev/full is missing, full-disk case skipped\n");
        return;
    }
    run_with_stdout(run, full);
    CHECKF(res.status == 1, "run > /dev/full: status %d", res.status);
    check_one_line("run > /dev/full", "cannot write to standard output: No space left on device");
    CHECKF(exists(results), "run > /dev/full: results not saved");
    const char *devices[] = {hetlane, "devices", "--json", NULL};
    run_with_stdout(devices, full);
    CHECKF(res.status == 1, "devices --json > /dev/full: status %d", res.status);
    check_one_line("devices --json > /dev/full", "cannot write to standard output");
    const char *help[] = {hetlane, "--help", NULL};
    run_with_stdout(help, full);
    CHECKF(res.status == 1, "--help > /dev/full: status %d", res.status);
    close(full);
    out_remove(out);
    printf("stdout: a reader that went costs nothing; a full one is status 1, one line\n");
}

/* "--" ends the options: a results file named "-x.json" can be plotted. */
static void test_double_dash(void) {
    char out[300];
    snprintf(out, sizeof out, "%s/dash", tmp);
    const char *run[] = {hetlane, "run", "-n", "1000", "-b", "serial", "-r",
                         "1",     "-q",  "-o", out,    "--", "sum",    NULL};
    REQUIRE(spawn_capture(run, NULL, &res) == 0);
    CHECKF(res.status == 0, "run -- sum: %d %s", res.status, res.err);
    char from[320], cmd[700];
    snprintf(from, sizeof from, "%s/results.json", out);
    snprintf(cmd, sizeof cmd, "cp '%s' '%s/-x.json'", from, tmp);
    REQUIRE(system(cmd) == 0);
    REQUIRE(chdir(tmp) == 0);
    const char *plot[] = {hetlane, "plot", "-q", "-o", "dash-plot", "--", "-x.json", NULL};
    REQUIRE(spawn_capture(plot, NULL, &res) == 0);
    CHECKF(res.status == 0, "plot -- -x.json: %d %s", res.status, res.err);
    const char *no_dash[] = {hetlane, "plot", "-q", "-o", "dash-plot", "-x.json", NULL};
    REQUIRE(spawn_capture(no_dash, NULL, &res) == 0);
    CHECKF(res.status == 2, "plot -x.json: %d", res.status);
    check_one_line("plot -x.json", "unknown option '-x.json'");
    const char *demo[] = {hetlane, "demo", "--", "extra", NULL};
    REQUIRE(spawn_capture(demo, NULL, &res) == 0);
    CHECKF(res.status == 2, "demo -- extra: %d", res.status);
    check_one_line("demo -- extra", "demo: unexpected argument 'extra'");
    REQUIRE(chdir("/") == 0);
    out_remove(out);
    snprintf(cmd, sizeof cmd, "%s/dash-plot", tmp);
    out_remove(cmd);
    snprintf(cmd, sizeof cmd, "%s/-x.json", tmp);
    unlink(cmd);
    printf("--: ends the options of run, plot and demo\n");
}

/* Nothing that can run the workload: refused (2) before any work and
 * any directory. Every configuration failing to start (an OpenCL build
 * that breaks): status 1, one line, nothing written, no directory left. */
static void test_nothing_ran(void) {
    char out[300], parent[300];
    snprintf(parent, sizeof parent, "%s/nothing", tmp);
    snprintf(out, sizeof out, "%s/nothing/out", tmp);
    const char *multi[] = {hetlane, "run", "sum", "-b", "curl-multi:2", "-o", out, NULL};
    REQUIRE(spawn_capture(multi, NULL, &res) == 0);
    CHECKF(res.status == 2, "sum on curl-multi: %d", res.status);
    check_one_line("sum on curl-multi", "nothing would run: curl-multi:2 cannot run sum");
    CHECKF(!exists(parent), "sum on curl-multi: made %s", parent);
#if HETLANE_WITH_OPENCL
    const char *cl[] = {hetlane, "run", "fetch", "-b", "opencl", "-t", "2", "-o", out, NULL};
    REQUIRE(spawn_capture(cl, NULL, &res) == 0);
    CHECKF(res.status == 2, "fetch on opencl: %d %s", res.status, res.err);
    CHECKF(!exists(parent), "fetch on opencl: made %s", parent);
    const char *broken[] = {faulty, "run", "sum", "-n", "1000", "-b", "opencl:0:0",
                            "-r",   "1",   "-q",  "-o", out,    NULL};
    /* The device's ceilings first, into the tests' cache (as
     * test_opencl_cli does): else, once the cache is an hour old, the
     * ceilings probe's build is the first and takes the fault. */
    char warm[300];
    snprintf(warm, sizeof warm, "%s/warm", tmp);
    const char *first[] = {hetlane, "run", "sum", "-n", "1000", "-b", "opencl:0:0",
                           "-r",    "1",   "-q",  "-o", warm,   NULL};
    REQUIRE(spawn_capture(first, NULL, &res) == 0);
    out_remove(warm);
    const char *env[] = {"HETLANE_FAULT=clbuild", NULL};
    REQUIRE(spawn_capture(broken, env, &res) == 0);
    if (res.status == 2) { /* no device 0:0 here */
        part_missing("test_hostile", "no OpenCL device: the 'nothing ran' run-time case");
    } else {
        /* PoCL's compiler says "1 error generated." of the broken kernel. */
        const char *line = strstr(res.err, "hetlane: ");
        CHECKF(res.status == 1 && line != NULL && strstr(line, "nothing ran") != NULL &&
                   strstr(line + 1, "hetlane: ") == NULL,
               "every build broken: %d '%s'", res.status, res.err);
        CHECKF(!exists(parent), "every build broken: left %s", parent);
    }
#endif
    printf("nothing ran: refused up front, or status 1 with nothing written\n");
}

/* A usage error found while making the directory (a name too long for
 * the file system) takes away the parents it made. */
static void test_created_dirs(void) {
    char out[600], parent[300];
    snprintf(parent, sizeof parent, "%s/made", tmp);
    int n = snprintf(out, sizeof out, "%s/made/inner/", tmp);
    memset(out + n, 'n', 300); /* NAME_MAX is 255 */
    snprintf(out + n + 300, sizeof out - (size_t)n - 300, "/last");
    const char *argv[] = {hetlane, "run", "sum", "-n", "1000", "-b", "serial", "-o", out, NULL};
    REQUIRE(spawn_capture(argv, NULL, &res) == 0);
    CHECKF(res.status == 2, "name too long: %d", res.status);
    check_one_line("name too long", "File name too long");
    CHECKF(!exists(parent), "name too long: left %s behind", parent);
    printf("usage errors: no directory they made is left\n");
}

/* An -o as long as open(2) takes (4095 bytes) is written whole; one byte
 * more is refused before anything is made. */
static void test_long_out(void) {
    char out[4200];
    size_t len = (size_t)snprintf(out, sizeof out, "%s/long", tmp);
    while (len < 4095) { /* components of at most 200 bytes */
        size_t part = 4095 - len - 1 < 200 ? 4095 - len - 1 : 200;
        out[len++] = '/';
        memset(out + len, 'd', part);
        len += part;
    }
    out[4095] = '\0';
    const char *argv[] = {hetlane, "run", "sum", "-n", "1000", "-b", "serial,pthread:2",
                          "-r",    "1",   "-q",  "-o", out,    NULL};
    REQUIRE(spawn_capture(argv, NULL, &res) == 0);
    CHECKF(res.status == 0, "-o of %zu bytes: %d '%s'", strlen(out), res.status, res.err);
    /* Files checked from inside: their full paths are past PATH_MAX. */
    char *last = strrchr(out, '/');
    *last = '\0';
    REQUIRE(chdir(out) == 0);
    size_t files = 0;
    char why[512];
    CHECKF(out_check(last + 1, &files, why, sizeof why) == 0 && files >= 7,
           "-o of 4095 bytes: %zu files: %s", files, why);
    REQUIRE(chdir("/") == 0);
    *last = '/';
    out[4095] = 'x'; /* 4096 bytes */
    out[4096] = '\0';
    REQUIRE(spawn_capture(argv, NULL, &res) == 0);
    CHECKF(res.status == 2, "-o of 4096 bytes: %d", res.status);
    check_one_line("-o of 4096 bytes", "--out: directory name too long (4096 bytes, at most 4095)");
    char cmd[300];
    snprintf(cmd, sizeof cmd, "%s/long", tmp);
    out_remove_tree(cmd);
    printf("long -o: 4095 bytes written whole, 4096 refused up front\n");
}

/* Two hetlanes on one directory: the second is refused while the first
 * holds it, and the first's set is whole and only its own. */
static void test_two_writers(void) {
    char out[300], results[320];
    snprintf(out, sizeof out, "%s/two", tmp);
    snprintf(results, sizeof results, "%s/results.json", out);
    const char *tasks = spawn_wrapped() ? "20" : "300"; /* seconds either way */
    const char *first[] = {hetlane, "run",      "sum", "-t", tasks, "-b", "serial", "-r",
                           "1",     "--warmup", "0",   "-q", "-o",  out,  NULL};
    struct spawn_proc p;
    REQUIRE(spawn_start(first, NULL, 0, &p) == 0);
    int held = 0;
    for (int waited = 0; waited < 60000 && !held; waited += 20) {
        int fd = open(out, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        if (fd >= 0) {
            held = flock(fd, LOCK_EX | LOCK_NB) != 0;
            close(fd);
        }
        if (!held)
            usleep(20000);
    }
    REQUIRE(held);
    const char *second[] = {hetlane, "run", "sum", "-n", "1000", "-b", "pthread:2",
                            "-r",    "1",   "-q",  "-o", out,    NULL};
    struct spawn_result second_res;
    REQUIRE(spawn_capture(second, NULL, &second_res) == 0);
    CHECKF(second_res.status == 2 && strstr(second_res.err, "another hetlane is writing to"),
           "second writer: %d '%s'", second_res.status, second_res.err);
    REQUIRE(spawn_wait(&p, 300000, &res) == 0);
    CHECKF(res.status == 0, "first writer: %d %s", res.status, res.err);
    struct hl_results r;
    out_read_results(out, &r);
    CHECK(r.nexperiments == 1 && r.experiments[0].nconfigs == 1 &&
          strcmp(r.experiments[0].configs[0].label, "serial") == 0);
    hl_results_free(&r);
    char pthread_chart[400];
    snprintf(pthread_chart, sizeof pthread_chart, "%s/sum-timeline-pthread-2.png", out);
    CHECKF(!exists(pthread_chart), "the second writer's chart is in the first's set");
    out_remove(out);
    printf("two writers: the second refused, the first's set whole and its own\n");
}

int main(int argc, char **argv) {
    REQUIRE(argc == 3);
    hetlane = argv[1];
    faulty = argv[2];
    REQUIRE(mkdtemp(tmp) != NULL);
    test_fault_hooks();
    test_stdout();
    test_double_dash();
    test_nothing_ran();
    test_created_dirs();
    test_long_out();
    test_two_writers();
    if (check_failures == 0)
        out_remove_tree(tmp);
    return check_finish("test_hostile");
}
