#include "backends/opencl/cl_transfer.h"

#include <string.h>

static const char *const names[HL_CL_TRANSFER_COUNT] = {
    [HL_CL_PAGEABLE] = "pageable",
    [HL_CL_PINNED] = "pinned",
    [HL_CL_ZERO_COPY] = "zero-copy",
};

const char *hl_cl_transfer_name(enum hl_cl_transfer t) {
    return (int)t >= 0 && t < HL_CL_TRANSFER_COUNT ? names[t] : NULL;
}

int hl_cl_transfer_from_name(const char *name, enum hl_cl_transfer *t) {
    for (int i = 0; i < HL_CL_TRANSFER_COUNT; i++) {
        if (strcmp(names[i], name) == 0) {
            *t = (enum hl_cl_transfer)i;
            return 0;
        }
    }
    return -1;
}

enum hl_cl_transfer hl_cl_transfer_default(const struct hl_cl_device *d) {
    return d->host_unified ? HL_CL_ZERO_COPY : HL_CL_PINNED;
}
