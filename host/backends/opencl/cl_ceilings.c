/* Every device's ceilings (backends/devices.h): one session per device,
 * the probes of cl_probes.c and the transfer bandwidth of cl_bandwidth.c
 * in the pageable and pinned modes. */
#include <stdio.h>
#include <string.h>

#include "backends/devices.h"
#include "backends/opencl/cl_bandwidth.h"
#include "backends/opencl/cl_devices.h"
#include "backends/opencl/cl_probes.h"

/* Sizes and repetitions: quick fits a test (well under a second a device
 * on PoCL); the full ones are past the caches and long enough to time. */
struct probe_sizes {
    size_t mem_bytes, link_bytes;
    int reps, launch_reps;
    double add_min_s;
};

static const struct probe_sizes quick_sizes = {32u << 20, 16u << 20, 3, 21, 0.004};
static const struct probe_sizes full_sizes = {128u << 20, 64u << 20, 5, 101, 0.02};

/* Room on the device for the memory probe's two buffers. */
static size_t fit_bytes(const struct hl_cl_device *d, size_t want) {
    uint64_t cap = d->max_alloc < d->global_mem / 4 ? d->max_alloc : d->global_mem / 4;
    return cap > 0 && want > cap ? (size_t)cap : want;
}

static int measure_one(const struct hl_cl_device *d, const struct probe_sizes *z,
                       struct hl_device_ceilings *out, struct hl_error *err) {
    struct hl_cl_session s;
    if (hl_cl_session_open(&s, d->platform, d->index, 1, err) != 0)
        return -1;
    struct hl_cl_bandwidth pageable, pinned;
    double median = 0, best = 0;
    size_t link = fit_bytes(d, z->link_bytes);
    int rc = hl_cl_probe_memory(&s, fit_bytes(d, z->mem_bytes), z->reps, &out->mem_gbs, err) ||
                     hl_cl_probe_add(&s, z->add_min_s, z->reps, &out->add_gops, err) ||
                     hl_cl_measure_bandwidth(&s, HL_CL_PAGEABLE, link, z->reps, &pageable, err) ||
                     hl_cl_measure_bandwidth(&s, HL_CL_PINNED, link, z->reps, &pinned, err) ||
                     hl_cl_probe_launch(&s, z->launch_reps, &median, &best, err)
                 ? -1
                 : 0;
    hl_cl_session_close(&s);
    if (rc != 0)
        return -1;
    /* The fastest transfer is the ceiling: interference only slows one. */
    out->h2d_pageable_gbs = pageable.h2d_best;
    out->d2h_pageable_gbs = pageable.d2h_best;
    out->h2d_pinned_gbs = pinned.h2d_best;
    out->d2h_pinned_gbs = pinned.d2h_best;
    out->launch_s = median;
    return 0;
}

static bool wanted(const struct hl_cl_device *d, const char (*indices)[16], size_t n) {
    char index[16];
    snprintf(index, sizeof index, "%d:%d", d->platform, d->index);
    for (size_t i = 0; i < n; i++) {
        if (strcmp(indices[i], index) == 0)
            return true;
    }
    return n == 0;
}

size_t hl_devices_ceilings(const char (*indices)[16], size_t n, bool quick, struct hl_ceilings *c,
                           hl_devices_say_fn *say, void *ctx) {
    struct hl_cl_inventory inv;
    struct hl_error err = {0};
    char line[HL_ERROR_MSG_MAX + 64];
    if (hl_cl_inventory_load(&inv, &err) != 0) {
        if (say != NULL)
            say(ctx, err.msg);
        return 0;
    }
    size_t measured = 0;
    for (int i = 0; i < inv.ndevices && c->ndevices < HL_CEIL_MAX_DEVICES; i++) {
        const struct hl_cl_device *d = &inv.devices[i];
        if (!wanted(d, indices, n))
            continue;
        struct hl_device_ceilings *out = &c->devices[c->ndevices];
        memset(out, 0, sizeof *out);
        snprintf(out->index, sizeof out->index, "%d:%d", d->platform, d->index);
        snprintf(out->name, sizeof out->name, "%.*s", (int)sizeof out->name - 1, d->name);
        snprintf(out->driver, sizeof out->driver, "%.*s", (int)sizeof out->driver - 1,
                 d->driver_version);
        if (say != NULL) {
            snprintf(line, sizeof line, "measuring opencl:%s (%s)", out->index, out->name);
            say(ctx, line);
        }
        hl_error_clear(&err);
        if (measure_one(d, quick ? &quick_sizes : &full_sizes, out, &err) != 0) {
            if (say != NULL) {
                snprintf(line, sizeof line, "opencl:%s left out of the ceilings: %s", out->index,
                         err.msg);
                say(ctx, line);
            }
            continue;
        }
        c->ndevices++;
        measured++;
    }
    hl_cl_inventory_free(&inv);
    return measured;
}

int hl_devices_key(char *buf, size_t size, struct hl_error *err) {
    struct hl_cl_inventory inv;
    if (hl_cl_inventory_load(&inv, err) != 0)
        return -1;
    size_t len = 0;
    buf[0] = '\0';
    if (inv.ndevices == 0)
        snprintf(buf, size, "no OpenCL device");
    for (int i = 0; i < inv.ndevices && len + 1 < size; i++) {
        const struct hl_cl_device *d = &inv.devices[i];
        int k = snprintf(buf + len, size - len, "%s%d:%d %s (%s)", i > 0 ? "; " : "", d->platform,
                         d->index, d->name, d->driver_version);
        len = k > 0 && len + (size_t)k < size ? len + (size_t)k : size - 1;
    }
    hl_cl_inventory_free(&inv);
    return 0;
}
