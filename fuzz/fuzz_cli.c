/* libFuzzer target: command-line parsing. The input is split at NUL bytes
 * into argv; parsing must accept it or refuse it with a usage message,
 * never crash. */
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size);

#define MAX_ARGS 32

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size) {
    char *copy = malloc(size + 1);
    if (copy == NULL)
        return 0;
    memcpy(copy, data, size);
    copy[size] = '\0';
    char *argv[MAX_ARGS + 2] = {"hetlane"};
    int argc = 1;
    for (size_t i = 0; i <= size && argc <= MAX_ARGS; i += strlen(copy + i) + 1)
        argv[argc++] = copy + i;
    argv[argc] = NULL;
    struct hl_config cfg;
    struct hl_error err = {0};
    if (hl_cli_parse(argc, argv, &cfg, &err) != 0 &&
        (err.status != HL_ERR_USAGE || err.msg[0] == '\0'))
        __builtin_trap();
    free(copy);
    return 0;
}
