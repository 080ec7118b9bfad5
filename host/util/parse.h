/* Strict number parsing for command-line values: the whole string must be
 * a decimal integer within [min, max]; no sign tricks, no trailing junk. */
#ifndef HL_UTIL_PARSE_H
#define HL_UTIL_PARSE_H

#include <stdint.h>

#include "util/error.h"

/* Parses `text` into *out. On failure fills err (usage) naming `what`
 * ("--size") and the offending text, and returns -1. */
int hl_parse_i64(const char *text, const char *what, int64_t min, int64_t max, int64_t *out,
                 struct hl_error *err);

#endif
