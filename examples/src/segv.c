/*
 * segv.c - a bad memory access kills only the process that made it.
 *
 * The child stores to address 0. No VMA covers page 0, so the MMU raises a
 * store page fault, the kernel's fault handler finds no area to grow or
 * fill, and it sends the child SIGSEGV (signal 11). Nobody catches it, so
 * the child dies; the parent, whose memory is untouched, learns how its
 * child ended from the status word wait4 fills in.
 */
#include "glasskernel.h"

int main(void)
{
    printf("segv: forking a child that will store to address 0\n");

    pid_t pid = fork();
    if (pid < 0) {
        printf("segv: fork failed\n");
        return 1;
    }
    if (pid == 0) {
        /* `volatile` stops the compiler from reasoning about the null
           pointer: it must really emit the store instruction. */
        int *volatile null_pointer = NULL;
        *null_pointer = 42;     /* store page fault -> SIGSEGV */
        printf("child: still alive?! this line should never run\n");
        return 0;
    }

    int status;
    if (wait4(pid, &status, 0, NULL) != pid) {
        printf("segv: wait4 failed\n");
        return 1;
    }
    if (WIFSIGNALED(status)) {
        printf("segv: child was killed by signal %d%s\n", WTERMSIG(status),
               WTERMSIG(status) == SIGSEGV ? " (SIGSEGV)" : "");
        return WTERMSIG(status) == SIGSEGV ? 0 : 1;
    }
    printf("segv: child exited normally with status %d\n", WEXITSTATUS(status));
    return 1;
}
