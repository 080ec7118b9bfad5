/* Test-only fault hooks. Two files define these functions and a binary
 * links one of them: util/fault.c, which honours the variables below, goes
 * into the test binaries only (tests/hetlane-faults and the unit tests);
 * util/fault_off.c, where every hook is a no-op that reads no variable,
 * goes into the hetlane that is installed and packaged. So no build of
 * the shipped binary can be made to fail, crash or print by its
 * environment. The variables let the CLI tests exercise paths that a
 * healthy machine never takes:
 *
 *   HETLANE_FAULT=SITE[:K]        the K-th call (default 1st) at SITE fails;
 *                                 SITE is one of: alloc, fork, thread, write,
 *                                 clbuild (an OpenCL build compiles a broken
 *                                 kernel too, so it fails with a real log),
 *                                 cljoin (an OpenCL participant of a join
 *                                 cannot enqueue its K-th chunk);
 *                                 crash (the K-th output file written kills
 *                                 hetlane with SIGKILL before its rename) and
 *                                 commit-crash (so does the K-th step of
 *                                 making a written set the directory's:
 *                                 output/out_set.h); body (the built-in
 *                                 HTTP server's body has one wrong byte,
 *                                 at body-size / 2)
 *   HETLANE_FAULT_CRASH_TASK=T    a fork() child that runs task T aborts
 *                                 (T: decimal digits only; anything else,
 *                                 empty included, is ignored)
 *   HETLANE_FAULT_TALLY=1         at exit, say how often SITE was reached,
 *                                 so a test can fail each call in turn
 *                                 (K = 1 .. N, as curl's torture tests do)
 */
#ifndef HL_UTIL_FAULT_H
#define HL_UTIL_FAULT_H

#include <stdbool.h>
#include <stdio.h>

/* True when the injected fault for `site` is due now. Thread-safe. */
bool hl_fault_should_fail(const char *site);

/* The task index a fork child must crash on, or -1. */
long hl_fault_crash_task(void);

/* With HETLANE_FAULT and HETLANE_FAULT_TALLY set, prints one line
 * "hetlane: fault tally: SITE N" (N calls reached SITE) to `out`. */
void hl_fault_print_tally(FILE *out);

#endif
