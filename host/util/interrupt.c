#include "util/interrupt.h"

#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stddef.h>
#include <sys/prctl.h>
#include <unistd.h>

/* The handler may run on any thread: lock-free atomics are both visible
 * across threads and safe to touch from a signal handler (C11 7.14.1.1). */
_Static_assert(ATOMIC_INT_LOCK_FREE == 2, "atomic int must be lock-free in a signal handler");
_Static_assert(sizeof(pid_t) == sizeof(int), "pids are kept in atomic ints");

static atomic_int caught;
static atomic_int children[HL_INTERRUPT_MAX_CHILDREN];

static void on_signal(int sig) {
    int saved = errno;
    int expected = 0;
    atomic_compare_exchange_strong(&caught, &expected, sig); /* the first one counts */
    for (size_t i = 0; i < HL_INTERRUPT_MAX_CHILDREN; i++) {
        int pid = atomic_load(&children[i]);
        if (pid > 0)
            kill(pid, SIGKILL);
    }
    errno = saved;
}

int hl_interrupt_install(void) {
    struct sigaction sa = {0};
    sa.sa_handler = on_signal;
    sigemptyset(&sa.sa_mask);
    /* No SA_RESTART: a blocking wait (waitpid for a fork worker, libcurl's
     * poll) returns EINTR, so the code around it looks at the flag at
     * once; and a sanitizer runtime that defers handlers to the end of an
     * intercepted call (TSan) runs ours then instead of after the wait. */
    sa.sa_flags = 0;
    if (sigaction(SIGINT, &sa, NULL) != 0 || sigaction(SIGTERM, &sa, NULL) != 0 ||
        sigaction(SIGHUP, &sa, NULL) != 0)
        return -1;
    return 0;
}

int hl_interrupted(void) {
    return atomic_load(&caught);
}

void hl_interrupt_watch_child(pid_t pid) {
    for (size_t i = 0; i < HL_INTERRUPT_MAX_CHILDREN; i++) {
        int expected = 0;
        if (atomic_compare_exchange_strong(&children[i], &expected, (int)pid))
            break;
    }
    if (hl_interrupted())
        kill(pid, SIGKILL);
}

void hl_interrupt_unwatch_child(pid_t pid) {
    for (size_t i = 0; i < HL_INTERRUPT_MAX_CHILDREN; i++) {
        int expected = (int)pid;
        if (atomic_compare_exchange_strong(&children[i], &expected, 0))
            return;
    }
}

void hl_interrupt_defer(sigset_t *saved) {
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGINT);
    sigaddset(&set, SIGTERM);
    sigaddset(&set, SIGHUP);
    pthread_sigmask(SIG_BLOCK, &set, saved);
}

void hl_interrupt_resume(const sigset_t *saved) {
    pthread_sigmask(SIG_SETMASK, saved, NULL);
}

const char *hl_interrupt_signal_name(int sig) {
    switch (sig) {
    case SIGINT: return "SIGINT";
    case SIGTERM: return "SIGTERM";
    case SIGHUP: return "SIGHUP";
    default: return "a signal";
    }
}

int hl_interrupt_child_defaults(pid_t parent) {
    signal(SIGINT, SIG_DFL);
    signal(SIGTERM, SIG_DFL);
    signal(SIGHUP, SIG_DFL);
    for (size_t i = 0; i < HL_INTERRUPT_MAX_CHILDREN; i++)
        atomic_store(&children[i], 0); /* the parent's, not ours to kill */
    /* A parent killed outright (SIGKILL, a crash) runs no handler: the
     * kernel then kills us. If it died between fork() and the prctl, we
     * were already handed to another process: getppid() says so. */
    if (prctl(PR_SET_PDEATHSIG, SIGKILL) != 0 || getppid() != parent)
        return -1;
    return 0;
}
