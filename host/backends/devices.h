/* The device part of `hetlane devices`, whatever this build has: every
 * OpenCL platform and device with its P:D index (backends/opencl), or a
 * line saying OpenCL is not built in (backends/devices_off.c). Call sites
 * need no build flag. */
#ifndef HL_BACKENDS_DEVICES_H
#define HL_BACKENDS_DEVICES_H

#include <stdio.h>

#include "util/error.h"
#include "util/json_writer.h"

/* Describes the devices as text on out, or, when j is not NULL, as one
 * JSON value on j (null without OpenCL). Returns 0, or -1 with err filled
 * (runtime) when the platforms cannot be listed; nothing is then written. */
int hl_devices_describe(FILE *out, struct hl_json *j, struct hl_error *err);

#endif
