/* The numbers charts print: axis ends, ticks and units chosen from the
 * data, durations, counts and speedups, the log/linear choice, and the
 * ideal lines of the scaling chart. */
#include <math.h>
#include <stdint.h>
#include <string.h>

#include "check.h"
#include "plot/axis.h"
#include "plot/scaling.h"
#include "plot_fixture.h"

static void expect_axis(double span, int max_ticks, double max_s, double step_s, const char *unit,
                        const char *last_label) {
    struct hl_plot_time_axis ax;
    hl_plot_time_axis_make(span, max_ticks, &ax);
    char label[32];
    hl_plot_tick_label(&ax, ax.nticks - 1, label, sizeof label);
    CHECKF(fabs(ax.max_s - max_s) < max_s * 1e-9 && fabs(ax.step_s - step_s) < step_s * 1e-9,
           "span %g: max %g step %g", span, ax.max_s, ax.step_s);
    CHECKF(strcmp(ax.unit, unit) == 0, "span %g: unit %s, want %s", span, ax.unit, unit);
    CHECKF(strcmp(label, last_label) == 0, "span %g: last tick '%s', want '%s'", span, label,
           last_label);
    CHECK(ax.max_s >= span && ax.nticks - 1 <= max_ticks);
}

static void expect_duration(double s, const char *want) {
    char buf[32];
    hl_plot_fmt_duration(s, buf, sizeof buf);
    CHECKF(strcmp(buf, want) == 0, "%g s: '%s', want '%s'", s, buf, want);
}

static void test_numbers(void) {
    expect_axis(0.00548, 12, 0.0055, 0.0005, "ms", "5.5");
    expect_axis(0.0107, 12, 0.011, 0.001, "ms", "11");
    expect_axis(0.000939, 12, 0.001, 0.0001, "ms", "1.0");
    expect_axis(0.000420, 6, 0.0005, 0.0001, "\xc2\xb5s", "500");
    expect_axis(2.3, 6, 2.5, 0.5, "s", "2.5");
    expect_axis(61, 12, 70, 10, "s", "70");
    expect_axis(0, 6, 1e-6, 2e-7, "\xc2\xb5s", "1.0"); /* no data: a 1 µs axis */
    expect_duration(0.0842, "84.2 ms");
    expect_duration(0.010707, "10.7 ms");
    expect_duration(1.234, "1.23 s");
    expect_duration(0.000512, "512 \xc2\xb5s");
    expect_duration(0.001, "1.00 ms");
    expect_duration(5e-8, "50.0 ns");
    char buf[32];
    hl_plot_fmt_count(19487171, buf, sizeof buf);
    CHECK(strcmp(buf, "19,487,171") == 0);
    hl_plot_fmt_count(999, buf, sizeof buf);
    CHECK(strcmp(buf, "999") == 0);
    hl_plot_fmt_count(-1000, buf, sizeof buf);
    CHECK(strcmp(buf, "-1,000") == 0);
    /* The ends of int64_t (a results.json may hold them in params): no
     * negation that overflows (UBSan stops the ASan gate on one). */
    hl_plot_fmt_count(INT64_MIN, buf, sizeof buf);
    CHECKF(strcmp(buf, "-9,223,372,036,854,775,808") == 0, "INT64_MIN: '%s'", buf);
    hl_plot_fmt_count(INT64_MAX, buf, sizeof buf);
    CHECKF(strcmp(buf, "9,223,372,036,854,775,807") == 0, "INT64_MAX: '%s'", buf);
    struct hl_plot_time_axis huge;
    hl_plot_time_axis_make(INFINITY, 6, &huge);
    CHECK(huge.nticks >= 2 && huge.nticks <= 7 && isfinite(huge.max_s));
    hl_plot_fmt_speedup(1.954, buf, sizeof buf);
    CHECK(strcmp(buf, "1.95\xc3\x97") == 0);
    hl_plot_fmt_speedup(NAN, buf, sizeof buf);
    CHECK(buf[0] == '\0');

    struct hl_plot_value_axis v;
    hl_plot_value_axis_make(0.004, 0.039, &v); /* under a decade: linear from 0 */
    CHECK(!v.log && v.lo == 0 && v.hi >= 0.039 && strcmp(v.unit, "ms") == 0);
    /* Linear: a bar's height is its share of the axis' top, exactly. */
    CHECKF(fabs(v.hi - 0.04) < 1e-12, "linear top %g", v.hi);
    CHECK(hl_plot_value_pos(&v, 0) == 0 && fabs(hl_plot_value_pos(&v, v.hi) - 1) < 1e-12);
    CHECKF(fabs(hl_plot_value_pos(&v, 0.01) - 0.25) < 1e-12, "0.01 at %g",
           hl_plot_value_pos(&v, 0.01));
    hl_plot_value_axis_make(0.0048, 0.092, &v); /* more: log, ends on 1-2-5 steps */
    CHECK(v.log && fabs(v.lo - log10(0.002)) < 1e-9 && fabs(v.hi - log10(0.1)) < 1e-9);
    CHECK(v.nticks == 6 && fabs(v.ticks[0] - 0.002) < 1e-12); /* 2 5 10 20 50 100 ms */
    CHECK(fabs(hl_plot_value_pos(&v, 0.1) - 1) < 1e-9 && fabs(hl_plot_value_pos(&v, 0.002)) < 1e-9);
    /* Log: equal ratios, equal distances (20 ms is 1 of 1.7 decades up). */
    CHECKF(fabs(hl_plot_value_pos(&v, 0.02) - 1 / log10(50)) < 1e-9, "20 ms at %g",
           hl_plot_value_pos(&v, 0.02));
    /* A time axis places t at its share of the axis' end. */
    struct hl_plot_time_axis t;
    hl_plot_time_axis_make(0.9, 6, &t);
    const struct hl_plot_rect area = {10, 20, 400, 100};
    CHECK(hl_plot_time_x(&t, area, 0) == 10);
    CHECKF(fabs(hl_plot_time_x(&t, area, t.max_s) - 410) < 1e-9 &&
               fabs(hl_plot_time_x(&t, area, t.max_s / 4) - 110) < 1e-9,
           "time x: %g", hl_plot_time_x(&t, area, t.max_s));
}

