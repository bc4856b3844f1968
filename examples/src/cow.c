/*
 * cow.c - copy-on-write after fork(), seen from user space.
 *
 * fork() does not copy the parent's memory. The kernel makes the child's
 * page table point at the very same physical frames and marks every
 * writable page read-only in both processes. The first write to such a
 * page (by either process) causes a store page fault; the kernel then
 * "breaks" copy-on-write: it gives the writer its own copy of that one page
 * and lets the write go through. Pages nobody writes stay shared forever.
 *
 * Here the parent fills 1 MiB (256 pages) with its pattern and forks. The
 * child first reads everything (no copies needed), then writes every page
 * (256 copy-on-write faults) and checks its data. The parent waits and
 * checks that none of the child's writes leaked into its own memory.
 */
#include "glasskernel.h"

#define REGION_BYTES (1024 * 1024)
#define REGION_PAGES (REGION_BYTES / PAGE_SIZE)
#define WORDS_PER_PAGE (PAGE_SIZE / sizeof(uint64_t))

/* The patterns: "PARE" or "CHIL" in the high half, the word index below. */
#define PARENT_TAG 0x5041524500000000ULL
#define CHILD_TAG  0x4348494C00000000ULL

static void fill(uint64_t *region, uint64_t tag)
{
    for (size_t i = 0; i < REGION_BYTES / sizeof(uint64_t); i++)
        region[i] = tag | i;
}

/* Returns how many pages hold at least one word that is not tag | index. */
static int bad_pages(const uint64_t *region, uint64_t tag)
{
    int bad = 0;
    for (size_t page = 0; page < REGION_PAGES; page++) {
        for (size_t w = 0; w < WORDS_PER_PAGE; w++) {
            size_t i = page * WORDS_PER_PAGE + w;
            if (region[i] != (tag | i)) {
                bad++;
                break;
            }
        }
    }
    return bad;
}

/* The child's part. Returns its exit status: 0 when every check passed. */
static int child(uint64_t *region)
{
    /* Reads need no copies: these loads go to the parent's frames. */
    int bad = bad_pages(region, PARENT_TAG);
    printf("child:  reads the parent's pattern, %d bad pages\n", bad);
    if (bad != 0)
        return 1;

    /* The first store to each page faults: the kernel breaks copy-on-write
       here, once per page, giving the child a private copy to write on. */
    fill(region, CHILD_TAG);
    bad = bad_pages(region, CHILD_TAG);
    printf("child:  wrote its own pattern into all %d pages, %d bad pages\n",
           REGION_PAGES, bad);
    return bad == 0 ? 0 : 1;
}

int main(void)
{
    /* malloc grows the heap with brk(); one extra page lets us start the
       region on a page boundary, so it covers exactly REGION_PAGES pages. */
    char *raw = malloc(REGION_BYTES + PAGE_SIZE);
    if (raw == NULL) {
        printf("cow: malloc failed\n");
        return 1;
    }
    uintptr_t aligned = ((uintptr_t)raw + PAGE_SIZE - 1) & ~(uintptr_t)(PAGE_SIZE - 1);
    uint64_t *region = (uint64_t *)aligned;

    /* Each page's first store is a demand-zero fault: the heap gets its
       frames only now, as we touch it. */
    fill(region, PARENT_TAG);
    printf("parent: filled %d KiB (%d pages) with its pattern\n",
           REGION_BYTES / 1024, REGION_PAGES);

    pid_t pid = fork();
    if (pid < 0) {
        printf("cow: fork failed\n");
        return 1;
    }
    if (pid == 0)
        exit(child(region));

    int status;
    if (wait4(pid, &status, 0, NULL) != pid) {
        printf("cow: wait4 failed\n");
        return 1;
    }
    if (!WIFEXITED(status)) {
        printf("parent: child was killed by signal %d\n", WTERMSIG(status));
        return 1;
    }
    printf("parent: child exited with status %d\n", WEXITSTATUS(status));

    /* The child's stores went to its own copies, never to our frames. */
    int bad = bad_pages(region, PARENT_TAG);
    printf("parent: its own pattern is intact, %d bad pages\n", bad);
    free(raw);
    return WEXITSTATUS(status) == 0 && bad == 0 ? 0 : 1;
}
