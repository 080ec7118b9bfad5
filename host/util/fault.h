/* Test-only fault hooks, compiled in when HETLANE_FAULT_INJECTION is on
 * (the default; packagers may turn it off). They are driven by
 * environment variables so that the CLI tests can exercise paths that a
 * healthy machine never takes:
 *
 *   HETLANE_FAULT=SITE[:K]        the K-th call (default 1st) at SITE fails;
 *                                 SITE is one of: alloc, fork, thread, write,
 *                                 clbuild (an OpenCL build compiles a broken
 *                                 kernel too, so it fails with a real log)
 *   HETLANE_FAULT_CRASH_TASK=T    a fork() child that runs task T aborts
 */
#ifndef HL_UTIL_FAULT_H
#define HL_UTIL_FAULT_H

#include <stdbool.h>

/* True when the injected fault for `site` is due now. Thread-safe. */
bool hl_fault_should_fail(const char *site);

/* The task index a fork child must crash on, or -1. */
long hl_fault_crash_task(void);

#endif
