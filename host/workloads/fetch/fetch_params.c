#include "workloads/fetch/fetch_params.h"

#include <stddef.h>

void hl_fetch_params_default(struct hl_params *p) {
    p->io.url = NULL;
    p->io.latency_ms = HL_HTTP_DEFAULT_LATENCY_MS;
    p->io.body_size = HL_HTTP_DEFAULT_BODY_SIZE;
    p->io.timeout_ms = HL_FETCH_DEFAULT_TIMEOUT_MS;
}
