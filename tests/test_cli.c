/* The CLI as users meet it: every backend on small sizes with its
 * results.json checked, help and version, a crashing fork child. */
#include <dirent.h>
#include <math.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "check.h"
#include "out_check.h"
#include "output/results_io.h"
#include "spawn.h"

static const char *hetlane;
static char tmp[64];

static struct spawn_result res;

static int run_hetlane(const char *const *argv, const char *const *env) {
    REQUIRE(spawn_capture(argv, env, &res) == 0);
    return res.status;
}

/* No temporary file is left beside the results. */
static void check_no_temporaries(const char *dir) {
    DIR *d = opendir(dir);
    REQUIRE(d != NULL);
    struct dirent *e;
    while ((e = readdir(d)) != NULL)
        CHECKF(e->d_name[0] != '.' || strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0,
               "left behind: %s/%s", dir, e->d_name);
    closedir(d);
}

/* Checks one configuration's runs as a user reading results.json would. */
static void check_config(const struct hl_config_result *c, const char *label, int workers,
                         int64_t tasks, size_t runs) {
    CHECKF(strcmp(c->label, label) == 0, "%s != %s", c->label, label);
    CHECK(c->workers == workers && c->tasks == tasks);
    CHECKF(c->verified, "%s not verified", label);
    REQUIRE(c->nruns == runs);
    for (size_t r = 0; r < runs; r++) {
        const struct hl_run_result *run = &c->runs[r];
        CHECK(run->verified && run->error == NULL);
        CHECK(run->wall_s > 0 && run->cpu_s >= 0);
        REQUIRE(run->ntasks == (size_t)tasks);
        for (size_t t = 0; t < run->ntasks; t++) {
            const struct hl_task_record *rec = &run->tasks[t];
            CHECK(rec->task == (int32_t)t && rec->ok);
            CHECKF(rec->worker >= 0 && rec->worker < workers, "%s worker %d", label, rec->worker);
            CHECK(rec->t0_ns >= 0 && rec->t0_ns <= rec->t1_ns);
            CHECK((double)rec->t1_ns * 1e-9 <= run->wall_s + 1e-9);
        }
    }
}

static int count_file_lines(const char *dir, const char *name) {
    char path[256];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "r");
    if (f == NULL)
        return -1;
    int n = 0, c;
    while ((c = fgetc(f)) != EOF)
        n += c == '\n';
    fclose(f);
    return n;
}

static void test_every_backend(void) {
    char out[128];
    snprintf(out, sizeof out, "%s/square", tmp);
    const char *argv[] = {hetlane, "run",    "square", "-n", "1001",     "-b", "serial,pthread:3",
                          "-b",    "fork:2", "-r",     "2",  "--warmup", "1",  "-o",
                          out,     NULL};
    CHECKF(run_hetlane(argv, NULL) == 0, "%s", res.err);
    CHECK(strstr(res.out, "pthread:3") != NULL && strstr(res.out, "yes") != NULL);
    struct hl_results r;
    out_read_results(out, &r);
    REQUIRE(r.nexperiments == 1 && r.experiments[0].nconfigs == 3);
    CHECK(strcmp(r.experiments[0].workload, "square") == 0);
    check_config(&r.experiments[0].configs[0], "serial", 1, 4, 2);
    check_config(&r.experiments[0].configs[1], "pthread:3", 3, 12, 2);
    check_config(&r.experiments[0].configs[2], "fork:2", 2, 8, 2);
    CHECK(r.experiments[0].configs[0].speedup == 1.0);
    /* Each speedup is serial's median over its own (medians are written
     * to the nanosecond, so the ratio of the written ones is close). */
    const double base = r.experiments[0].configs[0].wall_s.median;
    for (size_t c = 1; c < 3; c++) {
        const struct hl_config_result *cf = &r.experiments[0].configs[c];
        double want = base / cf->wall_s.median;
        CHECKF(fabs(cf->speedup - want) <= want * 1e-3, "%s: speedup %g, serial/median %g",
               cf->label, cf->speedup, want);
    }
    hl_results_free(&r);
    CHECK(count_file_lines(out, "results.csv") == 1 + (4 + 12 + 8) * 2);
    check_no_temporaries(out);

    snprintf(out, sizeof out, "%s/sum", tmp);
    const char *sum[] = {
        hetlane, "run", "sum", "-n", "100003",  "-t", "5", "-b", "serial,pthread:2,fork:4",
        "-r",    "1",   "-o",  out,  "--quiet", NULL};
    CHECKF(run_hetlane(sum, NULL) == 0, "%s", res.err);
    CHECK(res.err[0] == '\0'); /* --quiet */
    out_read_results(out, &r);
    check_config(&r.experiments[0].configs[0], "serial", 1, 5, 1);
    check_config(&r.experiments[0].configs[1], "pthread:2", 2, 5, 1);
    check_config(&r.experiments[0].configs[2], "fork:4", 4, 5, 1);
    hl_results_free(&r);

    /* No -b: serial and every CPU backend at the core count, then every
     * OpenCL device there is; none (the loader pointed at an empty
     * folder) is not an error. */
    const char *dflt[] = {hetlane, "run", "sum", "-n", "1000", "-r", "1", "-o", out, NULL};
    const char *no_devices[] = {"OCL_ICD_VENDORS=/nonexistent", NULL};
    for (int with_devices = 0; with_devices <= 1; with_devices++) {
        CHECKF(run_hetlane(dflt, with_devices ? NULL : no_devices) == 0, "%s", res.err);
        out_read_results(out, &r);
        const struct hl_experiment_result *e = &r.experiments[0];
        REQUIRE(e->nconfigs >= 3);
        CHECK(with_devices || e->nconfigs == 3);
        CHECK(strcmp(e->configs[0].backend, "serial") == 0);
        CHECK(strcmp(e->configs[1].backend, "pthread") == 0);
        CHECK(e->configs[1].workers == r.cores);
        CHECK(strcmp(e->configs[2].backend, "fork") == 0);
        for (size_t c = 3; c < e->nconfigs; c++)
            CHECK(strcmp(e->configs[c].backend, "opencl") == 0 && e->configs[c].verified);
        hl_results_free(&r);
    }
}

