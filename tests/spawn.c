#include "spawn.h"

#include <dirent.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

static void slurp(FILE *f, char *buf, size_t size) {
    rewind(f);
    size_t n = fread(buf, 1, size - 1, f);
    buf[n] = '\0';
    fclose(f);
}

#define MAX_WRAPPER_WORDS 32

int spawn_wrapped(void) {
    const char *w = getenv("HETLANE_TEST_WRAPPER");
    return w != NULL && *w != '\0';
}

_Noreturn void spawn_exec(const char *const argv[]) {
    const char *w = getenv("HETLANE_TEST_WRAPPER");
    if (w == NULL || *w == '\0') {
        execv(argv[0], (char *const *)argv);
        _exit(127);
    }
    static char words[4096];
    const char *full[MAX_WRAPPER_WORDS + 64];
    size_t n = 0;
    snprintf(words, sizeof words, "%s", w);
    for (char *save = NULL, *t = strtok_r(words, " ", &save); t != NULL && n < MAX_WRAPPER_WORDS;
         t = strtok_r(NULL, " ", &save))
        full[n++] = t;
    if (n == 0) { /* a wrapper of blanks only: run the command itself */
        execv(argv[0], (char *const *)argv);
        _exit(127);
    }
    for (size_t i = 0; argv[i] != NULL && n < sizeof full / sizeof full[0] - 1; i++)
        full[n++] = argv[i];
    full[n] = NULL;
    execvp(full[0], (char *const *)full);
    _exit(127);
}

int spawn_start(const char *const argv[], const char *const env[], int own_group,
                struct spawn_proc *p) {
    p->out = tmpfile();
    p->err = tmpfile();
    p->pid = -1;
    if (p->out != NULL && p->err != NULL) {
        fflush(NULL);
        p->pid = fork();
    }
    if (p->pid < 0) {
        if (p->out != NULL)
            fclose(p->out);
        if (p->err != NULL)
            fclose(p->err);
        return -1;
    }
    if (p->pid == 0) {
        if (own_group)
            setpgid(0, 0);
        dup2(fileno(p->out), 1);
        dup2(fileno(p->err), 2);
        for (size_t i = 0; env != NULL && env[i] != NULL; i++)
            putenv((char *)env[i]);
        spawn_exec(argv);
    }
    if (own_group)
        setpgid(p->pid, p->pid); /* both sides: no race with the signal */
    return 0;
}

static void finish(struct spawn_proc *p, int status, struct spawn_result *res) {
    res->status = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    res->signaled = WIFSIGNALED(status);
    slurp(p->out, res->out, sizeof res->out);
    slurp(p->err, res->err, sizeof res->err);
}

int spawn_wait(struct spawn_proc *p, int timeout_ms, struct spawn_result *res) {
    int status = 0;
    for (int waited = 0;; waited += 10) {
        pid_t r = waitpid(p->pid, &status, timeout_ms < 0 ? 0 : WNOHANG);
        if (r == p->pid)
            break;
        if (r < 0 && errno != EINTR)
            return -1;
        if (r == 0 && waited >= timeout_ms) {
            kill(p->pid, SIGKILL);
            waitpid(p->pid, &status, 0);
            finish(p, status, res);
            return -1;
        }
        if (r == 0)
            usleep(10000);
    }
    finish(p, status, res);
    return 0;
}

int spawn_capture(const char *const argv[], const char *const env[], struct spawn_result *res) {
    struct spawn_proc p;
    if (spawn_start(argv, env, 0, &p) != 0)
        return -1;
    return spawn_wait(&p, -1, res);
}

int count_lines(const char *s) {
    int n = 0;
    for (const char *p = s; *p != '\0'; p++)
        n += *p == '\n';
    size_t len = strlen(s);
    return n + (len > 0 && s[len - 1] != '\n');
}

int dir_is_empty_or_missing(const char *dir) {
    DIR *d = opendir(dir);
    if (d == NULL)
        return 1;
    int empty = 1;
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0)
            empty = 0;
    }
    closedir(d);
    return empty;
}
