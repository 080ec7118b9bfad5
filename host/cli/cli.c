#include "cli/cli.h"

#include <string.h>

#include "util/parse.h"
#include "util/sysinfo.h"

static int add_config(struct hl_config *cfg, const char *item, struct hl_error *err) {
    char name[32];
    const char *colon = strchr(item, ':');
    size_t len = colon != NULL ? (size_t)(colon - item) : strlen(item);
    if (len == 0 || len >= sizeof name)
        return hl_error_set(err, HL_ERR_USAGE, "--backend: bad backend spec '%s'", item);
    memcpy(name, item, len);
    name[len] = '\0';
    const struct hl_backend *be = hl_backend_find(name);
    if (be == NULL && strcmp(name, "opencl") == 0)
        return hl_error_set(err, HL_ERR_USAGE,
                            "--backend: this hetlane was built without OpenCL "
                            "(HETLANE_WITH_OPENCL=OFF)");
    if (be == NULL)
        return hl_error_set(err, HL_ERR_USAGE,
                            "--backend: unknown backend '%s' (try: serial, pthread:W, fork:W)",
                            name);
    if (cfg->nconfigs >= HL_MAX_CONFIGS)
        return hl_error_set(err, HL_ERR_USAGE, "--backend: more than %d configurations",
                            HL_MAX_CONFIGS);
    if (be->expand != NULL) {
        size_t added = 0;
        if (be->expand(colon != NULL ? colon + 1 : NULL, &cfg->configs[cfg->nconfigs],
                       HL_MAX_CONFIGS - cfg->nconfigs, &added, err) != 0)
            return -1;
        cfg->nconfigs += added;
        return 0;
    }
    struct hl_backend_config *c = &cfg->configs[cfg->nconfigs];
    memset(c, 0, sizeof *c);
    c->backend = be;
    c->platform = c->device = -1;
    c->workers = be->default_workers > 0 ? be->default_workers : hl_sys_cores();
    if (colon != NULL) {
        if (!be->takes_workers)
            return hl_error_set(err, HL_ERR_USAGE, "--backend: '%s' takes no worker count", item);
        int64_t w;
        char what[64];
        snprintf(what, sizeof what, "--backend %s", name);
        if (hl_parse_i64(colon + 1, what, 1, HL_MAX_WORKERS, &w, err) != 0)
            return -1;
        c->workers = (int)w;
    }
    if (be->takes_workers)
        snprintf(c->label, sizeof c->label, "%s:%d", be->name, c->workers);
    else
        snprintf(c->label, sizeof c->label, "%s", be->name);
    cfg->nconfigs++;
    return 0;
}

int hl_cli_parse_backends(const char *spec, struct hl_config *cfg, struct hl_error *err) {
    if (*spec == '\0')
        return hl_error_set(err, HL_ERR_USAGE, "--backend: empty backend list");
    const char *p = spec;
    for (;;) {
        const char *comma = strchr(p, ',');
        size_t len = comma != NULL ? (size_t)(comma - p) : strlen(p);
        char item[64];
        if (len == 0 || len >= sizeof item)
            return hl_error_set(err, HL_ERR_USAGE, "--backend: bad backend list '%s'", spec);
        memcpy(item, p, len);
        item[len] = '\0';
        if (add_config(cfg, item, err) != 0)
            return -1;
        if (comma == NULL)
            return 0;
        p = comma + 1;
    }
}

/* The default configurations: every CPU backend at the core count, or
 * what the workload asks for. */
static int add_default_configs(struct hl_config *cfg, int64_t tasks, struct hl_error *err) {
    char spec[128];
    int cores = hl_sys_cores();
    if (cfg->workload->default_backends != NULL)
        cfg->workload->default_backends(cores, tasks, spec, sizeof spec);
    else
        snprintf(spec, sizeof spec, "serial,pthread:%d,fork:%d", cores, cores);
    if (hl_cli_parse_backends(spec, cfg, err) != 0)
        return -1;
    /* Every device that exists joins the default: a machine without one
     * is not a usage error here, only when `opencl` is asked for. Running
     * out of memory while looking is still an error. */
    const struct hl_backend *cl = hl_backend_find("opencl");
    if (cl != NULL && cl->expand != NULL && (cl->kinds & cfg->workload->kind) != 0) {
        struct hl_error why = {0};
        size_t added = 0;
        if (cl->expand(NULL, &cfg->configs[cfg->nconfigs], HL_MAX_CONFIGS - cfg->nconfigs, &added,
                       &why) == 0)
            cfg->nconfigs += added;
        else if (why.status == HL_ERR_RUNTIME)
            return hl_error_set(err, HL_ERR_RUNTIME, "%s", why.msg);
    }
    return 0;
}

