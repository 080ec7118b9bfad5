/* A deadline for the MPI calls that take none: MPI_Init, the gather of the
 * rank table and MPI_Finalize are collectives that wait for every rank,
 * so one rank stopped or dead before it would hold every other rank
 * forever (seen: a rank stopped in MPI_Init held rank 0 in MPI_Init until
 * the test's timeout). A thread waits for the call's end; past the limit
 * it says which call and which rank waited, and ends this process, which
 * mpirun takes as a rank's failure: it ends every other rank. _exit, not
 * MPI_Abort: the call in flight holds the main thread, and MPI is only
 * called from there (MPI_THREAD_FUNNELED). */
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

#include "backends/mpi/mpi_proto.h"
#include "util/error.h"

static struct {
    pthread_mutex_t lock;
    pthread_cond_t ended;
    pthread_t thread;
    bool armed;
    const char *what;
    char rank[40];
    double seconds;
} dog = {.lock = PTHREAD_MUTEX_INITIALIZER};

static void *watch(void *unused) {
    (void)unused;
    struct timespec deadline;
    clock_gettime(CLOCK_MONOTONIC, &deadline);
    deadline.tv_sec += (time_t)dog.seconds;
    pthread_mutex_lock(&dog.lock);
    while (dog.armed) {
        if (pthread_cond_timedwait(&dog.ended, &dog.lock, &deadline) == ETIMEDOUT && dog.armed) {
            fprintf(stderr,
                    "hetlane: mpi: %s: %s did not end within %.0f s (a rank hung or died before "
                    "it); HETLANE_MPI_TIMEOUT sets the limit\n",
                    dog.rank, dog.what, dog.seconds);
            _exit(HL_ERR_RUNTIME);
        }
    }
    pthread_mutex_unlock(&dog.lock);
    return NULL;
}

/* Before MPI_Init the rank is only in the launcher's environment
 * (PMIx, which Open MPI and Slurm set); "a rank" where none says. */
static void name_this_rank(int rank) {
    const char *env = getenv("PMIX_RANK");
    if (rank >= 0)
        snprintf(dog.rank, sizeof dog.rank, "rank %d", rank);
    else if (env != NULL && env[0] != '\0')
        snprintf(dog.rank, sizeof dog.rank, "rank %.12s", env);
    else
        snprintf(dog.rank, sizeof dog.rank, "a rank (pid %ld)", (long)getpid());
}

int hl_mpi_watchdog_arm(const char *what, int rank, double seconds, struct hl_error *err) {
    pthread_condattr_t attr;
    /* The deadline is on the monotonic clock: a clock step cannot end
     * or stretch it. */
    if (pthread_condattr_init(&attr) != 0 ||
        pthread_condattr_setclock(&attr, CLOCK_MONOTONIC) != 0 ||
        pthread_cond_init(&dog.ended, &attr) != 0)
        return hl_error_set(err, HL_ERR_RUNTIME, "mpi: cannot set a deadline for %s", what);
    pthread_condattr_destroy(&attr);
    dog.what = what;
    dog.seconds = seconds;
    name_this_rank(rank);
    dog.armed = true;
    int rc = pthread_create(&dog.thread, NULL, watch, NULL);
    if (rc != 0) {
        dog.armed = false;
        pthread_cond_destroy(&dog.ended);
        return hl_error_errno(err, HL_ERR_RUNTIME, rc, "mpi: cannot set a deadline for %s", what);
    }
    return 0;
}

void hl_mpi_watchdog_disarm(void) {
    pthread_mutex_lock(&dog.lock);
    dog.armed = false;
    pthread_cond_signal(&dog.ended);
    pthread_mutex_unlock(&dog.lock);
    pthread_join(dog.thread, NULL);
    pthread_cond_destroy(&dog.ended);
}
