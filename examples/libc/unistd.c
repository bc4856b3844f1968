/*
 * unistd.c - thin wrappers: one system call each.
 *
 * Every wrapper does the same three things: put the arguments in a0..a5,
 * execute `ecall` with the number in a7 (see syscall.h), and turn a
 * negative result (-errno) into -1 with `errno` set.
 */
#include "glasskernel.h"
#include "syscall.h"

int errno;

/* Converts a raw kernel result to the POSIX convention. */
static long check(long result)
{
    if (IS_SYSCALL_ERROR(result)) {
        errno = (int)-result;
        return -1;
    }
    return result;
}

ssize_t read(int fd, void *buf, size_t count)
{
    return check(syscall3(SYS_read, fd, buf, count));
}

ssize_t write(int fd, const void *buf, size_t count)
{
    return check(syscall3(SYS_write, fd, buf, count));
}

/* exit_group ends every thread of the process; the kernel keeps the
   process as a zombie, holding `status`, until its parent calls wait4. */
void exit(int status)
{
    for (;;)
        syscall1(SYS_exit_group, status);
}

void _exit(int status)
{
    exit(status);
}

pid_t getpid(void)
{
    return (pid_t)syscall0(SYS_getpid);
}

pid_t getppid(void)
{
    return (pid_t)syscall0(SYS_getppid);
}

/*
 * fork() is clone() with no sharing flags: the child gets a copy of our
 * address space (copy-on-write), and SIGCHLD (the low byte of the flags)
 * is the signal the parent receives when the child ends.
 * Returns the child's pid in the parent and 0 in the child.
 */
pid_t fork(void)
{
    return (pid_t)check(syscall5(SYS_clone, SIGCHLD, 0, 0, 0, 0));
}

/* Only returns on failure: on success our whole address space is gone. */
int execve(const char *path, char *const argv[], char *const envp[])
{
    return (int)check(syscall3(SYS_execve, path, argv, envp));
}

pid_t wait4(pid_t pid, int *status, int options, void *rusage)
{
    return (pid_t)check(syscall4(SYS_wait4, pid, status, options, rusage));
}

pid_t waitpid(pid_t pid, int *status, int options)
{
    return wait4(pid, status, options, NULL);
}

/* Waits for any child (pid -1). */
pid_t wait(int *status)
{
    return wait4(-1, status, 0, NULL);
}

int sched_yield(void)
{
    return (int)check(syscall0(SYS_sched_yield));
}

int nanosleep(const struct timespec *request, struct timespec *remaining)
{
    return (int)check(syscall2(SYS_nanosleep, request, remaining));
}

/* The raw brk syscall returns the new program break, or the unchanged old
   one when the kernel refuses to move it. brk(NULL) asks where it is. */
static uintptr_t current_break;

int brk(void *addr)
{
    uintptr_t got = (uintptr_t)syscall1(SYS_brk, addr);
    current_break = got;
    if (got < (uintptr_t)addr) {
        errno = ENOMEM;
        return -1;
    }
    return 0;
}

void *sbrk(long increment)
{
    if (current_break == 0)
        current_break = (uintptr_t)syscall1(SYS_brk, 0);
    uintptr_t old = current_break;
    if (increment == 0)
        return (void *)old;
    if (brk((void *)(old + increment)) != 0)
        return (void *)-1;
    return (void *)old;
}

void *mmap(void *addr, size_t length, int prot, int flags, int fd, off_t offset)
{
    long r = syscall6(SYS_mmap, (long)addr, (long)length, prot, flags, fd, offset);
    if (IS_SYSCALL_ERROR(r)) {
        errno = (int)-r;
        return MAP_FAILED;
    }
    return (void *)r;
}

int munmap(void *addr, size_t length)
{
    return (int)check(syscall2(SYS_munmap, addr, length));
}
