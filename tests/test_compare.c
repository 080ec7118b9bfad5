/* hetlane compare: two result sets side by side. The pairing (model)
 * against fixtures whose verdicts are known, then the command as a user
 * runs it on two real runs: the table, the chart, the refusals. */
#include <dirent.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check.h"
#include "model/results_pair.h"
#include "out_check.h"
#include "plot_fixture.h"
#include "spawn.h"

static const char *hetlane;
static char tmp[] = "/tmp/hetlane-compare.XXXXXX";
static struct spawn_result res;

static const struct hl_pair_row *row_of(const struct hl_pair_experiment *x, const char *label) {
    for (size_t i = 0; i < x->nrows; i++) {
        if (strcmp(x->rows[i].label, label) == 0)
            return &x->rows[i];
    }
    return NULL;
}

static void test_pairing(void) {
    struct hl_results a, b;
    struct hl_experiment_result *ea = fixture_begin(&a, "sum");
    const double a_serial[] = {1.0, 1.1, 1.2}, a_pthread[] = {0.5, 0.6, 0.7},
                 a_fork[] = {0.8, 0.9, 1.0};
    fixture_config(ea, "serial", "serial", 1, 2, MS, MS, 3, a_serial);
    fixture_config(ea, "pthread:2", "pthread", 2, 2, MS, MS, 3, a_pthread);
    fixture_config(ea, "fork:2", "fork", 2, 2, MS, MS, 3, a_fork);
    fixture_finish(ea);
    struct hl_experiment_result *sq = hl_results_add_experiment(&a);
    REQUIRE(sq != NULL);
    sq->workload = strdup("square");
    const double one[] = {0.01};
    fixture_config(sq, "serial", "serial", 1, 2, MS, MS, 1, one);
    fixture_finish(sq);

    struct hl_experiment_result *eb = fixture_begin(&b, "sum");
    const double b_serial[] = {1.15, 1.3, 1.4}, b_pthread[] = {0.2, 0.25, 0.3}, b_fork[] = {2.0},
                 b_cl[] = {0.1, 0.1, 0.1};
    fixture_config(eb, "serial", "serial", 1, 2, MS, MS, 3, b_serial);
    fixture_config(eb, "pthread:2", "pthread", 2, 2, MS, MS, 3, b_pthread);
    fixture_config(eb, "fork:2", "fork", 2, 2, MS, MS, 1, b_fork);
    fixture_config(eb, "opencl:0:0", "opencl", 1, 2, MS, MS, 3, b_cl);
    fixture_finish(eb);
    eb->params[0].i = 2000; /* another n */

    struct hl_pairing p;
    struct hl_error err = {0};
    REQUIRE(hl_results_pair(&a, &b, &p, &err) == 0);
    REQUIRE(p.n == 2);
    const struct hl_pair_experiment *sum = &p.items[0];
    CHECK(strcmp(sum->workload, "sum") == 0 && strcmp(sum->prefix, "sum") == 0);
    CHECK(!sum->same_params && sum->nrows == 4);
    const struct hl_pair_row *r = row_of(sum, "serial");
    CHECK(r != NULL && r->verdict == HL_PAIR_WITHIN && fabs(r->ratio - 1.3 / 1.1) < 1e-9);
    r = row_of(sum, "pthread:2");
    CHECK(r != NULL && r->verdict == HL_PAIR_B_FASTER && fabs(r->ratio - 0.25 / 0.6) < 1e-9);
    r = row_of(sum, "fork:2");
    CHECK(r != NULL && r->verdict == HL_PAIR_FEW_RUNS && !isnan(r->ratio));
    r = row_of(sum, "opencl:0:0");
    CHECK(r != NULL && r->verdict == HL_PAIR_ONLY_B && r->a == NULL && isnan(r->ratio));
    CHECK(&sum->rows[3] == r); /* B's own labels come after A's */
    const struct hl_pair_experiment *square = &p.items[1];
    CHECK(strcmp(square->workload, "square") == 0 && square->b == NULL && square->nrows == 1 &&
          square->rows[0].verdict == HL_PAIR_ONLY_A);
    hl_pairing_free(&p);

    /* Swapped, a slower B is named so; a set against itself differs in
     * nothing beyond the spread. */
    REQUIRE(hl_results_pair(&b, &a, &p, &err) == 0);
    CHECK(row_of(&p.items[0], "pthread:2")->verdict == HL_PAIR_B_SLOWER);
    hl_pairing_free(&p);
    REQUIRE(hl_results_pair(&a, &a, &p, &err) == 0);
    CHECK(p.items[0].same_params && row_of(&p.items[0], "serial")->verdict == HL_PAIR_WITHIN &&
          row_of(&p.items[0], "serial")->ratio == 1.0);
    hl_pairing_free(&p);
    hl_results_free(&a);
    hl_results_free(&b);
}

