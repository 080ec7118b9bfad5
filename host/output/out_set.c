#include "output/out_set.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util/fault.h"
#include "util/fs.h"

#define STAGE_PREFIX ".hetlane-new."
#define PROBE_PREFIX ".hetlane-probe."
#define JOURNAL_COMMIT ".hetlane-commit" /* staged set; the old one not yet removed */
#define JOURNAL_MOVE ".hetlane-move"     /* old set removed; files still to move in */

static const char *const fixed_names[] = {"results.json", "results.csv", "trace.json",
                                          "report.html", "report.md"};
static const char *const chart_kinds[] = {"-overview", "-compare", "-scaling", "-compare-sets",
                                          "-roofline"};
static const char *const chart_exts[] = {".png", ".svg", ".pdf"};

/* A name as hl_results_file_part makes it: [A-Za-z0-9._-], not starting
 * with '.' or '-'. */
static bool is_file_part(const char *s, size_t n) {
    if (n == 0 || s[0] == '.' || s[0] == '-')
        return false;
    for (size_t i = 0; i < n; i++) {
        if (!isalnum((unsigned char)s[i]) && s[i] != '.' && s[i] != '_' && s[i] != '-')
            return false;
    }
    return true;
}

bool hl_out_set_name_is_ours(const char *name) {
    for (size_t i = 0; i < sizeof fixed_names / sizeof fixed_names[0]; i++) {
        if (strcmp(name, fixed_names[i]) == 0)
            return true;
    }
    size_t n = strlen(name), base = 0;
    for (size_t i = 0; i < sizeof chart_exts / sizeof chart_exts[0]; i++) {
        if (n > 4 && strcmp(name + n - 4, chart_exts[i]) == 0)
            base = n - 4;
    }
    if (base == 0 || !is_file_part(name, base))
        return false;
    for (size_t i = 0; i < sizeof chart_kinds / sizeof chart_kinds[0]; i++) {
        size_t k = strlen(chart_kinds[i]);
        if (base > k && strncmp(name + base - k, chart_kinds[i], k) == 0)
            return true;
    }
    const char *t = strstr(name, "-timeline-");
    return t != NULL && t > name && t + strlen("-timeline-") < name + base;
}

static bool has_prefix(const char *s, const char *prefix) {
    return strncmp(s, prefix, strlen(prefix)) == 0;
}

/* What a crashed hetlane may leave: a staging directory, a probe, or a
 * temporary ".NAME.XXXXXX" of one of our files (hl_write_file_atomic). */
static bool is_leftover(const char *name) {
    if (has_prefix(name, STAGE_PREFIX) || has_prefix(name, PROBE_PREFIX))
        return true;
    size_t n = strlen(name);
    if (name[0] != '.' || n < 9 || name[n - 7] != '.')
        return false;
    char inner[NAME_MAX + 1];
    snprintf(inner, sizeof inner, "%.*s", (int)(n - 8), name + 1);
    return hl_out_set_name_is_ours(inner);
}

static bool is_journal(const char *name) {
    return strcmp(name, JOURNAL_COMMIT) == 0 || strcmp(name, JOURNAL_MOVE) == 0;
}

static bool exists_at(int fd, const char *name) {
    struct stat st;
    return fstatat(fd, name, &st, AT_SYMLINK_NOFOLLOW) == 0;
}

static bool regular_at(int fd, const char *name) {
    struct stat st;
    return fstatat(fd, name, &st, AT_SYMLINK_NOFOLLOW) == 0 && S_ISREG(st.st_mode);
}

/* A listing of directory fd with its own read position (so that listing
 * it twice needs no rewind), or of its subdirectory `sub`. */
