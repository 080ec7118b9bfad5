/* Every OpenCL platform and device this process can see, with the facts
 * `hetlane devices` shows and the backend needs (limits, compute units).
 * Indices P:D follow the ICD loader's platform order and, within a
 * platform, clGetDeviceIDs(CL_DEVICE_TYPE_ALL) order. */
#ifndef HL_OPENCL_CL_DEVICES_H
#define HL_OPENCL_CL_DEVICES_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "backends/opencl/cl_error.h"
#include "util/json_writer.h"

#define HL_CL_TEXT_MAX 128

struct hl_cl_device {
    int platform, index; /* P, D */
    cl_platform_id platform_id;
    cl_device_id id;
    char platform_name[HL_CL_TEXT_MAX];
    char name[HL_CL_TEXT_MAX];
    char type[32]; /* "CPU", "GPU", "ACCELERATOR", ... joined with '+' */
    cl_uint compute_units;
    uint64_t global_mem; /* CL_DEVICE_GLOBAL_MEM_SIZE, bytes */
    uint64_t max_alloc;  /* CL_DEVICE_MAX_MEM_ALLOC_SIZE, bytes */
    size_t max_work_group;
    bool host_unified;              /* CL_DEVICE_HOST_UNIFIED_MEMORY: it works in host memory */
    uint32_t base_align_bytes;      /* CL_DEVICE_MEM_BASE_ADDR_ALIGN, in bytes */
    char c_version[HL_CL_TEXT_MAX]; /* "OpenCL C 1.2 PoCL" */
    char driver_version[HL_CL_TEXT_MAX]; /* CL_DRIVER_VERSION */
};

struct hl_cl_platform {
    cl_platform_id id;
    char name[HL_CL_TEXT_MAX], vendor[HL_CL_TEXT_MAX], version[HL_CL_TEXT_MAX];
    int ndevices;
    char problem[HL_ERROR_MSG_MAX]; /* why it lists no device, or "" */
};

struct hl_cl_inventory {
    int nplatforms;
    struct hl_cl_platform *platforms; /* owned */
    int ndevices;
    struct hl_cl_device *devices;   /* owned, platform by platform */
    char problem[HL_ERROR_MSG_MAX]; /* why there is no platform, or "" */
};

/* Lists every platform and device. Finding none is not an error: inv is
 * then empty with inv->problem saying why. A platform whose devices cannot
 * be listed is kept with its problem and no device. Returns -1 (err set,
 * inv empty) only when memory runs out. Free with hl_cl_inventory_free. */
int hl_cl_inventory_load(struct hl_cl_inventory *inv, struct hl_error *err);

/* Frees what load() allocated and zeroes inv; safe on a zeroed struct. */
void hl_cl_inventory_free(struct hl_cl_inventory *inv);

/* Device P:D, or NULL when there is no such device. */
const struct hl_cl_device *hl_cl_inventory_find(const struct hl_cl_inventory *inv, int platform,
                                                int device);

/* The human listing of `hetlane devices`. */
void hl_cl_inventory_print(FILE *out, const struct hl_cl_inventory *inv);

/* The same as one JSON object value: {"platforms": [...], "devices": [...]}. */
void hl_cl_inventory_json(struct hl_json *j, const struct hl_cl_inventory *inv);

#endif
