/*
 * munmap_split.c - munmap in the middle of a mapping splits its VMA in two.
 *
 * mmap makes one VMA of 5 pages. munmap of page 2 leaves two VMAs (pages
 * 0-1 and 3-4) with a hole between: a load from the hole is a segfault,
 * which a child demonstrates. mmap with MAP_FIXED can fill the hole again,
 * and the kernel merges the three pieces back into one VMA.
 */
#include "extra.h"

#define PAGES 5

int main(void)
{
    size_t length = PAGES * PAGE_SIZE;
    char *base = mmap(NULL, length, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (base == MAP_FAILED) {
        printf("munmap_split: mmap failed, errno %d\n", errno);
        return 1;
    }
    for (int i = 0; i < PAGES; i++)
        base[i * PAGE_SIZE] = (char)('A' + i);
    show_maps("after mmap of 5 pages:", base, length);

    if (munmap(base + 2 * PAGE_SIZE, PAGE_SIZE) != 0) {
        printf("munmap_split: munmap failed, errno %d\n", errno);
        return 1;
    }
    show_maps("after munmap of page 2:", base, length);
    printf("pages 0, 1, 3, 4 still hold: %c %c %c %c\n", base[0], base[PAGE_SIZE],
           base[3 * PAGE_SIZE], base[4 * PAGE_SIZE]);

    pid_t pid = fork();
    if (pid == 0) {
        printf("child reads page 2: %c\n", *(volatile char *)(base + 2 * PAGE_SIZE));
        exit(0);
    }
    int status;
    wait4(pid, &status, 0, NULL);
    if (WIFSIGNALED(status))
        printf("a child reading page 2 was killed by signal %d\n", WTERMSIG(status));
    else
        printf("a child reading page 2 exited with status %d\n", WEXITSTATUS(status));

    /* Unmapping a range that is already a hole, or partly one, is fine. */
    printf("munmap of the hole again: %d\n", munmap(base + 2 * PAGE_SIZE, PAGE_SIZE));

    char *again = mmap(base + 2 * PAGE_SIZE, PAGE_SIZE, PROT_READ | PROT_WRITE,
                       MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
    printf("MAP_FIXED refill lands in the hole: %s; its page reads %d\n",
           again == base + 2 * PAGE_SIZE ? "yes" : "no", again[0]);
    show_maps("after MAP_FIXED of page 2:", base, length);

    munmap(base, length);
    show_maps("after munmap of all 5 pages:", base, length);
    return 0;
}
