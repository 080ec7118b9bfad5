/* trace.json from synthetic results: one process per counted run, the
 * median run named so, one X event per task and phase with ts/dur
 * matching the records, names as metadata, no overlaps on a thread
 * whether phases nest in their tasks or need threads of their own. */
#include <string.h>
#include <unistd.h>

#include "check.h"
#include "output/results_io.h"
#include "plot_fixture.h"
#include "trace_check.h"

static const double walls[3] = {0.050, 0.042, 0.047};

int main(void) {
    char dir[] = "/tmp/hetlane-test-trace.XXXXXX";
    REQUIRE(mkdtemp(dir) != NULL);
    struct hl_results r;
    struct hl_experiment_result *e = fixture_begin(&r, "square");
    fixture_config(e, "serial", "serial", 1, 4, 5 * MS, 5 * MS, 3, walls);
    fixture_config(e, "pthread:2", "pthread", 2, 8, 10 * MS, 8 * MS, 3, walls);
    fixture_config(e, "opencl:0:0", "opencl", 1, 6, 10 * MS, 8 * MS, 3, walls);
    struct hl_config_result *skipped = hl_experiment_add_config(e);
    skipped->label = strdup("fork:2");
    skipped->backend = strdup("fork");
    skipped->workers = 2;
    skipped->note = strdup("skipped: test");
    for (size_t i = 0; i < 3; i++) {
        /* Nested phases on pthread; on "opencl" the d2h ends after its task
         * (device clocks can), so its phases need threads of their own. */
        struct hl_task_record *t = &e->configs[1].runs[i].tasks[2];
        hl_task_add_phase(t, HL_PHASE_H2D, t->t0_ns, t->t0_ns + 2 * MS);
        hl_task_add_phase(t, HL_PHASE_KERNEL, t->t0_ns + 2 * MS, t->t1_ns);
        e->configs[1].runs[i].tasks[5].ok = false;
        e->configs[1].runs[i].tasks[7].worker = -1; /* never ran: no event */
        for (size_t k = 0; k < 6; k++) {
            t = &e->configs[2].runs[i].tasks[k];
            hl_task_add_phase(t, HL_PHASE_H2D, t->t0_ns, t->t0_ns + MS);
            hl_task_add_phase(t, HL_PHASE_KERNEL, t->t0_ns + MS, t->t1_ns - MS);
            hl_task_add_phase(t, HL_PHASE_D2H, t->t1_ns - MS, t->t1_ns + MS / 2);
        }
    }
    fixture_finish(e);
    struct hl_error err = {0};
    REQUIRE(hl_results_save_trace(dir, &r, &err) == 0);
    char path[512];
    snprintf(path, sizeof path, "%s/trace.json", dir);
    CHECK(trace_check(path, &r) == 3L * (2 + 6 * 3)); /* every run of the 3 */

    /* The thread names say worker, queue and where phases went. */
    FILE *in = fopen(path, "r");
    REQUIRE(in != NULL);
    static char text[1 << 16];
    size_t n = fread(text, 1, sizeof text - 1, in);
    text[n] = '\0';
    fclose(in);
    CHECK(strstr(text, "\"worker 1\"") != NULL && strstr(text, "\"queue 0\"") != NULL);
    CHECK(strstr(text, "\"queue 0 phases\"") != NULL);
    CHECK(strstr(text, "\"worker 0 phases\"") == NULL); /* nested on pthread */
    CHECK(strstr(text, "square pthread:2 (run 3 of 3, the median)") != NULL);
    CHECK(strstr(text, "square pthread:2 (run 1 of 3)") != NULL);
    CHECK(strstr(text, "square pthread:2 (run 2 of 3)") != NULL);
    CHECK(strstr(text, "skipped") == NULL); /* a config without runs has no process */
    hl_results_free(&r);
    unlink(path);
    rmdir(dir);
    return check_finish("test_trace");
}
