#include "cli/cli.h"

#include <string.h>

#include "util/parse.h"
#include "util/sysinfo.h"
#include "workloads/fetch/fetch_params.h"

/* The default configurations: every CPU backend at the core count, or
 * what the workload asks for. */
static int add_default_configs(struct hl_config *cfg, int64_t tasks, struct hl_error *err) {
    char spec[128];
    int cores = hl_sys_cores();
    if (cfg->workload->default_backends != NULL)
        cfg->workload->default_backends(cores, tasks, spec, sizeof spec);
    else
        snprintf(spec, sizeof spec, "serial,pthread:%d,fork:%d", cores, cores);
    if (hl_backend_list_parse(&cfg->backends, spec, err) != 0)
        return -1;
    /* Every device that exists joins the default: a machine without one
     * is not a usage error here, only when `opencl` is asked for. Running
     * out of memory while looking is still an error. */
    struct hl_error why = {0};
    if (hl_backend_list_add_devices(&cfg->backends, cfg->workload->kind, &why) != 0 &&
        why.status == HL_ERR_RUNTIME)
        return hl_error_set(err, HL_ERR_RUNTIME, "%s", why.msg);
    return 0;
}

static int parse_format(const char *v, struct hl_config *cfg, struct hl_error *err) {
    if (strcmp(v, "png") != 0 && strcmp(v, "svg") != 0 && strcmp(v, "pdf") != 0)
        return hl_error_set(err, HL_ERR_USAGE, "--format: unknown format '%s' (try: png, svg, pdf)",
                            v);
    cfg->format = v;
    return 0;
}

/* hetlane plot RESULTS.json [-o DIR] [--format F] [-q], and hetlane
 * compare A.json B.json [-o DIR] [--format F] [-q]: `want` files. */
static int parse_files(int argc, char **argv, int first, size_t want, struct hl_config *cfg,
                       struct hl_error *err) {
    const char *name = cfg->command == HL_CMD_PLOT     ? "plot"
                       : cfg->command == HL_CMD_REPORT ? "report"
                                                       : "compare";
    const char **files[2] = {&cfg->results_path, &cfg->results_path_b};
    size_t got = 0;
    bool operands = false; /* after "--": file names, even "-x.json" */
    for (int i = first; i < argc; i++) {
        const char *v = NULL;
        int m;
        if (!operands && strcmp(argv[i], "--") == 0) {
            operands = true;
            continue;
        }
        if (operands) {
            if (got == want)
                return hl_error_set(err, HL_ERR_USAGE, "%s: unexpected argument '%s'", name,
                                    argv[i]);
            *files[got++] = argv[i];
            continue;
        }
        if (strcmp(argv[i], "-h") == 0 || strcmp(argv[i], "--help") == 0) {
            cfg->help_for = cfg->command;
            cfg->command = HL_CMD_HELP;
            return 0;
        }
        if (strcmp(argv[i], "-q") == 0 || strcmp(argv[i], "--quiet") == 0) {
            cfg->quiet = true;
        } else if ((m = hl_cli_take_option(argc, argv, &i, "-o", "--out", &v, err)) != 0) {
            if (m < 0)
                return -1;
            cfg->out_dir = v;
            cfg->out_given = true;
        } else if ((m = hl_cli_take_option(argc, argv, &i, NULL, "--format", &v, err)) != 0) {
            if (m < 0 || parse_format(v, cfg, err) != 0)
                return -1;
        } else if (argv[i][0] == '-' && argv[i][1] != '\0') {
            return hl_error_set(err, HL_ERR_USAGE,
                                "%s: unknown option '%s' (a file whose name starts with '-' goes "
                                "after --)",
                                name, argv[i]);
        } else if (got < want) {
            *files[got++] = argv[i];
        } else {
            return hl_error_set(err, HL_ERR_USAGE, "%s: unexpected argument '%s'", name, argv[i]);
        }
    }
    if (got < want)
        return hl_error_set(err, HL_ERR_USAGE, "%s: missing %s", name,
                            want == 1  ? "RESULTS.json"
                            : got == 0 ? "A.json and B.json"
                                       : "B.json");
    return 0;
}

