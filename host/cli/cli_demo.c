/* The command line of `hetlane demo`: options and help only. */
#include <string.h>

#include "cli/cli.h"

int hl_cli_parse_demo(int argc, char **argv, int first, struct hl_config *cfg,
                      struct hl_error *err) {
    bool operands = false; /* demo takes none: anything after "--" is unexpected */
    for (int i = first; i < argc; i++) {
        const char *v = NULL;
        int m;
        if (!operands && strcmp(argv[i], "--") == 0) {
            operands = true;
            continue;
        }
        if (operands)
            return hl_error_set(err, HL_ERR_USAGE, "demo: unexpected argument '%s'", argv[i]);
        if (strcmp(argv[i], "-h") == 0 || strcmp(argv[i], "--help") == 0) {
            cfg->command = HL_CMD_HELP;
            cfg->help_for = HL_CMD_DEMO;
            return 0;
        }
        if (strcmp(argv[i], "-q") == 0 || strcmp(argv[i], "--quiet") == 0) {
            cfg->quiet = true;
        } else if (strcmp(argv[i], "--quick") == 0) {
            cfg->quick = true;
        } else if ((m = hl_cli_take_option(argc, argv, &i, "-o", "--out", &v, err)) != 0) {
            if (m < 0)
                return -1;
            cfg->out_dir = v;
            cfg->out_given = true;
        } else if (argv[i][0] == '-') {
            return hl_error_set(err, HL_ERR_USAGE, "demo: unknown option '%s'", argv[i]);
        } else {
            return hl_error_set(err, HL_ERR_USAGE, "demo: unexpected argument '%s'", argv[i]);
        }
    }
    return 0;
}
