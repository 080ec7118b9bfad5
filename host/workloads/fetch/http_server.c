#include "workloads/fetch/http_server.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "util/alloc.h"
#include "util/fault.h"
#include "util/timing.h"

/* A suspended request and when to resume it. */
struct delayed {
    struct MHD_Connection *conn;
    int64_t due_ns;
};

struct hl_http_server {
    struct hl_http_server_config cfg;
    int port;
    int listen_fd; /* ours until MHD runs, then libmicrohttpd's (-1 here) */
    struct MHD_Daemon *daemon;
    struct MHD_Response *ok, *not_allowed;
    char *body;
    atomic_uint_fast64_t requests;

    /* The wait queue. Every request waits the same latency, so arrival
     * order is deadline order and a FIFO ring is enough. A connection has
     * at most one request waiting and MHD counts suspended connections
     * against HL_HTTP_MAX_CONNECTIONS, so the ring cannot overflow; if it
     * ever did, the request would be answered at once, never dropped. */
    pthread_mutex_t lock;
    pthread_cond_t wake; /* on CLOCK_MONOTONIC, like hl_now_ns() */
    size_t head, count;
    bool stopping;
    bool timer_running;
    pthread_t timer;
    struct delayed ring[HL_HTTP_MAX_CONNECTIONS];
};

/* Per-request states kept in MHD's *req_cls: only their addresses matter. */
static const char state_headers_seen = 'h', state_waited = 'w';

/* 63 printable bytes per line after the line number; see hl_http_body_fill. */
static const char body_tail[] = " hetlane loopback body 0123456789abcdefghijklmn\n";
_Static_assert(sizeof body_tail - 1 == 64 - 16, "body lines are 64 bytes");

void hl_http_body_fill(char *buf, int64_t offset, size_t len) {
    static const char hex[] = "0123456789abcdef";
    size_t done = 0;
    while (done < len) {
        int64_t pos = offset + (int64_t)done;
        uint64_t line = (uint64_t)pos / 64;
        char text[64];
        for (int i = 15; i >= 0; i--, line >>= 4)
            text[i] = hex[line & 15];
        memcpy(text + 16, body_tail, 64 - 16);
        size_t from = (size_t)(pos % 64), n = 64 - from;
        if (n > len - done)
            n = len - done;
        memcpy(buf + done, text + from, n);
        done += n;
    }
}

static enum MHD_Result answer(struct hl_http_server *s, struct MHD_Connection *conn,
                              unsigned status, struct MHD_Response *resp) {
    atomic_fetch_add_explicit(&s->requests, 1, memory_order_relaxed);
    return MHD_queue_response(conn, status, resp);
}

/* Suspends `conn` until now + latency. False when it must be answered at
 * once (stopping, or the queue full). Runs on MHD's polling thread. */
static bool delay_request(struct hl_http_server *s, struct MHD_Connection *conn) {
    bool queued = false;
    pthread_mutex_lock(&s->lock);
    if (!s->stopping && s->count < HL_HTTP_MAX_CONNECTIONS) {
        /* Suspend before the timer can see the entry: resuming a
         * connection that is not suspended is undefined in MHD. */
        MHD_suspend_connection(conn);
        size_t tail = (s->head + s->count) % HL_HTTP_MAX_CONNECTIONS;
        s->ring[tail] = (struct delayed){conn, hl_now_ns() + s->cfg.latency_ms * 1000000};
        if (s->count++ == 0)
            pthread_cond_signal(&s->wake);
        queued = true;
    }
    pthread_mutex_unlock(&s->lock);
    return queued;
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *conn, const char *url,
                                  const char *method, const char *version, const char *upload_data,
                                  size_t *upload_data_size, void **req_cls) {
    struct hl_http_server *s = cls;
    (void)url;
    (void)version;
    (void)upload_data;
    if (*req_cls == NULL) { /* headers only: the body, if any, comes next */
        *req_cls = (void *)&state_headers_seen;
        return MHD_YES;
    }
    if (*upload_data_size != 0) { /* a request body is read and ignored */
        *upload_data_size = 0;
        return MHD_YES;
    }
    if (strcmp(method, MHD_HTTP_METHOD_GET) != 0 && strcmp(method, MHD_HTTP_METHOD_HEAD) != 0)
        return answer(s, conn, MHD_HTTP_METHOD_NOT_ALLOWED, s->not_allowed);
    if (*req_cls != &state_waited && s->cfg.latency_ms > 0) {
        *req_cls = (void *)&state_waited;
        if (delay_request(s, conn))
            return MHD_YES; /* called again once resumed */
    }
    return answer(s, conn, MHD_HTTP_OK, s->ok);
}

