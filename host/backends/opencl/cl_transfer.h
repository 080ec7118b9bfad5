/* How a workload's host arrays reach an OpenCL device: the three
 * host-memory modes of opencl[:P:D][/MODE] (docs/opencl.md).
 *
 *   pageable   the arrays in ordinary memory; clEnqueueWrite/ReadBuffer
 *              to device buffers: what a naive program gets (on a discrete
 *              GPU the driver stages every copy through a bounce buffer)
 *   pinned     the arrays in page-locked memory from the OpenCL runtime (a
 *              CL_MEM_ALLOC_HOST_PTR buffer mapped once, NVIDIA's
 *              documented way), copied to and from device buffers by DMA
 *   zero-copy  the kernel works on the host arrays in place (a
 *              CL_MEM_USE_HOST_PTR buffer over page-aligned memory); map
 *              and unmap make its results visible to the host, and cost
 *              no copy on a device with host-unified memory
 *
 * Plain names and defaults only; the memory itself is cl_pinned.c's. */
#ifndef HL_OPENCL_CL_TRANSFER_H
#define HL_OPENCL_CL_TRANSFER_H

#include "backends/opencl/cl_devices.h"

enum hl_cl_transfer { HL_CL_PAGEABLE, HL_CL_PINNED, HL_CL_ZERO_COPY, HL_CL_TRANSFER_COUNT };

/* "pageable", "pinned" or "zero-copy"; NULL out of range. */
const char *hl_cl_transfer_name(enum hl_cl_transfer t);

/* The mode called name into *t; -1 when it is none of them. */
int hl_cl_transfer_from_name(const char *name, enum hl_cl_transfer *t);

/* The mode bare opencl[:P:D] means on d: zero-copy where the device works
 * in host memory (PoCL, integrated GPUs), pinned where it has its own. */
enum hl_cl_transfer hl_cl_transfer_default(const struct hl_cl_device *d);

#endif
