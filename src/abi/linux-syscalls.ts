/**
 * The Linux riscv64 system call ABI as data: syscall numbers (the generic table,
 * include/uapi/asm-generic/unistd.h), their names, and the C prototype of each from its man page.
 * a7 carries the number, a0..a5 the arguments, a0 the result or -errno (syscall(2)).
 *
 * A neutral layer that imports nothing: the kernel (src/kernel/syscall/numbers.ts re-exports it),
 * the debug adapter, the CLI and the language server (hover on `li a7, N; ecall`) read the same
 * table.
 */
export const SYS_getcwd = 17;
export const SYS_ioctl = 29;
export const SYS_openat = 56;
export const SYS_close = 57;
export const SYS_lseek = 62;
export const SYS_read = 63;
export const SYS_write = 64;
export const SYS_readv = 65;
export const SYS_writev = 66;
export const SYS_exit = 93;
export const SYS_exit_group = 94;
export const SYS_set_tid_address = 96;
export const SYS_set_robust_list = 99;
export const SYS_nanosleep = 101;
export const SYS_clock_gettime = 113;
export const SYS_sched_yield = 124;
export const SYS_kill = 129;
export const SYS_getpid = 172;
export const SYS_getppid = 173;
export const SYS_getuid = 174;
export const SYS_geteuid = 175;
export const SYS_getgid = 176;
export const SYS_getegid = 177;
export const SYS_gettid = 178;
export const SYS_brk = 214;
export const SYS_munmap = 215;
export const SYS_clone = 220;
export const SYS_execve = 221;
export const SYS_mmap = 222;
export const SYS_wait4 = 260;

/* Processes, signals, futexes, time and system information (the process/signal helper). */
export const SYS_unshare = 97;
export const SYS_futex = 98;
export const SYS_get_robust_list = 100;
export const SYS_clock_settime = 112;
export const SYS_clock_getres = 114;
export const SYS_clock_nanosleep = 115;
export const SYS_sched_setparam = 118;
export const SYS_sched_getscheduler = 120;
export const SYS_sched_getparam = 121;
export const SYS_sched_setaffinity = 122;
export const SYS_sched_getaffinity = 123;
export const SYS_sched_get_priority_max = 125;
export const SYS_sched_get_priority_min = 126;
export const SYS_tkill = 130;
export const SYS_tgkill = 131;
export const SYS_sigaltstack = 132;
export const SYS_rt_sigsuspend = 133;
export const SYS_rt_sigaction = 134;
export const SYS_rt_sigprocmask = 135;
export const SYS_rt_sigpending = 136;
export const SYS_rt_sigtimedwait = 137;
export const SYS_rt_sigqueueinfo = 138;
export const SYS_rt_sigreturn = 139;
export const SYS_setpriority = 140;
export const SYS_getpriority = 141;
export const SYS_getresuid = 148;
export const SYS_getresgid = 150;
export const SYS_times = 153;
export const SYS_setpgid = 154;
export const SYS_getpgid = 155;
export const SYS_getsid = 156;
export const SYS_setsid = 157;
export const SYS_getgroups = 158;
export const SYS_uname = 160;
export const SYS_getrlimit = 163;
export const SYS_setrlimit = 164;
export const SYS_getrusage = 165;
export const SYS_gettimeofday = 169;
export const SYS_sysinfo = 179;
export const SYS_prlimit64 = 261;
export const SYS_getrandom = 278;

/* Memory management (the memory helper). */
export const SYS_mremap = 216;
export const SYS_mprotect = 226;
export const SYS_msync = 227;
export const SYS_madvise = 233;

