#include "backends/opencl/cl_program.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "backends/opencl/cl_sources.h"
#include "util/alloc.h"
#include "util/fault.h"
#include "util/interrupt.h"

/* The build log, NUL-terminated and without trailing blank lines, in a new
 * buffer (caller frees), or NULL if the driver gives none or (*no_memory
 * set) there is no memory for it. */
static char *build_log(cl_program program, cl_device_id device, bool *no_memory) {
    size_t size = 0;
    if (clGetProgramBuildInfo(program, device, CL_PROGRAM_BUILD_LOG, 0, NULL, &size) !=
            CL_SUCCESS ||
        size == 0)
        return NULL;
    char *log = hl_malloc(size + 1);
    *no_memory = log == NULL;
    if (log == NULL)
        return NULL;
    if (clGetProgramBuildInfo(program, device, CL_PROGRAM_BUILD_LOG, size, log, NULL) !=
        CL_SUCCESS) {
        free(log);
        return NULL;
    }
    log[size] = '\0';
    size_t len = strlen(log);
    while (len > 0 && (log[len - 1] == '\n' || log[len - 1] == ' ' || log[len - 1] == '\r'))
        log[--len] = '\0';
    return log;
}

int hl_cl_program_build(cl_context ctx, cl_device_id device, const char *who,
                        const char *const *texts, const size_t *lengths, cl_uint count,
                        cl_program *program, char *log, size_t log_size, struct hl_error *err) {
    cl_int rc = CL_SUCCESS;
    *program = clCreateProgramWithSource(ctx, count, (const char **)texts, lengths, &rc);
    HL_CL_CHECK(err, who, rc, "clCreateProgramWithSource", fail);

    sigset_t signals; /* an interrupt waits for the build (util/interrupt.h) */
    hl_interrupt_defer(&signals);
    rc = clBuildProgram(*program, 1, &device, HL_CL_BUILD_OPTIONS, NULL, NULL);
    hl_interrupt_resume(&signals);
    bool want_log = rc != CL_SUCCESS || (log != NULL && log_size > 0);
    bool no_memory = false;
    char *text = want_log ? build_log(*program, device, &no_memory) : NULL;
    const char *shown = text != NULL && text[0] != '\0' ? text
                        : no_memory                     ? "(no memory to read it)"
                                                        : "(the driver gave none)";
    if (log != NULL && log_size > 0)
        snprintf(log, log_size, "%s", text != NULL || no_memory ? shown : "");
    if (rc != CL_SUCCESS) {
        /* The log starts with the first error, which is what a reader
         * needs; hl_error keeps the first HL_ERROR_MSG_MAX bytes. */
        hl_error_set(err, HL_ERR_RUNTIME, "%s: clBuildProgram: %s (%d); build log:\n%s", who,
                     hl_cl_error_name(rc), (int)rc, shown);
        free(text);
        goto fail;
    }
    free(text);
    return 0;

fail:
    if (*program != NULL)
        clReleaseProgram(*program);
    *program = NULL;
    return -1;
}

/* Not OpenCL C: an undeclared identifier, so any compiler rejects it and
 * names it in its log. */
static const char broken_source[] =
    "__kernel void hl_fault_broken(__global long *y) { y[0] = hl_fault_injected_error; }\n";

int hl_cl_program_build_embedded(cl_context ctx, cl_device_id device, const char *who,
                                 cl_program *program, struct hl_error *err) {
    enum { MAX_SOURCES = 16 };
    const char *texts[MAX_SOURCES];
    size_t lengths[MAX_SOURCES];
    cl_uint count = 0;
    *program = NULL;
    if (hl_cl_source_count + 1 > MAX_SOURCES)
        return hl_error_set(err, HL_ERR_RUNTIME, "%s: %zu kernel files, at most %d", who,
                            hl_cl_source_count, MAX_SOURCES - 1);
    for (size_t i = 0; i < hl_cl_source_count; i++) {
        texts[count] = hl_cl_sources[i].text;
        lengths[count++] = hl_cl_sources[i].length;
    }
    if (hl_fault_should_fail("clbuild")) {
        texts[count] = broken_source;
        lengths[count++] = sizeof broken_source - 1;
    }
    return hl_cl_program_build(ctx, device, who, texts, lengths, count, program, NULL, 0, err);
}
