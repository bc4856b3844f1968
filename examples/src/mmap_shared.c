/*
 * mmap_shared.c - MAP_SHARED vs MAP_PRIVATE across fork.
 *
 * One page of each kind, both anonymous, both written "parent" before the
 * fork. The child writes "child" into both and exits; then the parent looks.
 *
 *   MAP_SHARED   parent and child map the same frame: the parent sees the
 *                child's write. /proc/self/maps shows "rw-s".
 *   MAP_PRIVATE  fork made the page copy-on-write: the child's write went
 *                to a private copy; the parent still sees its own text.
 *                /proc/self/maps shows "rw-p".
 */
#include "extra.h"

int main(void)
{
    char *shared = mmap(NULL, PAGE_SIZE, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    char *private = mmap(NULL, PAGE_SIZE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (shared == MAP_FAILED || private == MAP_FAILED) {
        printf("mmap_shared: mmap failed, errno %d\n", errno);
        return 1;
    }
    strcpy(shared, "parent");
    strcpy(private, "parent");
    show_maps("the MAP_SHARED page:", shared, PAGE_SIZE);
    show_maps("the MAP_PRIVATE page:", private, PAGE_SIZE);

    pid_t pid = fork();
    if (pid == 0) {
        strcpy(shared, "child");
        strcpy(private, "child");
        printf("child:  shared=\"%s\" private=\"%s\"\n", shared, private);
        exit(0);
    }
    int status;
    wait4(pid, &status, 0, NULL);
    printf("parent: shared=\"%s\" private=\"%s\"\n", shared, private);
    printf("the child's write %s the parent through MAP_SHARED\n",
           strcmp(shared, "child") == 0 ? "reached" : "did not reach");
    printf("the child's write %s the parent through MAP_PRIVATE\n",
           strcmp(private, "child") == 0 ? "reached" : "did not reach");

    /* The other direction, in a second child: the parent writes, the child reads. */
    pid = fork();
    if (pid == 0) {
        /* wait until the parent has written (polling a shared flag) */
        while (((volatile char *)shared)[100] != 1)
            sched_yield();
        printf("second child sees shared=\"%s\"\n", shared);
        exit(0);
    }
    strcpy(shared, "parent again");
    ((volatile char *)shared)[100] = 1;
    wait4(pid, &status, 0, NULL);
    munmap(shared, PAGE_SIZE);
    munmap(private, PAGE_SIZE);
    return 0;
}
