/*
 * signals.c - signal handlers with glibc: sigaction, masks, SIGCHLD,
 * faults, interrupted system calls and an alternate signal stack.
 *
 * The handlers only set flags or record numbers; main prints. The order of
 * events is forced by blocking signals or by waiting, so the output is the
 * same on every run.
 */
#include <errno.h>
#include <setjmp.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static volatile sig_atomic_t usr1_count, last_code, chld_count, alrm_count;
static volatile uintptr_t fault_offset;
static volatile int on_alt_stack;
static char *fault_page;
static sigjmp_buf jump;
static char alt_stack[64 * 1024];

static void on_usr1(int sig, siginfo_t *info, void *ctx)
{
    (void)sig; (void)ctx;
    usr1_count++;
    last_code = info->si_code;
}

static void on_chld(int sig) { (void)sig; chld_count++; }
static void on_alrm(int sig) { (void)sig; alrm_count++; }

static void on_segv(int sig, siginfo_t *info, void *ctx)
{
    (void)ctx;
    char local;
    fault_offset = (uintptr_t)info->si_addr - (uintptr_t)fault_page;
    on_alt_stack = &local >= alt_stack && &local < alt_stack + sizeof alt_stack;
    siglongjmp(jump, sig);
}

static void install(int sig, void (*fn)(int), int flags)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = fn;
    sa.sa_flags = flags;
    sigemptyset(&sa.sa_mask);
    sigaction(sig, &sa, NULL);
}

/* Reads the state letter of process `pid` from /proc/<pid>/stat ('S' = sleeping). */
static char proc_state(pid_t pid)
{
    char path[64], buf[512];
    snprintf(path, sizeof path, "/proc/%d/stat", (int)pid);
    FILE *f = fopen(path, "r");
    if (f == NULL)
        return '?';
    size_t n = fread(buf, 1, sizeof buf - 1, f);
    fclose(f);
    buf[n] = '\0';
    char *paren = strrchr(buf, ')');
    return paren != NULL && paren[1] == ' ' ? paren[2] : '?';
}

/*
 * Forks a child that waits until the parent sleeps (blocked in read), sends
 * it SIGALRM, then, if `then_write`, writes one byte into `wfd`. Waiting for
 * the sleep makes the run deterministic: the signal always finds the read.
 */
static pid_t interrupter(int wfd, int then_write)
{
    fflush(stdout);
    pid_t pid = fork();
    if (pid == 0) {
        pid_t parent = getppid();
        struct timespec tick = { 0, 1000 * 1000 };
        while (proc_state(parent) != 'S')
            nanosleep(&tick, NULL);
        kill(parent, SIGALRM);
        if (then_write)
            write(wfd, "!", 1);
        _exit(0);
    }
    return pid;
}

int main(void)
{
    setvbuf(stdout, NULL, _IOLBF, 0);

    /* 1. A handler with SA_SIGINFO, run by raise (tgkill) and by kill. */
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_sigaction = on_usr1;
    sa.sa_flags = SA_SIGINFO;
    sigaction(SIGUSR1, &sa, NULL);
    raise(SIGUSR1);
    printf("raise(SIGUSR1): handler ran %d time(s), si_code %s\n", usr1_count,
           last_code == SI_TKILL ? "SI_TKILL" : last_code == SI_USER ? "SI_USER" : "other");
    kill(getpid(), SIGUSR1);
    printf("kill(getpid(), SIGUSR1): handler ran %d time(s), si_code %s\n", usr1_count,
           last_code == SI_USER ? "SI_USER" : last_code == SI_TKILL ? "SI_TKILL" : "other");

    /* 2. A blocked signal waits, pending, until it is unblocked. */
    sigset_t block, pending, old;
    sigemptyset(&block);
    sigaddset(&block, SIGUSR1);
    sigprocmask(SIG_BLOCK, &block, &old);
    kill(getpid(), SIGUSR1);
    kill(getpid(), SIGUSR1);                /* standard signals do not queue: still one */
    sigpending(&pending);
    printf("blocked: handler count %d, SIGUSR1 pending: %d\n", usr1_count, sigismember(&pending, SIGUSR1));
    sigprocmask(SIG_SETMASK, &old, NULL);
    printf("unblocked: handler count %d\n", usr1_count);

    /* 3. SIG_IGN and the default action, seen from a parent. */
    signal(SIGUSR2, SIG_IGN);
    raise(SIGUSR2);
    printf("ignored SIGUSR2: still running\n");
    install(SIGCHLD, on_chld, 0);
    fflush(stdout);
    pid_t pid = fork();
    if (pid == 0) {
        signal(SIGUSR2, SIG_DFL);
        raise(SIGUSR2);                     /* default action: terminate */
        _exit(0);
    }
    int status;
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
        ;
    printf("child: killed by signal %d (%s); SIGCHLD handler ran %d time(s)\n",
           WTERMSIG(status), strsignal(WTERMSIG(status)), chld_count);

    /* 4. A fault caught on an alternate stack, with the faulting address. */
    stack_t ss = { .ss_sp = alt_stack, .ss_size = sizeof alt_stack, .ss_flags = 0 };
    sigaltstack(&ss, NULL);
    fault_page = mmap(NULL, 4096, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    memset(&sa, 0, sizeof sa);
    sa.sa_sigaction = on_segv;
    sa.sa_flags = SA_SIGINFO | SA_ONSTACK;
    sigaction(SIGSEGV, &sa, NULL);
    int sig = sigsetjmp(jump, 1);
    if (sig == 0) {
        fault_page[123] = 1;                /* read-only page: SIGSEGV */
        printf("store to a read-only page succeeded?\n");
    } else {
        printf("store to a read-only page: signal %d at offset %lu, handler on the alternate stack: %d\n",
               sig, (unsigned long)fault_offset, on_alt_stack);
    }

    /* 5. A signal interrupts a blocking read: EINTR without SA_RESTART. */
    signal(SIGCHLD, SIG_DFL);
    int fds[2];
    pipe(fds);
    install(SIGALRM, on_alrm, 0);
    pid = interrupter(fds[1], 0);
    char c;
    ssize_t n = read(fds[0], &c, 1);
    printf("read interrupted by SIGALRM: returned %zd, errno %s, handler ran %d time(s)\n",
           n, n < 0 && errno == EINTR ? "EINTR" : "other", alrm_count);
    waitpid(pid, &status, 0);

    /* 6. With SA_RESTART the read resumes after the handler and gets the child's byte. */
    install(SIGALRM, on_alrm, SA_RESTART);
    pid = interrupter(fds[1], 1);
    n = read(fds[0], &c, 1);
    printf("read with SA_RESTART: returned %zd ('%c'), handler ran %d time(s)\n", n, c, alrm_count);
    waitpid(pid, &status, 0);

    /* 7. sigsuspend: atomically unblock and wait. */
    sigprocmask(SIG_BLOCK, &block, &old);
    kill(getpid(), SIGUSR1);
    sigset_t none;
    sigemptyset(&none);
    int before = usr1_count;
    sigsuspend(&none);
    printf("sigsuspend returned after the handler ran: %d\n", usr1_count == before + 1);
    sigprocmask(SIG_SETMASK, &old, NULL);
    return 0;
}
