#include "commands/demo_join.h"

#include <stdio.h>
#include <string.h>

#include "util/sysinfo.h"

void hl_demo_add_join(struct hl_backend_list *list, size_t first, size_t end) {
    /* The most threads that do not oversubscribe the cores (else the
     * fewest): the cores' best beside the device. */
    int threads = 0, cores = hl_sys_cores();
    for (size_t i = 0; i < list->count; i++) {
        const struct hl_backend_config *c = &list->items[i];
        if (strcmp(c->backend->name, "pthread") != 0)
            continue;
        bool fits = c->workers <= cores, best_fits = threads > 0 && threads <= cores;
        if (threads == 0 || (fits && (!best_fits || c->workers > threads)) ||
            (!fits && !best_fits && c->workers < threads))
            threads = c->workers;
    }
    if (first >= end || threads == 0)
        return;
    char spec[160];
    snprintf(spec, sizeof spec, "pthread:%d+%s", threads, list->items[first].label);
    struct hl_error err = {0};
    (void)hl_backend_list_parse(list, spec, &err); /* no room: the demo runs without it */
}
