/* Strict number parsing for command-line values: the whole string must be
 * a whole number within [min, max]; no hex, no trailing junk.
 *
 * Written as people write sizes: plain digits ("12000000"), digits grouped
 * by commas in threes ("12,000,000") or by underscores ("12_000_000"), or
 * an exact decimal or scientific form ("12e6", "1.2e7", "2.5E3"). A form
 * whose value is not a whole number ("1.5", "1.25e1") is refused, and the
 * message says what it is. */
#ifndef HL_UTIL_PARSE_H
#define HL_UTIL_PARSE_H

#include <stdint.h>

#include "util/error.h"

/* Parses `text` into *out. On failure fills err (usage) naming `what`
 * ("--size") and the offending text, and returns -1. */
int hl_parse_i64(const char *text, const char *what, int64_t min, int64_t max, int64_t *out,
                 struct hl_error *err);

#endif
