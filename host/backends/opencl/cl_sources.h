/* The OpenCL C sources of kernels/, embedded at build time by
 * cmake/hetlane_embed_kernels.cmake (the generated cl_sources.c is in the
 * build tree). The installed binary needs no kernel file. */
#ifndef HL_OPENCL_CL_SOURCES_H
#define HL_OPENCL_CL_SOURCES_H

#include <stddef.h>

struct hl_cl_source {
    const char *name; /* file name under kernels/, e.g. "sum.cl" */
    const char *text; /* NUL-terminated */
    size_t length;    /* bytes, without the NUL */
};

/* Every kernel file, in the order CMake lists them. Static data. */
extern const struct hl_cl_source hl_cl_sources[];
extern const size_t hl_cl_source_count;

#endif
