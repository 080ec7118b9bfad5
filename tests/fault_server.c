#include "fault_server.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

struct fault_server {
    int listen_fd;
    int stop_pipe[2];
    int port;
    pthread_t acceptor;
    atomic_long requests, ok_hits;
};

static void send_all(int fd, const char *buf, size_t len) {
    while (len > 0) {
        ssize_t n = send(fd, buf, len, MSG_NOSIGNAL);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return; /* the client went: nothing to do */
        buf += n;
        len -= (size_t)n;
    }
}

/* Reads one request's head; returns its path in `path`, or -1. */
static int read_request(int fd, char *path, size_t size) {
    char buf[4096];
    size_t got = 0;
    while (got < sizeof buf - 1) {
        ssize_t n = recv(fd, buf + got, sizeof buf - 1 - got, 0);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return -1;
        got += (size_t)n;
        buf[got] = '\0';
        if (strstr(buf, "\r\n\r\n") != NULL)
            break;
    }
    /* "GET /path HTTP/1.1": the path is between the first two spaces. */
    const char *start = strchr(buf, ' ');
    const char *end = start != NULL ? strchr(start + 1, ' ') : NULL;
    if (end == NULL || (size_t)(end - start - 1) >= size)
        return -1;
    memcpy(path, start + 1, (size_t)(end - start - 1));
    path[end - start - 1] = '\0';
    path[strcspn(path, "?")] = '\0'; /* the query does not choose the answer */
    return 0;
}

static void respond(int fd, const char *status, long claimed, long sent) {
    char head[256];
    int len = snprintf(head, sizeof head,
                       "HTTP/1.1 %s\r\nContent-Length: %ld\r\nConnection: close\r\n\r\n", status,
                       claimed);
    send_all(fd, head, (size_t)len);
    char body[FAULT_SHORT_CLAIMED];
    memset(body, 'x', sizeof body);
    send_all(fd, body, (size_t)sent);
}

static void send_text(int fd, const char *text) {
    send_all(fd, text, strlen(text));
}

static void redirect(int fd, const char *location) {
    char head[256];
    snprintf(head, sizeof head,
             "HTTP/1.1 302 Found\r\nLocation: %s\r\nContent-Length: 0\r\n"
             "Connection: close\r\n\r\n",
             location);
    send_text(fd, head);
}

static void send_reset(int fd) {
    struct linger hard = {.l_onoff = 1, .l_linger = 0};
    setsockopt(fd, SOL_SOCKET, SO_LINGER, &hard, sizeof hard);
}

/* Waits for the client to close (or the process to end). */
static void stall(int fd) {
    char buf[256];
    for (;;) {
        ssize_t n = recv(fd, buf, sizeof buf, 0);
        if (n == 0 || (n < 0 && errno != EINTR))
            return;
    }
}

struct conn {
    struct fault_server *server;
    int fd;
};

static void *conn_main(void *arg) {
    struct conn *c = arg;
    char path[128];
    if (read_request(c->fd, path, sizeof path) == 0) {
        long k = atomic_fetch_add(&c->server->requests, 1);
        if (strcmp(path, "/mix") == 0) {
            static const char *const cycle[] = {"/ok", "/500", "/short", "/reset"};
            snprintf(path, sizeof path, "%s", cycle[k % 4]);
        }
        char location[64];
        if (strcmp(path, "/ok") == 0) {
            atomic_fetch_add(&c->server->ok_hits, 1);
            respond(c->fd, "200 OK", FAULT_OK_BYTES, FAULT_OK_BYTES);
        } else if (strcmp(path, "/huge") == 0) {
            send_text(c->fd, "HTTP/1.1 200 OK\r\nContent-Length: " FAULT_HUGE_CLAIMED
                             "\r\nConnection: close\r\n\r\nxxxxx");
        } else if (strcmp(path, "/redirect") == 0) {
            redirect(c->fd, "/ok");
        } else if (strcmp(path, "/away") == 0) {
            snprintf(location, sizeof location, "http://127.0.0.2:%d/ok", c->server->port);
            redirect(c->fd, location);
        } else if (strcmp(path, "/500") == 0) {
            respond(c->fd, "500 Internal Server Error", 6, 6);
        } else if (strcmp(path, "/short") == 0) {
            respond(c->fd, "200 OK", FAULT_SHORT_CLAIMED, FAULT_SHORT_SENT);
        } else if (strcmp(path, "/reset") == 0) {
            send_reset(c->fd);
        } else if (strcmp(path, "/stall") == 0) {
            stall(c->fd);
        } else {
            respond(c->fd, "404 Not Found", 0, 0);
        }
    }
    close(c->fd);
    free(c);
    return NULL;
}

static void *accept_main(void *arg) {
    struct fault_server *s = arg;
    for (;;) {
        struct pollfd fds[2] = {{s->listen_fd, POLLIN, 0}, {s->stop_pipe[0], POLLIN, 0}};
        if (poll(fds, 2, -1) < 0 && errno != EINTR)
            return NULL;
        if (fds[1].revents != 0)
            return NULL;
        if ((fds[0].revents & POLLIN) == 0)
            continue;
        int fd = accept4(s->listen_fd, NULL, NULL, SOCK_CLOEXEC);
        if (fd < 0)
            continue;
        struct conn *c = malloc(sizeof *c);
        pthread_t t;
        if (c == NULL) {
            close(fd);
            continue;
        }
        *c = (struct conn){s, fd};
        if (pthread_create(&t, NULL, conn_main, c) != 0) {
            close(fd);
            free(c);
            continue;
        }
        pthread_detach(t);
    }
}

/* A socket bound to 127.0.0.1 on a kernel-chosen port; -1 on failure. */
static int bind_loopback(int *port) {
    int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    struct sockaddr_in addr = {.sin_family = AF_INET};
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t len = sizeof addr;
    if (fd < 0 || bind(fd, (struct sockaddr *)&addr, sizeof addr) != 0 ||
        getsockname(fd, (struct sockaddr *)&addr, &len) != 0) {
        perror("fault server: bind");
        if (fd >= 0)
            close(fd);
        return -1;
    }
    *port = ntohs(addr.sin_port);
    return fd;
}

/* Static: connection threads may outlive fault_server_stop (a stall whose
 * client is still there) and still count a request in it. */
static struct fault_server the_server;

struct fault_server *fault_server_start(void) {
    struct fault_server *s = &the_server;
    atomic_init(&s->requests, 0);
    s->listen_fd = bind_loopback(&s->port);
    if (s->listen_fd < 0 || listen(s->listen_fd, 256) != 0 || pipe2(s->stop_pipe, O_CLOEXEC) != 0 ||
        pthread_create(&s->acceptor, NULL, accept_main, s) != 0) {
        perror("fault server: start");
        return NULL; /* the test stops here; nothing to clean up */
    }
    return s;
}

int fault_server_port(const struct fault_server *s) {
    return s->port;
}

long fault_server_requests(const struct fault_server *s) {
    return atomic_load(&s->requests);
}

long fault_server_ok_hits(const struct fault_server *s) {
    return atomic_load(&s->ok_hits);
}

void fault_server_stop(struct fault_server *s) {
    if (write(s->stop_pipe[1], "x", 1) != 1)
        perror("fault server: stop");
    pthread_join(s->acceptor, NULL);
    close(s->listen_fd);
    close(s->stop_pipe[0]);
    close(s->stop_pipe[1]);
}

int fault_refused_port(void) {
    int port = -1;
    int fd = bind_loopback(&port);
    if (fd < 0)
        return -1;
    close(fd); /* bound but never listening, then closed: connects are refused */
    return port;
}
