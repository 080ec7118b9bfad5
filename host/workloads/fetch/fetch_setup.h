/* Process-wide setup of the fetch workload, callable in every build: with
 * HETLANE_WITH_FETCH=OFF these are stubs (fetch_off.c), so commands call
 * them without a build flag. */
#ifndef HL_WORKLOADS_FETCH_SETUP_H
#define HL_WORKLOADS_FETCH_SETUP_H

#include "util/error.h"

/* curl_global_init, once, from a command before any thread; also ignores
 * SIGPIPE, which a peer that resets a TLS connection can raise. Fails
 * (runtime) when libcurl cannot initialise. Without fetch: does nothing. */
int hl_fetch_global_init(struct hl_error *err);
void hl_fetch_global_cleanup(void);

#endif