void hl_cli_workload_names(char *buf, size_t size, const char *sep, const char *last_sep) {
    size_t n, len = 0;
    const struct hl_workload *const *wls = hl_workload_all(&n);
    buf[0] = '\0';
    for (size_t i = 0; i < n && len < size; i++) {
        const char *before = i == 0 ? "" : i + 1 == n ? last_sep : sep;
        int k = snprintf(buf + len, size - len, "%s%s", before, wls[i]->name);
        len += k > 0 ? (size_t)k : 0;
    }
}

/* The one WORKLOAD operand of run. */
static int set_workload(struct hl_config *cfg, const char *name, struct hl_error *err) {
    if (cfg->workload != NULL)
        return hl_error_set(err, HL_ERR_USAGE, "run: unexpected argument '%s'", name);
    cfg->workload = hl_workload_find(name);
    if (cfg->workload == NULL) {
        char names[128];
        hl_cli_workload_names(names, sizeof names, ", ", ", ");
        return hl_error_set(err, HL_ERR_USAGE, "run: unknown workload '%s' (try: %s)", name, names);
    }
    return 0;
}

static int parse_run(int argc, char **argv, int first, struct hl_config *cfg,
                     struct hl_error *err) {
    int64_t n = 0, tasks = 0, runs = 0 /* adaptive */, warmup = 1;
    bool n_given = false, no_overlap = false, operands = false;
    for (int i = first; i < argc; i++) {
        const char *v = NULL;
        int m;
        if (!operands && strcmp(argv[i], "--") == 0) {
            operands = true; /* what follows is WORKLOAD, whatever it looks like */
            continue;
        }
        if (operands) {
            if (set_workload(cfg, argv[i], err) != 0)
                return -1;
            continue;
        }
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
        if ((m = hl_cli_take_option(argc, argv, &i, "-b", "--backend", &v, err)) != 0) {
            if (m < 0 || hl_backend_list_parse(&cfg->backends, v, err) != 0)
                return -1;
        } else if ((m = hl_cli_take_option(argc, argv, &i, "-n", "--size", &v, err)) != 0) {
            if (m < 0 || hl_parse_i64(v, "--size", 1, INT64_MAX, &n, err) != 0)
                return -1;
            n_given = true;
        } else if ((m = hl_cli_take_option(argc, argv, &i, "-t", "--tasks", &v, err)) != 0) {
            if (m < 0 || hl_parse_i64(v, "--tasks", 1, HL_MAX_TASKS, &tasks, err) != 0)
                return -1;
        } else if ((m = hl_cli_take_option(argc, argv, &i, "-r", "--runs", &v, err)) != 0) {
            if (m < 0 || hl_parse_i64(v, "--runs", 1, HL_MAX_RUNS, &runs, err) != 0)
                return -1;
        } else if ((m = hl_cli_take_option(argc, argv, &i, NULL, "--warmup", &v, err)) != 0) {
            if (m < 0 || hl_parse_i64(v, "--warmup", 0, HL_MAX_WARMUP, &warmup, err) != 0)
                return -1;
        } else if ((m = hl_cli_take_option(argc, argv, &i, "-o", "--out", &v, err)) != 0) {
            if (m < 0)
                return -1;
            cfg->out_dir = v;
            cfg->out_given = true;
        } else if ((m = hl_cli_take_fetch_option(argc, argv, &i, cfg, err)) != 0) {
            if (m < 0)
                return -1;
        } else if ((m = hl_cli_take_option(argc, argv, &i, NULL, "--format", &v, err)) != 0) {
            if (m < 0 || parse_format(v, cfg, err) != 0)
                return -1;
        } else if (argv[i][0] == '-') {
            return hl_error_set(err, HL_ERR_USAGE, "run: unknown option '%s'", argv[i]);
        } else if (set_workload(cfg, argv[i], err) != 0) {
            return -1;
        }
    }
    if (cfg->workload == NULL) {
        char names[128];
        hl_cli_workload_names(names, sizeof names, ", ", " or ");
        return hl_error_set(err, HL_ERR_USAGE, "run: missing WORKLOAD (%s)", names);
    }
    if (hl_cli_check_fetch_options(cfg, err) != 0)
        return -1;
    if (cfg->backends.count == 0 && add_default_configs(cfg, tasks, err) != 0)
        return -1;
    if (no_overlap)
        hl_backend_list_no_overlap(&cfg->backends);
    cfg->params.n = n_given ? n : cfg->workload->default_n;
    cfg->params.tasks = tasks;
    cfg->runs = (int)runs;
    cfg->warmup = (int)warmup;
    return 0;
}

