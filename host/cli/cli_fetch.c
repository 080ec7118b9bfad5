/* The command line of `run fetch` and `hetlane serve`: option parsing and
 * help only. Nothing here needs libcurl or libmicrohttpd, so a build
 * without them still parses (and refuses) these options with a reason. */
#include <inttypes.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "util/parse.h"
#include "workloads/fetch/fetch_params.h"

#define MAX_TIMEOUT_S 86400

/* Seconds as plain decimal digits ("10", "0.5"): no sign, exponent, hex,
 * inf or nan; more than 0 and at most a day. */
static int parse_seconds(const char *text, const char *what, int64_t *ms, struct hl_error *err) {
    size_t digits = strspn(text, "0123456789."), dots = 0;
    for (const char *p = text; *p != '\0'; p++)
        dots += *p == '.';
    if (*text == '\0')
        return hl_error_set(err, HL_ERR_USAGE, "%s: missing value", what);
    if (text[digits] != '\0' || dots > 1 || strcmp(text, ".") == 0)
        return hl_error_set(err, HL_ERR_USAGE, "%s: '%s' is not a number of seconds", what, text);
    double s = strtod(text, NULL);
    if (!(s > 0) || s > MAX_TIMEOUT_S || llround(s * 1000) < 1)
        return hl_error_set(err, HL_ERR_USAGE, "%s: '%s' is out of range (0.001 to %d seconds)",
                            what, text, MAX_TIMEOUT_S);
    *ms = llround(s * 1000);
    return 0;
}

/* --latency and --body-size, shared by `run fetch` and `serve`. Same
 * return convention as hl_cli_take_fetch_option. */
static int take_server_option(int argc, char **argv, int *i, struct hl_params *p, const char **name,
                              struct hl_error *err) {
    const char *v = NULL;
    int m = hl_cli_take_option(argc, argv, i, NULL, "--latency", &v, err);
    if (m != 0) {
        *name = "--latency";
        return m < 0 || hl_parse_i64(v, "--latency", 0, HL_HTTP_MAX_LATENCY_MS, &p->io.latency_ms,
                                     err) != 0
                   ? -1
                   : 1;
    }
    m = hl_cli_take_option(argc, argv, i, NULL, "--body-size", &v, err);
    if (m != 0) {
        *name = "--body-size";
        return m < 0 || hl_parse_i64(v, "--body-size", 0, HL_HTTP_MAX_BODY_SIZE, &p->io.body_size,
                                     err) != 0
                   ? -1
                   : 1;
    }
    m = hl_cli_take_option(argc, argv, i, NULL, "--bind", &v, err);
    if (m != 0) {
        *name = "--bind";
        p->io.bind = v;
        return m < 0 || hl_http_check_bind(v, err) != 0 ? -1 : 1;
    }
    return 0;
}

int hl_cli_take_fetch_option(int argc, char **argv, int *i, struct hl_config *cfg,
                             struct hl_error *err) {
    const char *v = NULL, *name = NULL;
    int m = take_server_option(argc, argv, i, &cfg->params, &name, err);
    if (m > 0 && cfg->fetch_given.server_only == NULL)
        cfg->fetch_given.server_only = name;
    if (m == 0 && (m = hl_cli_take_option(argc, argv, i, NULL, "--url", &v, err)) != 0) {
        name = "--url";
        cfg->params.io.url = v; /* checked by the workload, before any work */
    }
    if (m == 0 && strcmp(argv[*i], "--follow-redirects") == 0) {
        name = "--follow-redirects";
        cfg->params.io.follow_redirects = true;
        m = 1;
    }
    if (m == 0 && (m = hl_cli_take_option(argc, argv, i, NULL, "--timeout", &v, err)) != 0) {
        name = "--timeout";
        if (m > 0 && parse_seconds(v, "--timeout", &cfg->params.io.timeout_ms, err) != 0)
            m = -1;
    }
    if (m > 0 && cfg->fetch_given.any == NULL)
        cfg->fetch_given.any = name;
    return m;
}

int hl_cli_check_fetch_options(const struct hl_config *cfg, struct hl_error *err) {
    if (cfg->fetch_given.any == NULL)
        return 0;
    if ((cfg->workload->kind & HL_KIND_IO) == 0)
        return hl_error_set(err, HL_ERR_USAGE, "%s: only for the fetch workload, not %s",
                            cfg->fetch_given.any, cfg->workload->name);
    if (cfg->params.io.url != NULL && cfg->fetch_given.server_only != NULL)
        return hl_error_set(err, HL_ERR_USAGE, "%s: only for the built-in server, not with --url",
                            cfg->fetch_given.server_only);
    return 0;
}

