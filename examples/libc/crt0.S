/*
 * crt0.S - the first instructions of every program: _start.
 *
 * The kernel's ELF loader jumps here (the ELF entry point) with sp pointing
 * at the initial stack it built, laid out as the Linux RISC-V ABI says:
 *
 *     sp ->  argc                     8 bytes
 *            argv[0] ... argv[argc-1] pointers to strings
 *            NULL
 *            envp[0] ... envp[n-1]    "NAME=value" strings
 *            NULL
 *            auxv pairs (type, value) ending with AT_NULL
 *            ... the strings themselves, higher up
 *
 * We set up gp, then hand sp to C (__libc_start in start.c), which never
 * returns.
 */
    .cfi_sections .debug_frame  /* keep all unwind info (CFI) in one section */
    .section .text._start, "ax", @progbits
    .globl _start
    .type _start, @function
_start:
    .cfi_startproc
    .cfi_undefined ra           /* outermost frame: debuggers stop unwinding here */

    /* gp lets the linker turn some loads/stores into one gp-relative
       instruction ("relaxation"); this la itself must not be relaxed. */
    .option push
    .option norelax
    la      gp, __global_pointer$
    .option pop

    mv      a0, sp              /* a0 = address of argc: the C argument */
    li      fp, 0               /* no caller frame */
    li      ra, 0
    andi    sp, sp, -16         /* the ABI wants 16-byte stack alignment */
    call    __libc_start
    unimp                       /* not reached: __libc_start calls exit */
    .cfi_endproc
    .size _start, . - _start
