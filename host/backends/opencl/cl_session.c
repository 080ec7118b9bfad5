#include "backends/opencl/cl_session.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "backends/opencl/cl_program.h"
#include "util/timing.h"

int hl_cl_session_open(struct hl_cl_session *s, int platform, int device, int nqueues,
                       struct hl_error *err) {
    memset(s, 0, sizeof *s);
    snprintf(s->who, sizeof s->who, "opencl:%d:%d", platform, device);
    if (nqueues < 1 || nqueues > HL_CL_MAX_QUEUES)
        return hl_error_set(err, HL_ERR_RUNTIME, "%s: %d queues (1..%d)", s->who, nqueues,
                            HL_CL_MAX_QUEUES);

    /* Indices were checked when the spec was parsed; a device can still
     * vanish (a GPU reset, an ICD removed) before the run. */
    struct hl_cl_inventory inv;
    if (hl_cl_inventory_load(&inv, err) != 0)
        return -1;
    const struct hl_cl_device *d = hl_cl_inventory_find(&inv, platform, device);
    if (d == NULL) {
        hl_cl_inventory_free(&inv);
        return hl_error_set(err, HL_ERR_RUNTIME, "%s: the device is gone", s->who);
    }
    s->device = *d;
    hl_cl_inventory_free(&inv);

    cl_int rc = CL_SUCCESS;
    cl_context_properties props[] = {CL_CONTEXT_PLATFORM,
                                     (cl_context_properties)s->device.platform_id, 0};
    s->ctx = clCreateContext(props, 1, &s->device.id, NULL, NULL, &rc);
    HL_CL_CHECK(err, s->who, rc, "clCreateContext", fail);
    for (int q = 0; q < nqueues; q++) {
        s->queues[q] = clCreateCommandQueue(s->ctx, s->device.id, CL_QUEUE_PROFILING_ENABLE, &rc);
        HL_CL_CHECK(err, s->who, rc, "clCreateCommandQueue", fail);
        s->nqueues = q + 1;
    }

    int64_t t0 = hl_now_ns();
    if (hl_cl_program_build_embedded(s->ctx, s->device.id, s->who, &s->program, err) != 0)
        goto fail;
    s->build_s = (double)(hl_now_ns() - t0) * 1e-9;

    if (hl_cl_clock_calibrate(s->ctx, s->queues[0], s->who, &s->clock, err) != 0)
        goto fail;
    return 0;

fail:
    hl_cl_session_close(s);
    return -1;
}

void hl_cl_session_close(struct hl_cl_session *s) {
    if (s->program != NULL)
        clReleaseProgram(s->program);
    for (int q = s->nqueues - 1; q >= 0; q--)
        clReleaseCommandQueue(s->queues[q]);
    if (s->ctx != NULL)
        clReleaseContext(s->ctx);
    s->program = NULL;
    s->nqueues = 0;
    s->ctx = NULL;
}

int hl_cl_session_kernel(const struct hl_cl_session *s, const char *name, cl_kernel *kernel,
                         size_t *local, struct hl_error *err) {
    cl_int rc = CL_SUCCESS;
    size_t allowed = 0;
    *kernel = clCreateKernel(s->program, name, &rc);
    HL_CL_CHECK(err, s->who, rc, "clCreateKernel", fail);
    HL_CL_TRY(err, s->who,
              clGetKernelWorkGroupInfo(*kernel, s->device.id, CL_KERNEL_WORK_GROUP_SIZE,
                                       sizeof allowed, &allowed, NULL),
              fail);
    size_t cap = allowed < HL_CL_LOCAL_CAP ? allowed : HL_CL_LOCAL_CAP;
    *local = 1;
    while (*local * 2 <= cap)
        *local *= 2;
    return 0;

fail:
    if (*kernel != NULL)
        clReleaseKernel(*kernel);
    *kernel = NULL;
    return -1;
}

int hl_cl_finish_all(const struct hl_cl_session *s, struct hl_error *err) {
    int rc = 0;
    for (int q = 0; q < s->nqueues; q++) {
        cl_int e = clFinish(s->queues[q]);
        if (e != CL_SUCCESS && rc == 0)
            rc = hl_cl_error_set(err, s->who, e, "clFinish", __FILE__, __LINE__);
    }
    return rc;
}

