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

#endif
