#include "model/results_names.h"

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

void hl_results_file_part(const char *s, char *buf, size_t size) {
    size_t o = 0;
    for (const char *p = s; *p != '\0' && o + 1 < size; p++) {
        char c = *p;
        bool keep = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                    c == '.' || c == '_' || c == '-';
        buf[o] = keep ? c : '-';
        if (o == 0 && (buf[0] == '.' || buf[0] == '-'))
            buf[0] = '_';
        o++;
    }
    if (o == 0)
        buf[o++] = '_';
    buf[o] = '\0';
}

typedef const char *name_at_fn(const void *list, size_t i);

/* The file part of entry `index`, or part-K when K-1 earlier entries of
 * list have the same file part. */
static void numbered(const void *list, name_at_fn *name_at, size_t index, char *buf, size_t size) {
    char mine[128], other[128];
    hl_results_file_part(name_at(list, index), mine, sizeof mine);
    int same = 0;
    for (size_t i = 0; i < index; i++) {
        hl_results_file_part(name_at(list, i), other, sizeof other);
        same += strcmp(mine, other) == 0;
    }
    if (same > 0)
        snprintf(buf, size, "%s-%d", mine, same + 1);
    else
        snprintf(buf, size, "%s", mine);
}

static const char *workload_at(const void *list, size_t i) {
    return ((const struct hl_results *)list)->experiments[i].workload;
}

static const char *label_at(const void *list, size_t i) {
    return ((const struct hl_experiment_result *)list)->configs[i].label;
}

void hl_results_experiment_prefix(const struct hl_results *r, size_t i, char *buf, size_t size) {
    numbered(r, workload_at, i, buf, size);
}

void hl_results_config_part(const struct hl_experiment_result *e, size_t c, char *buf,
                            size_t size) {
    numbered(e, label_at, c, buf, size);
}