static int run(const char *const *argv) {
    REQUIRE(spawn_capture(argv, NULL, &res) == 0);
    return res.status;
}

static void test_command(void) {
    char a[200], b[200], c[200], ra[240], rb[240];
    snprintf(a, sizeof a, "%s/a", tmp);
    snprintf(b, sizeof b, "%s/b", tmp);
    snprintf(c, sizeof c, "%s/c", tmp);
    snprintf(ra, sizeof ra, "%s/results.json", a);
    snprintf(rb, sizeof rb, "%s/results.json", b);
    /* B adds 3000 times as many integers: slower beyond any spread. */
    const char *run_a[] = {hetlane, "run", "sum", "-n", "1000", "-b", "serial,pthread:2",
                           "-r",    "3",   "-q",  "-o", a,      NULL};
    const char *run_b[] = {hetlane, "run", "sum", "-n", "3,000,000", "-b", "serial,fork:2",
                           "-r",    "3",   "-q",  "-o", b,           NULL};
    REQUIRE(run(run_a) == 0 && run(run_b) == 0);
    const char *cmp[] = {hetlane, "compare", ra, rb, "-o", c, NULL};
    CHECKF(run(cmp) == 0, "%s", res.err);
    CHECKF(strstr(res.out, "A: ") != NULL && strstr(res.out, "B: ") != NULL, "%s", res.out);
    CHECKF(strstr(res.out, "the parameters differ") != NULL, "%s", res.out);
    const char *serial = strstr(res.out, "\nserial ");
    CHECKF(serial != NULL && strstr(serial, "B slower, beyond the spread") != NULL, "%s", res.out);
    CHECK(strstr(res.out, "pthread:2") != NULL && strstr(res.out, "only in A") != NULL);
    CHECK(strstr(res.out, "fork:2") != NULL && strstr(res.out, "only in B") != NULL);
    CHECK(strstr(res.out, "A median ") != NULL && strstr(res.out, "B / A") != NULL);
    char why[256];
    size_t files = 0;
    CHECKF(out_check(c, &files, why, sizeof why) == 0, "%s", why);
    if (strstr(res.err, "no charts") == NULL) {
        CHECKF(files == 1, "%zu files in %s", files, c);
        char png[260];
        snprintf(png, sizeof png, "%s/sum-compare-sets.png", c);
        CHECK(access(png, R_OK) == 0);
        CHECKF(strstr(res.err, "wrote 1 png chart to") != NULL, "%s", res.err);
    }
    /* A set against itself: nothing differs beyond the spread. */
    const char *self[] = {hetlane, "compare", ra, ra, "-q", "-o", c, NULL};
    CHECKF(run(self) == 0 && res.err[0] == '\0', "%s", res.err);
    CHECK(strstr(res.out, "beyond the spread,") == NULL && strstr(res.out, "1.00x") != NULL);
    CHECK(strstr(res.out, "within the spread") != NULL);

    /* Refusals: one line, exit 2, nothing written. */
    char none[200];
    snprintf(none, sizeof none, "%s/none", tmp);
    const char *missing[] = {hetlane, "compare", ra, "/nonexistent/b.json", "-o", none, NULL};
    CHECK(run(missing) == 2 && count_lines(res.err) == 1 &&
          strstr(res.err, "/nonexistent/b.json") != NULL && res.out[0] == '\0');
    CHECK(dir_is_empty_or_missing(none));
    const char *one[] = {hetlane, "compare", ra, NULL};
    CHECK(run(one) == 2 && strstr(res.err, "compare: missing B.json") != NULL);
    const char *three[] = {hetlane, "compare", ra, ra, ra, NULL};
    CHECK(run(three) == 2 && strstr(res.err, "unexpected argument") != NULL);
    const char *help[] = {hetlane, "compare", "--help", NULL};
    CHECK(run(help) == 0 && strstr(res.out, "usage: hetlane compare A.json B.json") != NULL);
    const char *top[] = {hetlane, "--help", NULL};
    CHECK(run(top) == 0 && strstr(res.out, "hetlane compare A.json B.json") != NULL);
    printf("compare: table, chart and refusals as documented\n");
}

int main(int argc, char **argv) {
    REQUIRE(argc == 2);
    hetlane = argv[1];
    REQUIRE(mkdtemp(tmp) != NULL);
    test_pairing();
    test_command();
    if (check_failures == 0)
        out_remove_tree(tmp);
    return check_finish("test_compare");
}
