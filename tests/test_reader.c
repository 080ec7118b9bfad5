/* The results.json reader against hostile files (issue 17): every number
 * has a range that matches what hetlane can have measured (no negative
 * time, no zero wall time, no phase that ends before it starts, no
 * speedup of 0 or less, no count below 0, int64 ends included), errors
 * name the JSON path once ("tasks[0].phases[0]", never doubled), and the
 * JSON grammar is checked to the byte. UTF-8 both ways: what the writer
 * is given that is not UTF-8 becomes U+FFFD in results.json and
 * results.csv, which stay valid; the reader reads that back, passes
 * well-formed non-ASCII text through, and refuses bytes that are not
 * UTF-8. */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check.h"
#include "output/results_io.h"
#include "util/fs.h"
#include "util/json_reader.h"

/* A whole, valid file with one task; each %s is one part, in order:
 * params, workers, wall_s (the config's), speedup, setup_s, run wall_s,
 * run cpu_s, the task. */
#define TEMPLATE                                                                                   \
    "{\"schema\":\"hetlane-results/1\",\"version\":\"x\",\"host\":{\"cpu\":\"c\",\"cores\":2},"    \
    "\"experiments\":[{\"workload\":\"sum\",\"params\":%s,\"configs\":[{\"label\":\"serial\","     \
    "\"backend\":\"serial\",\"workers\":%s,\"device\":null,\"tasks\":1,\"setup_s\":%s,"            \
    "\"note\":null,\"wall_s\":%s,\"cpu_s\":{\"min\":1,\"median\":1,\"max\":1},\"speedup\":%s,"     \
    "\"verified\":true,\"runs\":[{\"wall_s\":%s,\"cpu_s\":%s,\"verified\":true,\"error\":null,"    \
    "\"tasks\":[%s]}]}]}]}"

static const char good_task[] =
    "{\"id\":0,\"worker\":0,\"start_s\":0,\"end_s\":1,\"ok\":true,\"phases\":"
    "[{\"name\":\"kernel\",\"start_s\":0.25,\"end_s\":0.5}]}";

enum { P_PARAMS, P_WORKERS, P_SETUP, P_WALL, P_SPEEDUP, P_RUN_WALL, P_RUN_CPU, P_TASK, NPARTS };
struct parts {
    const char *part[NPARTS];
};

static const struct parts good = {{
    "{\"n\":5,\"tasks\":1}",
    "1",
    "0",
    "{\"min\":1,\"median\":1,\"max\":1}",
    "1",
    "1",
    "0.5",
    good_task,
}};

static void make_doc(const struct parts *p, char *buf, size_t size) {
    snprintf(buf, size, TEMPLATE, p->part[0], p->part[1], p->part[2], p->part[3], p->part[4],
             p->part[5], p->part[6], p->part[7]);
}

static int parse(const char *doc, struct hl_error *err) {
    struct hl_results r;
    hl_error_clear(err);
    int rc = hl_results_parse_json(doc, strlen(doc), "f.json", &r, err);
    hl_results_free(&r);
    return rc;
}

struct range_case {
    int part; /* the part of struct parts to replace */
    const char *value, *expect;
};

