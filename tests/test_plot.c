/* Charts drawn from synthetic results with known tasks, checked pixel by
 * pixel: task k's bar has its worker's color where its times say, the
 * space between bars is background, a failed task is red, phase bands sit
 * where their times say, and many tasks switch to one lane per worker.
 * Set HETLANE_KEEP_PLOTS=DIR to keep the charts for a look. */
#include <dirent.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "check.h"
#include "plot/lanes.h"
#include "plot/palette.h"
#include "plot/plot.h"
#include "plot/surface.h"
#include "plot/timeline.h"
#include "plot_fixture.h"

static const double walls[3] = {0.050, 0.042, 0.047}; /* median: run 3 (0.047) */

struct image {
    cairo_surface_t *s;
    const unsigned char *data;
    int width, height, stride;
};

static struct image render(const struct hl_plot_timeline *tl) {
    struct hl_error err = {0};
    struct hl_plot_chart chart = hl_plot_timeline_chart(tl);
    struct image im = {.s = hl_plot_render_image(&chart, &err)};
    REQUIRE(im.s != NULL);
    im.data = cairo_image_surface_get_data(im.s);
    im.width = cairo_image_surface_get_width(im.s);
    im.height = cairo_image_surface_get_height(im.s);
    im.stride = cairo_image_surface_get_stride(im.s);
    return im;
}

static unsigned pixel(const struct image *im, double x, double y) {
    int xi = (int)x, yi = (int)y;
    REQUIRE(xi >= 0 && xi < im->width && yi >= 0 && yi < im->height);
    const uint32_t *row = (const uint32_t *)(im->data + (size_t)yi * (size_t)im->stride);
    return row[xi] & 0xffffff;
}

static unsigned rgb(struct hl_plot_rgb c) {
    return (unsigned)(c.r * 255 + 0.5) << 16 | (unsigned)(c.g * 255 + 0.5) << 8 |
           (unsigned)(c.b * 255 + 0.5);
}

static bool near(unsigned a, unsigned b, int tol) {
    for (int shift = 0; shift < 24; shift += 8) {
        int d = (int)(a >> shift & 0xff) - (int)(b >> shift & 0xff);
        if (d > tol || d < -tol)
            return false;
    }
    return true;
}

#define CHECK_COLOR(im, x, y, want, tol)                                                           \
    CHECKF(near(pixel(im, x, y), want, tol), "pixel (%.0f, %.0f) is %06x, want %06x", x, y,        \
           pixel(im, x, y), want)

static void keep(const struct hl_results *r, const char *what) {
    const char *dir = getenv("HETLANE_KEEP_PLOTS");
    if (dir == NULL)
        return;
    char sub[512];
    snprintf(sub, sizeof sub, "%s/%s", dir, what);
    mkdir(dir, 0777);
    mkdir(sub, 0777);
    struct hl_error err = {0};
    CHECKF(hl_plot_save_all(sub, r, HL_PLOT_PNG, NULL, &err) == 0, "%s", err.msg);
}

/* True when x is more than 2 px away from every grid line and the run end. */
static bool clear_of_lines(const struct hl_plot_timeline *tl, double x) {
    for (int i = 0; i < tl->axis.nticks; i++) {
        double gx = hl_plot_time_x(&tl->axis, tl->plot, i * tl->axis.step_s);
        if (x > gx - 3 && x < gx + 3)
            return false;
    }
    double end = hl_plot_time_x(&tl->axis, tl->plot, tl->view.wall_s);
    return !(x > end - 4 && x < end + 4);
}

