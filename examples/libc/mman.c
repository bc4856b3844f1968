/*
 * mman.c - memory-management wrappers beyond mmap/munmap: mprotect(2),
 * mremap(2), madvise(2), msync(2), and ftruncate(2) (to size a file before
 * mapping it). Each returns -1 and sets errno on failure, like the rest of
 * the libc; mremap returns MAP_FAILED.
 */
#include "glasskernel.h"
#include "syscall.h"

#ifndef SYS_msync
#define SYS_msync 227
#endif
#ifndef SYS_ftruncate
#define SYS_ftruncate 46
#endif

/* The raw result, or -1 with errno set when the kernel returned -errno. */
static long mman_check(long result)
{
    if (IS_SYSCALL_ERROR(result)) {
        errno = (int)-result;
        return -1;
    }
    return result;
}

int mprotect(void *addr, size_t length, int prot)
{
    return (int)mman_check(syscall3(SYS_mprotect, addr, length, prot));
}

void *mremap(void *old_address, size_t old_size, size_t new_size, int flags, void *new_address)
{
    long r = syscall5(SYS_mremap, old_address, old_size, new_size, flags, new_address);
    if (IS_SYSCALL_ERROR(r)) {
        errno = (int)-r;
        return MAP_FAILED;
    }
    return (void *)r;
}

int madvise(void *addr, size_t length, int advice)
{
    return (int)mman_check(syscall3(SYS_madvise, addr, length, advice));
}

int msync(void *addr, size_t length, int flags)
{
    return (int)mman_check(syscall3(SYS_msync, addr, length, flags));
}

int ftruncate(int fd, off_t length)
{
    return (int)mman_check(syscall2(SYS_ftruncate, fd, length));
}
