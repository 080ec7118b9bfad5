/* The fetch workload's options and their defaults. Plain data: this and
 * fetch_params.c need neither libcurl nor libmicrohttpd, so a build
 * without them still parses (and refuses) fetch's options. */
#ifndef HL_WORKLOADS_FETCH_PARAMS_H
#define HL_WORKLOADS_FETCH_PARAMS_H

#include "workloads/fetch/http_server.h"
#include "workloads/workload.h"

#define HL_FETCH_DEFAULT_TIMEOUT_MS 10000

/* Sets p->io to fetch's defaults: the built-in server, 500 ms latency,
 * 64 KiB bodies, 10 s timeout. Leaves n and tasks alone. Cannot fail. */
void hl_fetch_params_default(struct hl_params *p);

#endif
