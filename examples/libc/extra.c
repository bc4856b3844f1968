/*
 * extra.c - the examples' helpers: show_maps, read_file, thread_spawn/join.
 */
#include "extra.h"

/* ---- Files and maps ----------------------------------------------------- */

long read_file(const char *path, char *buf, size_t size)
{
    int fd = open(path, O_RDONLY);
    if (fd < 0)
        return -1;
    size_t used = 0;
    long n;
    while (used + 1 < size && (n = read(fd, buf + used, size - 1 - used)) > 0)
        used += (size_t)n;
    close(fd);
    buf[used] = '\0';
    return (long)used;
}

static unsigned long parse_hex(const char **s)
{
    unsigned long v = 0;
    for (;; (*s)++) {
        char c = **s;
        if (c >= '0' && c <= '9')
            v = v * 16 + (unsigned long)(c - '0');
        else if (c >= 'a' && c <= 'f')
            v = v * 16 + (unsigned long)(c - 'a' + 10);
        else
            return v;
    }
}

static char maps_text[16384];

int show_maps(const char *label, void *base, size_t length)
{
    if (read_file("/proc/self/maps", maps_text, sizeof maps_text) < 0)
        return -1;
    unsigned long lo = (unsigned long)base, hi = lo + length;
    int shown = 0;
    printf("%s\n", label);
    for (const char *line = maps_text; *line != '\0';) {
        /* "start-end perms offset dev inode   name" */
        const char *p = line;
        unsigned long start = parse_hex(&p);
        p++;                                    /* '-' */
        unsigned long end = parse_hex(&p);
        p++;                                    /* ' ' */
        if (end > lo && start < hi) {
            unsigned long from = start < lo ? lo : start, to = end > hi ? hi : end;
            unsigned long first = (from - lo) / PAGE_SIZE, last = (to - lo) / PAGE_SIZE - 1;
            char pages[32];
            if (first == last)
                snprintf(pages, sizeof pages, "page %lu", first);
            else
                snprintf(pages, sizeof pages, "pages %lu-%lu", first, last);
            printf("  %-12s %.4s\n", pages, p);
            shown++;
        }
        while (*line != '\0' && *line++ != '\n')
            ;
    }
    return shown;
}

/* ---- Threads ------------------------------------------------------------ */

int thread_spawn(struct thread *t, int (*fn)(void *), void *arg, size_t stack_bytes)
{
    t->stack_bytes = (stack_bytes + PAGE_SIZE - 1) & ~(size_t)(PAGE_SIZE - 1);
    t->stack = mmap(NULL, t->stack_bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (t->stack == MAP_FAILED)
        return -1;
    unsigned long flags = CLONE_VM | CLONE_FS | CLONE_FILES | CLONE_SIGHAND | CLONE_THREAD |
                          CLONE_SYSVSEM | CLONE_PARENT_SETTID | CLONE_CHILD_CLEARTID;
    /* clone (libc/proc.c) starts the child on the new stack with fn(arg) and
       ends it with exit(2), which ends only that thread. */
    if (clone(fn, (char *)t->stack + t->stack_bytes, (int)flags, arg,
              (pid_t *)&t->tid, NULL, (pid_t *)&t->tid) < 0) {
        int saved = errno;
        munmap(t->stack, t->stack_bytes);
        errno = saved;
        return -1;
    }
    return 0;
}

int thread_join(struct thread *t)
{
    for (;;) {
        int tid = t->tid;
        if (tid == 0)
            break;
        /* Sleeps only while t->tid still equals tid; the kernel's clear + wake ends it. */
        futex(&t->tid, FUTEX_WAIT, tid, NULL, NULL, 0);
    }
    return munmap(t->stack, t->stack_bytes);
}
