/*
 * mprotect.c - changing page permissions splits and merges VMAs.
 *
 * Four read-write pages; mprotect makes pages 1-2 read-only, which splits
 * the VMA in three. A child that stores to a read-only page dies of
 * SIGSEGV (a store page fault on a page whose PTE lacks W). mprotect back
 * to read-write merges the VMA again, and PROT_NONE forbids even reads.
 */
#include "extra.h"

#define PAGES 4

/* Forks a child that stores into `p` (or only loads from it); reports how it ended. */
static void try_access(const char *what, volatile char *p, int store)
{
    pid_t pid = fork();
    if (pid == 0) {
        if (store)
            *p = 'x';
        else
            (void)*p;
        exit(0);
    }
    int status;
    wait4(pid, &status, 0, NULL);
    if (WIFSIGNALED(status))
        printf("%s: killed by signal %d\n", what, WTERMSIG(status));
    else
        printf("%s: ok\n", what);
}

int main(void)
{
    size_t length = PAGES * PAGE_SIZE;
    char *base = mmap(NULL, length, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (base == MAP_FAILED) {
        printf("mprotect: mmap failed, errno %d\n", errno);
        return 1;
    }
    memset(base, 'a', length);
    show_maps("after mmap of 4 pages:", base, length);

    printf("mprotect(pages 1-2, PROT_READ) = %d\n", mprotect(base + PAGE_SIZE, 2 * PAGE_SIZE, PROT_READ));
    show_maps("after mprotect of pages 1-2 to read-only:", base, length);
    try_access("store to page 0", base, 1);
    try_access("store to page 1", base + PAGE_SIZE, 1);
    try_access("load from page 1", base + PAGE_SIZE, 0);
    printf("page 1 still reads '%c'\n", base[PAGE_SIZE]);

    printf("mprotect(pages 1-2, PROT_READ|PROT_WRITE) = %d\n",
           mprotect(base + PAGE_SIZE, 2 * PAGE_SIZE, PROT_READ | PROT_WRITE));
    show_maps("after mprotect back to read-write:", base, length);
    try_access("store to page 1", base + PAGE_SIZE, 1);

    printf("mprotect(page 3, PROT_NONE) = %d\n", mprotect(base + 3 * PAGE_SIZE, PAGE_SIZE, PROT_NONE));
    show_maps("after mprotect of page 3 to PROT_NONE:", base, length);
    try_access("load from page 3", base + 3 * PAGE_SIZE, 0);

    int r = mprotect(base + 1, PAGE_SIZE, PROT_READ);
    printf("mprotect of an unaligned address: %d (errno %d, EINVAL)\n", r, errno);
    munmap(base, length);
    r = mprotect(base, PAGE_SIZE, PROT_READ);
    printf("mprotect of an unmapped range: %d (errno %d, ENOMEM)\n", r, errno);
    return 0;
}
