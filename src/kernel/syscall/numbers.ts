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
]);
