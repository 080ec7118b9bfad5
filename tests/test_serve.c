/* `hetlane serve` as a user meets it: it prints its URL, answers a plain
 * curl request (the curl program when installed, else libcurl) with the
 * documented body, refuses a port already taken, and stops cleanly on
 * SIGTERM and SIGINT with exit status 0. */
#include <curl/curl.h>
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "check.h"
#include "spawn.h"
#include "workloads/fetch/http_server.h"

#define BODY 1000

static const char *hetlane;

struct server_proc {
    pid_t pid;
    int out, err; /* read ends of its stdout and stderr */
    char url[128];
};

/* Reads from fd until a newline or EOF, waiting at most `ms` in all. */
static size_t read_until(int fd, char *buf, size_t size, int ms, int want_newline) {
    size_t got = 0;
    buf[0] = '\0';
    while (got < size - 1 && (!want_newline || strchr(buf, '\n') == NULL)) {
        struct pollfd p = {fd, POLLIN, 0};
        int r = poll(&p, 1, ms);
        if (r < 0 && errno == EINTR)
            continue;
        if (r <= 0)
            break;
        ssize_t n = read(fd, buf + got, size - 1 - got);
        if (n <= 0)
            break;
        got += (size_t)n;
        buf[got] = '\0';
    }
    return got;
}

/* Starts `hetlane serve ARGS...` with pipes; fills s->url from its first
 * line of output (empty when it printed none within 10 s). */
static void start_serve(struct server_proc *s, const char *const *args) {
    int out[2], err[2];
    REQUIRE(pipe(out) == 0 && pipe(err) == 0);
    fflush(NULL);
    s->pid = fork();
    REQUIRE(s->pid >= 0);
    if (s->pid == 0) {
        dup2(out[1], 1);
        dup2(err[1], 2);
        /* A SIGINT ignored by whoever started the tests would be inherited
         * and, rightly, honoured by serve: the test wants Ctrl-C's case. */
        signal(SIGINT, SIG_DFL);
        close(out[0]);
        close(err[0]);
        const char *argv[16] = {hetlane, "serve"};
        for (size_t i = 0; i < 13 && args[i] != NULL; i++)
            argv[i + 2] = args[i];
        spawn_exec(argv);
    }
    close(out[1]);
    close(err[1]);
    s->out = out[0];
    s->err = err[0];
    read_until(s->out, s->url, sizeof s->url, 10000, 1);
    char *nl = strchr(s->url, '\n');
    if (nl != NULL)
        *nl = '\0';
}

/* Waits for the server to exit (10 s at most, then kills it). */
static int wait_serve(struct server_proc *s, char *err_text, size_t size) {
    int status = 0;
    for (int i = 0; i < 1000 && waitpid(s->pid, &status, WNOHANG) == 0; i++)
        usleep(10000);
    if (waitpid(s->pid, &status, WNOHANG) == 0) {
        kill(s->pid, SIGKILL);
        waitpid(s->pid, &status, 0);
        fprintf(stderr, "serve did not stop within 10 s\n");
    }
    read_until(s->err, err_text, size, 100, 0);
    close(s->out);
    close(s->err);
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

static const char *curl_program(void) {
    static const char *const paths[] = {"/usr/bin/curl", "/usr/local/bin/curl", "/bin/curl"};
    for (size_t i = 0; i < sizeof paths / sizeof paths[0]; i++)
        if (access(paths[i], X_OK) == 0)
            return paths[i];
    return NULL;
}

/* GETs url into body; returns the HTTP status (0 on failure). */
static long plain_get(const char *url, char *body, size_t size, size_t *got) {
    const char *curl = curl_program();
    char path[] = "/tmp/hetlane-serve-body.XXXXXX";
    int fd = mkstemp(path);
    REQUIRE(fd >= 0);
    long status = 0;
    if (curl != NULL) {
        char cmd[512];
        snprintf(cmd, sizeof cmd, "%s -sS --noproxy '*' -o %s -w '%%{http_code}' '%s'", curl, path,
                 url);
        FILE *p = popen(cmd, "r");
        REQUIRE(p != NULL);
        char code[16] = "";
        if (fgets(code, sizeof code, p) != NULL)
            status = strtol(code, NULL, 10);
        pclose(p);
    } else {
        FILE *f = fdopen(dup(fd), "w");
        CURL *easy = curl_easy_init();
        REQUIRE(f != NULL && easy != NULL);
        curl_easy_setopt(easy, CURLOPT_URL, url);
        curl_easy_setopt(easy, CURLOPT_WRITEDATA, f);
        curl_easy_setopt(easy, CURLOPT_PROXY, "");
        if (curl_easy_perform(easy) == CURLE_OK)
            curl_easy_getinfo(easy, CURLINFO_RESPONSE_CODE, &status);
        curl_easy_cleanup(easy);
        fclose(f);
    }
    ssize_t n = pread(fd, body, size, 0);
    *got = n > 0 ? (size_t)n : 0;
    close(fd);
    unlink(path);
    return status;
}

int main(int argc, char **argv) {
    REQUIRE(argc == 2);
    hetlane = argv[1];
    printf("test_serve: using %s\n", curl_program() != NULL ? curl_program() : "libcurl");

    struct server_proc s;
    const char *args[] = {"--port", "0", "--latency", "100", "--body-size", "1000", NULL};
    start_serve(&s, args);
    CHECKF(strncmp(s.url, "http://127.0.0.1:", 17) == 0, "first line '%s'", s.url);
    int port = (int)strtol(s.url + 17, NULL, 10);

    char body[2 * BODY], want[BODY];
    size_t got = 0;
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    long status = plain_get(s.url, body, sizeof body, &got);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    double took = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) * 1e-9;
    hl_http_body_fill(want, 0, BODY);
    CHECKF(status == 200 && got == BODY, "status %ld, %zu bytes", status, got);
    CHECK(memcmp(body, want, BODY) == 0);
    CHECKF(took >= 0.095, "answered in %.3f s, before the latency", took);

    /* The port is taken now: a second server says so and exits 1. */
    char taken[16], err_text[4096];
    snprintf(taken, sizeof taken, "%d", port);
    struct server_proc second;
    const char *again[] = {"--port", taken, NULL};
    start_serve(&second, again);
    CHECK(second.url[0] == '\0');
    CHECK(wait_serve(&second, err_text, sizeof err_text) == 1);
    CHECKF(strstr(err_text, "cannot listen on 127.0.0.1:") != NULL &&
               strstr(err_text, "Address already in use") != NULL,
           "%s", err_text);

    kill(s.pid, SIGTERM);
    CHECK(wait_serve(&s, err_text, sizeof err_text) == 0);
    CHECKF(strstr(err_text, "stopped after 1 requests") != NULL, "%s", err_text);

    /* SIGINT (Ctrl-C) stops it the same way, also with nothing served. */
    start_serve(&s, args);
    CHECK(s.url[0] != '\0');
    kill(s.pid, SIGINT);
    CHECK(wait_serve(&s, err_text, sizeof err_text) == 0);
    CHECKF(strstr(err_text, "stopped after 0 requests") != NULL, "%s", err_text);
    return check_finish("test_serve");
}
