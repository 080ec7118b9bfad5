/* The device part of `hetlane devices`, whatever this build has: every
 * OpenCL platform and device with its P:D index (backends/opencl), or a
 * line saying OpenCL is not built in (backends/devices_off.c). Call sites
 * need no build flag. */
#ifndef HL_BACKENDS_DEVICES_H
#define HL_BACKENDS_DEVICES_H

#include <stdbool.h>
#include <stdio.h>

#include "model/ceilings.h"
#include "util/error.h"
#include "util/json_writer.h"

/* Describes the devices as text on out, or, when j is not NULL, as one
 * JSON value on j (null without OpenCL). Returns 0, or -1 with err filled
 * (runtime) when the platforms cannot be listed; nothing is then written. */
int hl_devices_describe(FILE *out, struct hl_json *j, struct hl_error *err);

/* Says one line of progress or one device's problem. */
typedef void hl_devices_say_fn(void *ctx, const char *line);

/* Measures the ceilings (model/ceilings.h) of the OpenCL devices named in
 * `indices` ("P:D", n of them; n == 0: every device), appending them to
 * c->devices (at most HL_CEIL_MAX_DEVICES in all); quick: small sizes,
 * few repetitions. A device that cannot be opened or fails a probe is
 * reported through say (may be NULL) and left out: one device never
 * stops the others. Returns how many were measured; without OpenCL, 0. */
size_t hl_devices_ceilings(const char (*indices)[16], size_t n, bool quick, struct hl_ceilings *c,
                           hl_devices_say_fn *say, void *ctx);

/* What identifies this machine's devices, for the ceilings' cache: "P:D
 * name (driver version)" of every device, joined with "; ", into buf;
 * "no OpenCL" without it. Returns 0, or -1 with err filled (runtime) when
 * memory for the listing runs out. */
int hl_devices_key(char *buf, size_t size, struct hl_error *err);

#endif