int hl_cli_parse_serve(int argc, char **argv, int first, struct hl_config *cfg,
                       struct hl_error *err) {
    cfg->serve_port = HL_HTTP_DEFAULT_PORT;
    bool operands = false; /* serve takes none: anything after "--" is unexpected */
    for (int i = first; i < argc; i++) {
        const char *v = NULL, *name = NULL;
        int m;
        if (!operands && strcmp(argv[i], "--") == 0) {
            operands = true;
            continue;
        }
        if (operands)
            return hl_error_set(err, HL_ERR_USAGE, "serve: unexpected argument '%s'", argv[i]);
        if (strcmp(argv[i], "-h") == 0 || strcmp(argv[i], "--help") == 0) {
            cfg->command = HL_CMD_HELP;
            cfg->help_for = HL_CMD_SERVE;
            return 0;
        }
        if ((m = take_server_option(argc, argv, &i, &cfg->params, &name, err)) != 0) {
            if (m < 0)
                return -1;
        } else if ((m = hl_cli_take_option(argc, argv, &i, "-p", "--port", &v, err)) != 0) {
            int64_t port;
            if (m < 0 || hl_parse_i64(v, "--port", 0, 65535, &port, err) != 0)
                return -1;
            cfg->serve_port = (int)port;
        } else {
            return hl_error_set(err, HL_ERR_USAGE, "serve: unknown argument '%s'", argv[i]);
        }
    }
#if !HETLANE_WITH_FETCH
    return hl_error_set(err, HL_ERR_USAGE,
                        "serve: this hetlane was built without libmicrohttpd and libcurl "
                        "(HETLANE_WITH_FETCH=OFF)");
#else
    return 0;
#endif
}

void hl_cli_print_fetch_help(FILE *out) {
    if (!HETLANE_WITH_FETCH)
        return;
    fprintf(out,
            "\nfetch options (default backends for fetch: serial,pthread:P,pthread:T,fork:T,\n"
            "curl-multi:T with T tasks, default 12; fetch takes no -n):\n"
            "      --url URL       GET this http:// or https:// URL in every task\n"
            "                      (default: a built-in server on 127.0.0.1)\n"
            "      --latency MS    built-in server: wait before each response, 0..%d\n"
            "                      (default %d)\n"
            "      --body-size B   built-in server: bytes per response, 0..%" PRId64 "\n"
            "                      (default %d)\n"
            "      --bind ADDR     built-in server: listen on this IPv4 address (default\n"
            "                      127.0.0.1; mpi: ranks on other hosts need one they reach)\n"
            "      --timeout S     per request, connect included, in seconds (default %d)\n"
            "      --follow-redirects  follow a 3xx answer's Location (at most 5; without\n"
            "                      it a redirect fails the task)\n",
            HL_HTTP_MAX_LATENCY_MS, HL_HTTP_DEFAULT_LATENCY_MS, HL_HTTP_MAX_BODY_SIZE,
            HL_HTTP_DEFAULT_BODY_SIZE, HL_FETCH_DEFAULT_TIMEOUT_MS / 1000);
}

void hl_cli_print_serve_help(FILE *out) {
    fprintf(out,
            "usage: hetlane serve [--port P] [--latency MS] [--body-size B] [--bind ADDR]\n\n"
            "Runs the built-in HTTP server of the fetch workload on 127.0.0.1 (or ADDR) until\n"
            "SIGINT or SIGTERM. Every GET waits MS milliseconds (default %d) without\n"
            "holding up other requests, then answers 200 with B bytes (default %d) of\n"
            "deterministic text. The first line on stdout is the server's URL.\n\n"
            "  -p, --port P        0..65535; 0 picks a free port (default %d)\n"
            "      --latency MS    0..%d\n"
            "      --body-size B   0..%" PRId64 "\n"
            "      --bind ADDR     IPv4 address to listen on (default 127.0.0.1)\n",
            HL_HTTP_DEFAULT_LATENCY_MS, HL_HTTP_DEFAULT_BODY_SIZE, HL_HTTP_DEFAULT_PORT,
            HL_HTTP_MAX_LATENCY_MS, HL_HTTP_MAX_BODY_SIZE);
}
