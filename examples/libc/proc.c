/*
 * proc.c - processes, threads, futexes, time and system information:
 * one system call each (see syscall.h for the calling convention), except
 * clone(), which needs a few instructions of assembly.
 */
#include "glasskernel.h"
#include "syscall.h"

#define SYS_unshare_nr        97
#define SYS_clock_getres_nr  114
#define SYS_clock_nanosleep_nr 115
#define SYS_setpriority_nr   140
#define SYS_getpriority_nr   141
#define SYS_setpgid_nr       154
#define SYS_getpgid_nr       155
#define SYS_getsid_nr        156
#define SYS_setsid_nr        157
#define SYS_getrusage_nr     165
#define SYS_gettimeofday_nr  169

/* Same convention as unistd.c: -errno becomes -1 with errno set. */
static long proc_check(long result)
{
    if (IS_SYSCALL_ERROR(result)) {
        errno = (int)-result;
        return -1;
    }
    return result;
}

/*
 * clone(fn, stack, flags, arg, ptid, tls, ctid): the child starts on `stack`
 * (its top) where we left fn and arg, calls fn(arg), then ends with exit(2)
 * - only this thread, which is what a thread wants. The parent just returns
 * the child's id.
 *   in:  a0 fn, a1 stack, a2 flags, a3 arg, a4 ptid, a5 tls, a6 ctid
 *   raw: a0 flags, a1 newsp, a2 ptid, a3 tls, a4 ctid (riscv64 order)
 */
long raw_clone(int (*fn)(void *), void *stack, int flags, void *arg,
               pid_t *parent_tid, void *tls, pid_t *child_tid);
__asm__(
    "    .text\n"
    "    .globl raw_clone\n"
    "    .type raw_clone, @function\n"
    "raw_clone:\n"
    "    andi a1, a1, -16\n"
    "    addi a1, a1, -16\n"
    "    sd   a0, 0(a1)\n"          /* fn and arg on the child's stack */
    "    sd   a3, 8(a1)\n"
    "    mv   a0, a2\n"
    "    mv   a2, a4\n"
    "    mv   a3, a5\n"
    "    mv   a4, a6\n"
    "    li   a7, 220\n"            /* SYS_clone */
    "    ecall\n"
    "    beqz a0, 1f\n"
    "    ret\n"                     /* parent (or error): the raw result */
    "1:  ld   a1, 0(sp)\n"          /* child: fn(arg) */
    "    ld   a0, 8(sp)\n"
    "    jalr a1\n"
    "    li   a7, 93\n"             /* SYS_exit with fn's result */
    "    ecall\n"
    "    .size raw_clone, . - raw_clone\n");

int clone(int (*fn)(void *), void *stack, int flags, void *arg,
          pid_t *parent_tid, void *tls, pid_t *child_tid)
{
    return (int)proc_check(raw_clone(fn, stack, flags, arg, parent_tid, tls, child_tid));
}

int unshare(int flags) { return (int)proc_check(syscall1(SYS_unshare_nr, flags)); }
pid_t gettid(void) { return (pid_t)syscall0(SYS_gettid); }
long set_tid_address(int *tidptr) { return syscall1(SYS_set_tid_address, tidptr); }
pid_t setsid(void) { return (pid_t)proc_check(syscall0(SYS_setsid_nr)); }
int setpgid(pid_t pid, pid_t pgid) { return (int)proc_check(syscall2(SYS_setpgid_nr, pid, pgid)); }
pid_t getpgid(pid_t pid) { return (pid_t)proc_check(syscall1(SYS_getpgid_nr, pid)); }
pid_t getpgrp(void) { return getpgid(0); }
pid_t getsid(pid_t pid) { return (pid_t)proc_check(syscall1(SYS_getsid_nr, pid)); }

long futex(volatile int *uaddr, int op, int val, const struct timespec *timeout,
           volatile int *uaddr2, int val3)
{
    return proc_check(syscall6(SYS_futex, (long)uaddr, op, val, (long)timeout, (long)uaddr2, val3));
}

/* The raw getpriority returns 20 - nice so that it is never negative. */
int getpriority(int which, int who)
{
    long r = proc_check(syscall2(SYS_getpriority_nr, which, who));
    return r < 0 ? -1 : 20 - (int)r;
}
int setpriority(int which, int who, int prio)
{
    return (int)proc_check(syscall3(SYS_setpriority_nr, which, who, prio));
}
int nice(int inc)
{
    int now = getpriority(PRIO_PROCESS, 0);
    if (setpriority(PRIO_PROCESS, 0, now + inc) < 0)
        return -1;
    return getpriority(PRIO_PROCESS, 0);
}

int clock_gettime(int clock, struct timespec *ts) { return (int)proc_check(syscall2(SYS_clock_gettime, clock, ts)); }
int clock_getres(int clock, struct timespec *ts) { return (int)proc_check(syscall2(SYS_clock_getres_nr, clock, ts)); }
int clock_nanosleep(int clock, int flags, const struct timespec *req, struct timespec *rem)
{
    long r = syscall4(SYS_clock_nanosleep_nr, clock, flags, req, rem);
    return IS_SYSCALL_ERROR(r) ? (int)-r : 0;
}
int gettimeofday(struct timeval *tv, void *tz) { return (int)proc_check(syscall2(SYS_gettimeofday_nr, tv, tz)); }
long times(struct tms *buf) { return proc_check(syscall1(SYS_times, buf)); }
int getrusage(int who, struct rusage *usage) { return (int)proc_check(syscall2(SYS_getrusage_nr, who, usage)); }
int uname(struct utsname *buf) { return (int)proc_check(syscall1(SYS_uname, buf)); }
ssize_t getrandom(void *buf, size_t length, unsigned flags) { return proc_check(syscall3(SYS_getrandom, buf, length, flags)); }

int prlimit(pid_t pid, int resource, const struct rlimit *new_limit, struct rlimit *old_limit)
{
    return (int)proc_check(syscall4(SYS_prlimit64, pid, resource, new_limit, old_limit));
}
int getrlimit(int resource, struct rlimit *rlim) { return prlimit(0, resource, NULL, rlim); }
int setrlimit(int resource, const struct rlimit *rlim) { return prlimit(0, resource, rlim, NULL); }
