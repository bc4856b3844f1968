/*
 * pthreads.c - POSIX threads with mutexes and condition variables.
 *
 * glibc builds every pthread with clone(CLONE_VM | CLONE_FS | CLONE_FILES |
 * CLONE_SIGHAND | CLONE_THREAD | CLONE_SYSVSEM | CLONE_SETTLS |
 * CLONE_PARENT_SETTID | CLONE_CHILD_CLEARTID), and mutexes, condition
 * variables and joins all sleep in futex(2). Results are sums and counts
 * that come out the same whatever order the threads run in.
 */
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/syscall.h>

#define WORKERS 4
#define INCREMENTS 20000
#define ITEMS 1000
#define QUEUE 8

/* --- 1. A counter protected by a mutex ---------------------------------- */
static pthread_mutex_t counter_lock = PTHREAD_MUTEX_INITIALIZER;
static long counter;
static __thread long my_increments;         /* thread-local: one copy per thread */

static void *increment(void *arg)
{
    long id = (long)(intptr_t)arg;
    for (int i = 0; i < INCREMENTS; i++) {
        pthread_mutex_lock(&counter_lock);
        counter++;
        pthread_mutex_unlock(&counter_lock);
        my_increments++;
    }
    return (void *)(intptr_t)(id * 1000 + my_increments / 1000);
}

/* --- 2. A bounded queue: one producer, two consumers, two condvars ------ */
static pthread_mutex_t q_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t not_empty = PTHREAD_COND_INITIALIZER;
static pthread_cond_t not_full = PTHREAD_COND_INITIALIZER;
static int queue[QUEUE], q_head, q_count, done;

static void *producer(void *arg)
{
    (void)arg;
    for (int item = 1; item <= ITEMS; item++) {
        pthread_mutex_lock(&q_lock);
        while (q_count == QUEUE)
            pthread_cond_wait(&not_full, &q_lock);
        queue[(q_head + q_count) % QUEUE] = item;
        q_count++;
        pthread_cond_signal(&not_empty);
        pthread_mutex_unlock(&q_lock);
    }
    pthread_mutex_lock(&q_lock);
    done = 1;
    pthread_cond_broadcast(&not_empty);
    pthread_mutex_unlock(&q_lock);
    return NULL;
}

struct consumed { long sum; int items; };

static void *consumer(void *arg)
{
    struct consumed *c = arg;
    for (;;) {
        pthread_mutex_lock(&q_lock);
        while (q_count == 0 && !done)
            pthread_cond_wait(&not_empty, &q_lock);
        if (q_count == 0 && done) {
            pthread_mutex_unlock(&q_lock);
            return c;
        }
        int item = queue[q_head];
        q_head = (q_head + 1) % QUEUE;
        q_count--;
        pthread_cond_signal(&not_full);
        pthread_mutex_unlock(&q_lock);
        c->sum += item;
        c->items++;
    }
}

/* --- 3. pthread_once, a barrier and thread ids --------------------------- */
static pthread_once_t once = PTHREAD_ONCE_INIT;
static int once_runs;
static pthread_barrier_t barrier;
static pid_t tids[WORKERS];

static void init_once(void) { once_runs++; }

static void *meet(void *arg)
{
    long id = (long)(intptr_t)arg;
    pthread_once(&once, init_once);
    tids[id] = (pid_t)syscall(SYS_gettid);
    int serial = pthread_barrier_wait(&barrier) == PTHREAD_BARRIER_SERIAL_THREAD;
    return (void *)(intptr_t)serial;
}

int main(void)
{
    pthread_t t[WORKERS];
    for (long i = 0; i < WORKERS; i++)
        pthread_create(&t[i], NULL, increment, (void *)(intptr_t)i);
    long codes = 0;
    for (int i = 0; i < WORKERS; i++) {
        void *r;
        pthread_join(t[i], &r);
        codes += (long)(intptr_t)r;
    }
    printf("counter: %ld (expected %d), sum of join values: %ld\n", counter, WORKERS * INCREMENTS, codes);
    printf("main thread's thread-local count is untouched: %ld\n", my_increments);

    pthread_t prod, cons[2];
    struct consumed got[2];
    memset(got, 0, sizeof got);
    pthread_create(&prod, NULL, producer, NULL);
    for (int i = 0; i < 2; i++)
        pthread_create(&cons[i], NULL, consumer, &got[i]);
    pthread_join(prod, NULL);
    for (int i = 0; i < 2; i++)
        pthread_join(cons[i], NULL);
    printf("queue: %d items consumed, sum %ld (expected %d)\n", got[0].items + got[1].items,
           got[0].sum + got[1].sum, ITEMS * (ITEMS + 1) / 2);

    pthread_barrier_init(&barrier, NULL, WORKERS);
    for (long i = 0; i < WORKERS; i++)
        pthread_create(&t[i], NULL, meet, (void *)(intptr_t)i);
    int serials = 0;
    for (int i = 0; i < WORKERS; i++) {
        void *r;
        pthread_join(t[i], &r);
        serials += (int)(intptr_t)r;
    }
    pthread_barrier_destroy(&barrier);
    int distinct = 1;
    for (int i = 0; i < WORKERS; i++)
        for (int j = 0; j < i; j++)
            distinct &= tids[i] != tids[j] && tids[i] != getpid();
    printf("pthread_once ran %d time(s); one barrier serial thread: %s\n", once_runs, serials == 1 ? "yes" : "no");
    printf("every thread has its own tid, none equal to the pid: %s\n", distinct ? "yes" : "no");

    /* A trylock on a held mutex fails with EBUSY; a recursive mutex nests. */
    pthread_mutex_lock(&counter_lock);
    printf("trylock on a held mutex: %s\n", pthread_mutex_trylock(&counter_lock) == 0 ? "acquired" : "busy");
    pthread_mutex_unlock(&counter_lock);
    pthread_mutexattr_t attr;
    pthread_mutexattr_init(&attr);
    pthread_mutexattr_settype(&attr, PTHREAD_MUTEX_RECURSIVE);
    pthread_mutex_t rec;
    pthread_mutex_init(&rec, &attr);
    int nested = pthread_mutex_lock(&rec) + pthread_mutex_lock(&rec) + pthread_mutex_unlock(&rec) + pthread_mutex_unlock(&rec);
    printf("recursive mutex locked twice: %s\n", nested == 0 ? "ok" : "error");
    return 0;
}