/* The timer thread: resumes each waiting request when it is due; once
 * stopping, resumes every one at once and leaves. MHD calls on_request
 * again for a resumed request, which then answers it. */
static void *timer_main(void *arg) {
    struct hl_http_server *s = arg;
    pthread_mutex_lock(&s->lock);
    while (!s->stopping || s->count > 0) {
        if (s->count == 0) {
            pthread_cond_wait(&s->wake, &s->lock);
            continue;
        }
        int64_t now = hl_now_ns(), due = s->ring[s->head].due_ns;
        if (!s->stopping && due > now) {
            struct timespec until = {.tv_sec = due / 1000000000, .tv_nsec = due % 1000000000};
            pthread_cond_timedwait(&s->wake, &s->lock, &until);
            continue;
        }
        /* Resume outside the lock: MHD takes its own locks inside. */
        struct MHD_Connection *batch[64];
        size_t n = 0;
        while (s->count > 0 && n < sizeof batch / sizeof batch[0] &&
               (s->stopping || s->ring[s->head].due_ns <= now)) {
            batch[n++] = s->ring[s->head].conn;
            s->head = (s->head + 1) % HL_HTTP_MAX_CONNECTIONS;
            s->count--;
        }
        pthread_mutex_unlock(&s->lock);
        for (size_t i = 0; i < n; i++)
            MHD_resume_connection(batch[i]);
        pthread_mutex_lock(&s->lock);
    }
    pthread_mutex_unlock(&s->lock);
    return NULL;
}

/* The address the server listens on, as text. */
static const char *bind_text(const struct hl_http_server *s) {
    return s->cfg.bind != NULL ? s->cfg.bind : "127.0.0.1";
}

/* A non-blocking socket listening on the bound address (127.0.0.1 unless
 * asked) and port; sets s->port. */
static int open_listen_socket(struct hl_http_server *s, int port, struct hl_error *err) {
    int fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (fd < 0)
        return hl_error_errno(err, HL_ERR_RUNTIME, errno, "http server: socket");
    int one = 1;
    struct sockaddr_in addr = {.sin_family = AF_INET, .sin_port = htons((uint16_t)port)};
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (s->cfg.bind != NULL && inet_pton(AF_INET, s->cfg.bind, &addr.sin_addr) != 1) {
        close(fd);
        return hl_http_check_bind(s->cfg.bind, err);
    }
    socklen_t len = sizeof addr;
    /* SO_REUSEADDR: `hetlane serve` may restart on its port at once. The
     * backlog covers a burst of HL_MAX_WORKERS connects and more. */
    if (setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one) != 0 ||
        bind(fd, (struct sockaddr *)&addr, sizeof addr) != 0 || listen(fd, 1024) != 0 ||
        getsockname(fd, (struct sockaddr *)&addr, &len) != 0) {
        int e = errno;
        close(fd);
        return hl_error_errno(err, HL_ERR_RUNTIME, e, "http server: cannot listen on %s:%d",
                              bind_text(s), port);
    }
    s->listen_fd = fd;
    s->port = ntohs(addr.sin_port);
    return 0;
}

static int make_responses(struct hl_http_server *s, struct hl_error *err) {
    size_t size = (size_t)s->cfg.body_size;
    s->body = hl_malloc(size > 0 ? size : 1);
    if (s->body == NULL)
        return hl_error_set(err, HL_ERR_RUNTIME, "http server: cannot allocate a %zu-byte body",
                            size);
    hl_http_body_fill(s->body, 0, size);
    /* Test binaries only (HETLANE_FAULT=body): one wrong byte in the
     * middle, which fetch's byte-by-byte check must catch. */
    if (size > 0 && hl_fault_should_fail("body"))
        s->body[size / 2] ^= 0x20;
    /* One response object serves every request: MHD counts its users. */
    s->ok = MHD_create_response_from_buffer(size, s->body, MHD_RESPMEM_PERSISTENT);
    static char refused[] = "only GET and HEAD\n";
    s->not_allowed =
        MHD_create_response_from_buffer(sizeof refused - 1, refused, MHD_RESPMEM_PERSISTENT);
    if (s->ok == NULL || s->not_allowed == NULL ||
        MHD_add_response_header(s->ok, MHD_HTTP_HEADER_CONTENT_TYPE, "text/plain") != MHD_YES ||
        MHD_add_response_header(s->not_allowed, MHD_HTTP_HEADER_ALLOW, "GET, HEAD") != MHD_YES)
        return hl_error_set(err, HL_ERR_RUNTIME, "http server: cannot make the responses");
    return 0;
}

