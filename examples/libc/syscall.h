/*
 * syscall.h - Linux riscv64 system call numbers and the raw `ecall` helpers.
 *
 * RISC-V Linux uses the "asm-generic" syscall table (include/uapi/asm-generic/
 * unistd.h in the kernel sources). The calling convention is:
 *
 *     a7      = syscall number (one of the SYS_* constants below)
 *     a0..a5  = up to six arguments
 *     ecall     traps from user mode (U) into the kernel
 *     a0      = result: >= 0 on success, or -errno (-4095..-1) on failure
 *
 * Only the numbers are Linux's; the helpers are ours.
 */
#ifndef GLASSKERNEL_SYSCALL_H
#define GLASSKERNEL_SYSCALL_H

/* Files and directories */
#define SYS_getcwd            17
#define SYS_dup               23
#define SYS_dup3              24
#define SYS_fcntl             25
#define SYS_ioctl             29
#define SYS_mkdirat           34
#define SYS_unlinkat          35
#define SYS_chdir             49
#define SYS_openat            56
#define SYS_close             57
#define SYS_pipe2             59
#define SYS_getdents64        61
#define SYS_lseek             62
#define SYS_read              63
#define SYS_write             64
#define SYS_readv             65
#define SYS_writev            66
#define SYS_readlinkat        78
#define SYS_newfstatat        79
#define SYS_fstat             80

/* Processes and threads */
#define SYS_exit              93   /* ends the calling thread */
#define SYS_exit_group        94   /* ends every thread of the process */
#define SYS_set_tid_address   96
#define SYS_futex             98
#define SYS_set_robust_list   99
#define SYS_kill             129
#define SYS_tgkill           131
#define SYS_getpid           172
#define SYS_getppid          173
#define SYS_getuid           174
#define SYS_gettid           178
#define SYS_clone            220   /* fork is clone(SIGCHLD, 0, ...) */
#define SYS_execve           221
#define SYS_wait4            260
#define SYS_prlimit64        261

/* Time and scheduling */
#define SYS_nanosleep        101
#define SYS_clock_gettime    113
#define SYS_sched_getaffinity 123
#define SYS_sched_yield      124
#define SYS_times            153

/* Signals */
#define SYS_sigaltstack      132
#define SYS_rt_sigaction     134
#define SYS_rt_sigprocmask   135
#define SYS_rt_sigreturn     139

/* Memory */
#define SYS_brk              214
#define SYS_munmap           215
#define SYS_mremap           216
#define SYS_mmap             222
#define SYS_mprotect         226
#define SYS_madvise          233

/* Miscellaneous */
#define SYS_uname            160
#define SYS_getrandom        278

/*
 * syscall6: the one place where user code enters the kernel.
 * Each argument is pinned to the register the ABI names; the "memory"
 * clobber tells the compiler the kernel may read or write any memory we
 * pointed it at (a write() buffer, a wait4() status word, ...).
 */
static inline long syscall6(long number, long a0, long a1, long a2,
                            long a3, long a4, long a5)
{
    register long r_a0 __asm__("a0") = a0;
    register long r_a1 __asm__("a1") = a1;
    register long r_a2 __asm__("a2") = a2;
    register long r_a3 __asm__("a3") = a3;
    register long r_a4 __asm__("a4") = a4;
    register long r_a5 __asm__("a5") = a5;
    register long r_a7 __asm__("a7") = number;
    __asm__ volatile("ecall"
                     : "+r"(r_a0)
                     : "r"(r_a1), "r"(r_a2), "r"(r_a3), "r"(r_a4), "r"(r_a5),
                       "r"(r_a7)
                     : "memory");
    return r_a0;
}

/* Shorter spellings for calls with fewer arguments (unused ones are 0). */
#define syscall0(n)                 syscall6((n), 0, 0, 0, 0, 0, 0)
#define syscall1(n, a)              syscall6((n), (long)(a), 0, 0, 0, 0, 0)
#define syscall2(n, a, b)           syscall6((n), (long)(a), (long)(b), 0, 0, 0, 0)
#define syscall3(n, a, b, c)        syscall6((n), (long)(a), (long)(b), (long)(c), 0, 0, 0)
#define syscall4(n, a, b, c, d)     syscall6((n), (long)(a), (long)(b), (long)(c), (long)(d), 0, 0)
#define syscall5(n, a, b, c, d, e)  syscall6((n), (long)(a), (long)(b), (long)(c), (long)(d), (long)(e), 0)

/* The kernel reports failure as a small negative number: -errno. */
#define MAX_ERRNO 4095
#define IS_SYSCALL_ERROR(r) ((unsigned long)(r) >= (unsigned long)-MAX_ERRNO)

#endif