/* Files, directories, pipes and the VFS (the file-system helper). */
export const SYS_dup = 23;
export const SYS_dup3 = 24;
export const SYS_fcntl = 25;
export const SYS_mkdirat = 34;
export const SYS_unlinkat = 35;
export const SYS_symlinkat = 36;
export const SYS_linkat = 37;
export const SYS_statfs = 43;
export const SYS_fstatfs = 44;
export const SYS_truncate = 45;
export const SYS_ftruncate = 46;
export const SYS_fallocate = 47;
export const SYS_faccessat = 48;
export const SYS_chdir = 49;
export const SYS_fchdir = 50;
export const SYS_fchmod = 52;
export const SYS_fchmodat = 53;
export const SYS_fchownat = 54;
export const SYS_fchown = 55;
export const SYS_pipe2 = 59;
export const SYS_getdents64 = 61;
export const SYS_pread64 = 67;
export const SYS_pwrite64 = 68;
export const SYS_preadv = 69;
export const SYS_pwritev = 70;
export const SYS_sendfile = 71;
export const SYS_ppoll = 73;
export const SYS_readlinkat = 78;
export const SYS_newfstatat = 79;
export const SYS_fstat = 80;
export const SYS_sync = 81;
export const SYS_fsync = 82;
export const SYS_fdatasync = 83;
export const SYS_utimensat = 88;
export const SYS_umask = 166;
export const SYS_renameat2 = 276;
export const SYS_statx = 291;
export const SYS_close_range = 436;
export const SYS_faccessat2 = 439;

/** Syscall names by number, for traces and the debugger's syscall stops. */
export const SYSCALL_NAMES: ReadonlyMap<number, string> = new Map([
  [SYS_getcwd, 'getcwd'], [SYS_ioctl, 'ioctl'], [SYS_openat, 'openat'], [SYS_close, 'close'],
  [SYS_lseek, 'lseek'], [SYS_read, 'read'], [SYS_write, 'write'], [SYS_readv, 'readv'],
  [SYS_writev, 'writev'], [SYS_exit, 'exit'], [SYS_exit_group, 'exit_group'],
  [SYS_set_tid_address, 'set_tid_address'], [SYS_set_robust_list, 'set_robust_list'],
  [SYS_nanosleep, 'nanosleep'], [SYS_clock_gettime, 'clock_gettime'], [SYS_sched_yield, 'sched_yield'],
  [SYS_kill, 'kill'], [SYS_getpid, 'getpid'], [SYS_getppid, 'getppid'], [SYS_getuid, 'getuid'],
  [SYS_geteuid, 'geteuid'], [SYS_getgid, 'getgid'], [SYS_getegid, 'getegid'], [SYS_gettid, 'gettid'],
  [SYS_brk, 'brk'], [SYS_munmap, 'munmap'], [SYS_clone, 'clone'], [SYS_execve, 'execve'],
  [SYS_mmap, 'mmap'], [SYS_wait4, 'wait4'],
  // processes, signals, futexes, time, system information
  [SYS_unshare, 'unshare'], [SYS_futex, 'futex'], [SYS_get_robust_list, 'get_robust_list'],
  [SYS_clock_settime, 'clock_settime'], [SYS_clock_getres, 'clock_getres'],
  [SYS_clock_nanosleep, 'clock_nanosleep'], [SYS_sched_setparam, 'sched_setparam'],
  [SYS_sched_getscheduler, 'sched_getscheduler'], [SYS_sched_getparam, 'sched_getparam'],
  [SYS_sched_setaffinity, 'sched_setaffinity'], [SYS_sched_getaffinity, 'sched_getaffinity'],
  [SYS_sched_get_priority_max, 'sched_get_priority_max'],
  [SYS_sched_get_priority_min, 'sched_get_priority_min'], [SYS_tkill, 'tkill'], [SYS_tgkill, 'tgkill'],
  [SYS_sigaltstack, 'sigaltstack'], [SYS_rt_sigsuspend, 'rt_sigsuspend'], [SYS_rt_sigaction, 'rt_sigaction'],
  [SYS_rt_sigprocmask, 'rt_sigprocmask'], [SYS_rt_sigpending, 'rt_sigpending'],
  [SYS_rt_sigtimedwait, 'rt_sigtimedwait'], [SYS_rt_sigqueueinfo, 'rt_sigqueueinfo'],
  [SYS_rt_sigreturn, 'rt_sigreturn'], [SYS_setpriority, 'setpriority'], [SYS_getpriority, 'getpriority'],
  [SYS_getresuid, 'getresuid'], [SYS_getresgid, 'getresgid'], [SYS_times, 'times'], [SYS_setpgid, 'setpgid'],
  [SYS_getpgid, 'getpgid'], [SYS_getsid, 'getsid'], [SYS_setsid, 'setsid'], [SYS_getgroups, 'getgroups'],
  [SYS_uname, 'uname'], [SYS_getrlimit, 'getrlimit'], [SYS_setrlimit, 'setrlimit'],
  [SYS_getrusage, 'getrusage'], [SYS_gettimeofday, 'gettimeofday'], [SYS_sysinfo, 'sysinfo'],
  [SYS_prlimit64, 'prlimit64'], [SYS_getrandom, 'getrandom'],
  // memory management
  [SYS_mremap, 'mremap'], [SYS_mprotect, 'mprotect'], [SYS_msync, 'msync'], [SYS_madvise, 'madvise'],
  // files, directories, pipes
  [SYS_dup, 'dup'], [SYS_dup3, 'dup3'], [SYS_fcntl, 'fcntl'], [SYS_mkdirat, 'mkdirat'],
  [SYS_unlinkat, 'unlinkat'], [SYS_symlinkat, 'symlinkat'], [SYS_linkat, 'linkat'], [SYS_statfs, 'statfs'],
  [SYS_fstatfs, 'fstatfs'], [SYS_truncate, 'truncate'], [SYS_ftruncate, 'ftruncate'],
  [SYS_fallocate, 'fallocate'], [SYS_faccessat, 'faccessat'], [SYS_chdir, 'chdir'], [SYS_fchdir, 'fchdir'],
  [SYS_fchmod, 'fchmod'], [SYS_fchmodat, 'fchmodat'], [SYS_fchownat, 'fchownat'], [SYS_fchown, 'fchown'],
  [SYS_pipe2, 'pipe2'], [SYS_getdents64, 'getdents64'], [SYS_pread64, 'pread64'], [SYS_pwrite64, 'pwrite64'],
  [SYS_preadv, 'preadv'], [SYS_pwritev, 'pwritev'], [SYS_sendfile, 'sendfile'], [SYS_ppoll, 'ppoll'],
  [SYS_readlinkat, 'readlinkat'], [SYS_newfstatat, 'newfstatat'], [SYS_fstat, 'fstat'], [SYS_sync, 'sync'],
  [SYS_fsync, 'fsync'], [SYS_fdatasync, 'fdatasync'], [SYS_utimensat, 'utimensat'], [SYS_umask, 'umask'],
  [SYS_renameat2, 'renameat2'], [SYS_statx, 'statx'], [SYS_close_range, 'close_range'],
  [SYS_faccessat2, 'faccessat2'],
]);

