/**
 * Names of the flag bits and values the strace-style trace decodes, as Linux's uapi headers name
 * them (asm-generic numbering, which riscv64 uses), and errno(3) messages. Facts only: the
 * numbers come from include/uapi/asm-generic/{fcntl,mman-common,signal}.h,
 * include/uapi/linux/{sched,wait,fcntl,time}.h and the man pages named below.
 */

/** Event classes `--trace` accepts, in the order the usage text lists them. */
export const TRACE_KINDS = ['faults', 'syscalls', 'sched', 'signals', 'exec'] as const;
/** One event class of `--trace`. */
export type TraceKind = typeof TRACE_KINDS[number];

/** A flag table: [bit mask, name], most specific first. */
export type FlagTable = readonly (readonly [number, string])[];

/** open(2) access mode (the low two bits of the flags) and its mask. */
export const O_ACCMODE = 3;
export const O_ACCESS_MODES: readonly string[] = ['O_RDONLY', 'O_WRONLY', 'O_RDWR', 'O_ACCMODE'];
/** open(2) flags other than the access mode (asm-generic/fcntl.h, octal there). */
export const OPEN_FLAGS: FlagTable = [
  [0o100, 'O_CREAT'], [0o200, 'O_EXCL'], [0o400, 'O_NOCTTY'], [0o1000, 'O_TRUNC'], [0o2000, 'O_APPEND'],
  [0o4000, 'O_NONBLOCK'], [0o4010000, 'O_SYNC'], [0o10000, 'O_DSYNC'], [0o20000, 'O_ASYNC'], [0o40000, 'O_DIRECT'],
  [0o100000, 'O_LARGEFILE'], [0o200000, 'O_DIRECTORY'], [0o400000, 'O_NOFOLLOW'], [0o1000000, 'O_NOATIME'],
  [0o2000000, 'O_CLOEXEC'], [0o10000000, 'O_PATH'], [0o20200000, 'O_TMPFILE'],
];
/** Flags with which open(2) takes a mode: O_CREAT, O_TMPFILE's own bit (__O_TMPFILE). */
export const OPEN_MODE_FLAGS = 0o100 | 0o20000000;
/** The *at() calls' "current directory" file descriptor (fcntl.h). */
export const AT_FDCWD = -100;
/** *at() flag bits (linux/fcntl.h). */
export const AT_FLAGS: FlagTable = [
  [0x100, 'AT_SYMLINK_NOFOLLOW'], [0x200, 'AT_REMOVEDIR'], [0x400, 'AT_SYMLINK_FOLLOW'],
  [0x800, 'AT_NO_AUTOMOUNT'], [0x1000, 'AT_EMPTY_PATH'],
];

/** mmap(2)/mprotect(2) protection bits (mman-common.h); 0 is PROT_NONE. */
export const PROT_NONE_NAME = 'PROT_NONE';
export const PROT_FLAGS: FlagTable = [[1, 'PROT_READ'], [2, 'PROT_WRITE'], [4, 'PROT_EXEC'], [0x1000000, 'PROT_GROWSDOWN'], [0x2000000, 'PROT_GROWSUP']];
/** mmap(2) mapping type (the low 4 bits: MAP_TYPE) and its other flags. */
export const MAP_TYPE = 0xf;
export const MAP_TYPES: Readonly<Record<number, string>> = { 1: 'MAP_SHARED', 2: 'MAP_PRIVATE', 3: 'MAP_SHARED_VALIDATE' };
export const MAP_FLAGS: FlagTable = [
  [0x10, 'MAP_FIXED'], [0x20, 'MAP_ANONYMOUS'], [0x100, 'MAP_GROWSDOWN'], [0x800, 'MAP_DENYWRITE'],
  [0x1000, 'MAP_EXECUTABLE'], [0x2000, 'MAP_LOCKED'], [0x4000, 'MAP_NORESERVE'], [0x8000, 'MAP_POPULATE'],
  [0x10000, 'MAP_NONBLOCK'], [0x20000, 'MAP_STACK'], [0x40000, 'MAP_HUGETLB'], [0x100000, 'MAP_FIXED_NOREPLACE'],
];

/** clone(2) flag bits (linux/sched.h); the low byte (CSIGNAL) is the exit signal. */
export const CSIGNAL = 0xff;
export const CLONE_FLAGS: FlagTable = [
  [0x100, 'CLONE_VM'], [0x200, 'CLONE_FS'], [0x400, 'CLONE_FILES'], [0x800, 'CLONE_SIGHAND'],
  [0x1000, 'CLONE_PIDFD'], [0x2000, 'CLONE_PTRACE'], [0x4000, 'CLONE_VFORK'], [0x8000, 'CLONE_PARENT'],
  [0x10000, 'CLONE_THREAD'], [0x20000, 'CLONE_NEWNS'], [0x40000, 'CLONE_SYSVSEM'], [0x80000, 'CLONE_SETTLS'],
  [0x100000, 'CLONE_PARENT_SETTID'], [0x200000, 'CLONE_CHILD_CLEARTID'], [0x400000, 'CLONE_DETACHED'],
  [0x800000, 'CLONE_UNTRACED'], [0x1000000, 'CLONE_CHILD_SETTID'],
];
export const CLONE_SETTLS = 0x80000;
export const CLONE_PARENT_SETTID = 0x100000;
export const CLONE_CHILD_TID_FLAGS = 0x200000 | 0x1000000;

