/* What hetlane says about runs and times, wherever it says it: the
 * summary table on stdout (one unit per column, in its heading), the
 * report's parameter line, the counts of runs and warm-ups. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "output/summary.h"
#include "plot_fixture.h"
#include "report/report.h"
#include "report/report_text.h"
#include "util/text.h"

static void test_runs_text(void) {
    char buf[96];
    CHECK(strcmp(hl_format_runs(buf, sizeof buf, 1, 0), "1 counted run, no warm-up") == 0);
    CHECK(strcmp(hl_format_runs(buf, sizeof buf, 3, 1), "3 counted runs after 1 warm-up") == 0);
    CHECK(strcmp(hl_format_runs(buf, sizeof buf, 1, 2), "1 counted run after 2 warm-ups") == 0);
    CHECK(strcmp(hl_format_runs(buf, sizeof buf, 5, 0), "5 counted runs, no warm-up") == 0);
}

static void test_units(void) {
    struct hl_time_unit u = hl_time_unit_for(0.0000718, 0.003293);
    char buf[32];
    CHECK(strcmp(u.name, "ms") == 0);
    CHECKF(strcmp(hl_format_in_unit(buf, sizeof buf, 0.0000718, u), "0.0718") == 0, "%s", buf);
    u = hl_time_unit_for(0.5, 6.0);
    CHECK(strcmp(u.name, "s") == 0 &&
          strcmp(hl_format_in_unit(buf, sizeof buf, 6.0, u), "6.000") == 0);
    u = hl_time_unit_for(2e-7, 8e-4);
    CHECK(strcmp(u.name, "us") == 0);
    u = hl_time_unit_for(0.6, 0.61);
    CHECKF(strcmp(hl_format_in_unit(buf, sizeof buf, 0.606903, u), "606.9") == 0, "%s", buf);
}

/* One run, no warm-up: the summary and the report say so in English, and
 * every time column has one unit, named in its heading only. */
static void test_summary_and_report(void) {
    struct hl_results r;
    struct hl_experiment_result *e = fixture_begin(&r, "sum");
    e->runs = 1;
    e->warmup = 0;
    const double fast[] = {0.0000718}, slow[] = {0.003293};
    fixture_config(e, "serial", "serial", 1, 4, MS / 100, MS / 100, 1, fast);
    fixture_config(e, "pthread:2", "pthread", 2, 4, MS, MS, 1, slow);
    fixture_finish(e);
    e->configs[1].verified = false; /* a run that did not verify */

    char *text = NULL;
    size_t len = 0;
    FILE *out = open_memstream(&text, &len);
    REQUIRE(out != NULL);
    hl_summary_print(out, &r);
    fclose(out);
    /* The verified column: "yes", and "NO" for the one that was not. */
    const char *serial_row = strstr(text, "\nserial "), *pthread_row = strstr(text, "\npthread:2 ");
    REQUIRE(serial_row != NULL && pthread_row != NULL);
    size_t serial_len = strcspn(serial_row + 1, "\n"), pthread_len = strcspn(pthread_row + 1, "\n");
    char row[256];
    snprintf(row, sizeof row, "%.*s", (int)serial_len, serial_row + 1);
    CHECKF(strstr(row, " yes") != NULL && strstr(row, " NO") == NULL, "serial row: %s", row);
    snprintf(row, sizeof row, "%.*s", (int)pthread_len, pthread_row + 1);
    CHECKF(strstr(row, " NO") != NULL && strstr(row, " yes") == NULL, "pthread:2 row: %s", row);
    CHECKF(strstr(text, "; 1 counted run, no warm-up)") != NULL, "%s", text);
    CHECKF(strstr(text, "median ms") != NULL && strstr(text, "min ms") != NULL &&
               strstr(text, "max ms") != NULL && strstr(text, "cpu ") != NULL,
           "%s", text);
    CHECKF(strstr(text, "0.0718") != NULL && strstr(text, "3.2930") != NULL, "%s", text);
    /* No unit inside the rows: "us", "ms" and " s " only in the heading. */
    const char *rows = strchr(strstr(text, "median ms"), '\n');
    CHECKF(strstr(rows, " us") == NULL && strstr(rows, " ms") == NULL, "%s", rows);
    free(text);

    char params[256];
    hl_report_params_text(&r, e, params, sizeof params);
    CHECKF(strstr(params, "1 counted run, no warm-up") != NULL, "%s", params);
    CHECKF(strstr(params, "without") == NULL && strstr(params, "0 warm-up") == NULL, "%s", params);
    e->runs = 3;
    e->warmup = 1;
    hl_report_params_text(&r, e, params, sizeof params);
    CHECKF(strstr(params, "3 counted runs after 1 warm-up") != NULL, "%s", params);
    hl_results_free(&r);
}

int main(void) {
    test_runs_text();
    test_units();
    test_summary_and_report();
    return check_finish("test_wording");
}
