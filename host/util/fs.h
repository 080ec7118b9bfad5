/* Output files are written whole or not at all, relative to their
 * directory's descriptor (openat, renameat): once a directory is open,
 * the length of its path no longer matters, so a long path cannot fail
 * halfway through a set. */
#ifndef HL_UTIL_FS_H
#define HL_UTIL_FS_H

#include <stdio.h>

#include "util/error.h"

/* The longest output directory hetlane takes: it is opened by name once
 * (open(2) takes at most PATH_MAX - 1 bytes); everything inside is
 * reached through its descriptor. */
#define HL_OUT_DIR_MAX (4096 - 1)

/* Creates `dir` and its parents (like mkdir -p) and proves it writable by
 * creating and removing a temporary file there. Fails with a usage error
 * naming `option` (e.g. "--out") and the reason: an empty name, one
 * longer than HL_OUT_DIR_MAX, a directory that cannot be made or written.
 * *created receives how many directories it made (the innermost ones of
 * the path); on failure it has removed them again and *created is 0. */
int hl_prepare_out_dir(const char *dir, const char *option, int *created, struct hl_error *err);

/* Removes the `created` innermost directories of dir (hl_prepare_out_dir
 * made them), innermost first, while they are empty: a command that wrote
 * nothing leaves nothing behind. Cannot fail (a directory that is not
 * empty, or is gone, stays as it is). */
void hl_remove_created_dirs(const char *dir, int created);

/* Makes a new entry in directory dirfd named `prefix` + 6 random
 * characters [A-Za-z0-9] (like mkstemp and mkdtemp, relative to dirfd):
 * a file opened for writing (O_EXCL, mode 0600), or with as_dir a
 * directory (mode 0700). Its name goes to name (size >= strlen(prefix) +
 * 7). Returns the file's descriptor (0 for a directory), or -1 with errno
 * set. */
int hl_make_temp_at(int dirfd, const char *prefix, int as_dir, char *name, size_t size);

/* While bound, the directory `path` is reached through fd by
 * hl_write_file_atomic (matched by string): its files are made and
 * renamed relative to fd whatever the length of path. Unbind before fd
 * is closed. At most 4 at once; returns -1 when full. */
int hl_fs_bind_dir(const char *path, int fd);
void hl_fs_unbind_dir(const char *path);

/* Writes dir/name through `write_fn` into a temporary file in `dir`, then
 * renames it into place, both relative to dir's descriptor. On any
 * failure (write_fn returning -1, a short write, fsync, rename, an
 * interrupt) the temporary file is removed, the previous dir/name is
 * untouched, err is filled (runtime) and -1 is returned. */
int hl_write_file_atomic(const char *dir, const char *name,
                         int (*write_fn)(FILE *out, void *ctx, struct hl_error *err), void *ctx,
                         struct hl_error *err);

#endif