/* Matches argv[*i] against -s/--long, with the value either next or after
 * '=' (--long=value). Returns 1 and sets *value on a match, 0 when it is
 * another option, -1 (err set) when the value is missing. */
static int take_option(int argc, char **argv, int *i, const char *short_name, const char *long_name,
                       const char **value, struct hl_error *err) {
    const char *arg = argv[*i];
    size_t long_len = strlen(long_name);
    if (strncmp(arg, long_name, long_len) == 0 && arg[long_len] == '=') {
        *value = arg + long_len + 1;
        return 1;
    }
    if (strcmp(arg, long_name) != 0 && (short_name == NULL || strcmp(arg, short_name) != 0))
        return 0;
    if (*i + 1 >= argc) {
        hl_error_set(err, HL_ERR_USAGE, "%s: missing value", long_name);
        return -1;
    }
    *value = argv[++*i];
    return 1;
}

/* --no-overlap: every device configuration gets one in-order queue. */
static void apply_no_overlap(struct hl_config *cfg) {
    for (size_t i = 0; i < cfg->nconfigs; i++) {
        struct hl_backend_config *c = &cfg->configs[i];
        if (c->platform < 0)
            continue;
        c->workers = 1;
        size_t len = strlen(c->label);
        snprintf(c->label + len, sizeof c->label - len, "/no-overlap");
    }
}

int hl_cli_take_option(int argc, char **argv, int *i, const char *short_name, const char *long_name,
                       const char **value, struct hl_error *err) {
    return take_option(argc, argv, i, short_name, long_name, value, err);
}

static int parse_format(const char *v, struct hl_config *cfg, struct hl_error *err) {
    if (strcmp(v, "png") != 0 && strcmp(v, "svg") != 0 && strcmp(v, "pdf") != 0)
        return hl_error_set(err, HL_ERR_USAGE, "--format: unknown format '%s' (try: png, svg, pdf)",
                            v);
    cfg->format = v;
    return 0;
}

/* hetlane plot RESULTS.json [-o DIR] [--format F] [-q] */
static int parse_plot(int argc, char **argv, int first, struct hl_config *cfg,
                      struct hl_error *err) {
    cfg->out_dir = NULL;
    for (int i = first; i < argc; i++) {
        const char *v = NULL;
        int m;
        if (strcmp(argv[i], "-h") == 0 || strcmp(argv[i], "--help") == 0) {
            cfg->command = HL_CMD_HELP;
            cfg->help_for = HL_CMD_PLOT;
            return 0;
        }
        if (strcmp(argv[i], "-q") == 0 || strcmp(argv[i], "--quiet") == 0) {
            cfg->quiet = true;
        } else if ((m = take_option(argc, argv, &i, "-o", "--out", &v, err)) != 0) {
            if (m < 0)
                return -1;
            cfg->out_dir = v;
        } else if ((m = take_option(argc, argv, &i, NULL, "--format", &v, err)) != 0) {
            if (m < 0 || parse_format(v, cfg, err) != 0)
                return -1;
        } else if (argv[i][0] == '-' && argv[i][1] != '\0') {
            return hl_error_set(err, HL_ERR_USAGE, "plot: unknown option '%s'", argv[i]);
        } else if (cfg->results_path == NULL) {
            cfg->results_path = argv[i];
        } else {
            return hl_error_set(err, HL_ERR_USAGE, "plot: unexpected argument '%s'", argv[i]);
        }
    }
    if (cfg->results_path == NULL)
        return hl_error_set(err, HL_ERR_USAGE, "plot: missing RESULTS.json");
    return 0;
}