static const struct range_case ranges[] = {
    {P_PARAMS, "{\"n\":-9223372036854775808}",
     "f.json: experiments[0].params.n: -9223372036854775808 is "
     "out of range (0 or more)"},
    {P_PARAMS, "{\"n\":9223372036854775808}",
     "not valid JSON: integer 9223372036854775808 is out of range"},
    {P_PARAMS, "{\"tasks\":-1}", "params.tasks: -1 is out of range"},
    {P_PARAMS, "{\"timeout_s\":0}", "params.timeout_s: 0 is out of range"},
    {P_PARAMS, "{\"n\":1,\"n\":2}", "params.n: appears twice"},
    {P_PARAMS, "{\"n\":[1]}", "params.n: must be a number or a string"},
    {P_WORKERS, "0", "configs[0].workers: 0 is out of range (1 to 256)"},
    {P_WORKERS, "257", "configs[0].workers: 257 is out of range"},
    {P_WORKERS, "1.5", "configs[0].workers: must be an integer"},
    {P_SETUP, "-1", "configs[0].setup_s: -1 s is out of range"},
    {P_WALL, "{\"min\":-1,\"median\":1,\"max\":1}", "configs[0].wall_s.min: -1 s is out of range"},
    {P_WALL, "{\"min\":0,\"median\":1,\"max\":1}", "configs[0].wall_s.min: 0 s is out of range"},
    {P_WALL, "{\"min\":2,\"median\":1,\"max\":3}",
     "configs[0].wall_s: min, median and max are out of"},
    {P_WALL, "{\"min\":1,\"median\":1}", "configs[0].wall_s.max: missing"},
    {P_SPEEDUP, "-2", "configs[0].speedup: -2 is out of range"},
    {P_SPEEDUP, "0", "configs[0].speedup: 0 is out of range"},
    {P_SPEEDUP, "1e400", "not valid JSON: number 1e400 is out of range"},
    {P_RUN_WALL, "0", "runs[0].wall_s: 0 s is out of range"},
    {P_RUN_WALL, "1.5e9", "runs[0].wall_s: 1.5e+09 s is out of range"},
    {P_RUN_WALL, "0.0000000004", "runs[0].wall_s: 4e-10 s is out of range"},
    {P_RUN_CPU, "-0.5", "runs[0].cpu_s: -0.5 s is out of range"},
    /* Past 1e9 s (31 years) is no time hetlane measured, nor is a
     * negative one: every kind of time. */
    {P_RUN_CPU, "1000000001", "runs[0].cpu_s: 1e+09 s is out of range (0 to 1e9 s)"},
    {P_SETUP, "2e9", "configs[0].setup_s: 2e+09 s is out of range (0 to 1e9 s)"},
    {P_SETUP, "-3", "configs[0].setup_s: -3 s is out of range"},
    {P_WALL, "{\"min\":1,\"median\":1,\"max\":1e10}",
     "configs[0].wall_s.max: 1e+10 s is out of range"},
    {P_WORKERS, "-1", "configs[0].workers: -1 is out of range (1 to 256)"},
    {P_TASK, "{\"id\":0,\"worker\":0,\"start_s\":-5,\"end_s\":-4,\"ok\":true,\"phases\":[]}",
     "tasks[0].start_s: -5 s is out of range"},
    {P_TASK, "{\"id\":0,\"worker\":0,\"start_s\":0,\"end_s\":1.5e9,\"ok\":true,\"phases\":[]}",
     "tasks[0].end_s: 1.5e+09 s is out of range"},
    {P_TASK, "{\"id\":0,\"worker\":0,\"start_s\":1.5e9,\"end_s\":1.5e9,\"ok\":true,\"phases\":[]}",
     "tasks[0].start_s: 1.5e+09 s is out of range"},
    {P_TASK,
     "{\"id\":0,\"worker\":0,\"start_s\":0,\"end_s\":1,\"ok\":true,\"phases\":[{\"name\":"
     "\"kernel\",\"start_s\":0,\"end_s\":4e9}]}",
     "tasks[0].phases[0].end_s: 4e+09 s is out of range"},
    {P_TASK, "{\"id\":0,\"worker\":0,\"start_s\":-1,\"end_s\":1,\"ok\":true,\"phases\":[]}",
     "tasks[0].start_s: -1 s is out of range"},
    {P_TASK, "{\"id\":0,\"worker\":0,\"start_s\":2,\"end_s\":1,\"ok\":true,\"phases\":[]}",
     "tasks[0].end_s: ends before it starts"},
    {P_TASK, "{\"id\":0,\"worker\":256,\"start_s\":0,\"end_s\":1,\"ok\":true,\"phases\":[]}",
     "tasks[0].worker: 256 is out of range"},
    {P_TASK, "{\"id\":3000000000,\"worker\":0,\"start_s\":0,\"end_s\":1,\"ok\":true,\"phases\":[]}",
     "tasks[0].id: 3000000000 is out of range"},
    {P_TASK,
     "{\"id\":0,\"worker\":0,\"start_s\":0,\"end_s\":1,\"ok\":true,\"bytes\":-1,\"phases\":[]}",
     "tasks[0].bytes: -1 is out of range"},
    {P_TASK, "{\"id\":0,\"id\":1,\"worker\":0,\"start_s\":0,\"end_s\":1,\"ok\":true,\"phases\":[]}",
     "tasks[0].id: appears twice"},
    {P_TASK,
     "{\"id\":0,\"worker\":0,\"start_s\":0,\"end_s\":3,\"ok\":true,\"phases\":[{\"name\":"
     "\"kernel\","
     "\"start_s\":2,\"end_s\":1}]}",
     "f.json: experiments[0].configs[0].runs[0].tasks[0].phases[0].end_s: ends before it starts"},
    {P_TASK, "{\"id\":0,\"worker\":0,\"start_s\":0,\"end_s\":1,\"ok\":true,\"phases\":[5]}",
     "f.json: experiments[0].configs[0].runs[0].tasks[0].phases[0]: must be an object"},
    {P_TASK,
     "{\"id\":0,\"worker\":0,\"start_s\":0,\"end_s\":1,\"ok\":true,\"phases\":[{},{},{},{},{}]}",
     "tasks[0].phases[0].name: missing"},
    {P_TASK, "5", "f.json: experiments[0].configs[0].runs[0].tasks[0]: must be an object"},
    {P_SPEEDUP,
     "1,\"noise\":{\"runs_made\":2,\"stopped\":\"narrow\",\"median_ci\":{\"lo\":1,\"hi\":1,"
     "\"level\":0.5},\"max_over_min\":1,\"outliers\":0,\"flagged\":false}",
     "f.json: experiments[0].configs[0].noise.runs_made: is 2, but the config has 1 runs"},
    {P_SPEEDUP,
     "1,\"noise\":{\"runs_made\":1,\"stopped\":\"narrow\",\"median_ci\":{\"lo\":2,\"hi\":1,"
     "\"level\":0.5},\"max_over_min\":1,\"outliers\":0,\"flagged\":false}",
     "f.json: experiments[0].configs[0].noise.median_ci: ends below its start"},
    {P_SPEEDUP,
     "1,\"noise\":{\"runs_made\":1,\"stopped\":\"narrow\",\"median_ci\":{\"lo\":1,\"hi\":1,"
     "\"level\":2},\"max_over_min\":1,\"outliers\":0,\"flagged\":false}",
     "configs[0].noise.median_ci.level: 2 is out of range"},
    {P_PARAMS,
     "{\"n\":5},\"settings\":{\"warmup\":1,\"runs\":6,\"adaptive\":{\"min_runs\":6,\"max_runs\":5,"
     "\"budget_s\":1,\"target\":0.05,\"confidence\":0.95}}",
     "f.json: experiments[0].settings.adaptive.max_runs: is below min_runs"},
    {P_PARAMS,
     "{\"n\":5},\"settings\":{\"warmup\":1,\"runs\":6,\"adaptive\":{\"min_runs\":0,\"max_runs\":5,"
     "\"budget_s\":1,\"target\":0.05,\"confidence\":0.95}}",
     "experiments[0].settings.adaptive.min_runs: 0 is out of range"},
};

