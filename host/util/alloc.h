/* hetlane's own heap allocations go through these four functions, so
 * that a test can make any one of them fail: with HETLANE_FAULT=alloc:K
 * (util/fault.h) the K-th allocation of the process (counting these and
 * hl_shared_alloc) returns NULL with errno ENOMEM. Otherwise they are
 * exactly malloc, calloc, realloc and strdup: release with free().
 *
 * Allocations made inside libraries (libcurl, libmicrohttpd, cairo,
 * jansson, the OpenCL runtime) are not counted and never fail on purpose.
 * CI rejects a direct malloc/calloc/realloc/strdup call in host/ or plot/
 * (scripts/ci-gates.sh lint). */
#ifndef HL_UTIL_ALLOC_H
#define HL_UTIL_ALLOC_H

#include <stddef.h>

void *hl_malloc(size_t size);
void *hl_calloc(size_t count, size_t size);
/* On failure *ptr is untouched and still owned by the caller. */
void *hl_realloc(void *ptr, size_t size);
char *hl_strdup(const char *s);

/* hl_strdup that returns NULL for NULL (and NULL when memory runs out:
 * the caller tells the two apart by s). */
char *hl_strdup_or_null(const char *s);

#endif
