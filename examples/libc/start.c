/*
 * start.c - from the initial stack to main() and back to the kernel.
 */
#include "glasskernel.h"

int main(int argc, char **argv, char **envp);

/* The process environment, as POSIX's `environ`. */
char **environ;

/*
 * Called by _start (crt0.S) with `sp` = the stack pointer the kernel gave us.
 * argc sits at sp[0], argv right after it, and envp after argv's NULL.
 * main's return value becomes the exit status, as in C's hosted startup.
 */
void __libc_start(long *sp) __attribute__((noreturn));
void __libc_start(long *sp)
{
    int argc = (int)sp[0];
    char **argv = (char **)(sp + 1);
    char **envp = argv + argc + 1;

    environ = envp;
    exit(main(argc, argv, envp));
}
