#include "util/alloc.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "util/fault.h"

/* True when this allocation is the injected failure (errno set). */
static int injected(void) {
    if (!hl_fault_should_fail("alloc"))
        return 0;
    errno = ENOMEM;
    return 1;
}

void *hl_malloc(size_t size) {
    return injected() ? NULL : malloc(size);
}

void *hl_calloc(size_t count, size_t size) {
    return injected() ? NULL : calloc(count, size);
}

void *hl_realloc(void *ptr, size_t size) {
    return injected() ? NULL : realloc(ptr, size);
}

char *hl_strdup(const char *s) {
    return injected() ? NULL : strdup(s);
}

char *hl_strdup_or_null(const char *s) {
    return s == NULL ? NULL : hl_strdup(s);
}
