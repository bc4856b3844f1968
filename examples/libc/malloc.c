/*
 * malloc.c - a heap on top of brk.
 *
 * The heap is the region just past the program's data, grown with sbrk().
 * It is cut into blocks, each starting with a 16-byte header:
 *
 *     | size | next | payload (size bytes) ............ | size | next | ...
 *     ^ struct block          ^ pointer given to the user
 *
 * Free blocks sit on one list sorted by address, so free() can merge a
 * block with its neighbours. malloc() takes the first free block that is
 * big enough (first fit), splitting off the rest; when none fits, it asks
 * the kernel for more with sbrk(). Memory is never returned to the kernel.
 *
 * New heap pages are not touched here beyond their headers: the kernel maps
 * a zero-filled frame the first time the program touches each page
 * (demand-zero paging).
 */
#include "glasskernel.h"

#define ALIGNMENT 16
#define MIN_SPLIT 32    /* leftover bytes worth turning into a free block */

struct block {
    size_t size;            /* payload bytes, a multiple of ALIGNMENT */
    struct block *next;     /* next free block (meaningful only when free) */
};

static struct block *free_list;

static size_t round_up(size_t n, size_t to)
{
    return (n + to - 1) & ~(to - 1);
}

static void *payload(struct block *b)
{
    return (char *)b + sizeof(struct block);
}

static struct block *header(void *p)
{
    return (struct block *)((char *)p - sizeof(struct block));
}

static int adjacent(struct block *a, struct block *b)
{
    return (char *)payload(a) + a->size == (char *)b;
}

/* Puts b on the free list in address order, merging with neighbours. */
static void insert_free(struct block *b)
{
    struct block *prev = NULL, *cur = free_list;
    while (cur != NULL && cur < b) {
        prev = cur;
        cur = cur->next;
    }
    b->next = cur;
    if (cur != NULL && adjacent(b, cur)) {
        b->size += sizeof(struct block) + cur->size;
        b->next = cur->next;
    }
    if (prev == NULL) {
        free_list = b;
    } else if (adjacent(prev, b)) {
        prev->size += sizeof(struct block) + b->size;
        prev->next = b->next;
    } else {
        prev->next = b;
    }
}

/* Grows the heap by at least `size` payload bytes (whole pages). */
static int grow_heap(size_t size)
{
    char *top = sbrk(0);
    if (top == (void *)-1)
        return -1;
    size_t skew = round_up((uintptr_t)top, ALIGNMENT) - (uintptr_t)top;
    size_t bytes = round_up(skew + sizeof(struct block) + size, PAGE_SIZE);
    if (sbrk((long)bytes) == (void *)-1)
        return -1;
    struct block *b = (struct block *)(top + skew);
    b->size = bytes - skew - sizeof(struct block);
    insert_free(b);
    return 0;
}

void *malloc(size_t size)
{
    if (size == 0)
        size = 1;
    size = round_up(size, ALIGNMENT);
    for (int attempt = 0; attempt < 2; attempt++) {
        struct block **link = &free_list;
        for (struct block *b = free_list; b != NULL; link = &b->next, b = b->next) {
            if (b->size < size)
                continue;
            if (b->size - size >= MIN_SPLIT) {
                struct block *rest = (struct block *)((char *)payload(b) + size);
                rest->size = b->size - size - sizeof(struct block);
                rest->next = b->next;
                b->size = size;
                *link = rest;
            } else {
                *link = b->next;
            }
            return payload(b);
        }
        if (grow_heap(size) != 0)
            break;
    }
    errno = ENOMEM;
    return NULL;
}

void free(void *ptr)
{
    if (ptr != NULL)
        insert_free(header(ptr));
}

void *calloc(size_t count, size_t size)
{
    size_t bytes = count * size;
    if (size != 0 && bytes / size != count) {
        errno = ENOMEM;             /* count * size overflowed */
        return NULL;
    }
    void *p = malloc(bytes);
    if (p != NULL)
        memset(p, 0, bytes);        /* a reused block may hold old data */
    return p;
}

void *realloc(void *ptr, size_t size)
{
    if (ptr == NULL)
        return malloc(size);
    if (size == 0) {
        free(ptr);
        return NULL;
    }
    size_t old = header(ptr)->size;
    if (old >= size)
        return ptr;
    void *fresh = malloc(size);
    if (fresh != NULL) {
        memcpy(fresh, ptr, old);
        free(ptr);
    }
    return fresh;
}
