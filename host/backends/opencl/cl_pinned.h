/* Page-locked host memory from an OpenCL runtime, as a workload's home
 * (struct hl_host_memory): each array is a CL_MEM_ALLOC_HOST_PTR buffer
 * mapped once for the life of the array. Copies between such a pointer and
 * a device buffer run by DMA at the link's speed; from ordinary memory the
 * driver stages them through its own pinned bounce buffer (on the H100
 * machine: 55 GB/s against 6-8 GB/s h2d). NVIDIA's oclBandwidthTest does
 * the same; OpenCL has no call that pins an existing pointer. */
#ifndef HL_OPENCL_CL_PINNED_H
#define HL_OPENCL_CL_PINNED_H

#include "backends/opencl/cl_session.h"
#include "workloads/workload.h"

/* Arrays at most: square has two, sum one. */
#define HL_CL_PINNED_MAX 8

struct hl_cl_pinned_block {
    void *ptr;
    cl_mem mem;
    size_t bytes;
};

struct hl_cl_pinned {
    const struct hl_cl_session *session; /* must outlive every block */
    struct hl_host_memory memory;        /* hand this to hl_work_prepare */
    struct hl_cl_pinned_block blocks[HL_CL_PINNED_MAX];
};

/* Makes p a home on session s; allocates nothing yet. Cannot fail. */
void hl_cl_pinned_init(struct hl_cl_pinned *p, const struct hl_cl_session *s);

/* Unmaps and releases every block still allocated (the workload frees its
 * own first; this catches what a failed prepare left). Safe twice. */
void hl_cl_pinned_release(struct hl_cl_pinned *p);

#endif
