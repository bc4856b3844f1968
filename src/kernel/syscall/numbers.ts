/**
 * Linux riscv64 syscall numbers (the generic table: include/uapi/asm-generic/unistd.h).
 * a7 carries the number, a0..a5 the arguments, a0 the result or -errno (syscall(2)).
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
