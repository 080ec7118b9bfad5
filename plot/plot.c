/* Every chart of a results model, named predictably (docs/charts.md). */
#include "plot/plot.h"

#include <stdio.h>
#include <string.h>

#include "plot/compare.h"
#include "plot/overview.h"
#include "plot/scaling.h"
#include "plot/surface.h"
#include "plot/timeline.h"
#include "util/interrupt.h"

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

/* Copies s keeping [A-Za-z0-9._-] and turning anything else into '-', so
 * "pthread:2" names the file "pthread-2": no colons or slashes in file
 * names. A leading '.' or '-' (a hidden file, or one a shell takes for an
 * option) becomes '_', and so does an empty name. */
static void file_part(const char *s, char *buf, size_t size) {
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

struct saver {
    const char *dir;
    enum hl_plot_format fmt;
    size_t written;
    int rc;
    struct hl_error *err;
};

static void save(struct saver *sv, const char *base, const struct hl_plot_chart *chart) {
    if (hl_interrupted()) { /* Ctrl-C: no further chart is started */
        sv->rc = hl_error_set(sv->err, HL_ERR_RUNTIME, "%s: interrupted", sv->dir);
        return;
    }
    char name[300];
    snprintf(name, sizeof name, "%s.%s", base, hl_plot_format_ext(sv->fmt));
    if (hl_plot_write(sv->dir, name, sv->fmt, chart, sv->err) != 0)
        sv->rc = -1;
    else
        sv->written++;
}

/* The file name part of configuration c: its label, with "-2", "-3" for
 * the second and third configuration with the same label. */
static void config_part(const struct hl_experiment_result *e, size_t c, char *buf, size_t size) {
    char mine[128], other[128];
    file_part(e->configs[c].label, mine, sizeof mine);
    int same = 0;
    for (size_t i = 0; i < c; i++) {
        file_part(e->configs[i].label, other, sizeof other);
        same += strcmp(mine, other) == 0;
    }
    if (same > 0)
        snprintf(buf, size, "%s-%d", mine, same + 1);
    else
        snprintf(buf, size, "%s", mine);
}

static void save_timelines(struct saver *sv, const struct hl_results *r,
                           const struct hl_experiment_result *e, const char *prefix) {
    const struct hl_plot_style *st = hl_plot_style_default();
    for (size_t c = 0; c < e->nconfigs; c++) {
        if (e->configs[c].nruns == 0)
            continue;
        char part[140], base[300];
        config_part(e, c, part, sizeof part);
        snprintf(base, sizeof base, "%s-timeline-%s", prefix, part);
        struct hl_plot_timeline tl;
        if (hl_plot_timeline_layout(&tl, r, e, &e->configs[c], st, sv->err) != 0) {
            sv->rc = -1;
            continue;
        }
        struct hl_plot_chart chart = hl_plot_timeline_chart(&tl);
        save(sv, base, &chart);
    }
}

/* Counted runs per configuration, for subtitles. */
static int runs_of(const struct hl_results *r, const struct hl_experiment_result *e) {
    if (r->runs > 0)
        return r->runs;
    size_t most = 0;
    for (size_t c = 0; c < e->nconfigs; c++)
        most = e->configs[c].nruns > most ? e->configs[c].nruns : most;
    return (int)most;
}

static void save_experiment(struct saver *sv, const struct hl_results *r,
                            const struct hl_experiment_result *e, const char *prefix) {
    const struct hl_plot_style *st = hl_plot_style_default();
    char base[300];
    struct hl_plot_overview ov;
    if (hl_plot_overview_layout(&ov, r, e, st, sv->err) == 0) {
        struct hl_plot_chart chart = hl_plot_overview_chart(&ov);
        snprintf(base, sizeof base, "%s-overview", prefix);
        save(sv, base, &chart);
    } else {
        sv->rc = -1;
    }
    hl_plot_overview_free(&ov);

    struct hl_plot_compare cp;
    if (hl_plot_compare_layout(&cp, e, runs_of(r, e), st, sv->err) == 0) {
        struct hl_plot_chart chart = hl_plot_compare_chart(&cp);
        snprintf(base, sizeof base, "%s-compare", prefix);
        save(sv, base, &chart);
    } else {
        sv->rc = -1;
    }

    struct hl_plot_scaling sc;
    if (hl_plot_scaling_layout(&sc, e, runs_of(r, e), st, sv->err) == 0) {
        struct hl_plot_chart chart = hl_plot_scaling_chart(&sc);
        snprintf(base, sizeof base, "%s-scaling", prefix);
        save(sv, base, &chart);
    } else {
        sv->rc = -1;
    }
    save_timelines(sv, r, e, prefix);
}

int hl_plot_save_all(const char *dir, const struct hl_results *r, enum hl_plot_format fmt,
                     size_t *written, struct hl_error *err) {
    struct saver sv = {dir, fmt, 0, 0, err};
    for (size_t i = 0; i < r->nexperiments && !hl_interrupted(); i++) {
        /* A workload that appears twice gets "-2" on its second set. */
        char prefix[140], mine[128], other[128];
        file_part(r->experiments[i].workload, mine, sizeof mine);
        int same = 0;
        for (size_t j = 0; j < i; j++) {
            file_part(r->experiments[j].workload, other, sizeof other);
            same += strcmp(mine, other) == 0;
        }
        if (same > 0)
            snprintf(prefix, sizeof prefix, "%s-%d", mine, same + 1);
        else
            snprintf(prefix, sizeof prefix, "%s", mine);
        save_experiment(&sv, r, &r->experiments[i], prefix);
    }
    if (written != NULL)
        *written = sv.written;
    return sv.rc;
}
