#include "out_check.h"

#include <dirent.h>
#include <errno.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "output/results_io.h"

static int ends_with(const char *s, const char *suffix) {
    size_t n = strlen(s), k = strlen(suffix);
    return n >= k && strcmp(s + n - k, suffix) == 0;
}

/* The last `n` bytes of path into buf (fewer if the file is shorter);
 * returns how many, or -1 when it cannot be read. */
static long tail_of(const char *path, unsigned char *buf, long n) {
    FILE *f = fopen(path, "rb");
    if (f == NULL)
        return -1;
    long size = fseek(f, 0, SEEK_END) == 0 ? ftell(f) : -1;
    long got = -1;
    if (size >= 0) {
        long want = size < n ? size : n;
        if (fseek(f, size - want, SEEK_SET) == 0)
            got = (long)fread(buf, 1, (size_t)want, f);
    }
    fclose(f);
    return got;
}

static int whole_json(const char *path, char *why, size_t why_size) {
    json_error_t jerr;
    json_t *doc = json_load_file(path, 0, &jerr);
    if (doc == NULL) {
        snprintf(why, why_size, "%s does not parse: %s", path, jerr.text);
        return -1;
    }
    json_decref(doc);
    return 0;
}

static int whole_results(const char *path, char *why, size_t why_size) {
    struct hl_results r;
    struct hl_error err = {0};
    if (hl_results_read_json(path, &r, &err) != 0) {
        snprintf(why, why_size, "%s", err.msg);
        return -1;
    }
    hl_results_free(&r);
    return 0;
}

/* One file: whole, judged by its kind. */
static int whole_file(const char *path, const char *name, char *why, size_t why_size) {
    static const unsigned char iend[8] = {'I', 'E', 'N', 'D', 0xae, 0x42, 0x60, 0x82};
    unsigned char tail[16];
    if (strcmp(name, "results.json") == 0)
        return whole_results(path, why, why_size);
    if (ends_with(name, ".json"))
        return whole_json(path, why, why_size);
    long n = tail_of(path, tail, (long)sizeof tail);
    if (n < 0) {
        snprintf(why, why_size, "%s: %s", path, strerror(errno));
        return -1;
    }
    int ok = 1;
    if (ends_with(name, ".csv"))
        ok = n > 0 && tail[n - 1] == '\n';
    else if (ends_with(name, ".png"))
        ok = n >= 12 && memcmp(tail + n - 8, iend, sizeof iend) == 0;
    else if (ends_with(name, ".svg"))
        ok = n >= 7 && memcmp(tail + n - 7, "</svg>\n", 7) == 0;
    if (!ok)
        snprintf(why, why_size, "%s is cut short", path);
    return ok ? 0 : -1;
}

int out_check(const char *dir, size_t *files, char *why, size_t why_size) {
    *files = 0;
    why[0] = '\0';
    DIR *d = opendir(dir);
    if (d == NULL)
        return 0;
    int rc = 0;
    struct dirent *e;
    while (rc == 0 && (e = readdir(d)) != NULL) {
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
            continue;
        char path[1024];
        snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
        (*files)++;
        if (e->d_name[0] == '.') {
            snprintf(why, why_size, "temporary file left: %s", path);
            rc = -1;
        } else {
            rc = whole_file(path, e->d_name, why, why_size);
        }
    }
    closedir(d);
    return rc;
}

void out_remove(const char *dir) {
    DIR *d = opendir(dir);
    if (d == NULL)
        return;
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        char path[1024];
        snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
        if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0)
            unlink(path);
    }
    closedir(d);
    rmdir(dir);
}

void out_remove_tree(const char *dir) {
    char cmd[1100];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    if (system(cmd) != 0)
        fprintf(stderr, "could not remove %s\n", dir);
}

void out_read_results(const char *dir, struct hl_results *r) {
    char path[1024];
    snprintf(path, sizeof path, "%s/results.json", dir);
    struct hl_error err = {0};
    if (hl_results_read_json(path, r, &err) != 0) {
        fprintf(stderr, "%s: %s\n", path, err.msg);
        exit(1);
    }
}
