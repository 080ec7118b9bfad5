#include "model/backend_traits.h"

#include <stddef.h>
#include <string.h>

static const struct hl_backend_traits known[] = {
    {.name = "serial", .family = HL_FAMILY_SERIAL, .baseline = true, .worker = "thread"},
    {.name = "pthread", .family = HL_FAMILY_THREADS, .parallel_cpu = true, .worker = "thread"},
    {.name = "fork", .family = HL_FAMILY_PROCESSES, .parallel_cpu = true, .worker = "process"},
    {.name = "opencl",
     .family = HL_FAMILY_DEVICE,
     .device = true,
     .worker = "queue",
     .built_with = "OpenCL",
     .build_option = "HETLANE_WITH_OPENCL"},
    {.name = "curl-multi",
     .family = HL_FAMILY_ASYNC_IO,
     .worker = "transfer",
     .built_with = "libcurl and libmicrohttpd",
     .build_option = "HETLANE_WITH_FETCH"},
    {.name = "join", .family = HL_FAMILY_JOIN, .worker = "lane"},
    {.name = "mpi",
     .family = HL_FAMILY_RANKS,
     .worker = "worker",
     .built_with = "Open MPI",
     .build_option = "HETLANE_WITH_MPI"},
};

static const struct hl_backend_traits unknown = {
    .name = "", .family = HL_FAMILY_OTHER, .worker = "worker"};

const struct hl_backend_traits *hl_backend_traits_of(const char *name) {
    for (size_t i = 0; name != NULL && i < sizeof known / sizeof known[0]; i++) {
        if (strcmp(known[i].name, name) == 0)
            return &known[i];
    }
    return &unknown;
}

bool hl_config_is_baseline(const struct hl_config_result *c) {
    return hl_backend_traits_of(c->backend)->baseline;
}

bool hl_config_on_device(const struct hl_config_result *c) {
    return hl_backend_traits_of(c->backend)->device;
}

enum hl_backend_family hl_config_family(const struct hl_config_result *c) {
    return hl_backend_traits_of(c->backend)->family;
}