/* 8 tasks on 2 workers: row mode. Task 2 has phases, task 5 fails. */
static void test_rows(void) {
    struct hl_results r;
    struct hl_experiment_result *e = fixture_begin(&r, "sum");
    fixture_config(e, "serial", "serial", 1, 8, 5 * MS, 5 * MS, 3, walls);
    struct hl_config_result *c =
        fixture_config(e, "pthread:2", "pthread", 2, 8, 10 * MS, 8 * MS, 3, walls);
    for (size_t i = 0; i < c->nruns; i++) {
        struct hl_task_record *t2 = &c->runs[i].tasks[2], *t5 = &c->runs[i].tasks[5];
        hl_task_add_phase(t2, HL_PHASE_H2D, t2->t0_ns, t2->t0_ns + 2 * MS);
        hl_task_add_phase(t2, HL_PHASE_KERNEL, t2->t0_ns + 2 * MS, t2->t0_ns + 6 * MS);
        hl_task_add_phase(t2, HL_PHASE_D2H, t2->t0_ns + 6 * MS, t2->t1_ns);
        t5->ok = false;
        snprintf(t5->error, sizeof t5->error, "checksum mismatch");
    }
    fixture_finish(e);
    keep(&r, "rows");

    struct hl_plot_timeline tl;
    struct hl_error err = {0};
    REQUIRE(hl_plot_timeline_layout(&tl, &r, e, c, hl_plot_style_default(), &err) == 0);
    CHECK(!tl.lanes && tl.nrows == 8);
    CHECK(tl.view.index == 2); /* walls 50, 42, 47 ms: the median is the third run */
    CHECK(tl.view.failed == 1 && tl.view.not_run == 0);
    CHECKF(strstr(tl.alert, "1 FAILED") != NULL, "alert '%s'", tl.alert);
    CHECKF(strstr(tl.title, "8 tasks in 47.0 ms") != NULL, "title '%s'", tl.title);
    CHECKF(strstr(tl.title, "vs serial") != NULL, "title '%s'", tl.title);
    struct image im = render(&tl);
    const struct hl_run_result *run = tl.view.run;
    for (int k = 0; k < 8; k++) {
        const struct hl_task_record *t = &run->tasks[k];
        double y = hl_plot_timeline_row_y(&tl, k);
        double mid = hl_plot_timeline_x(&tl, t->t0_ns + 4 * MS);
        if (k == 5) {
            CHECK_COLOR(&im, mid, y, rgb(hl_plot_failed), 2);
        } else if (k == 2) {
            CHECK_COLOR(&im, hl_plot_timeline_x(&tl, t->t0_ns + 1 * MS), y,
                        rgb(hl_plot_phase_color(HL_PHASE_H2D)), 2);
            CHECK_COLOR(&im, mid, y, rgb(hl_plot_phase_color(HL_PHASE_KERNEL)), 2);
            CHECK_COLOR(&im, hl_plot_timeline_x(&tl, t->t0_ns + 7 * MS), y,
                        rgb(hl_plot_phase_color(HL_PHASE_D2H)), 2);
            /* Above the band the bar keeps its worker's color. */
            CHECK_COLOR(&im, mid, y - tl.bar_h * 0.4, rgb(hl_plot_worker_color(0)), 2);
        } else {
            CHECK_COLOR(&im, mid, y, rgb(hl_plot_worker_color(k % 2)), 2);
        }
        if (k == 5)
            continue; /* its label sits right of the bar */
        /* Outside the bar, on this row: background. */
        for (int64_t at = 0; at < 47 * MS; at += MS / 2) {
            double x = hl_plot_timeline_x(&tl, at);
            if (at > t->t0_ns - MS && at < t->t1_ns + MS)
                continue;
            if (clear_of_lines(&tl, x))
                CHECK_COLOR(&im, x, y, 0xffffff, 0);
        }
    }
    cairo_surface_destroy(im.s);
    hl_results_free(&r);
}

/* More tasks than the threshold: one lane per worker. */
static void test_lanes(void) {
    int threshold = hl_plot_style_default()->lane_threshold;
    struct hl_results r;
    struct hl_experiment_result *e = fixture_begin(&r, "square");
    fixture_config(e, "fork:2", "fork", 2, (size_t)threshold, MS, MS / 2, 1, walls);
    fixture_config(e, "pthread:2", "pthread", 2, (size_t)threshold + 1, MS, MS * 9 / 10, 1, walls);
    /* Adding configs moves them: take pointers once all are in. */
    struct hl_config_result *at = &e->configs[0], *over = &e->configs[1];
    over->runs[0].tasks[51].ok = false;
    fixture_finish(e);
    keep(&r, "lanes");
    struct hl_plot_timeline tl;
    struct hl_error err = {0};
    REQUIRE(hl_plot_timeline_layout(&tl, &r, e, at, hl_plot_style_default(), &err) == 0);
    CHECK(!tl.lanes && tl.nrows == threshold);
    REQUIRE(hl_plot_timeline_layout(&tl, &r, e, over, hl_plot_style_default(), &err) == 0);
    CHECK(tl.lanes && tl.nrows == 2);
    struct image im = render(&tl);
    for (size_t k = 0; k < over->runs[0].ntasks; k++) {
        const struct hl_task_record *t = &over->runs[0].tasks[k];
        double x = hl_plot_timeline_x(&tl, (t->t0_ns + t->t1_ns) / 2);
        double y = hl_plot_timeline_row_y(&tl, t->worker);
        unsigned want = k == 51 ? rgb(hl_plot_failed) : rgb(hl_plot_worker_color(t->worker));
        CHECK_COLOR(&im, x, y, want, 2);
    }
    /* After the last task, each lane shows its own background. */
    double x = hl_plot_timeline_x(&tl, 40 * MS);
    if (clear_of_lines(&tl, x)) {
        CHECK_COLOR(&im, x, hl_plot_timeline_row_y(&tl, 0), rgb(hl_plot_lane_bg), 0);
        CHECK_COLOR(&im, x, hl_plot_timeline_row_y(&tl, 1), rgb(hl_plot_white), 0);
    }
    cairo_surface_destroy(im.s);
    hl_results_free(&r);
}