static int start_timer(struct hl_http_server *s, struct hl_error *err) {
    pthread_condattr_t attr;
    int e = pthread_condattr_init(&attr);
    if (e == 0)
        e = pthread_condattr_setclock(&attr, CLOCK_MONOTONIC);
    if (e == 0)
        e = pthread_cond_init(&s->wake, &attr);
    pthread_condattr_destroy(&attr);
    if (e == 0)
        e = pthread_mutex_init(&s->lock, NULL);
    if (e == 0)
        e = pthread_create(&s->timer, NULL, timer_main, s);
    if (e != 0)
        return hl_error_errno(err, HL_ERR_RUNTIME, e, "http server: cannot start the timer");
    s->timer_running = true;
    return 0;
}

struct hl_http_server *hl_http_server_start(const struct hl_http_server_config *cfg,
                                            struct hl_error *err) {
    struct hl_http_server *s = hl_calloc(1, sizeof *s);
    if (s == NULL) {
        hl_error_set(err, HL_ERR_RUNTIME, "http server: out of memory");
        return NULL;
    }
    s->cfg = *cfg;
    s->listen_fd = -1;
    atomic_init(&s->requests, 0);
    if (open_listen_socket(s, cfg->port, err) != 0 || make_responses(s, err) != 0 ||
        start_timer(s, err) != 0) {
        hl_http_server_stop(s);
        return NULL;
    }
    /* One polling thread (epoll on Linux); ITC, implied by suspend/resume,
     * lets the timer thread wake it. Quiesce needs ITC too. */
    s->daemon =
        MHD_start_daemon(MHD_USE_AUTO_INTERNAL_THREAD | MHD_ALLOW_SUSPEND_RESUME, 0, NULL, NULL,
                         on_request, s, MHD_OPTION_LISTEN_SOCKET, (MHD_socket)s->listen_fd,
                         MHD_OPTION_CONNECTION_LIMIT, (unsigned)HL_HTTP_MAX_CONNECTIONS,
                         MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)60, MHD_OPTION_END);
    if (s->daemon == NULL) {
        /* libmicrohttpd gives no reason (errno is not reliably set). */
        hl_error_set(err, HL_ERR_RUNTIME,
                     "http server: libmicrohttpd cannot start on 127.0.0.1:%d (out of threads, "
                     "memory or file descriptors?)",
                     s->port);
        /* Whether a failed start closed the socket it was given differs
         * between libmicrohttpd versions: close it only if still open. */
        if (fcntl(s->listen_fd, F_GETFD) < 0)
            s->listen_fd = -1;
        hl_http_server_stop(s);
        return NULL;
    }
    s->listen_fd = -1; /* libmicrohttpd's now: MHD_stop_daemon closes it */
    return s;
}

void hl_http_server_stop(struct hl_http_server *s) {
    if (s == NULL)
        return;
    /* MHD must not be stopped with suspended connections: the timer
     * resumes every waiting request, and none waits after `stopping` (a
     * request that comes now is answered at once). No MHD_quiesce_daemon:
     * libmicrohttpd 0.9.75 takes the listen socket out of its epoll set
     * from the caller's thread while its own thread may be using the set,
     * and aborts the process when that fails (seen under ASan, right
     * after a start). */
    if (s->timer_running) {
        pthread_mutex_lock(&s->lock);
        s->stopping = true;
        pthread_cond_signal(&s->wake);
        pthread_mutex_unlock(&s->lock);
        pthread_join(s->timer, NULL);
        pthread_cond_destroy(&s->wake);
        pthread_mutex_destroy(&s->lock);
    }
    if (s->daemon != NULL)
        MHD_stop_daemon(s->daemon);
    if (s->listen_fd >= 0)
        close(s->listen_fd);
    if (s->ok != NULL)
        MHD_destroy_response(s->ok);
    if (s->not_allowed != NULL)
        MHD_destroy_response(s->not_allowed);
    free(s->body);
    free(s);
}

int hl_http_server_port(const struct hl_http_server *s) {
    return s->port;
}

void hl_http_server_url(const struct hl_http_server *s, char *buf, size_t size) {
    const char *host = bind_text(s);
    snprintf(buf, size, "http://%s:%d/", strcmp(host, "0.0.0.0") == 0 ? "127.0.0.1" : host,
             s->port);
}

uint64_t hl_http_server_requests(const struct hl_http_server *s) {
    return atomic_load_explicit(&s->requests, memory_order_relaxed);
}
