/* `hetlane serve`: the built-in HTTP server on its own, until a signal. */
#ifndef HL_SERVE_H
#define HL_SERVE_H

#include <stdio.h>

#include "workloads/fetch/http_server.h"

/* Starts the server with `cfg`, writes its URL as the first line of `out`
 * (flushed, so a script can read it), then waits for SIGINT or SIGTERM,
 * stops the server and reports on `note` how many requests it answered.
 * Returns 0 after a signal; -1 with err filled (runtime) when the server
 * cannot start. Blocks SIGINT and SIGTERM in the calling thread, and so in
 * the server's threads, while it runs. */
int hl_serve(const struct hl_http_server_config *cfg, FILE *out, FILE *note, struct hl_error *err);

#endif