/* 10,000 back-to-back tasks: sub-pixel tasks summed into solid lanes. */
static void test_many_tasks(void) {
    struct hl_results r;
    struct hl_experiment_result *e = fixture_begin(&r, "sum");
    const double wall[1] = {0.0201};
    struct hl_config_result *c =
        fixture_config(e, "pthread:2", "pthread", 2, 10000, 4000, 4000, 1, wall);
    c->runs[0].tasks[5000].ok = false; /* a single failure stays visible */
    fixture_finish(e);
    keep(&r, "many");
    struct hl_plot_timeline tl;
    struct hl_error err = {0};
    REQUIRE(hl_plot_timeline_layout(&tl, &r, e, c, hl_plot_style_default(), &err) == 0);
    CHECK(tl.lanes && tl.nrows == 2);
    struct image im = render(&tl);
    for (int w = 0; w < 2; w++) {
        double y = hl_plot_timeline_row_y(&tl, w);
        for (int64_t t = 2 * MS; t < 18 * MS; t += 2 * MS) {
            double x = hl_plot_timeline_x(&tl, t);
            if (clear_of_lines(&tl, x))
                CHECK_COLOR(&im, x, y, rgb(hl_plot_worker_color(w)), 3);
        }
    }
    const struct hl_task_record *f = &c->runs[0].tasks[5000];
    CHECK_COLOR(&im, hl_plot_timeline_x(&tl, f->t0_ns), hl_plot_timeline_row_y(&tl, 0),
                rgb(hl_plot_failed), 2);
    cairo_surface_destroy(im.s);
    hl_results_free(&r);
}

static int count_files(const char *dir, const char *suffix, bool *hidden) {
    DIR *d = opendir(dir);
    REQUIRE(d != NULL);
    int n = 0;
    struct dirent *de;
    while ((de = readdir(d)) != NULL) {
        size_t len = strlen(de->d_name), sl = strlen(suffix);
        if (de->d_name[0] == '.' && strcmp(de->d_name, ".") != 0 && strcmp(de->d_name, "..") != 0)
            *hidden = true;
        n += len > sl && strcmp(de->d_name + len - sl, suffix) == 0;
    }
    closedir(d);
    return n;
}