static DIR *list_at(int fd, const char *sub) {
    int d = openat(fd, sub != NULL ? sub : ".", O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    if (d < 0)
        return NULL;
    DIR *dir = fdopendir(d);
    if (dir == NULL)
        close(d);
    return dir;
}

static bool is_dot(const char *name) {
    return strcmp(name, ".") == 0 || strcmp(name, "..") == 0;
}

/* Removes directory fd/sub and the files in it (hetlane's staging
 * directories hold no folders). */
static int remove_stage(int fd, const char *sub) {
    DIR *d = list_at(fd, sub);
    if (d != NULL) {
        const struct dirent *e;
        while ((e = readdir(d)) != NULL) {
            if (!is_dot(e->d_name))
                unlinkat(dirfd(d), e->d_name, 0);
        }
        closedir(d);
    }
    return unlinkat(fd, sub, AT_REMOVEDIR);
}

/* The commit's steps stop here under HETLANE_FAULT=commit-crash:K, as a
 * power cut would stop them (tests prove the next command finishes). */
static void crash_point(void) {
    if (hl_fault_should_fail("commit-crash"))
        raise(SIGKILL);
}

/* Removes every file of the old set that the journal does not replace. */
static int drop_obsolete(int fd) {
    int jfd = openat(fd, JOURNAL_COMMIT, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    DIR *d = jfd < 0 ? NULL : list_at(fd, NULL);
    int rc = d == NULL ? -1 : 0;
    const struct dirent *e;
    while (rc == 0 && (e = readdir(d)) != NULL) {
        if (!hl_out_set_name_is_ours(e->d_name) || !regular_at(fd, e->d_name) ||
            exists_at(jfd, e->d_name))
            continue;
        crash_point();
        if (unlinkat(fd, e->d_name, 0) != 0 && errno != ENOENT)
            rc = -1;
    }
    int e_saved = errno;
    if (d != NULL)
        closedir(d);
    if (jfd >= 0)
        close(jfd);
    errno = e_saved;
    return rc;
}

/* Moves every file of the journal into DIR, then removes the journal.
 * Entries renamed away while listed may or may not be listed again, so it
 * lists until a pass finds nothing. */
static int finish_move(int fd) {
    for (;;) {
        DIR *d = list_at(fd, JOURNAL_MOVE);
        if (d == NULL)
            return -1;
        size_t moved = 0;
        const struct dirent *e;
        while ((e = readdir(d)) != NULL) {
            if (is_dot(e->d_name))
                continue;
            crash_point();
            if (renameat(dirfd(d), e->d_name, fd, e->d_name) != 0) {
                int saved = errno;
                closedir(d);
                errno = saved;
                return -1;
            }
            moved++;
        }
        closedir(d);
        if (moved == 0)
            break;
    }
    if (unlinkat(fd, JOURNAL_MOVE, AT_REMOVEDIR) != 0)
        return -1;
    return fsync(fd);
}

/* Finishes a commit a crash interrupted, then removes leftovers. */
static int recover(struct hl_out_set *s, struct hl_error *err) {
    int rc = 0;
    s->recovered = exists_at(s->fd, JOURNAL_MOVE) || exists_at(s->fd, JOURNAL_COMMIT);
    if (exists_at(s->fd, JOURNAL_MOVE))
        rc = finish_move(s->fd);
    if (rc == 0 && exists_at(s->fd, JOURNAL_COMMIT))
        rc = drop_obsolete(s->fd) != 0 || renameat(s->fd, JOURNAL_COMMIT, s->fd, JOURNAL_MOVE) != 0
                 ? -1
                 : finish_move(s->fd);
    if (rc != 0)
        return hl_error_errno(err, HL_ERR_RUNTIME, errno,
                              "cannot finish the set an interrupted hetlane left in '%s'", s->dir);
    DIR *d = list_at(s->fd, NULL);
    if (d == NULL)
        return hl_error_errno(err, HL_ERR_RUNTIME, errno, "cannot list '%s'", s->dir);
    const struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        if (has_prefix(e->d_name, STAGE_PREFIX))
            remove_stage(s->fd, e->d_name);
        else if (is_leftover(e->d_name) && regular_at(s->fd, e->d_name))
            unlinkat(s->fd, e->d_name, 0);
    }
    closedir(d);
    return 0;
}

/* A usage error naming the first entry hetlane would not have written. */
static int check_ours(const struct hl_out_set *s, const char *option, struct hl_error *err) {
    DIR *d = list_at(s->fd, NULL);
    if (d == NULL)
        return hl_error_errno(err, HL_ERR_USAGE, errno, "%s: cannot list '%s'", option, s->dir);
    const struct dirent *e;
    int rc = 0;
    while (rc == 0 && (e = readdir(d)) != NULL) {
        const char *name = e->d_name;
        if (is_dot(name) || is_journal(name) || is_leftover(name) ||
            (hl_out_set_name_is_ours(name) && regular_at(s->fd, name)))
            continue;
        rc = hl_error_set(err, HL_ERR_USAGE,
                          "%s: '%s' holds '%s', which hetlane did not write: choose another "
                          "directory, or empty this one",
                          option, s->dir, name);
    }
    closedir(d);
    return rc;
}

int hl_out_set_open(struct hl_out_set *s, const char *dir, const char *option,
                    struct hl_error *err) {
    s->fd = -1;
    s->stage_fd = -1;
    s->stage[0] = '\0';
    s->stage_name[0] = '\0';
    s->dir[0] = '\0';
    s->created = 0;
    s->committed = false;
    s->recovered = false;
    if (hl_prepare_out_dir(dir, option, &s->created, err) != 0)
        return -1;
    snprintf(s->dir, sizeof s->dir, "%s", dir);
    int rc = 0;
    /* A hetlane that made dir and wrote nothing removes it as it closes:
     * if that happened between our open and our lock, dir is open but
     * gone (no link left), and is made afresh. */
    for (int attempt = 0; attempt < 3; attempt++) {
        s->fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        if (s->fd < 0) {
            rc = hl_error_errno(err, HL_ERR_USAGE, errno, "%s: cannot open directory '%s'", option,
                                dir);
            hl_remove_created_dirs(dir, s->created);
            return rc;
        }
        struct stat st;
        if (flock(s->fd, LOCK_EX | LOCK_NB) != 0) {
            /* Not ours to remove: the other hetlane may be using it. */
            s->created = 0;
            rc = errno == EWOULDBLOCK
                     ? hl_error_set(err, HL_ERR_USAGE, "%s: another hetlane is writing to '%s'",
                                    option, dir)
                     : hl_error_errno(err, HL_ERR_RUNTIME, errno, "cannot lock '%s'", dir);
        } else if (fstat(s->fd, &st) == 0 && st.st_nlink == 0) {
            close(s->fd);
            s->fd = -1;
            if (hl_prepare_out_dir(dir, option, &s->created, err) != 0)
                return -1;
            continue;
        }
        break;
    }
    if (s->fd < 0)
        return hl_error_set(err, HL_ERR_RUNTIME, "'%s' was removed while it was opened", dir);
    if (rc == 0)
        rc = check_ours(s, option, err);
    if (rc == 0)
        rc = recover(s, err);
    if (rc != 0)
        hl_out_set_close(s);
    return rc;
}

const char *hl_out_set_begin(struct hl_out_set *s, struct hl_error *err) {
    if (s->stage[0] != '\0')
        return s->stage;
    if (hl_make_temp_at(s->fd, STAGE_PREFIX, 1, s->stage_name, sizeof s->stage_name) != 0) {
        s->stage_name[0] = '\0';
        hl_error_errno(err, HL_ERR_RUNTIME, errno, "cannot write to '%s'", s->dir);
        return NULL;
    }
    s->stage_fd = openat(s->fd, s->stage_name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    snprintf(s->stage, sizeof s->stage, "%s/%s", s->dir, s->stage_name);
    if (s->stage_fd < 0 || hl_fs_bind_dir(s->stage, s->stage_fd) != 0) {
        int e = s->stage_fd < 0 ? errno : EMFILE;
        hl_out_set_discard(s);
        hl_error_errno(err, HL_ERR_RUNTIME, e, "cannot write to '%s'", s->dir);
        return NULL;
    }
    return s->stage;
}

/* The staging directory is no longer written through its descriptor. */
static void stage_release(struct hl_out_set *s) {
    hl_fs_unbind_dir(s->stage);
    if (s->stage_fd >= 0)
        close(s->stage_fd);
    s->stage_fd = -1;
}

int hl_out_set_commit(struct hl_out_set *s, bool keep_old, struct hl_error *err) {
    if (s->stage[0] == '\0')
        return hl_error_set(err, HL_ERR_RUNTIME, "%s: nothing was written", s->dir);
    /* The staged files were synced one by one; their names too, now. */
    int rc = fsync(s->stage_fd) != 0 ? -1 : 0;
    stage_release(s);
    const char *journal = keep_old ? JOURNAL_MOVE : JOURNAL_COMMIT;
    if (rc == 0 && renameat(s->fd, s->stage_name, s->fd, journal) != 0)
        rc = -1;
    if (rc != 0) {
        int e = errno;
        hl_out_set_discard(s);
        return hl_error_errno(err, HL_ERR_RUNTIME, e, "cannot commit the set in '%s'", s->dir);
    }
    s->stage[0] = '\0';
    s->stage_name[0] = '\0';
    s->committed = true; /* journaled: the next command finishes it if this one cannot */
    if (fsync(s->fd) != 0 ||
        (!keep_old && (drop_obsolete(s->fd) != 0 ||
                       renameat(s->fd, JOURNAL_COMMIT, s->fd, JOURNAL_MOVE) != 0)) ||
        finish_move(s->fd) != 0)
        return hl_error_errno(err, HL_ERR_RUNTIME, errno,
                              "cannot replace the set in '%s' (the next hetlane command there "
                              "finishes it)",
                              s->dir);
    return 0;
}

void hl_out_set_discard(struct hl_out_set *s) {
    if (s->stage_name[0] == '\0')
        return;
    stage_release(s);
    remove_stage(s->fd, s->stage_name);
    s->stage[0] = '\0';
    s->stage_name[0] = '\0';
}

void hl_out_set_close(struct hl_out_set *s) {
    if (s->fd < 0)
        return;
    hl_out_set_discard(s);
    /* Still locked: no other hetlane can be using what is removed. */
    if (!s->committed)
        hl_remove_created_dirs(s->dir, s->created);
    close(s->fd); /* releases the lock */
    s->fd = -1;
}

void hl_out_set_explain(const struct hl_out_set *s, struct hl_error *err) {
    size_t len = strlen(s->stage);
    char *at = len > 0 ? strstr(err->msg, s->stage) : NULL;
    if (at == NULL)
        return;
    size_t dir_len = strlen(s->dir);
    memmove(at + dir_len, at + len, strlen(at + len) + 1);
    memcpy(at, s->dir, dir_len);
}
