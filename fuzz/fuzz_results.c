/* libFuzzer target: the results.json reader behind `hetlane plot`. Any
 * input must give either results or a usage error, never a crash or leak;
 * accepted results are written out, read back and written again, and the
 * two texts must be the same bytes (the reader accepts what hetlane
 * writes: UTF-8 replaced, numbers at 9 decimals, within the ranges; and
 * reads each field into its own place). */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "output/results_io.h"

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size);

/* r as results.json in memory (*text, caller frees); false when the
 * stream could not be made or written. */
static bool write_text(const struct hl_results *r, char **text, size_t *len) {
    struct hl_error err = {0};
    FILE *out = open_memstream(text, len);
    if (out == NULL)
        return false;
    int rc = hl_results_write_json(out, r, &err);
    if (fclose(out) != 0 || rc != 0) {
        free(*text);
        *text = NULL;
        return false;
    }
    return true;
}

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size) {
    struct hl_results r;
    struct hl_error err = {0};
    if (hl_results_parse_json((const char *)data, size, "fuzz.json", &r, &err) != 0) {
        if (err.status != HL_ERR_USAGE || err.msg[0] == '\0')
            __builtin_trap(); /* every refusal must be a usage error with a reason */
        return 0;
    }
    /* Written, read back, written again: the same bytes. So the reader
     * accepts everything the writer writes, and each field read is the
     * field written (a value read into the wrong field, or lost, would
     * change the second text). */
    char *text = NULL, *text2 = NULL;
    size_t len = 0, len2 = 0;
    if (write_text(&r, &text, &len)) {
        struct hl_results again;
        struct hl_error err2 = {0};
        if (hl_results_parse_json(text, len, "written.json", &again, &err2) != 0) {
            fprintf(stderr, "written results not read back: %s\n", err2.msg);
            __builtin_trap();
        }
        if (write_text(&again, &text2, &len2) && (len2 != len || memcmp(text, text2, len) != 0)) {
            fprintf(stderr, "written, read and written again, results differ:\n%.*s\n---\n%.*s\n",
                    (int)len, text, (int)len2, text2);
            __builtin_trap();
        }
        free(text2);
        hl_results_free(&again);
    }
    free(text);
    FILE *sink = fopen("/dev/null", "w");
    if (sink != NULL) {
        hl_results_write_csv(sink, &r, &err);
        fclose(sink);
    }
    hl_results_free(&r);
    return 0;
}
