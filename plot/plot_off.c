/* hetlane built without cairo (HETLANE_WITH_CHARTS=OFF): no chart is
 * drawn, and callers learn so from hl_plot_available(), not a build flag.
 * trace.json, results and the report are still written. */
#include "plot/plot.h"

bool hl_plot_available(void) {
    return false;
}

int hl_plot_save_all(const char *dir, const struct hl_results *r, enum hl_plot_format fmt,
                     size_t *written, struct hl_error *err) {
    (void)dir;
    (void)r;
    (void)fmt;
    (void)err;
    if (written != NULL)
        *written = 0;
    return 0;
}

int hl_plot_save_compare(const char *dir, const struct hl_pairing *p, const char *name_a,
                         const struct hl_results *a, const char *name_b, const struct hl_results *b,
                         enum hl_plot_format fmt, size_t *written, struct hl_error *err) {
    (void)dir;
    (void)p;
    (void)name_a;
    (void)a;
    (void)name_b;
    (void)b;
    (void)fmt;
    (void)err;
    if (written != NULL)
        *written = 0;
    return 0;
}
