#include "backends/opencl/cl_devices.h"
#include "backends/opencl/cl_transfer.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/alloc.h"
#include "util/interrupt.h"

/* A string property into buf; "?" when the driver will not say. */
static void platform_text(cl_platform_id p, cl_platform_info what, char *buf, size_t size) {
    if (clGetPlatformInfo(p, what, size, buf, NULL) != CL_SUCCESS)
        snprintf(buf, size, "?");
    buf[size - 1] = '\0';
}

static void device_text(cl_device_id d, cl_device_info what, char *buf, size_t size) {
    if (clGetDeviceInfo(d, what, size, buf, NULL) != CL_SUCCESS)
        snprintf(buf, size, "?");
    buf[size - 1] = '\0';
}

static void device_type_text(cl_device_type t, char *buf, size_t size) {
    static const struct {
        cl_device_type bit;
        const char *name;
    } types[] = {{CL_DEVICE_TYPE_CPU, "CPU"},
                 {CL_DEVICE_TYPE_GPU, "GPU"},
                 {CL_DEVICE_TYPE_ACCELERATOR, "ACCELERATOR"},
                 {CL_DEVICE_TYPE_CUSTOM, "CUSTOM"}};
    buf[0] = '\0';
    for (size_t i = 0; i < sizeof types / sizeof types[0]; i++) {
        if ((t & types[i].bit) == 0)
            continue;
        size_t len = strlen(buf);
        snprintf(buf + len, size - len, "%s%s", len > 0 ? "+" : "", types[i].name);
    }
    if (buf[0] == '\0')
        snprintf(buf, size, "OTHER");
}

static void describe_device(struct hl_cl_device *d, const struct hl_cl_platform *p) {
    cl_device_type type = 0;
    cl_ulong global_mem = 0, max_alloc = 0;
    snprintf(d->platform_name, sizeof d->platform_name, "%s", p->name);
    device_text(d->id, CL_DEVICE_NAME, d->name, sizeof d->name);
    device_text(d->id, CL_DEVICE_OPENCL_C_VERSION, d->c_version, sizeof d->c_version);
    device_text(d->id, CL_DRIVER_VERSION, d->driver_version, sizeof d->driver_version);
    clGetDeviceInfo(d->id, CL_DEVICE_TYPE, sizeof type, &type, NULL);
    clGetDeviceInfo(d->id, CL_DEVICE_MAX_COMPUTE_UNITS, sizeof d->compute_units, &d->compute_units,
                    NULL);
    clGetDeviceInfo(d->id, CL_DEVICE_GLOBAL_MEM_SIZE, sizeof global_mem, &global_mem, NULL);
    clGetDeviceInfo(d->id, CL_DEVICE_MAX_MEM_ALLOC_SIZE, sizeof max_alloc, &max_alloc, NULL);
    clGetDeviceInfo(d->id, CL_DEVICE_MAX_WORK_GROUP_SIZE, sizeof d->max_work_group,
                    &d->max_work_group, NULL);
    cl_bool unified = CL_FALSE;
    cl_uint align_bits = 0;
    clGetDeviceInfo(d->id, CL_DEVICE_HOST_UNIFIED_MEMORY, sizeof unified, &unified, NULL);
    clGetDeviceInfo(d->id, CL_DEVICE_MEM_BASE_ADDR_ALIGN, sizeof align_bits, &align_bits, NULL);
    d->host_unified = unified == CL_TRUE;
    d->base_align_bytes = align_bits / 8;
    device_type_text(type, d->type, sizeof d->type);
    d->global_mem = global_mem;
    d->max_alloc = max_alloc;
}

/* Appends platform p's devices to inv (inv->devices has room for them). */
static void load_devices(struct hl_cl_inventory *inv, int p, const cl_device_id *ids,
                         cl_uint count) {
    for (cl_uint k = 0; k < count; k++) {
        struct hl_cl_device *d = &inv->devices[inv->ndevices++];
        memset(d, 0, sizeof *d);
        d->platform = p;
        d->index = (int)k;
        d->platform_id = inv->platforms[p].id;
        d->id = ids[k];
        describe_device(d, &inv->platforms[p]);
    }
    inv->platforms[p].ndevices = (int)count;
}

