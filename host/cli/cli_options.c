/* The option matcher every command's parser shares. */
#include <string.h>

#include "cli/cli.h"

int hl_cli_take_option(int argc, char **argv, int *i, const char *short_name, const char *long_name,
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
