/*
 * fs.c - file, directory and pipe wrappers: one system call each.
 *
 * Linux riscv64 has only the "*at" forms of the path calls (openat,
 * mkdirat, unlinkat, ...): the classic names below pass AT_FDCWD, "relative
 * to the current directory", exactly as glibc does. As everywhere in this
 * libc, a failing call returns -1 with the positive error number in errno.
 */
#include "glasskernel.h"
#include "syscall.h"

/* System call numbers this file needs beyond syscall.h (asm-generic/unistd.h). */
#define NR_fsync       82
#define NR_pread64     67
#define NR_pwrite64    68
#define NR_sendfile    71
#define NR_ppoll       73
#define NR_symlinkat   36
#define NR_linkat      37
#define NR_statfs      43
#define NR_fstatfs     44
#define NR_truncate    45
#define NR_faccessat   48
#define NR_fchdir      50
#define NR_fchmod      52
#define NR_fchmodat    53
#define NR_utimensat   88
#define NR_umask      166
#define NR_renameat2  276

static long fs_check(long result)
{
    if (IS_SYSCALL_ERROR(result)) {
        errno = (int)-result;
        return -1;
    }
    return result;
}

/* The optional third argument of open/openat/fcntl/ioctl. */
#define OPTIONAL_ARG(last, type, out)          \
    do {                                       \
        va_list ap;                            \
        va_start(ap, last);                    \
        out = va_arg(ap, type);                \
        va_end(ap);                            \
    } while (0)

int openat(int dirfd, const char *path, int flags, ...)
{
    unsigned mode = 0;
    if (flags & O_CREAT)
        OPTIONAL_ARG(flags, unsigned, mode);
    return (int)fs_check(syscall4(SYS_openat, dirfd, path, flags, mode));
}

int open(const char *path, int flags, ...)
{
    unsigned mode = 0;
    if (flags & O_CREAT)
        OPTIONAL_ARG(flags, unsigned, mode);
    return (int)fs_check(syscall4(SYS_openat, AT_FDCWD, path, flags, mode));
}

int creat(const char *path, unsigned mode)
{
    return open(path, O_CREAT | O_WRONLY | O_TRUNC, mode);
}

int close(int fd) { return (int)fs_check(syscall1(SYS_close, fd)); }
int pipe2(int fds[2], int flags) { return (int)fs_check(syscall2(SYS_pipe2, fds, flags)); }
int pipe(int fds[2]) { return pipe2(fds, 0); }
int dup(int fd) { return (int)fs_check(syscall1(SYS_dup, fd)); }
int dup3(int oldfd, int newfd, int flags) { return (int)fs_check(syscall3(SYS_dup3, oldfd, newfd, flags)); }

/* riscv64 has no dup2 system call: dup3 does it, except that dup2(fd, fd)
   must succeed (after checking fd is open), where dup3 says EINVAL. */
int dup2(int oldfd, int newfd)
{
    if (oldfd == newfd)
        return (int)fs_check(syscall3(SYS_fcntl, oldfd, F_GETFD, 0)) < 0 ? -1 : newfd;
    return dup3(oldfd, newfd, 0);
}

int fcntl(int fd, int cmd, ...)
{
    long arg;
    OPTIONAL_ARG(cmd, long, arg);
    return (int)fs_check(syscall3(SYS_fcntl, fd, cmd, arg));
}

off_t lseek(int fd, off_t offset, int whence) { return fs_check(syscall3(SYS_lseek, fd, offset, whence)); }
ssize_t pread(int fd, void *buf, size_t count, off_t offset) { return fs_check(syscall4(NR_pread64, fd, buf, count, offset)); }
ssize_t pwrite(int fd, const void *buf, size_t count, off_t offset) { return fs_check(syscall4(NR_pwrite64, fd, buf, count, offset)); }
ssize_t readv(int fd, const struct iovec *iov, int iovcnt) { return fs_check(syscall3(SYS_readv, fd, iov, iovcnt)); }
ssize_t writev(int fd, const struct iovec *iov, int iovcnt) { return fs_check(syscall3(SYS_writev, fd, iov, iovcnt)); }
ssize_t sendfile(int out_fd, int in_fd, off_t *offset, size_t count) { return fs_check(syscall4(NR_sendfile, out_fd, in_fd, offset, count)); }

int ioctl(int fd, unsigned long request, ...)
{
    long arg;
    OPTIONAL_ARG(request, long, arg);
    return (int)fs_check(syscall3(SYS_ioctl, fd, request, arg));
}

/* A terminal is whatever answers TCGETS (isatty(3)). */
int isatty(int fd)
{
    struct termios t;
    return ioctl(fd, TCGETS, &t) == 0;
}

