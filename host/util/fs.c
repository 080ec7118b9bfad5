#include "util/fs.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "util/fault.h"
#include "util/interrupt.h"

/* mkdir -p; *created counts the directories made, which are always the
 * innermost ones (the first that is missing, and all below it). On a
 * failure it removes what it made (and *created is 0). */
static int mkdir_p(char *path, int *created) {
    *created = 0;
    int rc = 0;
    char *p = path + 1;
    for (; rc == 0 && *p != '\0'; p++) {
        if (*p != '/' || p[-1] == '/')
            continue;
        *p = '\0';
        rc = mkdir(path, 0777);
        if (rc == 0)
            ++*created;
        else if (errno == EEXIST)
            rc = 0;
        *p = '/';
    }
    if (rc == 0 && mkdir(path, 0777) == 0)
        ++*created;
    else if (rc == 0 && errno != EEXIST)
        rc = -1;
    struct stat st;
    if (rc == 0 && stat(path, &st) != 0)
        rc = -1;
    if (rc == 0 && !S_ISDIR(st.st_mode)) {
        errno = ENOTDIR;
        rc = -1;
    }
    if (rc != 0) {
        /* What was made is the failed component's parent and above. */
        int e = errno;
        if (*p != '\0')
            p[-1] = '\0'; /* path: up to the failed component */
        char *slash = strrchr(path, '/');
        if (slash != NULL && slash != path)
            *slash = '\0';
        hl_remove_created_dirs(path, *created);
        *created = 0;
        errno = e;
    }
    return rc;
}

void hl_remove_created_dirs(const char *dir, int created) {
    char path[HL_OUT_DIR_MAX + 1];
    if (created <= 0 || strlen(dir) > HL_OUT_DIR_MAX)
        return;
    snprintf(path, sizeof path, "%s", dir);
    for (int i = 0; i < created; i++) {
        size_t len = strlen(path);
        while (len > 1 && path[len - 1] == '/') /* "a/b/" names a/b */
            path[--len] = '\0';
        if (rmdir(path) != 0)
            return;
        char *slash = strrchr(path, '/');
        if (slash == NULL)
            return;
        *slash = '\0';
    }
}

