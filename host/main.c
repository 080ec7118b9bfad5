/* hetlane: subcommands only. Parse, call the library, map errors to exit
 * statuses (0 ok, 1 runtime failure, 2 usage). */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "commands/demo.h"
#include "experiment/experiment.h"
#include "report/report.h"
#include "output/results_io.h"
#include "output/summary.h"
#include "util/alloc.h"
#include "util/fault.h"
#include "util/fs.h"
#include "util/interrupt.h"
#include "util/json_writer.h"
#include "util/sysinfo.h"
#if HETLANE_WITH_OPENCL
#include "backends/opencl/cl_devices.h"
#endif
#if HETLANE_WITH_FETCH
#include "workloads/fetch/serve.h"
#include "workloads/fetch/fetch.h"
#endif
#ifdef HETLANE_WITH_CHARTS
#include "plot/plot.h"
#endif

/* Says why in one line. After an interrupt main says that instead: what
 * failed then failed because of it. */
static int fail(const struct hl_error *err) {
    if (!hl_interrupted())
        hl_error_print_line(stderr, "hetlane: ", err->msg);
    return err->status == HL_OK ? HL_ERR_RUNTIME : (int)err->status;
}

static int fill_host(struct hl_results *r, const struct hl_config *cfg, struct hl_error *err) {
    char cpu[256];
    hl_sys_cpu_model(cpu, sizeof cpu);
    r->version = hl_strdup(HETLANE_VERSION);
    r->cpu = hl_strdup(cpu);
    r->cores = hl_sys_cores();
    r->warmup = cfg->warmup;
    r->runs = cfg->runs;
    if (r->version == NULL || r->cpu == NULL)
        return hl_error_errno(err, HL_ERR_RUNTIME, ENOMEM, "cannot allocate the results");
    return 0;
}

/* trace.json and every chart into dir; says what it wrote unless quiet.
 * Returns 0, or -1 with err filled when a file could not be written. */
static int write_views(const struct hl_config *cfg, const char *dir, const struct hl_results *r,
                       struct hl_error *err) {
    int rc = hl_results_save_trace(dir, r, err);
    size_t charts = 0;
#ifdef HETLANE_WITH_CHARTS
    enum hl_plot_format fmt = HL_PLOT_PNG;
    hl_plot_format_from_name(cfg->format, &fmt); /* the CLI checked the name */
    if (hl_plot_save_all(dir, r, fmt, &charts, err) != 0)
        rc = -1;
#endif
    if (!cfg->quiet) {
#ifdef HETLANE_WITH_CHARTS
        fprintf(stderr, "hetlane: wrote trace.json and %zu %s chart%s to %s\n", charts, cfg->format,
                charts == 1 ? "" : "s", dir);
#else
        fprintf(stderr, "hetlane: wrote trace.json to %s (no charts: built without cairo)\n", dir);
#endif
    }
    (void)charts;
    return rc;
}

static int cmd_run(const struct hl_config *cfg) {
    struct hl_error err = {0};
    struct hl_plan plan = {
        .workload = cfg->workload,
        .params = cfg->params,
        .warmup = cfg->warmup,
        .runs = cfg->runs,
        .nconfigs = cfg->nconfigs,
        .configs = cfg->configs,
        .progress = cfg->quiet ? NULL : stderr,
    };
    /* Everything that can be refused is refused before any work starts. */
    if (hl_plan_check(&plan, &err) != 0 || hl_prepare_out_dir(cfg->out_dir, "--out", &err) != 0)
        return fail(&err);

    struct hl_results results = {0};
    if (fill_host(&results, cfg, &err) != 0 || hl_experiment_run(&plan, &results, &err) != 0) {
        hl_results_free(&results);
        return fail(&err);
    }
    if (hl_interrupted()) { /* main says so; nothing is written */
        hl_results_free(&results);
        return HL_ERR_RUNTIME;
    }
    hl_summary_print(stdout, &results);
    fflush(stdout);
    int status = hl_results_all_verified(&results) ? 0 : HL_ERR_RUNTIME;
    if (hl_results_save(cfg->out_dir, &results, &err) != 0)
        status = fail(&err);
    else if (!cfg->quiet)
        fprintf(stderr, "hetlane: wrote %s/results.json and %s/results.csv\n", cfg->out_dir,
                cfg->out_dir);
    if (err.status == HL_OK && write_views(cfg, cfg->out_dir, &results, &err) != 0)
        status = fail(&err);
    if (status == HL_ERR_RUNTIME && err.status == HL_OK)
        fprintf(stderr, "hetlane: some runs failed or did not verify (see above)\n");
    hl_results_free(&results);
    return status;
}