static int load_inventory(struct hl_cl_inventory *inv, struct hl_error *err) {
    memset(inv, 0, sizeof *inv);
    cl_uint nplat = 0;
    cl_int rc = clGetPlatformIDs(0, NULL, &nplat);
    if (rc != CL_SUCCESS || nplat == 0) {
        /* The ICD loader says CL_PLATFORM_NOT_FOUND_KHR when no vendor
         * file is installed: the ordinary state of a machine without one. */
        snprintf(inv->problem, sizeof inv->problem,
                 "no OpenCL platform found (%s); see docs/opencl.md to install an ICD",
                 rc != CL_SUCCESS ? hl_cl_error_name(rc) : "the ICD loader lists none");
        return 0;
    }
    cl_platform_id *pids = hl_calloc(nplat, sizeof(cl_platform_id));
    inv->platforms = hl_calloc(nplat, sizeof *inv->platforms);
    if (pids == NULL || inv->platforms == NULL)
        goto out_of_memory;
    rc = clGetPlatformIDs(nplat, pids, NULL);
    if (rc != CL_SUCCESS) {
        snprintf(inv->problem, sizeof inv->problem, "clGetPlatformIDs: %s", hl_cl_error_name(rc));
        free(inv->platforms);
        inv->platforms = NULL;
        free(pids);
        return 0;
    }
    inv->nplatforms = (int)nplat;
    for (int p = 0; p < inv->nplatforms; p++) {
        struct hl_cl_platform *pl = &inv->platforms[p];
        pl->id = pids[p];
        platform_text(pl->id, CL_PLATFORM_NAME, pl->name, sizeof pl->name);
        platform_text(pl->id, CL_PLATFORM_VENDOR, pl->vendor, sizeof pl->vendor);
        platform_text(pl->id, CL_PLATFORM_VERSION, pl->version, sizeof pl->version);

        cl_uint ndev = 0;
        rc = clGetDeviceIDs(pl->id, CL_DEVICE_TYPE_ALL, 0, NULL, &ndev);
        if (rc != CL_SUCCESS || ndev == 0) {
            /* PoCL, for one, reports no device when it cannot write its
             * kernel cache: say where to look. */
            snprintf(pl->problem, sizeof pl->problem, "no device (%s)%s",
                     rc != CL_SUCCESS ? hl_cl_error_name(rc) : "none listed",
                     strstr(pl->name, "Portable") != NULL ? "; is POCL_CACHE_DIR a writable folder?"
                                                          : "");
            continue;
        }
        cl_device_id *ids = hl_calloc(ndev, sizeof(cl_device_id));
        struct hl_cl_device *grown =
            hl_realloc(inv->devices, ((size_t)inv->ndevices + ndev) * sizeof *grown);
        if (grown != NULL)
            inv->devices = grown;
        if (ids == NULL || grown == NULL) {
            free(ids);
            goto out_of_memory;
        }
        rc = clGetDeviceIDs(pl->id, CL_DEVICE_TYPE_ALL, ndev, ids, NULL);
        if (rc != CL_SUCCESS)
            snprintf(pl->problem, sizeof pl->problem, "clGetDeviceIDs: %s", hl_cl_error_name(rc));
        else
            load_devices(inv, p, ids, ndev);
        free(ids);
    }
    free(pids);
    return 0;

out_of_memory:
    free(pids);
    hl_cl_inventory_free(inv);
    return hl_error_set(err, HL_ERR_RUNTIME, "cannot allocate the OpenCL device list");
}

void hl_cl_inventory_free(struct hl_cl_inventory *inv) {
    free(inv->platforms);
    free(inv->devices);
    memset(inv, 0, sizeof *inv);
}

const struct hl_cl_device *hl_cl_inventory_find(const struct hl_cl_inventory *inv, int platform,
                                                int device) {
    for (int i = 0; i < inv->ndevices; i++) {
        if (inv->devices[i].platform == platform && inv->devices[i].index == device)
            return &inv->devices[i];
    }
    return NULL;
}

static double gib(uint64_t bytes) {
    return (double)bytes / (double)(UINT64_C(1) << 30);
}

