/* Ctrl-C during `hetlane run`, `demo`, `plot` and `compare`. SIGINT,
 * SIGTERM and SIGHUP (the terminal closed) only set a flag (and kill the fork backend's children,
 * whose tasks cannot be asked to stop). Once it is set the backends start no new task, every thread
 * is joined and every child reaped, a file being written is removed instead of renamed into place,
 * and main exits with 128 + the signal (130 for SIGINT) after one line on stderr. */
#ifndef HL_UTIL_INTERRUPT_H
#define HL_UTIL_INTERRUPT_H

#include <signal.h>
#include <sys/types.h>

/* Installs the handlers for SIGINT, SIGTERM and SIGHUP. Returns -1
 * (errno set) when sigaction fails. */
int hl_interrupt_install(void);

/* 0, or the signal that asked the process to stop. Async-signal-safe. */
int hl_interrupted(void);

/* While watched, a child is sent SIGKILL by the handler. Watch it right
 * after fork() returns in the parent; a signal that came before is caught
 * up with here. Unwatch it once it is reaped, before its pid can be
 * reused. At most HL_INTERRUPT_MAX_CHILDREN at a time; more are not
 * killed by the handler but still see the flag (see the fork backend). */
#define HL_INTERRUPT_MAX_CHILDREN 256
void hl_interrupt_watch_child(pid_t pid);
void hl_interrupt_unwatch_child(pid_t pid);

/* Holds SIGINT, SIGTERM and SIGHUP back on the calling thread while
 * third-party code that does not retry a system call on EINTR runs (an
 * OpenCL program build: PoCL's compiler then fails with "1 error
 * generated." on stderr); hl_interrupt_resume restores the mask and a
 * signal that came meanwhile is handled then. Cannot fail. */
void hl_interrupt_defer(sigset_t *saved);
void hl_interrupt_resume(const sigset_t *saved);

/* "SIGINT", "SIGTERM", "SIGHUP" (or "a signal"), for messages. */
const char *hl_interrupt_signal_name(int sig);

/* In a fork() child of `parent` (getpid() before the fork): SIGINT,
 * SIGTERM and SIGHUP back to their default action, so the child ends at
 * once when the terminal's Ctrl-C reaches it too, and SIGKILL when the
 * parent dies (PR_SET_PDEATHSIG), so that no worker outlives a parent
 * killed outright. Returns -1 when the parent is already gone (or prctl
 * fails): the child must _exit at once. */
int hl_interrupt_child_defaults(pid_t parent);

#endif
