/* Output files are written whole or not at all. */
#ifndef HL_UTIL_FS_H
#define HL_UTIL_FS_H

#include <stdio.h>

#include "util/error.h"

/* Creates `dir` and its parents (like mkdir -p) and proves it writable by
 * creating and removing a temporary file there. Fails with a usage error
 * naming `option` (e.g. "--out") and the reason. Leaves nothing behind
 * except the directories it created. */
int hl_prepare_out_dir(const char *dir, const char *option, struct hl_error *err);

/* Writes dir/name through `write_fn` into a temporary file in `dir`, then
 * renames it into place. On any failure (write_fn returning -1, a short
 * write, fsync, rename) the temporary file is removed, the previous
 * dir/name is untouched, err is filled (runtime) and -1 is returned. */
int hl_write_file_atomic(const char *dir, const char *name,
                         int (*write_fn)(FILE *out, void *ctx, struct hl_error *err), void *ctx,
                         struct hl_error *err);

#endif
