/*
 * malloc_stress.c - heavy malloc/free through glibc's allocator.
 *
 * A fixed-seed generator drives thousands of allocations of sizes from a
 * few bytes to 512 KiB, frees them in scrambled order, reallocates some and
 * checks that every block still holds the bytes written into it. Small
 * blocks come from the heap (brk); blocks of 128 KiB and more are separate
 * mmap regions that free() hands straight back with munmap. The output is
 * counts and checksums only: no addresses.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SLOTS 512
#define ROUNDS 20000
#define BIG_BYTES (512 * 1024)

static uint64_t state = 0x2545F4914F6CDD1DULL;

/* xorshift64: a deterministic pseudo-random sequence. */
static uint64_t next_random(void)
{
    state ^= state << 13;
    state ^= state >> 7;
    state ^= state << 17;
    return state;
}

struct slot {
    unsigned char *p;
    size_t size;
    unsigned char fill;
};

static struct slot slots[SLOTS];

static size_t pick_size(void)
{
    uint64_t r = next_random();
    switch (r % 16) {
    case 0:  return (size_t)(r >> 8) % BIG_BYTES + 1;          /* sometimes mmap-sized */
    case 1: case 2: return (size_t)(r >> 8) % 16384 + 1;
    default: return (size_t)(r >> 8) % 256 + 1;
    }
}

/* Returns 1 if every byte of the slot still has its fill value. */
static int intact(const struct slot *s)
{
    for (size_t i = 0; i < s->size; i++)
        if (s->p[i] != s->fill)
            return 0;
    return 1;
}

int main(void)
{
    unsigned long allocs = 0, frees = 0, reallocs = 0, corrupt = 0, big = 0;
    uint64_t bytes = 0;

    for (int round = 0; round < ROUNDS; round++) {
        struct slot *s = &slots[next_random() % SLOTS];
        if (s->p != NULL) {
            if (!intact(s))
                corrupt++;
            if (next_random() % 4 == 0) {
                size_t size = pick_size();
                unsigned char *q = realloc(s->p, size);
                if (q == NULL) { printf("realloc failed\n"); return 1; }
                size_t kept = size < s->size ? size : s->size;
                for (size_t i = 0; i < kept; i++)
                    if (q[i] != s->fill)
                        { corrupt++; break; }
                s->p = q;
                s->size = size;
                memset(q, s->fill, size);
                reallocs++;
                continue;
            }
            free(s->p);
            s->p = NULL;
            frees++;
            continue;
        }
        s->size = pick_size();
        s->fill = (unsigned char)(next_random() | 1);
        s->p = malloc(s->size);
        if (s->p == NULL) { printf("malloc failed\n"); return 1; }
        memset(s->p, s->fill, s->size);
        allocs++;
        bytes += s->size;
        if (s->size >= 128 * 1024)
            big++;
    }
    for (int i = 0; i < SLOTS; i++) {
        if (slots[i].p != NULL) {
            if (!intact(&slots[i]))
                corrupt++;
            free(slots[i].p);
            frees++;
        }
    }

    /* calloc must hand out zeroed memory, even for recycled blocks. */
    unsigned long nonzero = 0;
    for (int i = 0; i < 100; i++) {
        size_t n = 1 + (size_t)(next_random() % 40000);
        unsigned char *z = calloc(n, 1);
        for (size_t j = 0; j < n; j++)
            nonzero += z[j] != 0;
        memset(z, 0xAB, n);
        free(z);
    }

    printf("allocations: %lu (%lu of 128 KiB or more), reallocations: %lu, frees: %lu\n",
           allocs, big, reallocs, frees);
    printf("bytes requested: %llu\n", (unsigned long long)bytes);
    printf("corrupted blocks: %lu, non-zero calloc bytes: %lu\n", corrupt, nonzero);
    printf("every allocation freed: %s\n", allocs == frees ? "yes" : "no");
    return corrupt == 0 && nonzero == 0 ? 0 : 1;
}