static int parse_run(int argc, char **argv, int first, struct hl_config *cfg,
                     struct hl_error *err) {
    int64_t n = 0, tasks = 0, runs = 3, warmup = 1;
    bool n_given = false, no_overlap = false;
    for (int i = first; i < argc; i++) {
        const char *v = NULL;
        int m;
        if (strcmp(argv[i], "-h") == 0 || strcmp(argv[i], "--help") == 0) {
            cfg->command = HL_CMD_HELP;
            cfg->help_for = HL_CMD_RUN;
            return 0;
        }
        if (strcmp(argv[i], "-q") == 0 || strcmp(argv[i], "--quiet") == 0) {
            cfg->quiet = true;
            continue;
        }
        if (strcmp(argv[i], "--no-overlap") == 0) {
            no_overlap = true;
            continue;
        }
        if ((m = take_option(argc, argv, &i, "-b", "--backend", &v, err)) != 0) {
            if (m < 0 || hl_cli_parse_backends(v, cfg, err) != 0)
                return -1;
        } else if ((m = take_option(argc, argv, &i, "-n", "--size", &v, err)) != 0) {
            if (m < 0 || hl_parse_i64(v, "--size", 1, INT64_MAX, &n, err) != 0)
                return -1;
            n_given = true;
        } else if ((m = take_option(argc, argv, &i, "-t", "--tasks", &v, err)) != 0) {
            if (m < 0 || hl_parse_i64(v, "--tasks", 1, HL_MAX_TASKS, &tasks, err) != 0)
                return -1;
        } else if ((m = take_option(argc, argv, &i, "-r", "--runs", &v, err)) != 0) {
            if (m < 0 || hl_parse_i64(v, "--runs", 1, HL_MAX_RUNS, &runs, err) != 0)
                return -1;
        } else if ((m = take_option(argc, argv, &i, NULL, "--warmup", &v, err)) != 0) {
            if (m < 0 || hl_parse_i64(v, "--warmup", 0, HL_MAX_WARMUP, &warmup, err) != 0)
                return -1;
        } else if ((m = take_option(argc, argv, &i, "-o", "--out", &v, err)) != 0) {
            if (m < 0)
                return -1;
            cfg->out_dir = v;
        } else if ((m = hl_cli_take_fetch_option(argc, argv, &i, cfg, err)) != 0) {
            if (m < 0)
                return -1;
        } else if ((m = take_option(argc, argv, &i, NULL, "--format", &v, err)) != 0) {
            if (m < 0 || parse_format(v, cfg, err) != 0)
                return -1;
        } else if (argv[i][0] == '-') {
            return hl_error_set(err, HL_ERR_USAGE, "run: unknown option '%s'", argv[i]);
        } else if (cfg->workload == NULL) {
            cfg->workload = hl_workload_find(argv[i]);
            if (cfg->workload == NULL)
                return hl_error_set(err, HL_ERR_USAGE,
                                    "run: unknown workload '%s' (try: square, sum, fetch)",
                                    argv[i]);
        } else {
            return hl_error_set(err, HL_ERR_USAGE, "run: unexpected argument '%s'", argv[i]);
        }
    }
    if (cfg->workload == NULL)
        return hl_error_set(err, HL_ERR_USAGE, "run: missing WORKLOAD (square, sum or fetch)");
    if (hl_cli_check_fetch_options(cfg, err) != 0)
        return -1;
    if (cfg->nconfigs == 0 && add_default_configs(cfg, tasks, err) != 0)
        return -1;
    if (no_overlap)
        apply_no_overlap(cfg);
    cfg->params.n = n_given ? n : cfg->workload->default_n;
    cfg->params.tasks = tasks;
    cfg->runs = (int)runs;
    cfg->warmup = (int)warmup;
    return 0;
}

static int parse_devices(int argc, char **argv, int first, struct hl_config *cfg,
                         struct hl_error *err) {
    for (int i = first; i < argc; i++) {
        if (strcmp(argv[i], "--json") == 0) {
            cfg->json = true;
        } else if (strcmp(argv[i], "-h") == 0 || strcmp(argv[i], "--help") == 0) {
            cfg->command = HL_CMD_HELP;
            cfg->help_for = HL_CMD_DEVICES;
            return 0;
        } else {
            return hl_error_set(err, HL_ERR_USAGE, "devices: unknown argument '%s'", argv[i]);
        }
    }
    return 0;
}

int hl_cli_parse(int argc, char **argv, struct hl_config *cfg, struct hl_error *err) {
    memset(cfg, 0, sizeof *cfg);
    hl_fetch_params_default(&cfg->params);
    cfg->out_dir = "hetlane-out";
    cfg->format = "png";
    cfg->command = HL_CMD_HELP;
    cfg->help_for = HL_CMD_HELP;
    if (argc < 2)
        return hl_error_set(err, HL_ERR_USAGE, "missing command (try: hetlane --help)");
    const char *cmd = argv[1];
    if (strcmp(cmd, "-h") == 0 || strcmp(cmd, "--help") == 0 || strcmp(cmd, "help") == 0)
        return 0;
    if (strcmp(cmd, "-V") == 0 || strcmp(cmd, "--version") == 0) {
        cfg->command = HL_CMD_VERSION;
        return 0;
    }
    if (strcmp(cmd, "run") == 0) {
        cfg->command = HL_CMD_RUN;
        return parse_run(argc, argv, 2, cfg, err);
    }
    if (strcmp(cmd, "devices") == 0) {
        cfg->command = HL_CMD_DEVICES;
        return parse_devices(argc, argv, 2, cfg, err);
    }
    if (strcmp(cmd, "serve") == 0) {
        cfg->command = HL_CMD_SERVE;
        return hl_cli_parse_serve(argc, argv, 2, cfg, err);
    }
    if (strcmp(cmd, "plot") == 0) {
        cfg->command = HL_CMD_PLOT;
        return parse_plot(argc, argv, 2, cfg, err);
    }
    if (strcmp(cmd, "demo") == 0) {
        cfg->command = HL_CMD_DEMO;
        return hl_cli_parse_demo(argc, argv, 2, cfg, err);
    }
    return hl_error_set(err, HL_ERR_USAGE, "unknown command '%s' (try: hetlane --help)", cmd);
}

