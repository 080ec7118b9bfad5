/* The built-in loopback HTTP server for `fetch` and `hetlane serve`.
 *
 * It listens on 127.0.0.1 only. Every GET (or HEAD) on any path waits
 * `latency_ms` and then answers 200 with `body_size` bytes of deterministic
 * text (hl_http_body_fill), so clients can check every byte they receive.
 *
 * How the wait is done (see http_server.c): libmicrohttpd runs one polling
 * thread (epoll); a request that must wait is *suspended* and put on a
 * FIFO, and one timer thread resumes it when its time is up. A waiting
 * request holds no thread, so thousands can wait at once (the connection
 * limit is HL_HTTP_MAX_CONNECTIONS) and a slow request never holds up
 * another. Thread-per-connection would also work, but costs a thread and
 * its stack per waiting client and makes the server's cost grow with the
 * very concurrency `fetch` is meant to measure.
 *
 * This header does not include libmicrohttpd, so the CLI can use the
 * defaults without it. */
#ifndef HL_HTTP_SERVER_H
#define HL_HTTP_SERVER_H

#include <stddef.h>
#include <stdint.h>

#include "util/error.h"

#define HL_HTTP_DEFAULT_LATENCY_MS 500
#define HL_HTTP_DEFAULT_BODY_SIZE 65536 /* 64 KiB */
#define HL_HTTP_DEFAULT_PORT 8000
#define HL_HTTP_MAX_LATENCY_MS 600000 /* 10 minutes */
#define HL_HTTP_MAX_BODY_SIZE (INT64_C(256) << 20)
#define HL_HTTP_MAX_CONNECTIONS 4096

struct hl_http_server_config {
    int port;           /* 0: an ephemeral port chosen by the kernel */
    int64_t latency_ms; /* 0..HL_HTTP_MAX_LATENCY_MS */
    int64_t body_size;  /* 0..HL_HTTP_MAX_BODY_SIZE */
    /* IPv4 address to listen on (--bind), NULL for 127.0.0.1: other hosts
     * reach it only when asked (mpi: ranks on other hosts fetch from it). */
    const char *bind;
};

/* Usage error naming --bind unless addr is a dotted IPv4 address. */
int hl_http_check_bind(const char *addr, struct hl_error *err);

struct hl_http_server;

/* Starts a server on 127.0.0.1:cfg->port with its threads running. The
 * caller owns the result and must hl_http_server_stop() it. On failure
 * (port taken, no memory, threads) returns NULL with err filled (runtime,
 * naming the address and the system's reason); nothing is left running. */
struct hl_http_server *hl_http_server_start(const struct hl_http_server_config *cfg,
                                            struct hl_error *err);

/* Answers every request still waiting at once, stops the threads, closes
 * every socket and frees the server. NULL is ignored. */
void hl_http_server_stop(struct hl_http_server *s);

/* The port the server listens on (the chosen one when cfg->port was 0). */
int hl_http_server_port(const struct hl_http_server *s);

/* "http://ADDR:PORT/" into buf (truncated to size): the bound address,
 * or 127.0.0.1 for NULL and for 0.0.0.0 (every address). */
void hl_http_server_url(const struct hl_http_server *s, char *buf, size_t size);

/* Requests answered so far (any status). Thread-safe. */
uint64_t hl_http_server_requests(const struct hl_http_server *s);

/* The body's bytes [offset, offset + len) into buf: 64-byte lines of
 * printable text, each naming its own line number, so a byte out of place
 * (lost, repeated, shifted) changes the content. Pure; thread-safe. */
void hl_http_body_fill(char *buf, int64_t offset, size_t len);

#endif
