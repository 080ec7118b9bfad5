#include "commands/demo_join.h"

#include <stdio.h>
#include <string.h>

void hl_demo_add_join(struct hl_backend_list *list, size_t first, size_t end) {
    int threads = 0;
    for (size_t i = 0; i < list->count; i++) {
        const struct hl_backend_config *c = &list->items[i];
        if (strcmp(c->backend->name, "pthread") == 0 && c->workers > threads)
            threads = c->workers;
    }
    if (first >= end || threads == 0)
        return;
    char spec[160];
    snprintf(spec, sizeof spec, "pthread:%d+%s", threads, list->items[first].label);
    struct hl_error err = {0};
    (void)hl_backend_list_parse(list, spec, &err); /* no room: the demo runs without it */
}
