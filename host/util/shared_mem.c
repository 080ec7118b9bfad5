#include "util/shared_mem.h"

#include <errno.h>
#include <stdint.h>
#include <sys/mman.h>
#include <unistd.h>

#include "util/fault.h"
#include "util/sysinfo.h"

void *hl_shared_alloc(size_t bytes, const char *what, struct hl_error *err) {
    if (bytes == 0)
        bytes = 1;
    /* Shared anonymous memory is not limited by overcommit: asking for more
     * than the machine has would "succeed" and the OOM killer would end the
     * run while it touches the pages. Refuse it up front instead. */
    uint64_t avail = hl_sys_mem_available();
    if (avail != 0 && bytes > avail)
        return hl_error_set(err, HL_ERR_RUNTIME,
                            "cannot allocate %s: %.2f GiB needed, %.2f GiB of memory available",
                            what, (double)bytes / (1u << 30), (double)avail / (1u << 30)),
               NULL;
    if (hl_fault_should_fail("alloc"))
        return hl_error_set(err, HL_ERR_RUNTIME, "cannot allocate %s (%zu bytes): injected fault",
                            what, bytes),
               NULL;
    void *p = mmap(NULL, bytes, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    if (p == MAP_FAILED)
        return hl_error_errno(err, HL_ERR_RUNTIME, errno, "cannot allocate %s (%zu bytes)", what,
                              bytes),
               NULL;
    return p;
}

void hl_shared_free(void *ptr, size_t bytes) {
    if (ptr != NULL)
        munmap(ptr, bytes == 0 ? 1 : bytes);
}

void hl_prefault(void *ptr, size_t bytes) {
    long page = sysconf(_SC_PAGESIZE);
    volatile char *p = ptr;
    for (size_t off = 0; off < bytes; off += (size_t)page)
        p[off] = 0;
}
