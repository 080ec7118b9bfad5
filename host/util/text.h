/* Small text helpers for terminal output. */
#ifndef HL_UTIL_TEXT_H
#define HL_UTIL_TEXT_H

#include <stddef.h>
#include <stdio.h>

/* Prints each line of `text`: the first after `first_prefix`, the others
 * after `indent` (a build log under the config it belongs to). */
void hl_print_lines(FILE *out, const char *first_prefix, const char *indent, const char *text);

/* Seconds in the unit that keeps them readable ("812.4 us", "7.323 ms",
 * "6.007 s"; "-" for NAN) into buf; returns buf. */
const char *hl_format_seconds(char *buf, size_t size, double s);

#endif