long getdents64(int fd, void *buf, size_t count) { return fs_check(syscall3(SYS_getdents64, fd, buf, count)); }

int fstatat(int dirfd, const char *path, struct stat *st, int flags) { return (int)fs_check(syscall4(SYS_newfstatat, dirfd, path, st, flags)); }
int stat(const char *path, struct stat *st) { return fstatat(AT_FDCWD, path, st, 0); }
int lstat(const char *path, struct stat *st) { return fstatat(AT_FDCWD, path, st, AT_SYMLINK_NOFOLLOW); }
int fstat(int fd, struct stat *st) { return (int)fs_check(syscall2(SYS_fstat, fd, st)); }
int statfs(const char *path, struct statfs *buf) { return (int)fs_check(syscall2(NR_statfs, path, buf)); }
int fstatfs(int fd, struct statfs *buf) { return (int)fs_check(syscall2(NR_fstatfs, fd, buf)); }

int faccessat(int dirfd, const char *path, int mode, int flags)
{
    (void)flags; /* faccessat(2) has no flags; faccessat2 would */
    return (int)fs_check(syscall3(NR_faccessat, dirfd, path, mode));
}
int access(const char *path, int mode) { return faccessat(AT_FDCWD, path, mode, 0); }

int mkdirat(int dirfd, const char *path, unsigned mode) { return (int)fs_check(syscall3(SYS_mkdirat, dirfd, path, mode)); }
int mkdir(const char *path, unsigned mode) { return mkdirat(AT_FDCWD, path, mode); }
int unlinkat(int dirfd, const char *path, int flags) { return (int)fs_check(syscall3(SYS_unlinkat, dirfd, path, flags)); }
int unlink(const char *path) { return unlinkat(AT_FDCWD, path, 0); }
int rmdir(const char *path) { return unlinkat(AT_FDCWD, path, AT_REMOVEDIR); }

int renameat2(int olddirfd, const char *oldpath, int newdirfd, const char *newpath, unsigned flags)
{
    return (int)fs_check(syscall5(NR_renameat2, olddirfd, oldpath, newdirfd, newpath, flags));
}
int rename(const char *oldpath, const char *newpath) { return renameat2(AT_FDCWD, oldpath, AT_FDCWD, newpath, 0); }
int link(const char *oldpath, const char *newpath) { return (int)fs_check(syscall5(NR_linkat, AT_FDCWD, oldpath, AT_FDCWD, newpath, 0)); }
int symlink(const char *target, const char *linkpath) { return (int)fs_check(syscall3(NR_symlinkat, target, AT_FDCWD, linkpath)); }
ssize_t readlink(const char *path, char *buf, size_t size) { return fs_check(syscall4(SYS_readlinkat, AT_FDCWD, path, buf, size)); }

/* The system call returns the length (with the NUL); the C function returns buf. */
char *getcwd(char *buf, size_t size)
{
    return fs_check(syscall2(SYS_getcwd, buf, size)) < 0 ? NULL : buf;
}

int chdir(const char *path) { return (int)fs_check(syscall1(SYS_chdir, path)); }
int fchdir(int fd) { return (int)fs_check(syscall1(NR_fchdir, fd)); }
int truncate(const char *path, off_t length) { return (int)fs_check(syscall2(NR_truncate, path, length)); }
int chmod(const char *path, unsigned mode) { return (int)fs_check(syscall3(NR_fchmodat, AT_FDCWD, path, mode)); }
int fchmod(int fd, unsigned mode) { return (int)fs_check(syscall2(NR_fchmod, fd, mode)); }

int utimensat(int dirfd, const char *path, const struct timespec times[2], int flags)
{
    return (int)fs_check(syscall4(NR_utimensat, dirfd, path, times, flags));
}

unsigned umask(unsigned mask) { return (unsigned)syscall1(NR_umask, mask); }

int ppoll(struct pollfd *fds, unsigned long nfds, const struct timespec *timeout, const void *sigmask)
{
    return (int)fs_check(syscall5(NR_ppoll, fds, nfds, timeout, sigmask, 8));
}

/* poll(3) on ppoll: a negative timeout waits forever. */
int poll(struct pollfd *fds, unsigned long nfds, int timeout_ms)
{
    struct timespec ts;
    if (timeout_ms < 0)
        return ppoll(fds, nfds, NULL, NULL);
    ts.tv_sec = timeout_ms / 1000;
    ts.tv_nsec = (long)(timeout_ms % 1000) * 1000000;
    return ppoll(fds, nfds, &ts, NULL);
}

int fsync(int fd) { return (int)fs_check(syscall1(NR_fsync, fd)); }
