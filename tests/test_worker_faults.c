/* Workers that cannot be made: fork() and pthread_create() failing
 * (HETLANE_FAULT=fork:K / thread:K fail the K-th call). The run is
 * reported failed with the reason, in the table and in results.json; the
 * workers already started finish the tasks; every output is whole; no
 * process is left behind (the run's process group is empty afterwards). */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "check.h"
#include "out_check.h"
#include "output/results_io.h"
#include "spawn.h"

static const char *hetlane;
static char tmp[] = "/tmp/hetlane-workers.XXXXXX";
static struct spawn_result res;

struct worker_case {
    const char *backend; /* -b */
    const char *fault;   /* HETLANE_FAULT=... */
    const char *warmup;  /* --warmup */
    const char *expect;  /* in the run's error (or the warm-up note) */
    size_t tasks_run;    /* tasks that still ran (ok) in the counted run */
};

static void check_case(const struct worker_case *c, int index) {
    char out[256];
    snprintf(out, sizeof out, "%s/case%d", tmp, index);
    const char *argv[] = {hetlane,   "run", "sum",      "-n", "100000", "-t",
                          "6",       "-b",  c->backend, "-r", "1",      "--warmup",
                          c->warmup, "-q",  "-o",       out,  NULL};
    const char *env[] = {c->fault, NULL};
    struct spawn_proc p;
    REQUIRE(spawn_start(argv, env, 1, &p) == 0);
    REQUIRE(spawn_wait(&p, 60000, &res) == 0);
    errno = 0;
    CHECKF(kill(-p.pid, 0) != 0 && errno == ESRCH, "%s: a process of the run is left", c->fault);
    CHECKF(res.status == 1, "%s: status %d: %s", c->fault, res.status, res.err);
    CHECKF(strcmp(res.err, "hetlane: some runs failed or did not verify (see above)\n") == 0,
           "%s: stderr '%s'", c->fault, res.err);
    CHECKF(strstr(res.out, c->expect) != NULL, "%s: stdout lacks '%s': %s", c->fault, c->expect,
           res.out);
    char why[512];
    size_t files;
    CHECKF(out_check(out, &files, why, sizeof why) == 0 && files > 3, "%s: %s (%zu files)",
           c->fault, why, files);

    char path[300];
    snprintf(path, sizeof path, "%s/results.json", out);
    struct hl_results r;
    struct hl_error err = {0};
    REQUIRE(hl_results_read_json(path, &r, &err) == 0);
    const struct hl_config_result *cf = &r.experiments[0].configs[0];
    CHECK(!cf->verified && cf->nruns == 1);
    const char *said = cf->note != NULL ? cf->note : cf->runs[0].error;
    CHECKF(said != NULL && strstr(said, c->expect) != NULL, "%s: results say '%s'", c->fault,
           said != NULL ? said : "(nothing)");
    size_t ok = 0;
    for (size_t t = 0; t < cf->runs[0].ntasks; t++)
        ok += cf->runs[0].tasks[t].ok;
    CHECKF(ok == c->tasks_run, "%s: %zu tasks ran, want %zu", c->fault, ok, c->tasks_run);
    hl_results_free(&r);
    out_remove(out);
}

int main(int argc, char **argv) {
    REQUIRE(argc == 2);
    hetlane = argv[1];
    REQUIRE(mkdtemp(tmp) != NULL);
    static const struct worker_case cases[] = {
        /* No worker at all: every task is left "not run". */
        {"fork:3", "HETLANE_FAULT=fork:1", "0",
         "fork: cannot create worker 1 of 3: Resource temporarily unavailable", 0},
        /* The workers already made drain the queue. */
        {"fork:3", "HETLANE_FAULT=fork:2", "0", "fork: cannot create worker 2 of 3", 6},
        {"pthread:3", "HETLANE_FAULT=thread:1", "0",
         "pthread: cannot create thread 1 of 3: Resource temporarily unavailable", 0},
        {"pthread:3", "HETLANE_FAULT=thread:3", "0", "pthread: cannot create thread 3 of 3", 6},
        /* In the warm-up: the counted run is fine, the configuration not. */
        {"fork:2", "HETLANE_FAULT=fork:1", "1",
         "warm-up run 1 failed: fork: cannot create worker 1 of 2", 6},
        {"pthread:2", "HETLANE_FAULT=thread:2", "1",
         "warm-up run 1 failed: pthread: cannot create thread 2 of 2", 6},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        check_case(&cases[i], (int)i);
    rmdir(tmp);
    return check_finish("test_worker_faults");
}
