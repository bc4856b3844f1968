/*
 * extra.h - what the examples need beyond glasskernel.h.
 *
 * Helpers that belong to the examples rather than to a C library:
 * show_maps() prints the part of /proc/self/maps covering a range,
 * read_file() slurps a small file, thread_spawn()/thread_join() make and
 * wait for a thread made with a raw clone(2).
 */
#ifndef GLASSKERNEL_EXTRA_H
#define GLASSKERNEL_EXTRA_H

#include "glasskernel.h"

/* ---- Memory ------------------------------------------------------------- */
/*
 * Prints, one line each, the VMAs of /proc/self/maps that overlap
 * [base, base + length), clipped to that range and numbered in pages from
 * `base`:   "  pages 0-2   rw-p"  (pages 0, 1 and 2).
 * Addresses are left out on purpose: they differ between kernels, while the
 * split into VMAs and their permissions do not.
 * Returns the number of VMAs printed, or -1 if /proc/self/maps is unreadable.
 */
int     show_maps(const char *label, void *base, size_t length);

/*
 * Reads the whole of a small file into buf (NUL-terminated).
 * Returns the number of bytes read, or -1 with errno set.
 */
long    read_file(const char *path, char *buf, size_t size);

/* ---- Processes and threads ---------------------------------------------- */
/*
 * A thread made by hand: clone(CLONE_VM | CLONE_FS | CLONE_FILES |
 * CLONE_SIGHAND | CLONE_THREAD | CLONE_SYSVSEM | CLONE_PARENT_SETTID |
 * CLONE_CHILD_CLEARTID), running fn(arg) on a stack of `stack_bytes`
 * (whole pages) from mmap. The kernel stores the thread's tid in `tid`
 * before clone returns and, when the thread exits, stores 0 there and
 * wakes futex waiters on it: that is what thread_join waits for.
 */
struct thread {
    volatile int tid;       /* nonzero while the thread lives */
    void *stack;            /* lowest address of its stack mapping */
    size_t stack_bytes;
};
int thread_spawn(struct thread *t, int (*fn)(void *), void *arg, size_t stack_bytes);
int thread_join(struct thread *t);  /* waits, then unmaps the stack */

#endif
