/* libFuzzer target: the results.json reader behind `hetlane plot`. Any
 * input must give either results or a usage error, never a crash or leak;
 * accepted results must survive being written out again. */
#include <stdio.h>

#include "output/results_io.h"

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size);

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size) {
    struct hl_results r;
    struct hl_error err = {0};
    if (hl_results_parse_json((const char *)data, size, "fuzz.json", &r, &err) == 0) {
        FILE *sink = fopen("/dev/null", "w");
        if (sink != NULL) {
            hl_results_write_json(sink, &r, &err);
            hl_results_write_csv(sink, &r, &err);
            fclose(sink);
        }
        hl_results_free(&r);
    } else if (err.status != HL_ERR_USAGE || err.msg[0] == '\0') {
        __builtin_trap(); /* every refusal must be a usage error with a reason */
    }
    return 0;
}