/** The C declaration of a syscall, and how the raw call differs from the C library's wrapper. */
export interface SyscallPrototype {
  /**
   * One C declaration as the man page's SYNOPSIS writes it, named like the syscall (the raw
   * kernel form where the wrapper has another name or arguments, e.g. `rt_sigaction`'s sigsetsize).
   */
  prototype: string;
  /** What the raw call (a7 = number, ecall) does that the C library wrapper hides; absent when nothing. */
  note?: string;
}

const proto = (prototype: string, note?: string): SyscallPrototype => (note === undefined ? { prototype } : { prototype, note });

/**
 * C prototypes (section 2 man pages) of every syscall of SYSCALL_NAMES, by number. Arguments go
 * in a0..a5 in the order written; the result comes back in a0 (-errno on failure, never errno/-1).
 */
export const SYSCALL_PROTOTYPES: ReadonlyMap<number, SyscallPrototype> = new Map<number, SyscallPrototype>([
  // files and I/O
  [SYS_getcwd, proto('char *getcwd(char *buf, size_t size);', 'The raw call returns the length of the path written, including its NUL byte.')],
  [SYS_ioctl, proto('int ioctl(int fd, unsigned long op, ...);')],
  [SYS_openat, proto('int openat(int dirfd, const char *pathname, int flags, mode_t mode);', 'AT_FDCWD (-100) as dirfd opens relative to the working directory.')],
  [SYS_close, proto('int close(int fd);')],
  [SYS_lseek, proto('off_t lseek(int fd, off_t offset, int whence);')],
  [SYS_read, proto('ssize_t read(int fd, void *buf, size_t count);')],
  [SYS_write, proto('ssize_t write(int fd, const void *buf, size_t count);')],
  [SYS_readv, proto('ssize_t readv(int fd, const struct iovec *iov, int iovcnt);')],
  [SYS_writev, proto('ssize_t writev(int fd, const struct iovec *iov, int iovcnt);')],
  [SYS_dup, proto('int dup(int oldfd);')],
  [SYS_dup3, proto('int dup3(int oldfd, int newfd, int flags);')],
  [SYS_fcntl, proto('int fcntl(int fd, int op, ... /* arg */);')],
  [SYS_pipe2, proto('int pipe2(int pipefd[2], int flags);')],
  [SYS_getdents64, proto('ssize_t getdents64(int fd, void *dirp, size_t count);')],
  [SYS_pread64, proto('ssize_t pread64(int fd, void *buf, size_t count, off_t offset);')],
  [SYS_pwrite64, proto('ssize_t pwrite64(int fd, const void *buf, size_t count, off_t offset);')],
  [SYS_preadv, proto('ssize_t preadv(int fd, const struct iovec *iov, int iovcnt, unsigned long pos_l, unsigned long pos_h);', 'On a 64-bit system pos_l is the whole offset and pos_h is ignored.')],
  [SYS_pwritev, proto('ssize_t pwritev(int fd, const struct iovec *iov, int iovcnt, unsigned long pos_l, unsigned long pos_h);', 'On a 64-bit system pos_l is the whole offset and pos_h is ignored.')],
  [SYS_sendfile, proto('ssize_t sendfile(int out_fd, int in_fd, off_t *offset, size_t count);')],
  [SYS_ppoll, proto('int ppoll(struct pollfd *fds, nfds_t nfds, const struct timespec *tmo_p, const sigset_t *sigmask, size_t sigsetsize);', 'The raw call takes the signal set size (8 bytes) as a fifth argument.')],
  [SYS_sync, proto('void sync(void);')],
  [SYS_fsync, proto('int fsync(int fd);')],
  [SYS_fdatasync, proto('int fdatasync(int fd);')],
  // file system metadata
  [SYS_mkdirat, proto('int mkdirat(int dirfd, const char *pathname, mode_t mode);')],
  [SYS_unlinkat, proto('int unlinkat(int dirfd, const char *pathname, int flags);')],
  [SYS_symlinkat, proto('int symlinkat(const char *target, int newdirfd, const char *linkpath);')],
  [SYS_linkat, proto('int linkat(int olddirfd, const char *oldpath, int newdirfd, const char *newpath, int flags);')],
  [SYS_renameat2, proto('int renameat2(int olddirfd, const char *oldpath, int newdirfd, const char *newpath, unsigned int flags);')],
  [SYS_statfs, proto('int statfs(const char *path, struct statfs *buf);')],
  [SYS_fstatfs, proto('int fstatfs(int fd, struct statfs *buf);')],
  [SYS_truncate, proto('int truncate(const char *path, off_t length);')],
  [SYS_ftruncate, proto('int ftruncate(int fd, off_t length);')],
  [SYS_fallocate, proto('int fallocate(int fd, int mode, off_t offset, off_t len);')],
  [SYS_faccessat, proto('int faccessat(int dirfd, const char *pathname, int mode);', 'The raw call has no flags argument (faccessat2 has).')],
  [SYS_faccessat2, proto('int faccessat2(int dirfd, const char *pathname, int mode, int flags);')],
  [SYS_chdir, proto('int chdir(const char *path);')],
  [SYS_fchdir, proto('int fchdir(int fd);')],
  [SYS_fchmod, proto('int fchmod(int fd, mode_t mode);')],
  [SYS_fchmodat, proto('int fchmodat(int dirfd, const char *pathname, mode_t mode);', 'The raw call has no flags argument.')],
  [SYS_fchownat, proto('int fchownat(int dirfd, const char *pathname, uid_t owner, gid_t group, int flags);')],
  [SYS_fchown, proto('int fchown(int fd, uid_t owner, gid_t group);')],
  [SYS_readlinkat, proto('ssize_t readlinkat(int dirfd, const char *pathname, char *buf, size_t bufsiz);')],
  [SYS_newfstatat, proto('int newfstatat(int dirfd, const char *pathname, struct stat *statbuf, int flags);', 'The C library calls it fstatat.')],
  [SYS_fstat, proto('int fstat(int fd, struct stat *statbuf);')],
  [SYS_utimensat, proto('int utimensat(int dirfd, const char *pathname, const struct timespec times[2], int flags);')],
  [SYS_umask, proto('mode_t umask(mode_t mask);')],
  [SYS_statx, proto('int statx(int dirfd, const char *pathname, int flags, unsigned int mask, struct statx *statxbuf);')],
  [SYS_close_range, proto('int close_range(unsigned int first, unsigned int last, int flags);')],
  // processes and threads
  [SYS_exit, proto('void exit(int status);', 'Ends the calling thread only; exit_group (94) ends every thread of the process, as the C library\'s _exit does.')],
  [SYS_exit_group, proto('void exit_group(int status);')],
  [SYS_clone, proto('long clone(unsigned long flags, void *stack, int *parent_tid, unsigned long tls, int *child_tid);', 'riscv64 argument order; returns the child\'s thread id in the parent and 0 in the child, which starts on `stack` (or the parent\'s stack when 0).')],
  [SYS_execve, proto('int execve(const char *pathname, char *const argv[], char *const envp[]);')],
  [SYS_wait4, proto('pid_t wait4(pid_t pid, int *wstatus, int options, struct rusage *rusage);')],
  [SYS_unshare, proto('int unshare(int flags);')],
  [SYS_set_tid_address, proto('pid_t set_tid_address(int *tidptr);')],
  [SYS_set_robust_list, proto('long set_robust_list(struct robust_list_head *head, size_t len);')],
  [SYS_get_robust_list, proto('long get_robust_list(int pid, struct robust_list_head **head_ptr, size_t *len_ptr);')],
  [SYS_futex, proto('long futex(uint32_t *uaddr, int futex_op, uint32_t val, const struct timespec *timeout, uint32_t *uaddr2, uint32_t val3);')],
  [SYS_getpid, proto('pid_t getpid(void);')],
  [SYS_getppid, proto('pid_t getppid(void);')],
  [SYS_gettid, proto('pid_t gettid(void);')],
  [SYS_getuid, proto('uid_t getuid(void);')],
  [SYS_geteuid, proto('uid_t geteuid(void);')],
  [SYS_getgid, proto('gid_t getgid(void);')],
  [SYS_getegid, proto('gid_t getegid(void);')],
  [SYS_getresuid, proto('int getresuid(uid_t *ruid, uid_t *euid, uid_t *suid);')],
  [SYS_getresgid, proto('int getresgid(gid_t *rgid, gid_t *egid, gid_t *sgid);')],
  [SYS_getgroups, proto('int getgroups(int size, gid_t list[]);')],
  [SYS_setpgid, proto('int setpgid(pid_t pid, pid_t pgid);')],
  [SYS_getpgid, proto('pid_t getpgid(pid_t pid);')],
  [SYS_getsid, proto('pid_t getsid(pid_t pid);')],
  [SYS_setsid, proto('pid_t setsid(void);')],
  [SYS_setpriority, proto('int setpriority(int which, id_t who, int prio);')],
  [SYS_getpriority, proto('int getpriority(int which, id_t who);', 'The raw call returns 20 - nice (1..40), never a negative nice value.')],
  [SYS_sched_yield, proto('int sched_yield(void);')],
  [SYS_sched_setparam, proto('int sched_setparam(pid_t pid, const struct sched_param *param);')],
  [SYS_sched_getparam, proto('int sched_getparam(pid_t pid, struct sched_param *param);')],
  [SYS_sched_getscheduler, proto('int sched_getscheduler(pid_t pid);')],
  [SYS_sched_setaffinity, proto('int sched_setaffinity(pid_t pid, size_t cpusetsize, const cpu_set_t *mask);')],
  [SYS_sched_getaffinity, proto('int sched_getaffinity(pid_t pid, size_t cpusetsize, cpu_set_t *mask);', 'The raw call returns the number of bytes written to mask.')],
  [SYS_sched_get_priority_max, proto('int sched_get_priority_max(int policy);')],
  [SYS_sched_get_priority_min, proto('int sched_get_priority_min(int policy);')],
  // signals
  [SYS_kill, proto('int kill(pid_t pid, int sig);')],
  [SYS_tkill, proto('int tkill(pid_t tid, int sig);')],
  [SYS_tgkill, proto('int tgkill(pid_t tgid, pid_t tid, int sig);')],
  [SYS_sigaltstack, proto('int sigaltstack(const stack_t *ss, stack_t *old_ss);')],
  [SYS_rt_sigsuspend, proto('int rt_sigsuspend(const sigset_t *mask, size_t sigsetsize);')],
  [SYS_rt_sigaction, proto('int rt_sigaction(int signum, const struct sigaction *act, struct sigaction *oldact, size_t sigsetsize);', 'sigsetsize is 8 (the kernel\'s sigset_t); the kernel\'s struct sigaction is not the C library\'s.')],
  [SYS_rt_sigprocmask, proto('int rt_sigprocmask(int how, const sigset_t *set, sigset_t *oldset, size_t sigsetsize);', 'sigsetsize is 8 (the kernel\'s sigset_t).')],
  [SYS_rt_sigpending, proto('int rt_sigpending(sigset_t *set, size_t sigsetsize);')],
  [SYS_rt_sigtimedwait, proto('int rt_sigtimedwait(const sigset_t *set, siginfo_t *info, const struct timespec *timeout, size_t sigsetsize);')],
  [SYS_rt_sigqueueinfo, proto('int rt_sigqueueinfo(pid_t tgid, int sig, siginfo_t *info);')],
  [SYS_rt_sigreturn, proto('int rt_sigreturn(void);', 'Made by the signal trampoline when a handler returns, never called directly.')],
  // memory
  [SYS_brk, proto('void *brk(void *addr);', 'The raw call returns the new program break, or the current one when addr is 0 or the request fails (not 0/-1 as the C library\'s brk).')],
  [SYS_mmap, proto('void *mmap(void *addr, size_t length, int prot, int flags, int fd, off_t offset);', 'offset is in bytes and must be a multiple of the page size.')],
  [SYS_munmap, proto('int munmap(void *addr, size_t length);')],
  [SYS_mremap, proto('void *mremap(void *old_address, size_t old_size, size_t new_size, int flags, ... /* void *new_address */);')],
  [SYS_mprotect, proto('int mprotect(void *addr, size_t len, int prot);')],
  [SYS_msync, proto('int msync(void *addr, size_t length, int flags);')],
  [SYS_madvise, proto('int madvise(void *addr, size_t length, int advice);')],
  // time and system information
  [SYS_nanosleep, proto('int nanosleep(const struct timespec *duration, struct timespec *rem);')],
  [SYS_clock_gettime, proto('int clock_gettime(clockid_t clockid, struct timespec *tp);')],
  [SYS_clock_settime, proto('int clock_settime(clockid_t clockid, const struct timespec *tp);')],
  [SYS_clock_getres, proto('int clock_getres(clockid_t clockid, struct timespec *res);')],
  [SYS_clock_nanosleep, proto('int clock_nanosleep(clockid_t clockid, int flags, const struct timespec *t, struct timespec *remain);', 'The C library\'s wrapper returns the error number; the raw call, like every other, returns -errno in a0.')],
  [SYS_gettimeofday, proto('int gettimeofday(struct timeval *tv, struct timezone *tz);')],
  [SYS_times, proto('clock_t times(struct tms *buf);')],
  [SYS_uname, proto('int uname(struct utsname *buf);')],
  [SYS_sysinfo, proto('int sysinfo(struct sysinfo *info);')],
  [SYS_getrlimit, proto('int getrlimit(int resource, struct rlimit *rlim);')],
  [SYS_setrlimit, proto('int setrlimit(int resource, const struct rlimit *rlim);')],
  [SYS_prlimit64, proto('int prlimit64(pid_t pid, int resource, const struct rlimit *new_limit, struct rlimit *old_limit);', 'The C library calls it prlimit.')],
  [SYS_getrusage, proto('int getrusage(int who, struct rusage *usage);')],
  [SYS_getrandom, proto('ssize_t getrandom(void *buf, size_t buflen, unsigned int flags);')],
]);
