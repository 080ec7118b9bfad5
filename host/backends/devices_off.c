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