static void test_ideal(void) {
    static const double walls[1] = {0.080};
    struct hl_results r;
    struct hl_experiment_result *e = fixture_begin(&r, "sum");
    fixture_config(e, "serial", "serial", 1, 8, 10 * MS, 10 * MS, 1, walls);
    fixture_config(e, "pthread:4", "pthread", 4, 8, 10 * MS, 10 * MS, 1, walls);
    fixture_finish(e);
    struct hl_plot_scaling sc;
    struct hl_error err = {0};
    /* serial / W up to the cores, flat past them: 2 cores, 4 workers. */
    REQUIRE(hl_plot_scaling_layout(&sc, &r, e, hl_plot_style_default(), &err) == 0);
    CHECK(sc.ideal.kind == HL_IDEAL_SERIAL && sc.min_w == 1 && sc.max_w == 4);
    CHECK(fabs(hl_plot_scaling_ideal(&sc, 2) - 0.040) < 1e-12);
    CHECK(fabs(hl_plot_scaling_ideal(&sc, 4) - 0.040) < 1e-12);
    CHECK(strstr(sc.subtitle, "up to the 2 usable cores, flat beyond") != NULL);
    CHECK(sc.nlabels == 3 && strstr(sc.label_text[2], "ideal flat past 2 cores") != NULL);
    CHECK(sc.axis.log); /* one rule for every scaling chart */
    hl_plot_scaling_free(&sc);
    r.cores = 4; /* enough cores: serial / W all the way */
    REQUIRE(hl_plot_scaling_layout(&sc, &r, e, hl_plot_style_default(), &err) == 0);
    CHECK(fabs(hl_plot_scaling_ideal(&sc, 4) - 0.020) < 1e-12);
    CHECK(strstr(sc.subtitle, "ideal = serial / W") != NULL && sc.nlabels == 2);
    hl_plot_scaling_free(&sc);
    hl_results_free(&r);

    /* fetch: 12 GETs at 500 ms latency finish in ceil(12 / W) rounds. */
    e = fixture_begin(&r, "fetch");
    struct hl_param *p = hl_experiment_add_param(e, "latency_ms");
    p->type = HL_PARAM_INT;
    p->i = 500;
    p = hl_experiment_add_param(e, "tasks");
    p->type = HL_PARAM_INT;
    p->i = 12;
    fixture_config(e, "curl-multi:5", "curl-multi", 5, 12, 10 * MS, 10 * MS, 1, walls);
    fixture_finish(e);
    REQUIRE(hl_plot_scaling_layout(&sc, &r, e, hl_plot_style_default(), &err) == 0);
    CHECK(sc.ideal.kind == HL_IDEAL_LATENCY && sc.ideal.tasks == 12);
    CHECK(fabs(hl_plot_scaling_ideal(&sc, 5) - 1.5) < 1e-12);
    CHECK(fabs(hl_plot_scaling_ideal(&sc, 12) - 0.5) < 1e-12); /* waiting: past the cores */
    CHECK(fabs(hl_plot_scaling_ideal(&sc, 1) - 6.0) < 1e-12);
    CHECK(strstr(sc.subtitle, "ceil(12 / W)") != NULL);
    hl_plot_scaling_free(&sc);
    hl_results_free(&r);

    /* No serial run and no latency: no ideal, and the subtitle says so. */
    e = fixture_begin(&r, "sum");
    fixture_config(e, "fork:2", "fork", 2, 8, 10 * MS, 10 * MS, 1, walls);
    fixture_finish(e);
    REQUIRE(hl_plot_scaling_layout(&sc, &r, e, hl_plot_style_default(), &err) == 0);
    CHECK(sc.ideal.kind == HL_IDEAL_NONE && isnan(hl_plot_scaling_ideal(&sc, 2)));
    CHECK(strstr(sc.subtitle, "no ideal line") != NULL);
    hl_plot_scaling_free(&sc);
    hl_results_free(&r);
}

int main(void) {
    test_numbers();
    test_ideal();
    cairo_debug_reset_static_data();
    return check_finish("test_plot_axis");
}