static int parse_devices(int argc, char **argv, int first, struct hl_config *cfg,
                         struct hl_error *err) {
    bool operands = false; /* devices takes none: anything after "--" is unexpected */
    for (int i = first; i < argc; i++) {
        if (!operands && strcmp(argv[i], "--") == 0) {
            operands = true;
        } else if (operands) {
            return hl_error_set(err, HL_ERR_USAGE, "devices: unexpected argument '%s'", argv[i]);
        } else if (strcmp(argv[i], "--json") == 0) {
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

/* hetlane ceilings [--json] [--quick] [-o DIR] [-q] */
static int parse_ceilings(int argc, char **argv, int first, struct hl_config *cfg,
                          struct hl_error *err) {
    for (int i = first; i < argc; i++) {
        const char *v = NULL;
        int m;
        if (strcmp(argv[i], "-h") == 0 || strcmp(argv[i], "--help") == 0) {
            cfg->command = HL_CMD_HELP;
            cfg->help_for = HL_CMD_CEILINGS;
            return 0;
        }
        if (strcmp(argv[i], "--json") == 0) {
            cfg->json = true;
        } else if (strcmp(argv[i], "--quick") == 0) {
            cfg->quick = true;
        } else if (strcmp(argv[i], "-q") == 0 || strcmp(argv[i], "--quiet") == 0) {
            cfg->quiet = true;
        } else if ((m = hl_cli_take_option(argc, argv, &i, "-o", "--out", &v, err)) != 0) {
            if (m < 0)
                return -1;
            cfg->out_dir = v;
            cfg->out_given = true;
        } else {
            return hl_error_set(err, HL_ERR_USAGE, "ceilings: unknown argument '%s'", argv[i]);
        }
    }
    return 0;
}

int hl_cli_parse(int argc, char **argv, struct hl_config *cfg, struct hl_error *err) {
    memset(cfg, 0, sizeof *cfg);
    hl_fetch_params_default(&cfg->params);
    cfg->out_dir = HL_RUN_OUT_DIR;
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
        cfg->out_dir = NULL; /* beside the results file */
        return parse_files(argc, argv, 2, 1, cfg, err);
    }
    if (strcmp(cmd, "report") == 0) {
        cfg->command = HL_CMD_REPORT;
        cfg->out_dir = NULL; /* beside the results file */
        return parse_files(argc, argv, 2, 1, cfg, err);
    }
    if (strcmp(cmd, "compare") == 0) {
        cfg->command = HL_CMD_COMPARE;
        cfg->out_dir = HL_COMPARE_OUT_DIR;
        return parse_files(argc, argv, 2, 2, cfg, err);
    }
    if (strcmp(cmd, "ceilings") == 0) {
        cfg->command = HL_CMD_CEILINGS;
        cfg->out_dir = HL_CEILINGS_OUT_DIR;
        return parse_ceilings(argc, argv, 2, cfg, err);
    }
    if (strcmp(cmd, "demo") == 0) {
        cfg->command = HL_CMD_DEMO;
        cfg->out_dir = HL_DEMO_OUT_DIR;
        return hl_cli_parse_demo(argc, argv, 2, cfg, err);
    }
    return hl_error_set(err, HL_ERR_USAGE, "unknown command '%s' (try: hetlane --help)", cmd);
}