/* Every chart in every format, under predictable names, whole. */
static void test_files(const char *tmp) {
    struct hl_results r;
    struct hl_experiment_result *e = fixture_begin(&r, "sum");
    fixture_config(e, "serial", "serial", 1, 4, 5 * MS, 4 * MS, 3, walls);
    fixture_config(e, "pthread:2", "pthread", 2, 4, 5 * MS, 4 * MS, 3, walls);
    fixture_config(e, "pthread:2", "pthread", 2, 4, 5 * MS, 4 * MS, 3, walls);
    struct hl_config_result *skipped = hl_experiment_add_config(e);
    skipped->label = strdup("opencl");
    skipped->backend = strdup("opencl");
    skipped->workers = 1;
    skipped->note = strdup("skipped: no OpenCL device");
    fixture_finish(e);
    static const char *const names[] = {"sum-overview",
                                        "sum-compare",
                                        "sum-scaling",
                                        "sum-timeline-serial",
                                        "sum-timeline-pthread-2",
                                        "sum-timeline-pthread-2-2",
                                        "sum-roofline"};
    static const char *const magic[] = {"\x89PNG", "<?xml", "%PDF"};
    for (int f = 0; f < 3; f++) {
        enum hl_plot_format fmt = (enum hl_plot_format)f;
        size_t written = 0;
        struct hl_error err = {0};
        CHECKF(hl_plot_save_all(tmp, &r, fmt, &written, &err) == 0, "%s", err.msg);
        CHECK(written == 7);
        for (size_t i = 0; i < 7; i++) {
            char path[512], head[8] = {0};
            snprintf(path, sizeof path, "%s/%s.%s", tmp, names[i], hl_plot_format_ext(fmt));
            FILE *in = fopen(path, "rb");
            CHECKF(in != NULL, "missing %s", path);
            if (in == NULL)
                continue;
            CHECK(fread(head, 1, 5, in) == 5);
            CHECKF(memcmp(head, magic[f], strlen(magic[f])) == 0, "%s starts '%.5s'", path, head);
            fclose(in);
        }
    }
    bool hidden = false;
    CHECK(count_files(tmp, ".png", &hidden) == 7 && count_files(tmp, ".svg", &hidden) == 7);
    CHECK(count_files(tmp, ".pdf", &hidden) == 7);
    CHECK(!hidden); /* no temporary file left */
    /* A directory that is not there: an error naming the file, nothing made. */
    struct hl_error err = {0};
    CHECK(hl_plot_save_all("/nonexistent/dir", &r, HL_PLOT_PNG, NULL, &err) == -1);
    CHECKF(strstr(err.msg, "/nonexistent/dir/sum-") != NULL, "%s", err.msg);
    hl_results_free(&r);
    char cmd[300];
    snprintf(cmd, sizeof cmd, "rm -f '%s'/*.png '%s'/*.svg '%s'/*.pdf", tmp, tmp, tmp);
    CHECK(system(cmd) == 0);
}

/* Text that is not UTF-8 (a --url with raw bytes, a driver's device
 * name) never reaches cairo as it is: every chart is still drawn, in
 * every format, and measuring such text leaves the context usable. */
static void test_bad_text(const char *tmp) {
    cairo_t *cr = hl_plot_scratch_new();
    REQUIRE(cr != NULL);
    struct hl_plot_font f = {.size = 12};
    CHECK(hl_plot_text_width(cr, &f, "a\xff\xfe b") > 0);
    char buf[64];
    hl_plot_text_fit(cr, &f, "\xc3 long label \xff", 20, buf, sizeof buf);
    CHECK(cairo_status(cr) == CAIRO_STATUS_SUCCESS);
    cairo_destroy(cr);
    struct hl_results r;
    struct hl_experiment_result *e = fixture_begin(&r, "fetch");
    struct hl_param *url = hl_experiment_add_param(e, "url");
    REQUIRE(url != NULL);
    url->type = HL_PARAM_TEXT;
    url->text = strdup("http://127.0.0.1/?q=\xff\xfe");
    free(r.cpu);
    r.cpu = strdup("CPU \xe6\x9d\xb1 \xc0\xaf");
    fixture_config(e, "serial", "serial", 1, 4, 5 * MS, 4 * MS, 3, walls);
    fixture_config(e, "pthread:2", "pthread", 2, 4, 5 * MS, 4 * MS, 3, walls);
    fixture_finish(e);
    for (int fmt = 0; fmt < 3; fmt++) {
        size_t written = 0;
        struct hl_error err = {0};
        CHECKF(hl_plot_save_all(tmp, &r, (enum hl_plot_format)fmt, &written, &err) == 0,
               "text that is not UTF-8: %s", err.msg);
        CHECK(written == 5);
    }
    hl_results_free(&r);
    char cmd[300];
    snprintf(cmd, sizeof cmd, "rm -f '%s'/*.png '%s'/*.svg '%s'/*.pdf", tmp, tmp, tmp);
    CHECK(system(cmd) == 0);
}

int main(void) {
    char tmp[] = "/tmp/hetlane-test-plot.XXXXXX";
    REQUIRE(mkdtemp(tmp) != NULL);
    test_rows();
    test_lanes();
    test_many_tasks();
    test_files(tmp);
    test_bad_text(tmp);
    rmdir(tmp);
    cairo_debug_reset_static_data(); /* so leak checkers see cairo's caches freed */
    return check_finish("test_plot");
}
