/* macros.S - the C preprocessor (#define, #if) and assembler macros (.macro,
 * .rept): a SYSCALL macro wraps `li a7, N; ecall`, and .rept unrolls a loop
 * that prints three lines. Assembled through the built-in preprocessor
 * (a .S file), as `gcc -c` would run cpp first.
 */
#define SYS_write 64
#define SYS_exit 93
#define STDOUT 1
#define LINES 3

        .macro SYSCALL number
        li      a7, \number
        ecall
        .endm

        .macro PRINT label, length
        li      a0, STDOUT
        la      a1, \label
        li      a2, \length
        SYSCALL SYS_write
        .endm

        .section .rodata
line:
        .ascii "a line from a macro\n"
        .equ LINE_LEN, . - line

        .text
        .globl _start
_start:
        .rept LINES
        PRINT line, LINE_LEN
        .endr
#if LINES == 3
        li      a0, 0
#else
        li      a0, 1
#endif
        SYSCALL SYS_exit
