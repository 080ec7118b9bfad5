/* Building OpenCL C for one device, with the build log on failure. */
#ifndef HL_OPENCL_CL_PROGRAM_H
#define HL_OPENCL_CL_PROGRAM_H

#include "backends/opencl/cl_error.h"

/* Options every hetlane program is built with: the kernels are OpenCL C
 * 1.2, which every OpenCL 1.2-3.0 device accepts. */
#define HL_CL_BUILD_OPTIONS "-cl-std=CL1.2"

/* Builds `count` sources for `device` of `ctx` into *program (owned by
 * the caller: clReleaseProgram). On failure *program is NULL and err
 * names `who`, the failing call and its error; when the compiler ran, err
 * carries as much of CL_PROGRAM_BUILD_LOG as fits. If log/log_size are
 * given, the whole log (success or not) is copied there, truncated. */
int hl_cl_program_build(cl_context ctx, cl_device_id device, const char *who,
                        const char *const *texts, const size_t *lengths, cl_uint count,
                        cl_program *program, char *log, size_t log_size, struct hl_error *err);

/* Builds every kernel file embedded from kernels/. With the test hook
 * HETLANE_FAULT=clbuild[:K] the K-th such build also compiles a broken
 * source, so the failure path runs the real compiler and prints its log. */
int hl_cl_program_build_embedded(cl_context ctx, cl_device_id device, const char *who,
                                 cl_program *program, struct hl_error *err);

#endif
