#include "util/fs.h"

#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util/fault.h"
#include "util/interrupt.h"

static int mkdir_p(char *path) {
    for (char *p = path + 1; *p != '\0'; p++) {
        if (*p != '/')
            continue;
        *p = '\0';
        int rc = mkdir(path, 0777);
        *p = '/';
        if (rc != 0 && errno != EEXIST)
            return -1;
    }
    if (mkdir(path, 0777) != 0 && errno != EEXIST)
        return -1;
    struct stat st;
    if (stat(path, &st) != 0)
        return -1;
    if (!S_ISDIR(st.st_mode)) {
        errno = ENOTDIR;
        return -1;
    }
    return 0;
}

int hl_prepare_out_dir(const char *dir, const char *option, struct hl_error *err) {
    char path[PATH_MAX];
    if (dir == NULL || *dir == '\0')
        return hl_error_set(err, HL_ERR_USAGE, "%s: empty directory name", option);
    if (strlen(dir) >= sizeof path - 32)
        return hl_error_set(err, HL_ERR_USAGE, "%s: directory name too long", option);
    snprintf(path, sizeof path, "%s", dir);
    if (mkdir_p(path) != 0)
        return hl_error_errno(err, HL_ERR_USAGE, errno, "%s: cannot create directory '%s'", option,
                              dir);
    char probe[PATH_MAX];
    snprintf(probe, sizeof probe, "%s/.hetlane-probe.XXXXXX", dir);
    int fd = mkstemp(probe);
    if (fd < 0)
        return hl_error_errno(err, HL_ERR_USAGE, errno, "%s: cannot write to directory '%s'",
                              option, dir);
    close(fd);
    unlink(probe);
    return 0;
}

int hl_write_file_atomic(const char *dir, const char *name,
                         int (*write_fn)(FILE *out, void *ctx, struct hl_error *err), void *ctx,
                         struct hl_error *err) {
    char final_path[PATH_MAX], tmp_path[PATH_MAX];
    if (snprintf(final_path, sizeof final_path, "%s/%s", dir, name) >= (int)sizeof final_path ||
        snprintf(tmp_path, sizeof tmp_path, "%s/.%s.XXXXXX", dir, name) >= (int)sizeof tmp_path)
        return hl_error_set(err, HL_ERR_RUNTIME, "%s/%s: path too long", dir, name);

    int fd = mkstemp(tmp_path);
    if (fd < 0)
        return hl_error_errno(err, HL_ERR_RUNTIME, errno, "cannot create %s", final_path);
    /* mkstemp makes 0600 files; results are meant to be shared like any
     * other output, so honour the umask instead. */
    mode_t mask = umask(0);
    umask(mask);
    (void)fchmod(fd, 0666 & ~mask);

    FILE *out = fdopen(fd, "w");
    if (out == NULL) {
        int e = errno;
        close(fd);
        unlink(tmp_path);
        return hl_error_errno(err, HL_ERR_RUNTIME, e, "cannot open %s", tmp_path);
    }
    /* A failed fwrite leaves the stream's error flag and its errno; a
     * later call that succeeds does not clear errno, so it still says why.
     * An injected failure is an I/O error. */
    errno = 0;
    int rc = write_fn(out, ctx, err);
    if (rc == 0 && (fflush(out) != 0 || ferror(out))) {
        int e = errno != 0 ? errno : EIO;
        rc = hl_error_errno(err, HL_ERR_RUNTIME, e, "cannot write %s", final_path);
    }
    if (rc == 0 && hl_fault_should_fail("write"))
        rc = hl_error_errno(err, HL_ERR_RUNTIME, EIO, "cannot write %s", final_path);
    if (rc == 0 && hl_interrupted())
        rc = hl_error_set(err, HL_ERR_RUNTIME, "%s: interrupted", final_path);
    if (rc == 0 && fsync(fileno(out)) != 0)
        rc = hl_error_errno(err, HL_ERR_RUNTIME, errno, "cannot sync %s", final_path);
    if (fclose(out) != 0 && rc == 0)
        rc = hl_error_errno(err, HL_ERR_RUNTIME, errno, "cannot close %s", final_path);
    if (rc == 0 && hl_fault_should_fail("crash"))
        raise(SIGKILL); /* a crash mid-write: the data is out, the name not yet */
    if (rc == 0 && rename(tmp_path, final_path) != 0)
        rc = hl_error_errno(err, HL_ERR_RUNTIME, errno, "cannot rename into %s", final_path);
    if (rc != 0)
        unlink(tmp_path);
    return rc;
}
