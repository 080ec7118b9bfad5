/* hetlane serve: the fetch workload's server on its own, until a signal.
 * Without fetch in this build, hl_serve refuses with the reason. */
#include <stdio.h>

#include "commands/commands.h"
#include "workloads/fetch/serve.h"

int hl_cmd_serve(const struct hl_config *cfg) {
    struct hl_error err = {0};
    struct hl_http_server_config server = {
        .port = cfg->serve_port,
        .latency_ms = cfg->params.io.latency_ms,
        .body_size = cfg->params.io.body_size,
        .bind = cfg->params.io.bind,
    };
    return hl_serve(&server, stdout, stderr, &err) != 0 ? hl_cmd_fail(&err) : 0;
}
