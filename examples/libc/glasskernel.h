/*
 * glasskernel.h - the whole interface of Glasskernel's tiny libc.
 *
 * Programs include only this header. It deliberately uses no system headers
 * (we build with -nostdinc): every type comes from a compiler-provided macro
 * such as __SIZE_TYPE__, so nothing of glibc leaks in and the debug info only
 * names files from this repository.
 *
 * Error convention (as POSIX): a wrapper that fails returns -1 (or a null
 * pointer / MAP_FAILED) and stores the positive error number in `errno`.
 */
#ifndef GLASSKERNEL_H
#define GLASSKERNEL_H

/* ---- Basic types (LP64: long and pointers are 64 bits) ---------------- */
typedef __SIZE_TYPE__    size_t;
typedef long             ssize_t;
typedef long             off_t;
typedef int              pid_t;
typedef __UINT8_TYPE__   uint8_t;
typedef __UINT32_TYPE__  uint32_t;
typedef __UINT64_TYPE__  uint64_t;
typedef __INT64_TYPE__   int64_t;
typedef __UINTPTR_TYPE__ uintptr_t;
typedef __builtin_va_list va_list;

#define va_start(ap, last) __builtin_va_start(ap, last)
#define va_arg(ap, type)   __builtin_va_arg(ap, type)
#define va_end(ap)         __builtin_va_end(ap)

#define NULL ((void *)0)

#define STDIN_FILENO  0
#define STDOUT_FILENO 1
#define STDERR_FILENO 2

/* Sv39 pages are 4 KiB. */
#define PAGE_SIZE 4096

/* ---- Errors ------------------------------------------------------------ */
extern int errno;
#define EINTR   4
#define ECHILD 10
#define EAGAIN 11
#define ENOMEM 12
#define EFAULT 14
#define EINVAL 22

/* ---- Signals (the numbers Linux uses on RISC-V) ------------------------ */
#define SIGKILL  9
#define SIGSEGV 11
#define SIGCHLD 17

/* ---- Process status words, encoded as Linux's wait4(2) fills them -----
 *
 *   bits 15..8  exit code       (when the process called exit)
 *   bit  7      core dumped     (when killed by a signal)
 *   bits 6..0   signal number   (0 = exited normally; 0x7f = stopped)
 */
#define WEXITSTATUS(s)  (((s) >> 8) & 0xff)
#define WTERMSIG(s)     ((s) & 0x7f)
#define WCOREDUMP(s)    (((s) & 0x80) != 0)
#define WIFEXITED(s)    (WTERMSIG(s) == 0)
#define WIFSIGNALED(s)  (WTERMSIG(s) != 0 && WTERMSIG(s) != 0x7f)
#define WIFSTOPPED(s)   (((s) & 0xff) == 0x7f)
#define WNOHANG 1

/* ---- Processes ---------------------------------------------------------- */
void  exit(int status) __attribute__((noreturn));   /* exit_group(2) */
void  _exit(int status) __attribute__((noreturn));  /* same: we keep no buffers */
pid_t getpid(void);
pid_t getppid(void);
pid_t fork(void);                                   /* clone(SIGCHLD, 0, ...) */
int   execve(const char *path, char *const argv[], char *const envp[]);
pid_t wait4(pid_t pid, int *status, int options, void *rusage);
pid_t waitpid(pid_t pid, int *status, int options);
pid_t wait(int *status);
int   sched_yield(void);

struct timespec {
    long tv_sec;    /* seconds */
    long tv_nsec;   /* nanoseconds, 0..999999999 */
};
int nanosleep(const struct timespec *request, struct timespec *remaining);

extern char **environ;                              /* set by _start */

/* ---- Files -------------------------------------------------------------- */
ssize_t read(int fd, void *buf, size_t count);
ssize_t write(int fd, const void *buf, size_t count);

/* ---- Memory ------------------------------------------------------------- */
int   brk(void *addr);          /* 0 on success, -1 + ENOMEM if refused */
void *sbrk(long increment);     /* old break, or (void *)-1 on failure */

