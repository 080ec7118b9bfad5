/* hetlane plot and hetlane report: redraw the charts (plot), or the
 * charts and report.md and report.html (report), from a saved
 * results.json. Everything that can be refused (the file, the output
 * directory) is refused before anything is written. */
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "commands/cmd_outputs.h"
#include "commands/commands.h"
#include "output/results_io.h"
#include "util/interrupt.h"

/* Beside the results file, like the run that wrote it. */
static void dir_of(const char *path, char *dir, size_t size) {
    snprintf(dir, size, "%s", path);
    char *slash = strrchr(dir, '/');
    if (slash == NULL)
        snprintf(dir, size, ".");
    else if (slash == dir)
        dir[1] = '\0';
    else
        *slash = '\0';
}

/* True when path is the results.json of the open directory dirfd: the
 * redraw then completes that set instead of replacing it. (Relative to
 * the directory: its path may be too long to add a name to.) */
static bool is_set_results(const char *path, int dirfd) {
    struct stat a, b;
    return stat(path, &a) == 0 && fstatat(dirfd, "results.json", &b, 0) == 0 &&
           a.st_dev == b.st_dev && a.st_ino == b.st_ino;
}

static int redraw(const struct hl_config *cfg, unsigned parts) {
    struct hl_error err = {0};
    struct hl_results results;
    if (hl_results_read_json(cfg->results_path, &results, &err) != 0)
        return hl_cmd_fail(&err);
    if (hl_interrupted()) { /* main says so; nothing is written */
        hl_results_free(&results);
        return HL_ERR_RUNTIME;
    }
    char dir[4096];
    if (cfg->out_dir != NULL)
        snprintf(dir, sizeof dir, "%s", cfg->out_dir);
    else
        dir_of(cfg->results_path, dir, sizeof dir);
    int status = 0;
    struct hl_out_set out;
    bool in_place = false;
    if (hl_out_set_open(&out, dir, "--out", &err) != 0) {
        status = hl_cmd_fail(&err);
    } else {
        /* Redrawing a set's own results: if opening finished that set's
         * interrupted commit, its results.json is the new one now. */
        in_place = is_set_results(cfg->results_path, out.fd);
        if (in_place && out.recovered) {
            hl_results_free(&results);
            if (hl_results_read_json(cfg->results_path, &results, &err) != 0)
                status = hl_cmd_fail(&err);
        }
    }
    if (status == 0 && hl_cmd_save_set(cfg, &out, &results, parts, in_place, &err) != 0)
        status = hl_cmd_fail(&err);
    hl_out_set_close(&out);
    hl_results_free(&results);
    return status;
}

int hl_cmd_plot(const struct hl_config *cfg) {
    return redraw(cfg, HL_SET_VIEWS);
}

int hl_cmd_report(const struct hl_config *cfg) {
    return redraw(cfg, HL_SET_VIEWS | HL_SET_REPORT);
}