/* Every range case is refused as a usage error with its path; the path
 * is never doubled; the good file reads. */
static void test_ranges(void) {
    char doc[4096];
    struct hl_error err = {0};
    make_doc(&good, doc, sizeof doc);
    CHECKF(parse(doc, &err) == 0, "the good file: %s", err.msg);
    /* settings.adaptive and a config's noise read (issue 16's fields) */
    struct parts with = good;
    with.part[P_PARAMS] =
        "{\"n\":5},\"settings\":{\"warmup\":1,\"runs\":6,\"adaptive\":{\"min_runs\":6,\"max_runs\":"
        "30,\"budget_s\":1,\"target\":0.05,\"confidence\":0.95}}";
    with.part[P_SPEEDUP] =
        "1,\"noise\":{\"runs_made\":1,\"stopped\":\"narrow\",\"median_ci\":{\"lo\":0.5,\"hi\":1,"
        "\"level\":0.75},\"max_over_min\":1,\"outliers\":0,\"flagged\":false}";
    make_doc(&with, doc, sizeof doc);
    struct hl_results r;
    int rc = hl_results_parse_json(doc, strlen(doc), "f.json", &r, &err);
    CHECKF(rc == 0, "noise and adaptive: %s", err.msg);
    if (rc == 0) {
        const struct hl_experiment_result *e = &r.experiments[0];
        const struct hl_config_result *c = &e->configs[0];
        CHECK(e->adaptive && e->adapt.min_runs == 6 && e->adapt.max_runs == 30 && e->runs == 6);
        CHECK(c->noise.known && c->stop == HL_STOP_NARROW && c->noise.median_ci.lo == 0.5 &&
              c->noise.median_ci.level == 0.75 && !c->noise.flagged);
        hl_results_free(&r);
    }
    for (size_t i = 0; i < sizeof ranges / sizeof ranges[0]; i++) {
        struct parts p = good;
        p.part[ranges[i].part] = ranges[i].value;
        make_doc(&p, doc, sizeof doc);
        CHECKF(parse(doc, &err) == -1 && err.status == HL_ERR_USAGE, "range %zu: read", i);
        CHECKF(strstr(err.msg, ranges[i].expect) != NULL, "range %zu: '%s' lacks '%s'", i, err.msg,
               ranges[i].expect);
        CHECKF(strstr(err.msg, "phases[0].phases") == NULL &&
                   strstr(err.msg, "tasks[0].tasks") == NULL,
               "range %zu: doubled path '%s'", i, err.msg);
    }
    printf("ranges: %zu impossible values refused with their path\n",
           sizeof ranges / sizeof ranges[0]);
}

