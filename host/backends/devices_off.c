/* hetlane built without OpenCL (HETLANE_WITH_OPENCL=OFF): `devices` says
 * so instead of listing. */
#include <stdio.h>

#include "backends/devices.h"

int hl_devices_describe(FILE *out, struct hl_json *j, struct hl_error *err) {
    (void)err;
    if (j != NULL)
        hl_json_null(j);
    else
        fprintf(out, "OpenCL: not built in (HETLANE_WITH_OPENCL=OFF)\n");
    return 0;
}

size_t hl_devices_ceilings(const char (*indices)[16], size_t n, bool quick, struct hl_ceilings *c,
                           hl_devices_say_fn *say, void *ctx) {
    (void)indices;
    (void)quick;
    (void)c;
    if (n > 0 && say != NULL)
        say(ctx, "OpenCL is not built in: no device ceilings");
    return 0;
}

int hl_devices_key(char *buf, size_t size, struct hl_error *err) {
    (void)err;
    snprintf(buf, size, "no OpenCL");
    return 0;
}