/* hetlane demo: the scenario (demo.h), then the same outputs as run plus
 * report.html and report.md. Everything that can be refused is refused
 * before any work; the exit status is run's. */
static int cmd_demo(const struct hl_config *cfg) {
    struct hl_error err = {0};
    struct hl_demo *demo = calloc(1, sizeof *demo);
    if (demo == NULL)
        return fail(&(struct hl_error){HL_ERR_RUNTIME, "out of memory"});
    struct hl_results results = {0};
    if (hl_demo_prepare(demo, cfg->quick, stderr, hl_progress_mode_for(stderr, cfg->quiet), &err) !=
            0 ||
        hl_prepare_out_dir(cfg->out_dir, "--out", &err) != 0 ||
        fill_host(&results, cfg, &err) != 0) {
        free(demo);
        hl_results_free(&results);
        return fail(&err);
    }
    /* An experiment that could not start is reported now; what ran is
     * still written. */
    int status = hl_demo_run(demo, &results, &err) != 0 ? fail(&err) : 0;
    hl_error_clear(&err);
    free(demo);
    hl_summary_print(stdout, &results);
    fflush(stdout);
    if (!hl_results_all_verified(&results))
        status = HL_ERR_RUNTIME;
    struct hl_report_options report = {.title = "hetlane demo", .chart_ext = NULL};
#ifdef HETLANE_WITH_CHARTS
    report.chart_ext = "png";
#endif
    if (hl_results_save(cfg->out_dir, &results, &err) != 0 ||
        write_views(cfg, cfg->out_dir, &results, &err) != 0 ||
        hl_report_save(cfg->out_dir, &results, &report, &err) != 0)
        status = fail(&err);
    else if (!cfg->quiet)
        fprintf(stderr,
                "hetlane: wrote %s/report.html (open it in a browser), report.md, "
                "results.json and results.csv\n",
                cfg->out_dir);
    if (status == HL_ERR_RUNTIME && err.status == HL_OK)
        fprintf(stderr, "hetlane: some runs failed or did not verify (see above)\n");
    hl_results_free(&results);
    return status;
}

/* The OpenCL part of `hetlane devices`: a JSON value, or text. */
static int devices_opencl(const struct hl_config *cfg, struct hl_json *j) {
#if HETLANE_WITH_OPENCL
    struct hl_error err = {0};
    struct hl_cl_inventory inv;
    if (hl_cl_inventory_load(&inv, &err) != 0)
        return fail(&err);
    if (cfg->json)
        hl_cl_inventory_json(j, &inv);
    else
        hl_cl_inventory_print(stdout, &inv);
    hl_cl_inventory_free(&inv);
#else
    if (cfg->json)
        hl_json_null(j);
    else
        printf("OpenCL: not built in (HETLANE_WITH_OPENCL=OFF)\n");
#endif
    return 0;
}

/* Redraws from a saved results.json. Everything that can be refused (the
 * file, the output directory) is refused before anything is written. */
static int cmd_plot(const struct hl_config *cfg) {
    struct hl_error err = {0};
    struct hl_results results;
    if (hl_results_read_json(cfg->results_path, &results, &err) != 0)
        return fail(&err);
    if (hl_interrupted()) { /* main says so; nothing is written */
        hl_results_free(&results);
        return HL_ERR_RUNTIME;
    }
    char dir[4096];
    if (cfg->out_dir != NULL) {
        snprintf(dir, sizeof dir, "%s", cfg->out_dir);
    } else {
        /* Beside the results file, like the run that wrote it. */
        snprintf(dir, sizeof dir, "%s", cfg->results_path);
        char *slash = strrchr(dir, '/');
        if (slash == NULL)
            snprintf(dir, sizeof dir, ".");
        else if (slash == dir)
            dir[1] = '\0';
        else
            *slash = '\0';
    }
    int status = 0;
    if (hl_prepare_out_dir(dir, "--out", &err) != 0 || write_views(cfg, dir, &results, &err) != 0)
        status = fail(&err);
    hl_results_free(&results);
    return status;
}

