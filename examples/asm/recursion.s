# recursion.s - factorial(10) by recursion with a proper stack frame (RISC-V
# psABI: sp 16-byte aligned, ra and the callee-saved s0 spilled, s0 as the
# frame pointer), then print it in decimal and exit with factorial(5) = 120.
# The debugger's Call Stack shows one `fact` frame per level.

        .equ SYS_write, 64
        .equ SYS_exit, 93
        .equ STDOUT, 1
        .equ FRAME, 32
        .equ DIGITS, 24

        .text
        .globl _start
_start:
        li      a0, 10
        call    fact                # a0 = 3628800
        call    print_decimal
        li      a0, 5
        call    fact                # a0 = 120
        li      a7, SYS_exit
        ecall

# fact(n) = n <= 1 ? 1 : n * fact(n - 1)
        .type   fact, @function
fact:
        addi    sp, sp, -FRAME
        sd      ra, 24(sp)
        sd      s0, 16(sp)
        addi    s0, sp, FRAME       # frame pointer: the caller's sp
        li      t0, 1
        bgt     a0, t0, 1f
        li      a0, 1
        j       2f
1:      sd      a0, -24(s0)         # keep n in its spill slot over the call
        addi    a0, a0, -1
        call    fact
        ld      t1, -24(s0)
        mul     a0, a0, t1
2:      ld      ra, 24(sp)
        ld      s0, 16(sp)
        addi    sp, sp, FRAME
        ret
        .size   fact, . - fact

# print_decimal(a0): writes a0 (unsigned) in decimal and a newline to stdout.
        .type   print_decimal, @function
print_decimal:
        addi    sp, sp, -32
        addi    t0, sp, DIGITS      # fill the buffer backwards from its end
        li      t1, '\n'
        sb      t1, 0(t0)
        li      t2, 10
3:      remu    t3, a0, t2
        addi    t3, t3, '0'
        addi    t0, t0, -1
        sb      t3, 0(t0)
        divu    a0, a0, t2
        bnez    a0, 3b
        li      a0, STDOUT
        mv      a1, t0
        addi    a2, sp, DIGITS + 1
        sub     a2, a2, t0
        li      a7, SYS_write
        ecall
        addi    sp, sp, 32
        ret
        .size   print_decimal, . - print_decimal
