/* fork:W: W child processes made with fork() for the run. They pull task
 * indices from a counter in MAP_SHARED memory and write outputs and task
 * records straight into shared memory. The parent reaps every child inside
 * the timed region; a child that dies fails the run with its fate in the
 * message, and the tasks it left unfinished stay marked "not run".
 *
 * Children only run workload code on shared buffers and leave with
 * _exit(), so no stdio buffer, atexit handler, OpenCL or libcurl state of
 * the parent is touched in a child. */
#include <errno.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include "backends/backend.h"
#include "util/alloc.h"
#include "util/fault.h"
#include "util/interrupt.h"
#include "util/shared_mem.h"

struct fork_shared {
    atomic_llong next_task;
};

static int fork_open(const struct hl_backend_config *cfg, struct hl_work *work, void **state,
                     struct hl_error *err) {
    (void)cfg;
    (void)work;
    struct fork_shared *sh = hl_shared_alloc(sizeof *sh, "fork task counter", err);
    if (sh == NULL)
        return -1;
    *state = sh;
    return 0;
}

static void fork_close(void *state) {
    hl_shared_free(state, sizeof(struct fork_shared));
}

static void crash_for_test(void) {
    /* A deliberate crash must not leave a core file behind. */
    struct rlimit no_core = {0, 0};
    setrlimit(RLIMIT_CORE, &no_core);
    abort();
}

static _Noreturn void child_main(struct fork_shared *sh, struct hl_work *work,
                                 struct hl_task_record *recs, int index) {
    long crash_task = hl_fault_crash_task();
    while (!hl_interrupted()) {
        int64_t t = atomic_fetch_add_explicit(&sh->next_task, 1, memory_order_relaxed);
        if (t >= work->ntasks)
            break;
        if (t == crash_task) {
            hl_task_begin(&recs[t], index);
            crash_for_test();
        }
        hl_backend_run_cpu_task(work, t, index, &recs[t]);
    }
    _exit(0);
}

static pid_t wait_child(pid_t pid, int *status) {
    pid_t r;
    do {
        r = waitpid(pid, status, 0);
    } while (r < 0 && errno == EINTR);
    return r;
}

/* Describes how child `index` ended, naming the task it was running. */
static void report_fate(int index, pid_t pid, int status, const struct hl_work *work,
                        const struct hl_task_record *recs, struct hl_error *err) {
    char task_note[64] = "";
    for (int64_t t = 0; t < work->ntasks; t++) {
        if (recs[t].worker == index && !recs[t].done) {
            snprintf(task_note, sizeof task_note, " while running task %lld", (long long)t);
            break;
        }
    }
    if (WIFSIGNALED(status))
        hl_error_set(err, HL_ERR_RUNTIME, "fork: worker %d (pid %d) killed by signal %d (%s)%s",
                     index, (int)pid, WTERMSIG(status), strsignal(WTERMSIG(status)), task_note);
    else
        hl_error_set(err, HL_ERR_RUNTIME, "fork: worker %d (pid %d) exited with status %d%s", index,
                     (int)pid, WEXITSTATUS(status), task_note);
}

static int fork_run(void *state, const struct hl_backend_config *cfg, struct hl_work *work,
                    struct hl_task_record *recs, struct hl_error *err) {
    struct fork_shared *sh = state;
    atomic_store(&sh->next_task, 0);
    pid_t *pids = hl_calloc((size_t)cfg->workers, sizeof *pids);
    if (pids == NULL)
        return hl_error_set(err, HL_ERR_RUNTIME, "fork: cannot allocate %d workers", cfg->workers);
    int started = 0, rc = 0;
    pid_t parent = getpid();
    for (; started < cfg->workers && !hl_interrupted(); started++) {
        pid_t pid = hl_fault_should_fail("fork") ? (errno = EAGAIN, -1) : fork();
        if (pid < 0) {
            rc = hl_error_errno(err, HL_ERR_RUNTIME, errno, "fork: cannot create worker %d of %d",
                                started + 1, cfg->workers);
            break;
        }
        if (pid == 0) {
            if (hl_interrupt_child_defaults(parent) != 0)
                _exit(1); /* orphaned already: nobody waits for our tasks */
            free(pids);   /* the parent's bookkeeping */
            child_main(sh, work, recs, started);
        }
        hl_interrupt_watch_child(pid);
        pids[started] = pid;
    }
    /* Children already running drain the queue; reap every one of them
     * whatever happened, so no zombie outlives the run. */
    for (int i = 0; i < started; i++) {
        int status = 0;
        pid_t reaped = wait_child(pids[i], &status);
        int wait_errno = errno;
        hl_interrupt_unwatch_child(pids[i]); /* reaped or gone: its pid may be reused */
        if (reaped < 0) {
            rc = hl_error_errno(err, HL_ERR_RUNTIME, wait_errno, "fork: waitpid for worker %d", i);
            continue;
        }
        if (hl_interrupted()) {
            rc = hl_error_set(err, HL_ERR_RUNTIME, "fork: interrupted");
            continue;
        }
        if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
            report_fate(i, pids[i], status, work, recs, err);
            rc = -1;
        }
    }
    free(pids);
    return rc;
}

const struct hl_backend hl_backend_fork = {
    .name = "fork",
    .summary = "W child processes made with fork() for the run; shared-memory outputs",
    .kinds = HL_KIND_COMPUTE | HL_KIND_IO,
    .takes_workers = true,
    .default_workers = 0,
    .open = fork_open,
    .run = fork_run,
    .close = fork_close,
};
