/*
 * start.S - _start for the benchmark programs (no C library).
 *
 * Sets up gp for linker relaxation, calls main(), and passes its return
 * value to exit_group(2) (Linux riscv64 syscall 94).
 */
    .section .text._start, "ax", @progbits
    .globl _start
    .type _start, @function
_start:
    .option push
    .option norelax
    la      gp, __global_pointer$
    .option pop
    andi    sp, sp, -16
    call    main
    li      a7, 94              /* SYS_exit_group */
    ecall
    unimp
    .size _start, . - _start