void hl_cl_inventory_print(FILE *out, const struct hl_cl_inventory *inv) {
    if (inv->nplatforms == 0) {
        fprintf(out, "OpenCL: %s\n", inv->problem);
        return;
    }
    fprintf(out, "OpenCL devices (-b opencl:P:D; -b opencl for all):\n");
    for (int p = 0; p < inv->nplatforms; p++) {
        const struct hl_cl_platform *pl = &inv->platforms[p];
        fprintf(out, "  platform %d: %s (%s), %s\n", p, pl->name, pl->vendor, pl->version);
        if (pl->problem[0] != '\0')
            fprintf(out, "    %s\n", pl->problem);
        for (int i = 0; i < inv->ndevices; i++) {
            const struct hl_cl_device *d = &inv->devices[i];
            if (d->platform != p)
                continue;
            fprintf(out,
                    "    %d:%d  %s\n"
                    "         type %s, %u compute units, %.2f GiB global memory, "
                    "%.2f GiB max allocation\n"
                    "         %s, driver %s\n"
                    "         %s memory: opencl:%d:%d means opencl:%d:%d/%s\n",
                    d->platform, d->index, d->name, d->type, (unsigned)d->compute_units,
                    gib(d->global_mem), gib(d->max_alloc), d->c_version, d->driver_version,
                    d->host_unified ? "host-unified" : "separate", d->platform, d->index,
                    d->platform, d->index, hl_cl_transfer_name(hl_cl_transfer_default(d)));
        }
    }
}

static void json_device(struct hl_json *j, const struct hl_cl_device *d) {
    char index[32];
    snprintf(index, sizeof index, "%d:%d", d->platform, d->index);
    hl_json_object_begin(j);
    hl_json_key(j, "index");
    hl_json_string(j, index);
    hl_json_key(j, "platform_index");
    hl_json_int(j, d->platform);
    hl_json_key(j, "device_index");
    hl_json_int(j, d->index);
    hl_json_key(j, "platform");
    hl_json_string(j, d->platform_name);
    hl_json_key(j, "name");
    hl_json_string(j, d->name);
    hl_json_key(j, "type");
    hl_json_string(j, d->type);
    hl_json_key(j, "compute_units");
    hl_json_int(j, d->compute_units);
    hl_json_key(j, "global_mem_bytes");
    hl_json_int(j, (int64_t)d->global_mem);
    hl_json_key(j, "max_alloc_bytes");
    hl_json_int(j, (int64_t)d->max_alloc);
    hl_json_key(j, "opencl_c_version");
    hl_json_string(j, d->c_version);
    hl_json_key(j, "driver_version");
    hl_json_string(j, d->driver_version);
    hl_json_key(j, "host_unified_memory");
    hl_json_bool(j, d->host_unified);
    hl_json_key(j, "default_transfer");
    hl_json_string(j, hl_cl_transfer_name(hl_cl_transfer_default(d)));
    hl_json_object_end(j);
}

void hl_cl_inventory_json(struct hl_json *j, const struct hl_cl_inventory *inv) {
    hl_json_object_begin(j);
    hl_json_key(j, "problem");
    hl_json_string(j, inv->problem[0] != '\0' ? inv->problem : NULL);
    hl_json_key(j, "platforms");
    hl_json_array_begin(j);
    for (int p = 0; p < inv->nplatforms; p++) {
        const struct hl_cl_platform *pl = &inv->platforms[p];
        hl_json_object_begin(j);
        hl_json_key(j, "index");
        hl_json_int(j, p);
        hl_json_key(j, "name");
        hl_json_string(j, pl->name);
        hl_json_key(j, "vendor");
        hl_json_string(j, pl->vendor);
        hl_json_key(j, "version");
        hl_json_string(j, pl->version);
        hl_json_key(j, "problem");
        hl_json_string(j, pl->problem[0] != '\0' ? pl->problem : NULL);
        hl_json_object_end(j);
    }
    hl_json_array_end(j);
    hl_json_key(j, "devices");
    hl_json_array_begin(j);
    for (int i = 0; i < inv->ndevices; i++)
        json_device(j, &inv->devices[i]);
    hl_json_array_end(j);
    hl_json_object_end(j);
}

int hl_cl_inventory_load(struct hl_cl_inventory *inv, struct hl_error *err) {
    /* Drivers start their worker threads here (PoCL: one per core), and
     * a thread inherits its creator's signal mask: with SIGINT, SIGTERM
     * and SIGHUP held back now, they never run hetlane's handler, and
     * neither do the programs they start (PoCL runs ld for every kernel
     * it builds), which a terminal's Ctrl-C would otherwise kill halfway
     * ("1 error generated."). The signals still reach the main thread. */
    sigset_t signals;
    hl_interrupt_defer(&signals);
    int rc = load_inventory(inv, err);
    hl_interrupt_resume(&signals);
    return rc;
}
