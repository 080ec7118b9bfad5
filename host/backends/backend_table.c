#include <string.h>

#include "backends/backend.h"

extern const struct hl_backend hl_backend_serial;
extern const struct hl_backend hl_backend_pthread;
extern const struct hl_backend hl_backend_fork;
#if HETLANE_WITH_OPENCL
extern const struct hl_backend hl_backend_opencl;
#endif
#if HETLANE_WITH_FETCH
extern const struct hl_backend hl_backend_curl_multi;
#endif
#if HETLANE_WITH_MPI
extern const struct hl_backend hl_backend_mpi;
#endif

static const struct hl_backend *const backends[] = {
    &hl_backend_serial,     &hl_backend_pthread, &hl_backend_fork,
#if HETLANE_WITH_OPENCL
    &hl_backend_opencl,
#endif
#if HETLANE_WITH_FETCH
    &hl_backend_curl_multi,
#endif
#if HETLANE_WITH_MPI
    &hl_backend_mpi,
#endif
};

const struct hl_backend *hl_backend_find(const char *name) {
    for (size_t i = 0; i < sizeof backends / sizeof backends[0]; i++) {
        if (strcmp(backends[i]->name, name) == 0)
            return backends[i];
    }
    return NULL;
}

const struct hl_backend *const *hl_backend_all(size_t *count) {
    *count = sizeof backends / sizeof backends[0];
    return backends;
}
