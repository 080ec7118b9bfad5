/* The fetch workload's options and their defaults. Plain data: this and
 * fetch_params.c need neither libcurl nor libmicrohttpd, so a build
 * without them still parses (and refuses) fetch's options. */
#ifndef HL_WORKLOADS_FETCH_PARAMS_H
#define HL_WORKLOADS_FETCH_PARAMS_H

#include <stddef.h>

#include "workloads/fetch/http_server.h"
#include "workloads/workload.h"

#define HL_FETCH_DEFAULT_TIMEOUT_MS 10000

/* Sets p->io to fetch's defaults: the built-in server, 500 ms latency,
 * 64 KiB bodies, 10 s timeout. Leaves n and tasks alone. Cannot fail. */
void hl_fetch_params_default(struct hl_params *p);

/* The URL as hetlane writes and prints it (results.json, the summary,
 * charts, messages), into buf (size > 0; cut when it does not fit):
 * user info ("alice:secret@") becomes "***@", since a password or token
 * in a URL must not be copied into files that are shared; and bytes that
 * a URL may not hold raw (controls, space, 0x7f, anything above 0x7f, so
 * text that is not UTF-8 too) are percent-encoded, as a browser sends
 * them. Returns buf. */
const char *hl_fetch_url_shown(const char *url, char *buf, size_t size);

/* The URL with its user info as "***@" and nothing else changed: for a
 * message about the URL as the user typed it. Returns buf. */
const char *hl_fetch_url_redacted(const char *url, char *buf, size_t size);

#endif