struct syntax_case {
    const char *text, *expect;
};

static const struct syntax_case syntax[] = {
    {"{\"schema\":\"a\xff\"}", "invalid UTF-8 in a string"},
    {"{\"schema\":\"\xc0\xaf\"}", "invalid UTF-8 in a string"},     /* overlong '/' */
    {"{\"schema\":\"\xed\xa0\x80\"}", "invalid UTF-8 in a string"}, /* a surrogate */
    {"{\"schema\":\"\\ud800\"}", "lone UTF-16 surrogate"},
    {"{\"schema\":\"\\u0000\"}", "\\u0000 in a string"},
    {"{\"schema\":\"a\nb\"}", "control character 0x0a"},
    {"{\"schema\":\"\\x\"}", "invalid escape"},
    {"{\"a\":01}", "expected ',' or the end of an object"},
    {"{\"a\":1.}", "no digit after '.'"},
    {"{\"a\":-}", "invalid number"},
    {"{\"a\":tru}", "invalid literal"},
    {"{\"a\":1,}", "expected a string"},
    {"{\"a\":1} x", "text after the end of the document"},
    {"\xef\xbb\xbf{}", "unexpected character"},
    {"", "the file ends where a value should be"},
    {"{\"a\":[1,2", "the file ends inside an array"},
};

static void test_syntax(void) {
    struct hl_error err = {0};
    for (size_t i = 0; i < sizeof syntax / sizeof syntax[0]; i++) {
        CHECKF(parse(syntax[i].text, &err) == -1 && err.status == HL_ERR_USAGE, "syntax %zu", i);
        CHECKF(strstr(err.msg, "not valid JSON") != NULL &&
                   strstr(err.msg, syntax[i].expect) != NULL,
               "syntax %zu: '%s' lacks '%s'", i, err.msg, syntax[i].expect);
    }
    /* Deep nesting under a member nobody reads. */
    char deep[400] = "{\"x\":";
    memset(deep + 5, '[', 100);
    deep[105] = '\0';
    CHECK(parse(deep, &err) == -1 && strstr(err.msg, "nested deeper than 64 levels") != NULL);

    /* What the grammar allows reads as it should: escapes, pairs, int64 ends. */
    static const char ok[] = "[\"\\u00e9\\ud83d\\ude00\\/\\t\", -0, 1e-400, -9223372036854775808, "
                             "9223372036854775807, 0.5E+1, true, null]";
    struct hl_json_reader jr;
    hl_json_reader_open_mem(&jr, ok, strlen(ok));
    CHECK(hl_json_reader_next(&jr) == HL_JR_ARRAY);
    CHECK(hl_json_reader_next(&jr) == HL_JR_STRING &&
          strcmp(jr.str, "\xc3\xa9\xf0\x9f\x98\x80/\t") == 0);
    CHECK(hl_json_reader_next(&jr) == HL_JR_INT && jr.i == 0);
    CHECK(hl_json_reader_next(&jr) == HL_JR_REAL && jr.r == 0);
    CHECK(hl_json_reader_next(&jr) == HL_JR_INT && jr.i == INT64_MIN);
    CHECK(hl_json_reader_next(&jr) == HL_JR_INT && jr.i == INT64_MAX);
    CHECK(hl_json_reader_next(&jr) == HL_JR_REAL && jr.r == 5.0);
    CHECK(hl_json_reader_next(&jr) == HL_JR_BOOL && jr.b);
    CHECK(hl_json_reader_next(&jr) == HL_JR_NULL);
    CHECK(hl_json_reader_next(&jr) == HL_JR_ARRAY_END);
    CHECK(hl_json_reader_next(&jr) == HL_JR_END);
    hl_json_reader_close(&jr);
    printf("syntax: %zu malformed documents refused; escapes and int64 ends read\n",
           sizeof syntax / sizeof syntax[0]);
}

