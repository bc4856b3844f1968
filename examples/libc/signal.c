/*
 * signal.c - signal wrappers on the kernel's own interface: rt_sigaction
 * with the riscv64 kernel's struct sigaction (no sa_restorer: handlers
 * return through the kernel's vDSO trampoline), 8-byte signal sets.
 */
#include "glasskernel.h"
#include "syscall.h"

#define SYS_tkill_nr          130
#define SYS_rt_sigsuspend_nr  133
#define SYS_rt_sigpending_nr  136
#define SYS_rt_sigtimedwait_nr 137

static long sig_check(long result)
{
    if (IS_SYSCALL_ERROR(result)) {
        errno = (int)-result;
        return -1;
    }
    return result;
}

int sigaction(int sig, const struct sigaction *act, struct sigaction *old)
{
    return (int)sig_check(syscall4(SYS_rt_sigaction, sig, act, old, sizeof(sigset_t)));
}

/* BSD semantics, as glibc's signal(): SA_RESTART, nothing blocked extra. */
void (*signal(int sig, void (*handler)(int)))(int)
{
    struct sigaction act, old;
    memset(&act, 0, sizeof act);
    act.sa_handler = handler;
    act.sa_flags = SA_RESTART;
    if (sigaction(sig, &act, &old) < 0)
        return (void (*)(int))-1;
    return old.sa_handler;
}

int sigprocmask(int how, const sigset_t *set, sigset_t *old)
{
    return (int)sig_check(syscall4(SYS_rt_sigprocmask, how, set, old, sizeof(sigset_t)));
}
int sigpending(sigset_t *set) { return (int)sig_check(syscall2(SYS_rt_sigpending_nr, set, sizeof(sigset_t))); }
int sigsuspend(const sigset_t *mask) { return (int)sig_check(syscall2(SYS_rt_sigsuspend_nr, mask, sizeof(sigset_t))); }

/* riscv64 has no pause(2): wait with the current mask, as glibc does. */
int pause(void)
{
    sigset_t now;
    sigprocmask(SIG_BLOCK, NULL, &now);
    return sigsuspend(&now);
}

int sigaltstack(const stack_t *ss, stack_t *old) { return (int)sig_check(syscall2(SYS_sigaltstack, ss, old)); }
int sigtimedwait(const sigset_t *set, siginfo_t *info, const struct timespec *timeout)
{
    return (int)sig_check(syscall4(SYS_rt_sigtimedwait_nr, set, info, timeout, sizeof(sigset_t)));
}
int kill(pid_t pid, int sig) { return (int)sig_check(syscall2(SYS_kill, pid, sig)); }
int killpg(pid_t pgrp, int sig) { return kill(-pgrp, sig); }
int tgkill(pid_t tgid, pid_t tid, int sig) { return (int)sig_check(syscall3(SYS_tgkill, tgid, tid, sig)); }
int raise(int sig) { return tgkill(getpid(), gettid(), sig); }

int sigemptyset(sigset_t *set) { *set = 0; return 0; }
int sigfillset(sigset_t *set) { *set = ~0UL; return 0; }
int sigaddset(sigset_t *set, int sig) { *set |= 1UL << (sig - 1); return 0; }
int sigdelset(sigset_t *set, int sig) { *set &= ~(1UL << (sig - 1)); return 0; }
int sigismember(const sigset_t *set, int sig) { return (*set >> (sig - 1)) & 1; }
