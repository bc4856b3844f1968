/**
 * Linux error numbers returned (negated) in a0 by failing syscalls.
 * Source: Linux include/uapi/asm-generic/errno-base.h and errno.h; errno(3).
 */
export const EPERM = 1;
export const ENOENT = 2;
export const ESRCH = 3;
export const EINTR = 4;
export const EIO = 5;
export const E2BIG = 7;
export const ENOEXEC = 8;
export const EBADF = 9;
export const ECHILD = 10;
export const EAGAIN = 11;
export const ENOMEM = 12;
export const EACCES = 13;
export const EFAULT = 14;
export const EEXIST = 17;
export const ENODEV = 19;
export const ENOTDIR = 20;
export const EISDIR = 21;
export const EINVAL = 22;
export const EMFILE = 24;
export const ENOTTY = 25;
export const ESPIPE = 29;
export const ERANGE = 34;
export const ENAMETOOLONG = 36;
export const ENOSYS = 38;
/* File-system errors (the VFS: openat, unlinkat, renameat2, pipes...). */
export const ENXIO = 6;
export const EBUSY = 16;
export const EXDEV = 18;
export const ENFILE = 23;
export const ETXTBSY = 26;
export const EFBIG = 27;
export const ENOSPC = 28;
export const EROFS = 30;
export const EMLINK = 31;
export const EPIPE = 32;
export const ENOTEMPTY = 39;
export const ELOOP = 40;
export const EOPNOTSUPP = 95;
/* Process, signal and futex errors (futex(2) timeouts, rt_sigtimedwait). */
export const ETIMEDOUT = 110;
