/* Small text helpers for terminal output. */
#ifndef HL_UTIL_TEXT_H
#define HL_UTIL_TEXT_H

#include <stdio.h>

/* Prints each line of `text`: the first after `first_prefix`, the others
 * after `indent` (a build log under the config it belongs to). */
void hl_print_lines(FILE *out, const char *first_prefix, const char *indent, const char *text);

#endif
