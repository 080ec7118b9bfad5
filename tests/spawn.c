#include "spawn.h"

#include <dirent.h>
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

int spawn_capture(const char *const argv[], const char *const env[], struct spawn_result *res) {
    FILE *out = tmpfile(), *err = tmpfile();
    pid_t pid = -1;
    if (out != NULL && err != NULL) {
        fflush(NULL);
        pid = fork();
    }
    if (pid < 0) {
        if (out != NULL)
            fclose(out);
        if (err != NULL)
            fclose(err);
        return -1;
    }
    if (pid == 0) {
        dup2(fileno(out), 1);
        dup2(fileno(err), 2);
        for (size_t i = 0; env != NULL && env[i] != NULL; i++)
            putenv((char *)env[i]);
        execv(argv[0], (char *const *)argv);
        _exit(127);
    }
    int status;
    while (waitpid(pid, &status, 0) < 0) {
    }
    res->status = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    slurp(out, res->out, sizeof res->out);
    slurp(err, res->err, sizeof res->err);
    return 0;
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
