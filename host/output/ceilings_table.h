/* `hetlane ceilings` as text: the CPU's ceilings and floors by thread
 * count, then one line per OpenCL device. */
#ifndef HL_OUTPUT_CEILINGS_TABLE_H
#define HL_OUTPUT_CEILINGS_TABLE_H

#include <stdio.h>

#include "model/ceilings.h"

/* Prints c on out. Cannot fail (stream errors are the caller's). */
void hl_ceilings_print(FILE *out, const struct hl_ceilings *c);

#endif