int hl_make_temp_at(int dirfd, const char *prefix, int as_dir, char *name, size_t size) {
    static const char chars[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    size_t len = strlen(prefix);
    if (len + 7 > size) {
        errno = ENAMETOOLONG;
        return -1;
    }
    for (int attempt = 0; attempt < 100; attempt++) {
        unsigned char r[6];
        if (getrandom(r, sizeof r, GRND_NONBLOCK) != (ssize_t)sizeof r) {
            /* No entropy yet (early boot): a name unique enough, since
             * O_EXCL and mkdir refuse one that exists. */
            struct timespec ts;
            clock_gettime(CLOCK_MONOTONIC, &ts);
            uint64_t x = (uint64_t)ts.tv_nsec ^ ((uint64_t)getpid() << 20) ^ (uint64_t)attempt;
            for (size_t i = 0; i < sizeof r; i++, x >>= 8)
                r[i] = (unsigned char)(x * 2654435761u >> 3);
        }
        memcpy(name, prefix, len);
        for (size_t i = 0; i < sizeof r; i++)
            name[len + i] = chars[r[i] % (sizeof chars - 1)];
        name[len + 6] = '\0';
        int rc = as_dir ? mkdirat(dirfd, name, 0700)
                        : openat(dirfd, name, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
        if (rc >= 0 || errno != EEXIST)
            return rc;
    }
    errno = EEXIST;
    return -1;
}

int hl_prepare_out_dir(const char *dir, const char *option, int *created, struct hl_error *err) {
    char path[HL_OUT_DIR_MAX + 1];
    *created = 0;
    if (dir == NULL || *dir == '\0')
        return hl_error_set(err, HL_ERR_USAGE, "%s: empty directory name", option);
    if (strlen(dir) > HL_OUT_DIR_MAX)
        return hl_error_set(err, HL_ERR_USAGE,
                            "%s: directory name too long (%zu bytes, at most %d): choose a "
                            "shorter path",
                            option, strlen(dir), HL_OUT_DIR_MAX);
    snprintf(path, sizeof path, "%s", dir);
    int made = 0;
    if (mkdir_p(path, &made) != 0)
        return hl_error_errno(err, HL_ERR_USAGE, errno, "%s: cannot create directory '%s'", option,
                              dir);
    int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    char probe[32];
    int pfd = fd < 0 ? -1 : hl_make_temp_at(fd, ".hetlane-probe.", 0, probe, sizeof probe);
    int e = errno;
    if (pfd >= 0) {
        close(pfd);
        unlinkat(fd, probe, 0);
    }
    if (fd >= 0)
        close(fd);
    if (pfd < 0) {
        hl_remove_created_dirs(dir, made);
        return hl_error_errno(err, HL_ERR_USAGE, e, "%s: cannot write to directory '%s'", option,
                              dir);
    }
    *created = made;
    return 0;
}

/* Directories reached through their descriptor (hl_fs_bind_dir). */
#define MAX_BOUND 4
static struct {
    const char *path;
    int fd;
} bound[MAX_BOUND];

int hl_fs_bind_dir(const char *path, int fd) {
    for (size_t i = 0; i < MAX_BOUND; i++) {
        if (bound[i].path == NULL) {
            bound[i].path = path;
            bound[i].fd = fd;
            return 0;
        }
    }
    return -1;
}

void hl_fs_unbind_dir(const char *path) {
    for (size_t i = 0; i < MAX_BOUND; i++) {
        if (bound[i].path != NULL && strcmp(bound[i].path, path) == 0)
            bound[i].path = NULL;
    }
}

static int bound_fd(const char *path) {
    for (size_t i = 0; i < MAX_BOUND; i++) {
        if (bound[i].path != NULL && strcmp(bound[i].path, path) == 0)
            return bound[i].fd;
    }
    return -1;
}

/* Writes the open temporary file tmp_fd; 0, or -1 with err filled. */
static int write_temp(int tmp_fd, const char *dir, const char *name,
                      int (*write_fn)(FILE *out, void *ctx, struct hl_error *err), void *ctx,
                      struct hl_error *err) {
    /* The temporary file is 0600; results are meant to be shared like any
     * other output, so honour the umask instead. */
    mode_t mask = umask(0);
    umask(mask);
    (void)fchmod(tmp_fd, 0666 & ~mask);
    FILE *out = fdopen(tmp_fd, "w");
    if (out == NULL) {
        int e = errno;
        close(tmp_fd);
        return hl_error_errno(err, HL_ERR_RUNTIME, e, "cannot write %s/%s", dir, name);
    }
    /* A failed fwrite leaves the stream's error flag and its errno; a
     * later call that succeeds does not clear errno, so it still says why.
     * An injected failure is an I/O error. */
    errno = 0;
    int rc = write_fn(out, ctx, err);
    if (rc == 0 && (fflush(out) != 0 || ferror(out))) {
        int e = errno != 0 ? errno : EIO;
        rc = hl_error_errno(err, HL_ERR_RUNTIME, e, "cannot write %s/%s", dir, name);
    }
    if (rc == 0 && hl_fault_should_fail("write"))
        rc = hl_error_errno(err, HL_ERR_RUNTIME, EIO, "cannot write %s/%s", dir, name);
    if (rc == 0 && hl_interrupted())
        rc = hl_error_set(err, HL_ERR_RUNTIME, "%s/%s: interrupted", dir, name);
    if (rc == 0 && fsync(fileno(out)) != 0)
        rc = hl_error_errno(err, HL_ERR_RUNTIME, errno, "cannot sync %s/%s", dir, name);
    if (fclose(out) != 0 && rc == 0)
        rc = hl_error_errno(err, HL_ERR_RUNTIME, errno, "cannot close %s/%s", dir, name);
    return rc;
}

int hl_write_file_atomic(const char *dir, const char *name,
                         int (*write_fn)(FILE *out, void *ctx, struct hl_error *err), void *ctx,
                         struct hl_error *err) {
    char tmp_prefix[256], tmp_name[264];
    if (snprintf(tmp_prefix, sizeof tmp_prefix, ".%s.", name) >= (int)sizeof tmp_prefix)
        return hl_error_set(err, HL_ERR_RUNTIME, "%s: file name too long", name);
    int dfd = bound_fd(dir);
    bool own = dfd < 0;
    if (own)
        dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dfd < 0)
        return hl_error_errno(err, HL_ERR_RUNTIME, errno, "cannot create %s/%s", dir, name);
    int rc = 0;
    int fd = hl_make_temp_at(dfd, tmp_prefix, 0, tmp_name, sizeof tmp_name);
    if (fd < 0)
        rc = hl_error_errno(err, HL_ERR_RUNTIME, errno, "cannot create %s/%s", dir, name);
    if (rc == 0)
        rc = write_temp(fd, dir, name, write_fn, ctx, err);
    if (rc == 0 && hl_fault_should_fail("crash"))
        raise(SIGKILL); /* a crash mid-write: the data is out, the name not yet */
    if (rc == 0 && renameat(dfd, tmp_name, dfd, name) != 0)
        rc = hl_error_errno(err, HL_ERR_RUNTIME, errno, "cannot rename into %s/%s", dir, name);
    if (rc != 0 && fd >= 0)
        unlinkat(dfd, tmp_name, 0);
    if (own)
        close(dfd);
    return rc;
}
