/* A small, deliberately badly behaved HTTP server for the fetch tests. It
 * runs in the test process (one thread accepting, one per connection) on
 * 127.0.0.1 and misbehaves according to the request's path:
 *
 *   /ok      200 with a 100-byte body
 *   /500     500 Internal Server Error with a short body
 *   /short   200 announcing 1000 bytes, sends 100, closes
 *   /reset   reads the request, then resets the connection (RST)
 *   /stall   reads the request and never answers (until the client goes)
 *   /mix     request k (counted over the server's life) gets ok, 500,
 *            short, reset for k % 4 = 0, 1, 2, 3
 *   /huge    200 announcing 99999999999999999999999 bytes (more than
 *            libcurl can represent), sends 5, closes
 *   /redirect  302 to /ok on the same server
 *   /away    302 to another host (127.0.0.2, this port: nothing there)
 *
 * A query ("?q=...") is ignored; /ok counts its hits (fault_server_ok_hits).
 *
 * Every response carries "Connection: close", so each request is a fresh
 * connection and the mix is deterministic per request. Sockets are
 * close-on-exec, so a spawned hetlane holds none of them. */
#ifndef HL_TESTS_FAULT_SERVER_H
#define HL_TESTS_FAULT_SERVER_H

#define FAULT_OK_BYTES 100
#define FAULT_SHORT_SENT 100
#define FAULT_SHORT_CLAIMED 1000
#define FAULT_HUGE_CLAIMED "99999999999999999999999"
#define FAULT_HUGE_SENT 5

struct fault_server;

/* Starts the server (one per process); returns NULL (with a message on
 * stderr) on failure. */
struct fault_server *fault_server_start(void);

/* The port it listens on. */
int fault_server_port(const struct fault_server *s);

/* Requests read so far (any path). */
long fault_server_requests(const struct fault_server *s);

/* Requests for /ok answered so far (a followed redirect is one). */
long fault_server_ok_hits(const struct fault_server *s);

/* Stops accepting; connections still open (a stall whose client has not
 * gone) are left to end with the process. */
void fault_server_stop(struct fault_server *s);

/* A loopback port with nothing listening (a connect is refused), or -1. */
int fault_refused_port(void);

#endif
