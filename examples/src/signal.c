/*
 * signal.c - signal handlers: delivery, blocking, and fixing a fault.
 *
 * 1. kill(getpid(), SIGUSR1) runs our handler before kill returns.
 * 2. A blocked signal stays pending until sigprocmask unblocks it; two
 *    sends of the same standard signal while blocked deliver it once.
 * 3. A store to a read-only page raises SIGSEGV; the handler makes the
 *    page writable with mprotect and returns, so the store runs again and
 *    succeeds. (The kernel returns from a handler through rt_sigreturn,
 *    restoring every register the handler may have changed.)
 * 4. SIGCHLD tells a parent that a child has exited.
 * 5. A child killed by a signal it does not handle reports it in wait4.
 */
#include "extra.h"

static volatile int usr1_count, segv_count, chld_count;
static char *page;

static void on_usr1(int sig)
{
    usr1_count++;
    printf("  handler: caught signal %d\n", sig);
}

static void on_segv(int sig)
{
    (void)sig;
    segv_count++;
    mprotect(page, PAGE_SIZE, PROT_READ | PROT_WRITE);
}

static void on_chld(int sig)
{
    (void)sig;
    chld_count++;
}

static void handle(int sig, void (*fn)(int))
{
    struct sigaction sa = { 0 };
    sa.sa_handler = fn;
    sa.sa_flags = SA_RESTART;
    sigaction(sig, &sa, NULL);
}

int main(void)
{
    handle(SIGUSR1, on_usr1);
    printf("kill(getpid(), SIGUSR1):\n");
    kill(getpid(), SIGUSR1);
    printf("after kill: handler ran %d time(s)\n", usr1_count);

    sigset_t block = 1UL << (SIGUSR1 - 1), old;
    sigprocmask(SIG_BLOCK, &block, &old);
    kill(getpid(), SIGUSR1);
    kill(getpid(), SIGUSR1);
    printf("sent twice while blocked: handler ran %d time(s)\n", usr1_count);
    printf("unblocking:\n");
    sigprocmask(SIG_SETMASK, &old, NULL);
    printf("after unblocking: handler ran %d time(s)\n", usr1_count);

    page = mmap(NULL, PAGE_SIZE, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    handle(SIGSEGV, on_segv);
    page[10] = 'w';                 /* faults once; the handler fixes it */
    printf("store to a read-only page: SIGSEGV handler ran %d time(s), the store then wrote '%c'\n",
           segv_count, page[10]);

    handle(SIGCHLD, on_chld);
    pid_t pid = fork();
    if (pid == 0)
        exit(3);
    int status;
    while (wait4(pid, &status, 0, NULL) < 0)
        ;
    printf("child exited with status %d; SIGCHLD handler ran %d time(s)\n", WEXITSTATUS(status), chld_count);

    pid = fork();
    if (pid == 0) {
        for (;;)
            sched_yield();          /* until the parent kills it */
    }
    kill(pid, SIGTERM);
    while (wait4(pid, &status, 0, NULL) < 0)
        ;
    printf("a child sent SIGTERM: killed by signal %d\n", WTERMSIG(status));
    return 0;
}