static void print_run_help(FILE *out) {
    size_t nwl, nbe;
    const struct hl_workload *const *wls = hl_workload_all(&nwl);
    const struct hl_backend *const *bes = hl_backend_all(&nbe);
    fprintf(out, "usage: hetlane run WORKLOAD [options]\n\nworkloads:\n");
    for (size_t i = 0; i < nwl; i++)
        fprintf(out, "  %-10s %s\n             -n counts %s\n", wls[i]->name, wls[i]->summary,
                wls[i]->size_meaning);
    fprintf(out,
            "\nbackends (-b SPEC[,SPEC...], repeatable; default serial,pthread:P,fork:P\n"
            "with P = %d, the cores this process may use):\n",
            hl_sys_cores());
    for (size_t i = 0; i < nbe; i++) {
        char spec[32];
        snprintf(spec, sizeof spec, "%s%s", bes[i]->name, bes[i]->takes_workers ? ":W" : "");
        fprintf(out, "  %-12s %s\n", spec, bes[i]->summary);
    }
    fprintf(out,
            "  (W workers, 1 <= W <= %d; without :W, W = %d)\n\n"
            "options:\n"
            "  -b, --backend SPEC  configurations to run, in order\n"
            "  -n, --size N        problem size (see above)\n"
            "  -t, --tasks T       tasks per run, 1..%d (default: square 4 x workers,\n"
            "                      sum 8, fetch 12)\n"
            "  -r, --runs R        counted runs per configuration, 1..%d (default 3)\n"
            "      --warmup W      uncounted runs first, 0..%d (default 1)\n"
            "  -o, --out DIR       output directory (default ./hetlane-out)\n"
            "      --format F      charts as png (default), svg or pdf\n"
            "  -q, --quiet         no progress lines on stderr\n"
            "      --no-overlap    OpenCL: one in-order queue, so no chunk's transfer\n"
            "                      overlaps another's kernel (default: 2 queues)\n",
            HL_MAX_WORKERS, hl_sys_cores(), HL_MAX_TASKS, HL_MAX_RUNS, HL_MAX_WARMUP);
    hl_cli_print_fetch_help(out);
    fprintf(out, "\nWrites DIR/results.json, results.csv, trace.json and the charts, and\n"
                 "prints a summary table.\n"
                 "Exit status: 0 every run done and verified; 1 a run or task failed or a\n"
                 "result did not verify (after all output is written); 2 usage error.\n");
}

void hl_cli_print_help(FILE *out, enum hl_command command) {
    if (command == HL_CMD_RUN) {
        print_run_help(out);
        return;
    }
    if (command == HL_CMD_SERVE) {
        hl_cli_print_serve_help(out);
        return;
    }
    if (command == HL_CMD_PLOT) {
        fprintf(out, "usage: hetlane plot RESULTS.json [-o DIR] [--format png|svg|pdf] [-q]\n\n"
                     "Redraws every chart and trace.json from a saved results.json, into\n"
                     "DIR (default: the directory of RESULTS.json). A file that is not a\n"
                     "hetlane results file is refused with exit status 2 and nothing written.\n");
        return;
    }
    if (command == HL_CMD_DEMO) {
        hl_cli_print_demo_help(out);
        return;
    }
    if (command == HL_CMD_DEVICES) {
        fprintf(out, "usage: hetlane devices [--json]\n\n"
                     "Lists the CPU backends and the cores they use, and every OpenCL\n"
                     "platform and device with its index P:D for -b opencl:P:D.\n");
        return;
    }
    fprintf(out,
            "hetlane %s: shows where parallelism pays\n\n"
            "usage:\n"
            "  hetlane demo [-o DIR] [--quick] the notebook's study: results, charts, report\n"
            "  hetlane run WORKLOAD [options]  run square, sum or fetch on the chosen backends\n"
            "  hetlane devices [--json]        list the backends this machine offers\n"
            "  hetlane serve [--port P]        the fetch workload's HTTP server, alone\n"
            "  hetlane plot RESULTS.json       redraw every chart from saved results\n"
            "  hetlane --help | --version\n\n"
            "`hetlane run --help` lists workloads, backends and options.\n",
            HETLANE_VERSION);
}
