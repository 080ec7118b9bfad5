/* libFuzzer target: the results.json reader behind `hetlane plot`. Any
 * input must give either results or a usage error, never a crash or leak;
 * accepted results must survive being written out again, and what the
 * writer wrote must be read back (the reader accepts what hetlane
 * writes: UTF-8 replaced, numbers at 9 decimals, within the ranges). */
#include <stdio.h>
#include <stdlib.h>

#include "output/results_io.h"

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size);

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size) {
    struct hl_results r;
    struct hl_error err = {0};
    if (hl_results_parse_json((const char *)data, size, "fuzz.json", &r, &err) != 0) {
        if (err.status != HL_ERR_USAGE || err.msg[0] == '\0')
            __builtin_trap(); /* every refusal must be a usage error with a reason */
        return 0;
    }
    char *text = NULL;
    size_t len = 0;
    FILE *out = open_memstream(&text, &len);
    if (out != NULL) {
        hl_results_write_json(out, &r, &err);
        if (fclose(out) == 0) {
            struct hl_results again;
            struct hl_error err2 = {0};
            if (hl_results_parse_json(text, len, "written.json", &again, &err2) != 0 ||
                again.nexperiments != r.nexperiments) {
                fprintf(stderr, "written results not read back: %s\n", err2.msg);
                __builtin_trap();
            }
            hl_results_free(&again);
        }
        free(text);
    }
    FILE *sink = fopen("/dev/null", "w");
    if (sink != NULL) {
        hl_results_write_csv(sink, &r, &err);
        fclose(sink);
    }
    hl_results_free(&r);
    return 0;
}
