/*
 * threads.c - two threads fault on the same fresh page at once.
 *
 * thread_spawn (libc/extra.c) makes each thread with a raw clone(2):
 * CLONE_VM | CLONE_FS | CLONE_FILES | CLONE_SIGHAND | CLONE_THREAD | ...,
 * so both share this process's address space and run on small stacks of
 * their own (4 pages from mmap). The page they write was mapped with mmap
 * but never touched, so it has no frame yet. Both threads wait for a
 * starting flag and then store into it at the same moment: the first
 * store faults and the kernel maps a zeroed frame; a second fault that
 * raced with it finds the page already mapped and just returns. Either
 * way there is one frame, and both stores are in it.
 */
#include "extra.h"

#define THREAD_STACK_BYTES (4 * PAGE_SIZE)

static char *page;              /* mapped, never touched before the race */
static volatile int go;
static volatile int ready;

struct job {
    int index;                  /* where in the page this thread writes */
    pid_t pid;                  /* what getpid() says inside the thread */
    pid_t tid;
};

static int worker(void *arg)
{
    struct job *job = arg;
    job->pid = getpid();
    job->tid = gettid();
    __atomic_add_fetch(&ready, 1, __ATOMIC_SEQ_CST);
    while (!go)
        ;                       /* spin: both threads start storing together */
    page[job->index * 64] = (char)('A' + job->index);
    for (int i = 1; i < 64; i++)
        page[job->index * 64 + i] = (char)('a' + job->index);
    return 0;
}

int main(void)
{
    page = mmap(NULL, PAGE_SIZE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (page == MAP_FAILED) {
        printf("threads: mmap failed, errno %d\n", errno);
        return 1;
    }
    show_maps("the fresh page (no frame yet):", page, PAGE_SIZE);

    struct job jobs[2] = { { 0, 0, 0 }, { 1, 0, 0 } };
    struct thread t[2];
    for (int i = 0; i < 2; i++) {
        if (thread_spawn(&t[i], worker, &jobs[i], THREAD_STACK_BYTES) != 0) {
            printf("threads: clone failed, errno %d\n", errno);
            return 1;
        }
    }
    while (ready < 2)
        sched_yield();
    go = 1;
    for (int i = 0; i < 2; i++)
        thread_join(&t[i]);

    printf("both threads wrote into the page: \"%.3s...\" and \"%.3s...\"\n", page, page + 64);
    int zeros = 1;
    for (int i = 128; i < PAGE_SIZE; i++)
        zeros &= page[i] == 0;
    printf("the rest of the page is still zero: %s\n", zeros ? "yes" : "no");
    printf("threads share the pid: %s; each has its own tid: %s\n",
           jobs[0].pid == getpid() && jobs[1].pid == getpid() ? "yes" : "no",
           jobs[0].tid != jobs[1].tid && jobs[0].tid != getpid() && jobs[1].tid != getpid() ? "yes" : "no");
    printf("thread_join saw each tid cleared by the kernel: %s\n", t[0].tid == 0 && t[1].tid == 0 ? "yes" : "no");
    show_maps("the page after the race:", page, PAGE_SIZE);
    return 0;
}
