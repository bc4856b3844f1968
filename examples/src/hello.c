/*
 * hello.c - the smallest complete trip through the OS.
 *
 * 1. The kernel loads this ELF file: it creates an address space (an Mm),
 *    maps the code and data segments, builds a stack holding argc, argv and
 *    the environment, and jumps to _start (examples/libc/crt0.S).
 * 2. _start calls main().
 * 3. printf formats the text in a buffer on our stack and calls write(2):
 *    an `ecall` instruction traps into the kernel, which copies the bytes
 *    out of our memory to the console.
 * 4. main returns 0; _start's C half passes it to exit_group(2), and the
 *    kernel tears the address space down.
 */
#include "glasskernel.h"

int main(int argc, char **argv, char **envp)
{
    (void)argv;
    (void)envp;
    printf("Hello from Glasskernel!\n");
    printf("This program was started with %d argument%s.\n",
           argc, argc == 1 ? "" : "s");
    return 0;
}
