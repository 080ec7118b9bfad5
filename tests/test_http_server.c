/* The built-in server in-process (also the ThreadSanitizer target for the
 * server and curl-multi): its body text, 256 delayed requests served
 * together, methods, a taken port, stopping with requests still waiting,
 * and the curl-multi backend driving it through a real experiment. */
#include <curl/curl.h>
#include <string.h>
#include <time.h>

#include "check.h"
#include "cli/cli.h"
#include "experiment/experiment.h"
#include "workloads/fetch/fetch.h"
#include "workloads/fetch/http_server.h"

#define MANY 256
#define BODY 10000

struct sink {
    char *buf;
    size_t size, got;
};

static size_t on_data(char *data, size_t size, size_t nmemb, void *userp) {
    struct sink *s = userp;
    size_t n = size * nmemb;
    if (s->got + n <= s->size)
        memcpy(s->buf + s->got, data, n);
    s->got += n;
    return n;
}

static double now_s(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static void test_body_text(void) {
    char whole[200], part[70];
    hl_http_body_fill(whole, 0, sizeof whole);
    CHECK(whole[63] == '\n' && whole[127] == '\n');
    CHECK(strncmp(whole, "0000000000000000 hetlane loopback body", 38) == 0);
    CHECK(strncmp(whole + 64, "0000000000000001 ", 17) == 0);
    hl_http_body_fill(part, 60, sizeof part); /* across a line boundary */
    CHECK(memcmp(part, whole + 60, sizeof part) == 0);
}

/* Starts n GETs at once with the multi interface and runs them to the end;
 * returns the wall seconds, fills statuses and bodies. Each GET gives up
 * after 5 s, past every bound these tests check (2.3 s, 3 s), so a stuck
 * request fails its test's bound quickly instead of waiting out a long
 * client timeout on a loaded machine. */
static double get_many(const char *url, int n, long *status, struct sink *sinks, int stop_after_ms,
                       struct hl_http_server *stop) {
    CURLM *multi = curl_multi_init();
    CURL **easy = calloc((size_t)n, sizeof *easy);
    REQUIRE(multi != NULL && easy != NULL);
    for (int i = 0; i < n; i++) {
        easy[i] = curl_easy_init();
        REQUIRE(easy[i] != NULL);
        curl_easy_setopt(easy[i], CURLOPT_URL, url);
        curl_easy_setopt(easy[i], CURLOPT_NOSIGNAL, 1L);
        curl_easy_setopt(easy[i], CURLOPT_PROXY, "");
        curl_easy_setopt(easy[i], CURLOPT_TIMEOUT, 5L);
        curl_easy_setopt(easy[i], CURLOPT_WRITEFUNCTION, on_data);
        curl_easy_setopt(easy[i], CURLOPT_WRITEDATA, &sinks[i]);
        curl_multi_add_handle(multi, easy[i]);
    }
    double t0 = now_s();
    int running = 1;
    while (running > 0) {
        REQUIRE(curl_multi_perform(multi, &running) == CURLM_OK);
        if (stop != NULL && (now_s() - t0) * 1000 >= stop_after_ms) {
            hl_http_server_stop(stop);
            stop = NULL;
        }
        if (running > 0)
            curl_multi_poll(multi, NULL, 0, 50, NULL);
    }
    double took = now_s() - t0;
    for (int i = 0; i < n; i++) {
        status[i] = 0;
        curl_easy_getinfo(easy[i], CURLINFO_RESPONSE_CODE, &status[i]);
        curl_multi_remove_handle(multi, easy[i]);
        curl_easy_cleanup(easy[i]);
    }
    curl_multi_cleanup(multi);
    free(easy);
    return took;
}

static void test_many_delayed(void) {
    struct hl_error err = {0};
    struct hl_http_server_config cfg = {.port = 0, .latency_ms = 300, .body_size = BODY};
    struct hl_http_server *s = hl_http_server_start(&cfg, &err);
    REQUIRE(s != NULL);
    char url[64];
    hl_http_server_url(s, url, sizeof url);

    static char bodies[MANY][BODY];
    static struct sink sinks[MANY];
    static long status[MANY];
    for (int i = 0; i < MANY; i++)
        sinks[i] = (struct sink){bodies[i], BODY, 0};
    double took = get_many(url, MANY, status, sinks, 0, NULL);
    /* One slow request must not hold up another: all wait together. */
    CHECKF(took >= 0.3 && took < 2.3, "%d delayed requests took %.3f s", MANY, took);
    char want[BODY];
    hl_http_body_fill(want, 0, BODY);
    int good = 0;
    for (int i = 0; i < MANY; i++)
        good += status[i] == 200 && sinks[i].got == BODY && memcmp(bodies[i], want, BODY) == 0;
    CHECKF(good == MANY, "%d of %d good", good, MANY);
    CHECK(hl_http_server_requests(s) == MANY);

    /* The same port cannot be taken twice. */
    struct hl_http_server_config again = {.port = hl_http_server_port(s), .body_size = 1};
    struct hl_error taken = {0};
    CHECK(hl_http_server_start(&again, &taken) == NULL);
    CHECKF(strstr(taken.msg, "Address already in use") != NULL, "%s", taken.msg);

    /* Only GET and HEAD. */
    CURL *easy = curl_easy_init();
    long code = 0;
    curl_easy_setopt(easy, CURLOPT_URL, url);
    curl_easy_setopt(easy, CURLOPT_PROXY, "");
    curl_easy_setopt(easy, CURLOPT_POSTFIELDS, "x=1");
    curl_easy_setopt(easy, CURLOPT_WRITEFUNCTION, on_data);
    struct sink none = {NULL, 0, 0};
    curl_easy_setopt(easy, CURLOPT_WRITEDATA, &none);
    CHECK(curl_easy_perform(easy) == CURLE_OK);
    curl_easy_getinfo(easy, CURLINFO_RESPONSE_CODE, &code);
    CHECK(code == 405);
    curl_easy_reset(easy);
    curl_easy_setopt(easy, CURLOPT_URL, url);
    curl_easy_setopt(easy, CURLOPT_PROXY, "");
    curl_easy_setopt(easy, CURLOPT_NOBODY, 1L);
    curl_off_t length = -1;
    CHECK(curl_easy_perform(easy) == CURLE_OK);
    curl_easy_getinfo(easy, CURLINFO_RESPONSE_CODE, &code);
    curl_easy_getinfo(easy, CURLINFO_CONTENT_LENGTH_DOWNLOAD_T, &length);
    CHECK(code == 200 && length == BODY);
    curl_easy_cleanup(easy);
    hl_http_server_stop(s);
}

/* Stopping with requests still waiting answers them at once: nobody
 * waits out a 10 s latency, and nothing hangs. */
static void test_stop_while_waiting(void) {
    struct hl_error err = {0};
    struct hl_http_server_config cfg = {.port = 0, .latency_ms = 10000, .body_size = 100};
    struct hl_http_server *s = hl_http_server_start(&cfg, &err);
    REQUIRE(s != NULL);
    char url[64];
    hl_http_server_url(s, url, sizeof url);
    static char bodies[8][100];
    struct sink sinks[8];
    long status[8];
    for (int i = 0; i < 8; i++)
        sinks[i] = (struct sink){bodies[i], 100, 0};
    double took = get_many(url, 8, status, sinks, 300, s);
    CHECKF(took < 3, "stop with waiting requests took %.3f s", took);
}

/* curl-multi and pthread through the experiment, in this process. */
static void test_experiment(void) {
    struct hl_config cfg;
    memset(&cfg, 0, sizeof cfg);
    struct hl_error err = {0};
    REQUIRE(hl_backend_list_parse(&cfg.backends, "curl-multi:4,pthread:3,serial", &err) == 0);
    struct hl_params params = {.tasks = 6};
    hl_fetch_params_default(&params);
    params.io.latency_ms = 100;
    params.io.body_size = 3000;
    struct hl_plan plan = {.workload = &hl_workload_fetch,
                           .params = params,
                           .warmup = 1,
                           .runs = 2,
                           .nconfigs = cfg.backends.count,
                           .configs = cfg.backends.items};
    REQUIRE(hl_plan_check(&plan, &err) == 0);
    struct hl_results results = {0};
    REQUIRE(hl_experiment_run(&plan, &results, &err) == 0);
    const struct hl_experiment_result *e = &results.experiments[0];
    REQUIRE(e->nconfigs == 3);
    for (size_t c = 0; c < 3; c++) {
        CHECKF(e->configs[c].verified, "%s", e->configs[c].label);
        CHECK(e->configs[c].nruns == 2);
    }
    CHECK(e->configs[0].wall_s.median < 0.5); /* ceil(6/4) * 0.1 s */
    CHECK(e->configs[2].wall_s.median >= 0.6);
    hl_results_free(&results);
}

int main(void) {
    struct hl_error err = {0};
    REQUIRE(hl_fetch_global_init(&err) == 0);
    test_body_text();
    test_many_delayed();
    test_stop_while_waiting();
    test_experiment();
    hl_fetch_global_cleanup();
    return check_finish("test_http_server");
}
