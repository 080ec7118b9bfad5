#include "util/parse.h"

#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>

int hl_parse_i64(const char *text, const char *what, int64_t min, int64_t max, int64_t *out,
                 struct hl_error *err) {
    if (text == NULL || *text == '\0')
        return hl_error_set(err, HL_ERR_USAGE, "%s: missing value", what);
    const char *p = text;
    if (*p == '-' || *p == '+')
        p++;
    if (!isdigit((unsigned char)*p))
        return hl_error_set(err, HL_ERR_USAGE, "%s: '%s' is not an integer", what, text);
    errno = 0;
    char *end = NULL;
    long long v = strtoll(text, &end, 10);
    if (*end != '\0')
        return hl_error_set(err, HL_ERR_USAGE, "%s: '%s' is not an integer", what, text);
    if (errno == ERANGE || v < min || v > max)
        return hl_error_set(err, HL_ERR_USAGE,
                            "%s: '%s' is out of range (%" PRId64 " to %" PRId64 ")", what, text,
                            min, max);
    *out = v;
    return 0;
}
