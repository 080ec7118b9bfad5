#include "util/text.h"

#include <math.h>
#include <string.h>

void hl_print_lines(FILE *out, const char *first_prefix, const char *indent, const char *text) {
    for (const char *line = text; *line != '\0';) {
        int len = (int)strcspn(line, "\n");
        fprintf(out, "%s%.*s\n", line == text ? first_prefix : indent, len, line);
        line += len + (line[len] == '\n');
    }
}

const char *hl_format_seconds(char *buf, size_t size, double s) {
    if (isnan(s))
        snprintf(buf, size, "-");
    else if (s < 1e-3)
        snprintf(buf, size, "%.1f us", s * 1e6);
    else if (s < 1.0)
        snprintf(buf, size, "%.3f ms", s * 1e3);
    else
        snprintf(buf, size, "%.3f s", s);
    return buf;
}

struct hl_time_unit hl_time_unit_for(double min_s, double max_s) {
    struct hl_time_unit u = {"ms", 1e3, 3};
    if (isnan(max_s))
        return u;
    if (max_s >= 1.0)
        u = (struct hl_time_unit){"s", 1.0, 3};
    else if (max_s < 1e-3)
        u = (struct hl_time_unit){"us", 1e6, 3};
    double smallest = isnan(min_s) || !(min_s > 0) ? max_s : min_s;
    if (smallest > 0) {
        int whole = (int)floor(log10(smallest * u.scale)) + 1; /* digits before the point */
        int d = 3 - whole;
        u.decimals = d < 1 ? 1 : d > 6 ? 6 : d;
    }
    return u;
}

const char *hl_format_in_unit(char *buf, size_t size, double s, struct hl_time_unit u) {
    if (isnan(s))
        snprintf(buf, size, "-");
    else
        snprintf(buf, size, "%.*f", u.decimals, s * u.scale);
    return buf;
}

const char *hl_format_runs(char *buf, size_t size, int runs, int warmup) {
    if (warmup > 0)
        snprintf(buf, size, "%d counted run%s after %d warm-up%s", runs, runs == 1 ? "" : "s",
                 warmup, warmup == 1 ? "" : "s");
    else
        snprintf(buf, size, "%d counted run%s, no warm-up", runs, runs == 1 ? "" : "s");
    return buf;
}
