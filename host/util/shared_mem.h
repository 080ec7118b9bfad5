/* Buffers that stay shared with fork() children: anonymous MAP_SHARED
 * mappings. Every workload buffer and task record lives in one, so the
 * same memory serves threads, child processes and OpenCL host pointers. */
#ifndef HL_UTIL_SHARED_MEM_H
#define HL_UTIL_SHARED_MEM_H

#include <stddef.h>

#include "util/error.h"

/* Maps `bytes` (rounded up to pages) of zeroed shared memory. The caller
 * owns it and releases it with hl_shared_free(ptr, bytes). `what` names
 * the buffer in the error. On failure returns NULL, fills err (runtime). */
void *hl_shared_alloc(size_t bytes, const char *what, struct hl_error *err);

/* Unmaps a buffer from hl_shared_alloc; NULL is ignored. */
void hl_shared_free(void *ptr, size_t bytes);

/* Writes one byte per page so that page faults happen now, not inside a
 * timed region. */
void hl_prefault(void *ptr, size_t bytes);

#endif