#define PROT_NONE     0x0
#define PROT_READ     0x1
#define PROT_WRITE    0x2
#define PROT_EXEC     0x4
#define MAP_SHARED    0x01
#define MAP_PRIVATE   0x02
#define MAP_FIXED     0x10
#define MAP_ANONYMOUS 0x20
#define MAP_FAILED    ((void *)-1)
void *mmap(void *addr, size_t length, int prot, int flags, int fd, off_t offset);
int   munmap(void *addr, size_t length);

void *malloc(size_t size);
void  free(void *ptr);
void *calloc(size_t count, size_t size);
void *realloc(void *ptr, size_t size);

/* ---- Strings and bytes -------------------------------------------------- */
size_t strlen(const char *s);
int    strcmp(const char *a, const char *b);
int    strncmp(const char *a, const char *b, size_t n);
char  *strcpy(char *dst, const char *src);
char  *strchr(const char *s, int c);
void  *memcpy(void *dst, const void *src, size_t n);
void  *memmove(void *dst, const void *src, size_t n);
void  *memset(void *dst, int c, size_t n);
int    memcmp(const void *a, const void *b, size_t n);
int    atoi(const char *s);

/* ---- Formatted output ----------------------------------------------------
 * Conversions: %d %i %u %x %X %o %c %s %p %%, with flags '-' (left-justify)
 * and '0' (zero-pad), a width (digits or '*'), a precision for %s, and the
 * length modifiers l ll z (hh and h are accepted; the value prints as an
 * int). Unlike C's printf, this one is unbuffered across calls: each call
 * ends with its text handed to write(2), so nothing is pending at fork, exec
 * or exit.
 */
int printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
int dprintf(int fd, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
int snprintf(char *buf, size_t size, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
int vsnprintf(char *buf, size_t size, const char *fmt, va_list ap);
int vdprintf(int fd, const char *fmt, va_list ap);
int puts(const char *s);        /* s and a newline */
int putchar(int c);

/* ---- Processes, threads, signals, time (examples/libc/proc.c, signal.c) --
 * BEGIN proc/signal section (owned by the process/signal work)
 * Values and layouts are Linux riscv64's (asm-generic signal.h, siginfo.h,
 * linux/sched.h, futex.h, resource.h; arch/riscv uapi ucontext.h).
 */
#define EPERM   1
#define ESRCH   3
#define ETIMEDOUT 110
#define WUNTRACED   2
#define WCONTINUED  8
#define __WALL      0x40000000
#define __WCLONE    0x80000000
#define WSTOPSIG(s)     WEXITSTATUS(s)
#define WIFCONTINUED(s) ((s) == 0xffff)

#define CSIGNAL              0x000000ff
#define CLONE_VM             0x00000100
#define CLONE_FS             0x00000200
#define CLONE_FILES          0x00000400
#define CLONE_SIGHAND        0x00000800
#define CLONE_VFORK          0x00004000
#define CLONE_PARENT         0x00008000
#define CLONE_THREAD         0x00010000
#define CLONE_SYSVSEM        0x00040000
#define CLONE_SETTLS         0x00080000
#define CLONE_PARENT_SETTID  0x00100000
#define CLONE_CHILD_CLEARTID 0x00200000
#define CLONE_CHILD_SETTID   0x01000000
/* glibc-style clone: the child runs fn(arg) on `stack` (its top) and exits
   with fn's result. Returns the child's id, or -1 with errno. */
int   clone(int (*fn)(void *), void *stack, int flags, void *arg,
            pid_t *parent_tid, void *tls, pid_t *child_tid);
int   unshare(int flags);
pid_t gettid(void);
long  set_tid_address(int *tidptr);
pid_t setsid(void);
int   setpgid(pid_t pid, pid_t pgid);
pid_t getpgid(pid_t pid);
pid_t getpgrp(void);
pid_t getsid(pid_t pid);

#define FUTEX_WAIT          0
#define FUTEX_WAKE          1
#define FUTEX_WAIT_BITSET   9
#define FUTEX_WAKE_BITSET  10
#define FUTEX_PRIVATE_FLAG 128
/* The raw futex(2) call: returns its result, or -1 with errno. */
long  futex(volatile int *uaddr, int op, int val, const struct timespec *timeout,
            volatile int *uaddr2, int val3);

#define PRIO_PROCESS 0
#define PRIO_PGRP    1
#define PRIO_USER    2
int   getpriority(int which, int who);   /* the nice value, as POSIX */
int   setpriority(int which, int who, int prio);
int   nice(int inc);

#define CLOCK_REALTIME           0
#define CLOCK_MONOTONIC          1
#define CLOCK_PROCESS_CPUTIME_ID 2
#define CLOCK_THREAD_CPUTIME_ID  3
#define TIMER_ABSTIME            1
int   clock_gettime(int clock, struct timespec *ts);
int   clock_getres(int clock, struct timespec *ts);
/* Returns 0 or a positive error number (not errno), as POSIX says. */
int   clock_nanosleep(int clock, int flags, const struct timespec *req, struct timespec *rem);
struct timeval { long tv_sec; long tv_usec; };
int   gettimeofday(struct timeval *tv, void *tz);
struct tms { long tms_utime, tms_stime, tms_cutime, tms_cstime; };
long  times(struct tms *buf);
struct rusage {
    struct timeval ru_utime, ru_stime;
    long ru_maxrss, ru_ixrss, ru_idrss, ru_isrss, ru_minflt, ru_majflt, ru_nswap,
         ru_inblock, ru_oublock, ru_msgsnd, ru_msgrcv, ru_nsignals, ru_nvcsw, ru_nivcsw;
};
#define RUSAGE_SELF      0
#define RUSAGE_CHILDREN (-1)
int   getrusage(int who, struct rusage *usage);

struct utsname { char sysname[65], nodename[65], release[65], version[65], machine[65], domainname[65]; };
int   uname(struct utsname *buf);
ssize_t getrandom(void *buf, size_t length, unsigned flags);
#define RLIMIT_STACK  3
#define RLIMIT_NPROC  6
#define RLIMIT_NOFILE 7
#define RLIM_INFINITY (~0UL)
struct rlimit { unsigned long rlim_cur, rlim_max; };
int   getrlimit(int resource, struct rlimit *rlim);
int   setrlimit(int resource, const struct rlimit *rlim);
int   prlimit(pid_t pid, int resource, const struct rlimit *new_limit, struct rlimit *old_limit);

/* Signals: numbers, the kernel's sigset (bit sig - 1) and struct sigaction. */
#define SIGHUP   1
#define SIGINT   2
#define SIGQUIT  3
#define SIGILL   4
#define SIGTRAP  5
#define SIGABRT  6
#define SIGBUS   7
#define SIGFPE   8
#define SIGUSR1 10
#define SIGUSR2 12
#define SIGPIPE 13
#define SIGALRM 14
#define SIGTERM 15
#define SIGCONT 18
#define SIGSTOP 19
#define SIGTSTP 20
#define SIGRTMIN 32
#define SA_NOCLDSTOP 0x00000001
#define SA_NOCLDWAIT 0x00000002
#define SA_SIGINFO   0x00000004
#define SA_ONSTACK   0x08000000
#define SA_RESTART   0x10000000
#define SA_NODEFER   0x40000000
#define SA_RESETHAND 0x80000000
#define SIG_DFL ((void (*)(int))0)
#define SIG_IGN ((void (*)(int))1)
#define SIG_BLOCK   0
#define SIG_UNBLOCK 1
#define SIG_SETMASK 2
#define SI_USER    0
#define SI_KERNEL  0x80
#define SI_TKILL  (-6)
#define SEGV_MAPERR 1
#define SEGV_ACCERR 2
#define CLD_EXITED  1
#define CLD_KILLED  2
#define CLD_STOPPED 5
#define CLD_CONTINUED 6
#define SS_ONSTACK  1
#define SS_DISABLE  2
#define MINSIGSTKSZ 2048
#define SIGSTKSZ    8192
typedef unsigned long sigset_t;
typedef struct {
    int si_signo, si_errno, si_code;
    union {
        struct { pid_t pid; unsigned uid; int status; long utime, stime; } kill;
        struct { void *addr; } fault;
        char pad[128 - 16];
    } u;
} siginfo_t;
#define si_pid    u.kill.pid
#define si_uid    u.kill.uid
#define si_status u.kill.status
#define si_addr   u.fault.addr
struct sigaction {                      /* the riscv64 kernel's layout */
    union {
        void (*sa_handler)(int);
        void (*sa_sigaction)(int, siginfo_t *, void *);
    };
    unsigned long sa_flags;
    sigset_t sa_mask;
};
typedef struct { void *ss_sp; int ss_flags; size_t ss_size; } stack_t;
/* ucontext_t: uc_mcontext.gregs[0] is pc, gregs[n] is xn (ra = 1, sp = 2...). */
typedef struct ucontext {
    unsigned long uc_flags;
    struct ucontext *uc_link;
    stack_t uc_stack;
    sigset_t uc_sigmask;
    unsigned char __unused[120];
    struct { unsigned long gregs[32]; unsigned long long fpregs[66] __attribute__((aligned(16))); } uc_mcontext
        __attribute__((aligned(16)));
} ucontext_t;
int   sigaction(int sig, const struct sigaction *act, struct sigaction *old);
void (*signal(int sig, void (*handler)(int)))(int);
int   sigprocmask(int how, const sigset_t *set, sigset_t *old);
int   sigpending(sigset_t *set);
int   sigsuspend(const sigset_t *mask);
int   pause(void);
int   sigaltstack(const stack_t *ss, stack_t *old);
int   sigtimedwait(const sigset_t *set, siginfo_t *info, const struct timespec *timeout);
int   kill(pid_t pid, int sig);
int   killpg(pid_t pgrp, int sig);
int   raise(int sig);                   /* tgkill(getpid(), gettid(), sig) */
int   tgkill(pid_t tgid, pid_t tid, int sig);
int   sigemptyset(sigset_t *set);
int   sigfillset(sigset_t *set);
int   sigaddset(sigset_t *set, int sig);
int   sigdelset(sigset_t *set, int sig);
int   sigismember(const sigset_t *set, int sig);
/* END proc/signal section */

/* ---- Files, directories, pipes (examples/libc/fs.c) ----------------------
 * BEGIN fs section (owned by the file-system work)
 * open(2), pipe(2), stat(2), getdents64(2), poll(2) and friends with Linux
 * riscv64's values and struct layouts (asm-generic/fcntl.h, stat.h,
 * statfs.h, poll.h, termbits.h; linux/dirent.h).
 */
#define ENOENT     2
#define EIO        5
#define ENXIO      6
#define EBADF      9
#define EACCES    13
#define EBUSY     16
#define EEXIST    17
#define EXDEV     18
#define ENOTDIR   20
#define EISDIR    21
#define EMFILE    24
#define ENOTTY    25
#define EFBIG     27
#define ENOSPC    28
#define ESPIPE    29
#define EPIPE     32
#define ERANGE    34
#define ENAMETOOLONG 36
#define ENOTEMPTY 39
#define ELOOP     40

#define O_RDONLY    00
#define O_WRONLY    01
#define O_RDWR      02
#define O_ACCMODE   03
#define O_CREAT     0100
#define O_EXCL      0200
#define O_NOCTTY    0400
#define O_TRUNC     01000
#define O_APPEND    02000
#define O_NONBLOCK  04000
#define O_DIRECTORY 0200000
#define O_NOFOLLOW  0400000
#define O_CLOEXEC   02000000
#define O_PATH      010000000
#define AT_FDCWD            (-100)
#define AT_SYMLINK_NOFOLLOW 0x100
#define AT_REMOVEDIR        0x200
#define AT_SYMLINK_FOLLOW   0x400
#define AT_EMPTY_PATH       0x1000
#define F_DUPFD          0
#define F_GETFD          1
#define F_SETFD          2
#define F_GETFL          3
#define F_SETFL          4
#define F_DUPFD_CLOEXEC  1030
#define FD_CLOEXEC       1
#define SEEK_SET 0
#define SEEK_CUR 1
#define SEEK_END 2
#define F_OK 0
#define X_OK 1
#define W_OK 2
#define R_OK 4
#define RENAME_NOREPLACE 1
#define RENAME_EXCHANGE  2
#define UTIME_NOW  ((1L << 30) - 1)
#define UTIME_OMIT ((1L << 30) - 2)

#define S_IFMT   0170000
#define S_IFSOCK 0140000
#define S_IFLNK  0120000
#define S_IFREG  0100000
#define S_IFBLK  0060000
#define S_IFDIR  0040000
#define S_IFCHR  0020000
#define S_IFIFO  0010000
#define S_ISREG(m)  (((m) & S_IFMT) == S_IFREG)
#define S_ISDIR(m)  (((m) & S_IFMT) == S_IFDIR)
#define S_ISLNK(m)  (((m) & S_IFMT) == S_IFLNK)
#define S_ISCHR(m)  (((m) & S_IFMT) == S_IFCHR)
#define S_ISFIFO(m) (((m) & S_IFMT) == S_IFIFO)

struct stat {                     /* asm-generic/stat.h: 128 bytes */
    unsigned long st_dev;
    unsigned long st_ino;
    unsigned int  st_mode;
    unsigned int  st_nlink;
    unsigned int  st_uid;
    unsigned int  st_gid;
    unsigned long st_rdev;
    unsigned long __pad1;
    long          st_size;
    int           st_blksize;
    int           __pad2;
    long          st_blocks;
    long st_atime_sec; unsigned long st_atime_nsec;
    long st_mtime_sec; unsigned long st_mtime_nsec;
    long st_ctime_sec; unsigned long st_ctime_nsec;
    unsigned int  __unused4, __unused5;
};
struct statfs {                   /* asm-generic/statfs.h: 120 bytes */
    long f_type, f_bsize, f_blocks, f_bfree, f_bavail, f_files, f_ffree;
    int  f_fsid[2];
    long f_namelen, f_frsize, f_flags, f_spare[4];
};
struct linux_dirent64 {           /* what getdents64(2) fills */
    uint64_t d_ino;
    int64_t  d_off;
    unsigned short d_reclen;
    unsigned char  d_type;
    char     d_name[];
};
#define DT_UNKNOWN 0
#define DT_FIFO    1
#define DT_CHR     2
#define DT_DIR     4
#define DT_REG     8
#define DT_LNK    10
struct iovec { void *iov_base; size_t iov_len; };
struct pollfd { int fd; short events; short revents; };
#define POLLIN   0x001
#define POLLPRI  0x002
#define POLLOUT  0x004
#define POLLERR  0x008
#define POLLHUP  0x010
#define POLLNVAL 0x020
struct termios {                  /* the kernel's struct termios (TCGETS) */
    unsigned int c_iflag, c_oflag, c_cflag, c_lflag;
    unsigned char c_line;
    unsigned char c_cc[19];
};
struct winsize { unsigned short ws_row, ws_col, ws_xpixel, ws_ypixel; };
#define TCGETS     0x5401
#define TCSETS     0x5402
#define TIOCGWINSZ 0x5413
#define FIONREAD   0x541B
#define FIONBIO    0x5421

int     open(const char *path, int flags, ...);    /* mode_t mode with O_CREAT */
int     openat(int dirfd, const char *path, int flags, ...);
int     creat(const char *path, unsigned mode);
int     close(int fd);
int     pipe(int fds[2]);
int     pipe2(int fds[2], int flags);
int     dup(int fd);
int     dup2(int oldfd, int newfd);
int     dup3(int oldfd, int newfd, int flags);
int     fcntl(int fd, int cmd, ...);
off_t   lseek(int fd, off_t offset, int whence);
ssize_t pread(int fd, void *buf, size_t count, off_t offset);
ssize_t pwrite(int fd, const void *buf, size_t count, off_t offset);
ssize_t readv(int fd, const struct iovec *iov, int iovcnt);
ssize_t writev(int fd, const struct iovec *iov, int iovcnt);
ssize_t sendfile(int out_fd, int in_fd, off_t *offset, size_t count);
int     ioctl(int fd, unsigned long request, ...);
int     isatty(int fd);
long    getdents64(int fd, void *buf, size_t count);
int     stat(const char *path, struct stat *st);
int     lstat(const char *path, struct stat *st);
int     fstat(int fd, struct stat *st);
int     fstatat(int dirfd, const char *path, struct stat *st, int flags);
int     statfs(const char *path, struct statfs *buf);
int     fstatfs(int fd, struct statfs *buf);
int     access(const char *path, int mode);
int     faccessat(int dirfd, const char *path, int mode, int flags);
int     mkdir(const char *path, unsigned mode);
int     mkdirat(int dirfd, const char *path, unsigned mode);
int     rmdir(const char *path);
int     unlink(const char *path);
int     unlinkat(int dirfd, const char *path, int flags);
int     rename(const char *oldpath, const char *newpath);
int     renameat2(int olddirfd, const char *oldpath, int newdirfd, const char *newpath, unsigned flags);
int     link(const char *oldpath, const char *newpath);
int     symlink(const char *target, const char *linkpath);
ssize_t readlink(const char *path, char *buf, size_t size);
char   *getcwd(char *buf, size_t size);
int     chdir(const char *path);
int     fchdir(int fd);
int     truncate(const char *path, off_t length);
int     chmod(const char *path, unsigned mode);
int     fchmod(int fd, unsigned mode);
int     utimensat(int dirfd, const char *path, const struct timespec times[2], int flags);
unsigned umask(unsigned mask);
int     poll(struct pollfd *fds, unsigned long nfds, int timeout_ms);
int     ppoll(struct pollfd *fds, unsigned long nfds, const struct timespec *timeout, const void *sigmask);
int     fsync(int fd);
/* END fs section */

/* ---- Memory management beyond mmap/munmap (examples/libc/mman.c) --------
 * BEGIN mman section (owned by the memory-management work; keep it last)
 * mmap(2), mprotect(2), mremap(2), madvise(2) and msync(2) as Linux riscv64
 * defines them (asm-generic/mman-common.h, linux/mman.h).
 */
#define MAP_SHARED_VALIDATE 0x03
#define MAP_GROWSDOWN       0x0100
#define MAP_NORESERVE       0x4000
#define MAP_POPULATE        0x8000
#define MAP_FIXED_NOREPLACE 0x100000
#define MREMAP_MAYMOVE      1
#define MREMAP_FIXED        2
#define MREMAP_DONTUNMAP    4
#define MADV_NORMAL         0
#define MADV_RANDOM         1
#define MADV_SEQUENTIAL     2
#define MADV_WILLNEED       3
#define MADV_DONTNEED       4
#define MADV_FREE           8
#define MS_ASYNC            1
#define MS_INVALIDATE       2
#define MS_SYNC             4
int   mprotect(void *addr, size_t length, int prot);
/* new_address is read only with MREMAP_FIXED (pass 0 otherwise). */
void *mremap(void *old_address, size_t old_size, size_t new_size, int flags, void *new_address);
int   madvise(void *addr, size_t length, int advice);
int   msync(void *addr, size_t length, int flags);
int   ftruncate(int fd, off_t length);
/* END mman section */

#endif
