/* Chart formats by name: compiled into every build, with or without
 * cairo, so the CLI checks --format the same way in both. */
#include <string.h>

#include "plot/plot.h"

int hl_plot_format_from_name(const char *name, enum hl_plot_format *fmt) {
    static const char *const names[] = {"png", "svg", "pdf"};
    for (int i = 0; i < 3; i++) {
        if (strcmp(name, names[i]) == 0) {
            *fmt = (enum hl_plot_format)i;
            return 0;
        }
    }
    return -1;
}

const char *hl_plot_format_ext(enum hl_plot_format fmt) {
    return fmt == HL_PLOT_SVG ? "svg" : fmt == HL_PLOT_PDF ? "pdf" : "png";
}
