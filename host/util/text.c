#include "util/text.h"

#include <string.h>

void hl_print_lines(FILE *out, const char *first_prefix, const char *indent, const char *text) {
    for (const char *line = text; *line != '\0';) {
        int len = (int)strcspn(line, "\n");
        fprintf(out, "%s%.*s\n", line == text ? first_prefix : indent, len, line);
        line += len + (line[len] == '\n');
    }
}