static void test_help(void) {
    const char *help[] = {hetlane, "--help", NULL};
    CHECK(run_hetlane(help, NULL) == 0 && strstr(res.out, "hetlane run WORKLOAD") != NULL);
    const char *version[] = {hetlane, "--version", NULL};
    CHECK(run_hetlane(version, NULL) == 0 && strncmp(res.out, "hetlane 0.", 10) == 0);
    const char *run_help[] = {hetlane, "run", "--help", NULL};
    CHECK(run_hetlane(run_help, NULL) == 0 && strstr(res.out, "--tasks") != NULL &&
          strstr(res.out, "square") != NULL && strstr(res.out, "fork") != NULL);
    const char *devices[] = {hetlane, "devices", NULL};
    CHECK(run_hetlane(devices, NULL) == 0 && strstr(res.out, "pthread") != NULL);
}

/* A fork child that aborts fails the run cleanly: exit 1, the child's fate
 * named, every output still written, the other configs unaffected. */
static void test_fork_crash(void) {
    char out[128];
    snprintf(out, sizeof out, "%s/crash", tmp);
    const char *argv[] = {
        hetlane, "run", "sum",      "-n", "100000", "-t", "6", "-b", "fork:2,pthread:2",
        "-r",    "1",   "--warmup", "0",  "-o",     out,  NULL};
    const char *env[] = {"HETLANE_FAULT_CRASH_TASK=3", NULL};
    CHECK(run_hetlane(argv, env) == 1);
    CHECKF(strstr(res.out, "killed by signal 6") != NULL, "%s", res.out);
    CHECK(strstr(res.out, "while running task 3") != NULL);
    struct hl_results r;
    out_read_results(out, &r);
    const struct hl_config_result *fork_cfg = &r.experiments[0].configs[0];
    CHECK(!fork_cfg->verified && fork_cfg->nruns == 1);
    CHECK(fork_cfg->runs[0].error != NULL && strstr(fork_cfg->runs[0].error, "signal 6") != NULL);
    CHECK(!fork_cfg->runs[0].tasks[3].ok);
    CHECK(r.experiments[0].configs[1].verified); /* pthread is not hooked */
    hl_results_free(&r);
}

int main(int argc, char **argv) {
    REQUIRE(argc == 2);
    hetlane = argv[1];
    snprintf(tmp, sizeof tmp, "/tmp/hetlane-cli.XXXXXX");
    REQUIRE(mkdtemp(tmp) != NULL);
    test_help();
    test_every_backend();
    test_fork_crash();
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmp);
    if (check_failures == 0 && system(cmd) != 0)
        fprintf(stderr, "could not remove %s\n", tmp);
    return check_finish("test_cli");
}