int hl_cl_fit_check(const struct hl_cl_device *d, const char *who, const char *what, uint64_t bytes,
                    int count, struct hl_error *err) {
    const double mib = 1024.0 * 1024.0;
    if (bytes > d->max_alloc)
        return hl_error_set(err, HL_ERR_RUNTIME,
                            "%s: %s needs buffers of %" PRIu64 " bytes (%.1f MiB), above the "
                            "device's largest allocation, CL_DEVICE_MAX_MEM_ALLOC_SIZE = %" PRIu64
                            " bytes (%.1f MiB)",
                            who, what, bytes, (double)bytes / mib, d->max_alloc,
                            (double)d->max_alloc / mib);
    /* count <= a few, bytes <= max_alloc: the product fits in 64 bits. */
    uint64_t total = bytes * (uint64_t)count;
    if (total > d->global_mem)
        return hl_error_set(err, HL_ERR_RUNTIME,
                            "%s: %s needs %d buffers of %.1f MiB, %" PRIu64 " bytes in all, "
                            "above the device's CL_DEVICE_GLOBAL_MEM_SIZE = %" PRIu64
                            " bytes (%.1f MiB)",
                            who, what, count, (double)bytes / mib, total, d->global_mem,
                            (double)d->global_mem / mib);
    return 0;
}

/* START/END of an event on the host clock, clamped to [lo, hi]. */
static cl_int event_times(cl_event ev, const struct hl_cl_clock *clock, int64_t lo, int64_t hi,
                          int64_t *start, int64_t *end) {
    cl_ulong s = 0, e = 0;
    cl_int rc = clGetEventProfilingInfo(ev, CL_PROFILING_COMMAND_START, sizeof s, &s, NULL);
    if (rc == CL_SUCCESS)
        rc = clGetEventProfilingInfo(ev, CL_PROFILING_COMMAND_END, sizeof e, &e, NULL);
    if (rc != CL_SUCCESS)
        return rc;
    int64_t hs = hl_cl_clock_to_host(clock, s), he = hl_cl_clock_to_host(clock, e);
    *start = hs < lo ? lo : hs > hi ? hi : hs;
    *end = he < *start ? *start : he > hi ? hi : he;
    return CL_SUCCESS;
}

static cl_int event_status(cl_event ev) {
    cl_int status = CL_COMPLETE;
    cl_int rc = clGetEventInfo(ev, CL_EVENT_COMMAND_EXECUTION_STATUS, sizeof status, &status, NULL);
    return rc != CL_SUCCESS ? rc : status;
}

void hl_cl_record_task(struct hl_task_record *rec, int queue, const struct hl_cl_phase *phases,
                       int nphases, const struct hl_cl_clock *clock, int64_t lo_ns, int64_t hi_ns) {
    char why[HL_TASK_ERROR_MAX] = "";
    rec->worker = queue;
    rec->nphases = 0;
    for (int p = 0; p < nphases && why[0] == '\0'; p++) {
        cl_int st = event_status(phases[p].first);
        if (st == CL_COMPLETE)
            st = event_status(phases[p].last);
        int64_t t0 = 0, t1 = 0, unused = 0;
        cl_int rc = st != CL_COMPLETE
                        ? st
                        : event_times(phases[p].first, clock, lo_ns, hi_ns, &t0, &unused);
        if (rc == CL_SUCCESS)
            rc = event_times(phases[p].last, clock, t0, hi_ns, &unused, &t1);
        if (rc != CL_SUCCESS) {
            snprintf(why, sizeof why, "%s command failed: %s", hl_phase_name(phases[p].kind),
                     hl_cl_error_name(rc));
            break;
        }
        hl_task_add_phase(rec, phases[p].kind, t0, t1);
    }
    hl_task_end(rec, why);
    if (rec->nphases > 0) {
        rec->t0_ns = rec->phases[0].t0_ns;
        rec->t1_ns = rec->phases[rec->nphases - 1].t1_ns;
    } else {
        rec->t0_ns = rec->t1_ns = hi_ns;
    }
}

void hl_cl_settle_task(struct hl_task_record *rec, int queue, cl_event events[3],
                       const struct hl_cl_phase *phases, int nphases, bool run_ok,
                       const struct hl_cl_clock *clock, int64_t lo_ns, int64_t hi_ns) {
    if (run_ok && events[2] != NULL) {
        hl_cl_record_task(rec, queue, phases, nphases, clock, lo_ns, hi_ns);
    } else if (run_ok) {
        /* Could not be enqueued: a zero-length task at the run's end. */
        rec->t0_ns = hi_ns;
        hl_task_end(rec, rec->error);
        rec->t1_ns = hi_ns;
    }
    for (int k = 0; k < 3; k++) {
        if (events[k] != NULL)
            clReleaseEvent(events[k]);
    }
}
