#include <stdio.h>

#include "backends/devices.h"
#include "backends/opencl/cl_devices.h"

int hl_devices_describe(FILE *out, struct hl_json *j, struct hl_error *err) {
    struct hl_cl_inventory inv;
    if (hl_cl_inventory_load(&inv, err) != 0)
        return -1;
    if (j != NULL)
        hl_cl_inventory_json(j, &inv);
    else
        hl_cl_inventory_print(out, &inv);
    hl_cl_inventory_free(&inv);
    return 0;
}