static int write_json_cb(FILE *out, void *ctx, struct hl_error *err) {
    return hl_results_write_json(out, ctx, err);
}

static int write_csv_cb(FILE *out, void *ctx, struct hl_error *err) {
    return hl_results_write_csv(out, ctx, err);
}

/* Text that is not UTF-8, written and read back; well-formed text kept. */
static void test_utf8(const char *dir) {
    char doc[4096];
    struct parts p = good;
    p.part[P_PARAMS] = "{\"url\":\"http://h/\xe6\x9d\xb1\xe4\xba\xac\"}";
    make_doc(&p, doc, sizeof doc);
    struct hl_results r;
    struct hl_error err = {0};
    REQUIRE(hl_results_parse_json(doc, strlen(doc), "f.json", &r, &err) == 0);
    CHECK(strcmp(hl_experiment_param(&r.experiments[0], "url")->text,
                 "http://h/\xe6\x9d\xb1\xe4\xba\xac") == 0);
    /* Now spoil strings as a --url, a driver or an error text might. */
    free(r.cpu);
    r.cpu = strdup("AMD \xff\xfe EPYC \xe6\x9d\xb1");
    struct hl_task_record *t = &r.experiments[0].configs[0].runs[0].tasks[0];
    t->ok = false;
    snprintf(t->error, sizeof t->error, "caf\xc3\xa9 \xc3 cut, \"quoted\"");
    REQUIRE(hl_write_file_atomic(dir, "results.json", write_json_cb, &r, &err) == 0);
    REQUIRE(hl_write_file_atomic(dir, "results.csv", write_csv_cb, &r, &err) == 0);
    hl_results_free(&r);

    char path[512];
    snprintf(path, sizeof path, "%s/results.json", dir);
    json_error_t jerr; /* an independent parser that refuses bytes that are not UTF-8 */
    json_t *doc_j = json_load_file(path, 0, &jerr);
    CHECKF(doc_j != NULL, "written results.json is not valid JSON: %s", jerr.text);
    json_decref(doc_j);
    REQUIRE(hl_results_read_json(path, &r, &err) == 0);
    CHECKF(strcmp(r.cpu, "AMD \xef\xbf\xbd\xef\xbf\xbd EPYC \xe6\x9d\xb1") == 0, "cpu '%s'", r.cpu);
    t = &r.experiments[0].configs[0].runs[0].tasks[0];
    CHECKF(strcmp(t->error, "caf\xc3\xa9 \xef\xbf\xbd cut, \"quoted\"") == 0, "error '%s'",
           t->error);
    hl_results_free(&r);

    snprintf(path, sizeof path, "%s/results.csv", dir);
    FILE *f = fopen(path, "rb");
    REQUIRE(f != NULL);
    char csv[8192];
    size_t n = fread(csv, 1, sizeof csv - 1, f);
    fclose(f);
    csv[n] = '\0';
    CHECKF(memchr(csv, 0xff, n) == NULL && strstr(csv, "caf\xc3\xa9 \xef\xbf\xbd cut") != NULL,
           "results.csv: %s", csv);
    unlink(path);
    snprintf(path, sizeof path, "%s/results.json", dir);
    unlink(path);
    printf("UTF-8: bytes that are not become U+FFFD when written and read back so\n");
}

/* A file read from disk names itself once, and the reason of an open
 * that failed. */
static void test_file_errors(const char *dir) {
    struct hl_results r;
    struct hl_error err = {0};
    CHECK(hl_results_read_json("/nonexistent/results.json", &r, &err) == -1);
    CHECKF(err.status == HL_ERR_USAGE &&
               strcmp(err.msg,
                      "cannot read /nonexistent/results.json: No such file or directory") == 0,
           "'%s'", err.msg);
    hl_error_clear(&err);
    CHECK(hl_results_read_json(dir, &r, &err) == -1);
    CHECKF(strstr(err.msg, "Is a directory") != NULL, "'%s'", err.msg);
}

int main(void) {
    char dir[] = "/tmp/hetlane-test-reader.XXXXXX";
    REQUIRE(mkdtemp(dir) != NULL);
    test_ranges();
    test_syntax();
    test_utf8(dir);
    test_file_errors(dir);
    rmdir(dir);
    return check_finish("test_reader");
}
