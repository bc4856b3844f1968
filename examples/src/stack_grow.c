/*
 * stack_grow.c - the stack is a VMA that grows down on demand.
 *
 * A recursive function with a 1 KiB local array goes 512 calls deep: half
 * a megabyte of stack, more than the kernel mapped at exec. Each fault
 * just below the stack VMA extends it (a "stack-grow" fault); the program
 * checks that the deepest frame lies inside the [stack] VMA. A child that
 * recurses without end runs into the stack limit and dies of SIGSEGV.
 *
 * The size of the stack VMA differs between kernels (qemu-user gives its
 * guest a fixed 8 MiB stack; Linux and Glasskernel grow it), so the maps
 * lines themselves go to stderr, where the tests read them; stdout has
 * only what every kernel agrees on.
 */
#include "extra.h"

#define FRAME_BYTES 1024
#define DEPTH 512

static char maps[16384];

/* Finds the [stack] line of /proc/self/maps; returns its bounds in *lo, *hi. */
static int stack_vma(unsigned long *lo, unsigned long *hi)
{
    if (read_file("/proc/self/maps", maps, sizeof maps) < 0)
        return -1;
    for (char *line = maps; *line != '\0';) {
        char *end = line;
        while (*end != '\0' && *end != '\n')
            end++;
        char saved = *end;
        *end = '\0';
        int is_stack = 0;
        for (char *p = line; *p != '\0'; p++)
            if (strncmp(p, "[stack]", 7) == 0)
                is_stack = 1;
        if (is_stack) {
            unsigned long v = 0;
            char *p = line;
            for (; *p != '-'; p++)
                v = v * 16 + (unsigned long)(*p <= '9' ? *p - '0' : *p - 'a' + 10);
            *lo = v;
            v = 0;
            for (p++; *p != ' '; p++)
                v = v * 16 + (unsigned long)(*p <= '9' ? *p - '0' : *p - 'a' + 10);
            *hi = v;
            dprintf(STDERR_FILENO, "maps: %s\n", line);
            *end = saved;
            return 0;
        }
        *end = saved;
        line = *end != '\0' ? end + 1 : end;
    }
    return -1;
}

static unsigned long deepest;

/* Recurses `depth` times, each frame holding FRAME_BYTES; returns a checksum. */
static long recurse(int depth)
{
    volatile char frame[FRAME_BYTES];
    for (int i = 0; i < FRAME_BYTES; i += 64)
        frame[i] = (char)(depth + i);
    if (depth == 0) {
        deepest = (unsigned long)&frame[0];
        unsigned long lo = 0, hi = 0;
        stack_vma(&lo, &hi);
        printf("at depth %d the deepest frame is inside the [stack] VMA: %s\n", DEPTH,
               deepest >= lo && deepest < hi ? "yes" : "no");
        return frame[0];
    }
    long sum = recurse(depth - 1);
    return sum + frame[FRAME_BYTES - 64];
}

static volatile int never;       /* never set: the recursion has no end */

static long forever(long n)
{
    volatile char frame[FRAME_BYTES];
    frame[0] = (char)n;
    if (never)
        return 0;
    return forever(n + 1) + frame[0];
}

int main(void)
{
    unsigned long lo = 0, hi = 0;
    stack_vma(&lo, &hi);
    long sum = recurse(DEPTH);
    printf("recursion returned checksum %ld\n", sum);
    unsigned long lo2 = 0, hi2 = 0;
    stack_vma(&lo2, &hi2);
    printf("the stack VMA kept its top: %s\n", hi == hi2 ? "yes" : "no");

    pid_t pid = fork();
    if (pid == 0) {
        forever(0);
        exit(0);
    }
    int status;
    wait4(pid, &status, 0, NULL);
    printf("a child recursing without end: %s %d\n",
           WIFSIGNALED(status) ? "killed by signal" : "exited with status",
           WIFSIGNALED(status) ? WTERMSIG(status) : WEXITSTATUS(status));
    return 0;
}