/** wait4(2) option bits (linux/wait.h). */
export const WAIT_OPTIONS: FlagTable = [
  [1, 'WNOHANG'], [2, 'WUNTRACED'], [4, 'WEXITED'], [8, 'WCONTINUED'], [0x1000000, 'WNOWAIT'],
  [0x20000000, '__WNOTHREAD'], [0x40000000, '__WALL'], [0x80000000, '__WCLONE'],
];
/** wait(2) status word: low 7 bits the terminating signal (0 = exited), 0x80 core dumped, 0x7f stopped, 0xffff continued. */
export const W_SIGNAL_MASK = 0x7f;
export const W_COREDUMP = 0x80;
export const W_STOPPED = 0x7f;
export const W_CONTINUED = 0xffff;
export const W_BYTE_SHIFT = 8;
export const BYTE_MASK = 0xff;

/** rt_sigprocmask(2) `how`, lseek(2) `whence`, fcntl(2) commands, clock ids (clock_gettime(2)). */
export const SIGPROCMASK_HOW: readonly string[] = ['SIG_BLOCK', 'SIG_UNBLOCK', 'SIG_SETMASK'];
export const SEEK_WHENCE: readonly string[] = ['SEEK_SET', 'SEEK_CUR', 'SEEK_END', 'SEEK_DATA', 'SEEK_HOLE'];
export const FCNTL_CMDS: Readonly<Record<number, string>> = {
  0: 'F_DUPFD', 1: 'F_GETFD', 2: 'F_SETFD', 3: 'F_GETFL', 4: 'F_SETFL', 5: 'F_GETLK', 6: 'F_SETLK', 7: 'F_SETLKW', 1030: 'F_DUPFD_CLOEXEC',
};
export const CLOCK_IDS: readonly string[] = [
  'CLOCK_REALTIME', 'CLOCK_MONOTONIC', 'CLOCK_PROCESS_CPUTIME_ID', 'CLOCK_THREAD_CPUTIME_ID',
  'CLOCK_MONOTONIC_RAW', 'CLOCK_REALTIME_COARSE', 'CLOCK_MONOTONIC_COARSE', 'CLOCK_BOOTTIME',
];
/** Bytes of a kernel sigset_t on riscv64 (_NSIG / 8). */
export const SIGSET_BYTES = 8;

/** Longest string shown, in bytes (strace's default -s 32); longer ones end in `"..."...`. */
export const STRACE_STRING_LIMIT = 32;
/** Longest path read (PATH_MAX, linux/limits.h): strace shows paths whole. */
export const PATH_MAX = 4096;
/** Most argv entries shown by execve before `...` (strace shows them all; a guard against junk). */
export const MAX_ARGV_SHOWN = 64;
/** Bytes of a guest pointer (an argv slot) and of an int (pipe2's fds). */
export const POINTER_BYTES = 8;
export const INT_BYTES = 4;

/** errno(3) messages (glibc strerror text), by errno name. */
export const ERRNO_MESSAGES: Readonly<Record<string, string>> = {
  EPERM: 'Operation not permitted', ENOENT: 'No such file or directory', ESRCH: 'No such process',
  EINTR: 'Interrupted system call', EIO: 'Input/output error', ENXIO: 'No such device or address',
  E2BIG: 'Argument list too long', ENOEXEC: 'Exec format error', EBADF: 'Bad file descriptor',
  ECHILD: 'No child processes', EAGAIN: 'Resource temporarily unavailable', ENOMEM: 'Cannot allocate memory',
  EACCES: 'Permission denied', EFAULT: 'Bad address', EBUSY: 'Device or resource busy', EEXIST: 'File exists',
  EXDEV: 'Invalid cross-device link', ENODEV: 'No such device', ENOTDIR: 'Not a directory',
  EISDIR: 'Is a directory', EINVAL: 'Invalid argument', ENFILE: 'Too many open files in system',
  EMFILE: 'Too many open files', ENOTTY: 'Inappropriate ioctl for device', ETXTBSY: 'Text file busy',
  EFBIG: 'File too large', ENOSPC: 'No space left on device', ESPIPE: 'Illegal seek',
  EROFS: 'Read-only file system', EMLINK: 'Too many links', EPIPE: 'Broken pipe',
  EDOM: 'Numerical argument out of domain', ERANGE: 'Numerical result out of range',
  EDEADLK: 'Resource deadlock avoided', ENAMETOOLONG: 'File name too long', ENOLCK: 'No locks available',
  ENOSYS: 'Function not implemented', ENOTEMPTY: 'Directory not empty',
  ELOOP: 'Too many levels of symbolic links', ENODATA: 'No data available', EOVERFLOW: 'Value too large for defined data type',
  ETIMEDOUT: 'Connection timed out', EOPNOTSUPP: 'Operation not supported', ENOTSUP: 'Operation not supported',
};
/** strace's words for a call a signal interrupted before it could finish (the kernel's ERESTARTSYS). */
export const INTERRUPTED_RESULT = '? ERESTARTSYS (To be restarted if SA_RESTART is set)';
