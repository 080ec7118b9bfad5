/* A group of threads started together and joined together: what the
 * probes time (a copy, additions, start-up itself). */
#ifndef HL_UTIL_THREADS_H
#define HL_UTIL_THREADS_H

#include <pthread.h>
#include <stddef.h>

/* Starts n threads, thread k running fn(args + k * arg_size) with its id
 * in tid[k], then joins every one that started, its return value in
 * back[k] when back is not NULL. Returns how many started: n, or fewer
 * when pthread_create failed (no later one was started; the ones that
 * were are joined all the same, so nothing is left running). */
int hl_threads_run(pthread_t *tid, int n, void *(*fn)(void *), void *args, size_t arg_size,
                   void **back);

#endif
