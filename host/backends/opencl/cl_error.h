/* OpenCL errors as hetlane errors: the failed call, the error's name (not
 * its number) and where in the source it happened. */
#ifndef HL_OPENCL_CL_ERROR_H
#define HL_OPENCL_CL_ERROR_H

#ifndef CL_TARGET_OPENCL_VERSION
#define CL_TARGET_OPENCL_VERSION 120
#endif
#include <CL/cl.h>

#include "util/error.h"

/* "CL_OUT_OF_RESOURCES" for -5, ...; "CL_UNKNOWN_ERROR" for a code no
 * header of OpenCL 1.2-3.0 or the ICD extension defines. Static string. */
const char *hl_cl_error_name(cl_int code);

/* Fills err (runtime error) with "WHO: CALL: NAME (FILE:LINE)". Returns -1. */
int hl_cl_error_set(struct hl_error *err, const char *who, cl_int code, const char *call,
                    const char *file, int line);

/* Evaluates `call` (an expression yielding cl_int); on failure fills err
 * naming the call, the error and this line, and jumps to `label` (the
 * caller's cleanup ladder). */
#define HL_CL_TRY(err, who, call, label)                                                           \
    do {                                                                                           \
        cl_int hl_cl_rc_ = (call);                                                                 \
        if (hl_cl_rc_ != CL_SUCCESS) {                                                             \
            hl_cl_error_set((err), (who), hl_cl_rc_, #call, __FILE__, __LINE__);                   \
            goto label;                                                                            \
        }                                                                                          \
    } while (0)

/* For calls that return an object and report through a cl_int *: checks
 * `code` after the call. */
#define HL_CL_CHECK(err, who, code, what, label)                                                   \
    do {                                                                                           \
        if ((code) != CL_SUCCESS) {                                                                \
            hl_cl_error_set((err), (who), (code), (what), __FILE__, __LINE__);                     \
            goto label;                                                                            \
        }                                                                                          \
    } while (0)

#endif