static int cmd_devices(const struct hl_config *cfg) {
    size_t n;
    const struct hl_backend *const *bes = hl_backend_all(&n);
    int cores = hl_sys_cores();
    char cpu[256];
    hl_sys_cpu_model(cpu, sizeof cpu);
    if (cfg->json) {
        struct hl_json j;
        hl_json_init(&j, stdout);
        hl_json_object_begin(&j);
        hl_json_key(&j, "cpu");
        hl_json_object_begin(&j);
        hl_json_key(&j, "name");
        hl_json_string(&j, cpu);
        hl_json_key(&j, "cores");
        hl_json_int(&j, cores);
        hl_json_object_end(&j);
        hl_json_key(&j, "backends");
        hl_json_array_begin(&j);
        for (size_t i = 0; i < n; i++) {
            hl_json_object_begin(&j);
            hl_json_key(&j, "name");
            hl_json_string(&j, bes[i]->name);
            hl_json_key(&j, "takes_workers");
            hl_json_bool(&j, bes[i]->takes_workers);
            hl_json_key(&j, "max_workers");
            hl_json_int(&j, bes[i]->takes_workers ? HL_MAX_WORKERS : bes[i]->default_workers);
            hl_json_key(&j, "summary");
            hl_json_string(&j, bes[i]->summary);
            hl_json_object_end(&j);
        }
        hl_json_array_end(&j);
        hl_json_key(&j, "opencl");
        int rc = devices_opencl(cfg, &j);
        hl_json_object_end(&j);
        fputc('\n', stdout);
        return rc;
    }
    printf("CPU: %s, %d cores available to this process\n\nBackends:\n", cpu, cores);
    for (size_t i = 0; i < n; i++) {
        char spec[32];
        snprintf(spec, sizeof spec, "%s%s", bes[i]->name, bes[i]->takes_workers ? ":W" : "");
        printf("  %-12s %s\n", spec, bes[i]->summary);
    }
    printf("\n");
    return devices_opencl(cfg, NULL);
}

/* hetlane serve: the fetch workload's server on its own. */
static int cmd_serve(const struct hl_config *cfg) {
    struct hl_error err = {0};
#if HETLANE_WITH_FETCH
    struct hl_http_server_config server = {
        .port = cfg->serve_port,
        .latency_ms = cfg->params.latency_ms,
        .body_size = cfg->params.body_size,
    };
    if (hl_serve(&server, stdout, stderr, &err) != 0)
        return fail(&err);
    return 0;
#else
    (void)cfg;
    hl_error_set(&err, HL_ERR_USAGE, "serve: built without HETLANE_WITH_FETCH");
    return fail(&err);
#endif
}

/* libcurl is set up once, here, before any thread exists (see fetch.h). */
static int init_libraries(const struct hl_config *cfg, struct hl_error *err) {
#if HETLANE_WITH_FETCH
    if ((cfg->command == HL_CMD_RUN && (cfg->workload->kind & HL_KIND_IO) != 0) ||
        cfg->command == HL_CMD_DEMO)
        return hl_fetch_global_init(err);
#else
    (void)cfg;
    (void)err;
#endif
    return 0;
}

/* Ctrl-C during run and plot stops the work cleanly (util/interrupt.h);
 * serve handles its signals itself. */
static int catch_interrupts(const struct hl_config *cfg, struct hl_error *err) {
    if ((cfg->command == HL_CMD_RUN || cfg->command == HL_CMD_PLOT) && hl_interrupt_install() != 0)
        return hl_error_errno(err, HL_ERR_RUNTIME, errno, "cannot install signal handlers");
    return 0;
}

static int run_command(int argc, char **argv) {
    struct hl_config cfg;
    struct hl_error err = {0};
    if (hl_cli_parse(argc, argv, &cfg, &err) != 0 || catch_interrupts(&cfg, &err) != 0 ||
        init_libraries(&cfg, &err) != 0)
        return fail(&err);
    switch (cfg.command) {
    case HL_CMD_HELP: hl_cli_print_help(stdout, cfg.help_for); return 0;
    case HL_CMD_VERSION: printf("hetlane %s\n", HETLANE_VERSION); return 0;
    case HL_CMD_RUN: return cmd_run(&cfg);
    case HL_CMD_DEVICES: return cmd_devices(&cfg);
    case HL_CMD_SERVE: return cmd_serve(&cfg);
    case HL_CMD_PLOT: return cmd_plot(&cfg);
    case HL_CMD_DEMO: return cmd_demo(&cfg);
    }
    return 0;
}

int main(int argc, char **argv) {
    /* fork workers are reaped with waitpid(): an inherited SIG_IGN for
     * SIGCHLD would make the kernel reap them first and lose their fate. */
    signal(SIGCHLD, SIG_DFL);
    int status = run_command(argc, argv);
    int sig = hl_interrupted();
    if (sig != 0) {
        fflush(stdout);
        fprintf(stderr, "hetlane: interrupted by %s: stopped every worker, left no partial file\n",
                sig == SIGINT ? "SIGINT" : "SIGTERM");
        status = 128 + sig;
    }
    hl_fault_print_tally(stderr);
    return status;
}
