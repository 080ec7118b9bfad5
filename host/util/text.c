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
