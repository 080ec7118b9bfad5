#include "backends/opencl/cl_pinned.h"

#include <string.h>

static void *pinned_alloc(void *ctx, size_t bytes, const char *what, struct hl_error *err) {
    struct hl_cl_pinned *p = ctx;
    const struct hl_cl_session *s = p->session;
    struct hl_cl_pinned_block *b = NULL;
    for (int i = 0; i < HL_CL_PINNED_MAX && b == NULL; i++)
        b = p->blocks[i].mem == NULL ? &p->blocks[i] : NULL;
    if (b == NULL) {
        hl_error_set(err, HL_ERR_RUNTIME, "%s: more than %d pinned arrays for %s", s->who,
                     HL_CL_PINNED_MAX, what);
        return NULL;
    }
    if (hl_cl_fit_check(&s->device, s->who, what, bytes, 1, err) != 0)
        return NULL;
    cl_int rc = CL_SUCCESS;
    b->mem = clCreateBuffer(s->ctx, CL_MEM_ALLOC_HOST_PTR | CL_MEM_READ_WRITE, bytes, NULL, &rc);
    if (rc != CL_SUCCESS) {
        b->mem = NULL;
        hl_error_set(err, HL_ERR_RUNTIME, "%s: clCreateBuffer(pinned %s, %zu bytes): %s", s->who,
                     what, bytes, hl_cl_error_name(rc));
        return NULL;
    }
    /* Mapped once and kept mapped: the pointer is the workload's array,
     * and the device buffers are other objects, so no kernel ever uses
     * this buffer while it is mapped. */
    b->ptr = clEnqueueMapBuffer(s->queues[0], b->mem, CL_TRUE, CL_MAP_READ | CL_MAP_WRITE, 0, bytes,
                                0, NULL, NULL, &rc);
    if (rc != CL_SUCCESS || b->ptr == NULL) {
        clReleaseMemObject(b->mem);
        memset(b, 0, sizeof *b);
        hl_error_set(err, HL_ERR_RUNTIME, "%s: clEnqueueMapBuffer(pinned %s): %s", s->who, what,
                     hl_cl_error_name(rc));
        return NULL;
    }
    b->bytes = bytes;
    memset(b->ptr, 0, bytes); /* zeroed, and every page touched before a run */
    return b->ptr;
}

static void release_block(const struct hl_cl_session *s, struct hl_cl_pinned_block *b) {
    clEnqueueUnmapMemObject(s->queues[0], b->mem, b->ptr, 0, NULL, NULL);
    clFinish(s->queues[0]);
    clReleaseMemObject(b->mem);
    memset(b, 0, sizeof *b);
}

/* The signature is struct hl_host_memory's, whose other homes free ptr. */
// cppcheck-suppress constParameter
static void pinned_free(void *ctx, void *ptr, size_t bytes) {
    struct hl_cl_pinned *p = ctx;
    (void)bytes;
    for (int i = 0; ptr != NULL && i < HL_CL_PINNED_MAX; i++) {
        if (p->blocks[i].mem != NULL && p->blocks[i].ptr == ptr)
            release_block(p->session, &p->blocks[i]);
    }
}

void hl_cl_pinned_init(struct hl_cl_pinned *p, const struct hl_cl_session *s) {
    memset(p, 0, sizeof *p);
    p->session = s;
    p->memory = (struct hl_host_memory){.alloc = pinned_alloc, .free = pinned_free, .ctx = p};
}

void hl_cl_pinned_release(struct hl_cl_pinned *p) {
    for (int i = 0; i < HL_CL_PINNED_MAX; i++) {
        if (p->blocks[i].mem != NULL)
            release_block(p->session, &p->blocks[i]);
    }
}
