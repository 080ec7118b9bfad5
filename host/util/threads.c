#include "util/threads.h"

int hl_threads_run(pthread_t *tid, int n, void *(*fn)(void *), void *args, size_t arg_size,
                   void **back) {
    int started = 0;
    for (; started < n; started++) {
        if (pthread_create(&tid[started], NULL, fn, (char *)args + (size_t)started * arg_size) != 0)
            break;
    }
    for (int k = 0; k < started; k++)
        pthread_join(tid[k], back != NULL ? &back[k] : NULL);
    return started;
}
