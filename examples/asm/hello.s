# hello.s - the smallest Linux program: write(2) a line, then exit(2) with status 0.
# No libc: the arguments go in a0..a2, the syscall number in a7, and `ecall` traps
# into the kernel (Linux riscv64 syscall ABI). Step into the ecall (F11) to watch
# the kernel run sys_write.

        .equ SYS_write, 64
        .equ SYS_exit, 93
        .equ STDOUT, 1

        .section .rodata
message:
        .ascii "Hello from RISC-V assembly!\n"
        .equ MESSAGE_LEN, . - message

        .text
        .globl _start
_start:
        li      a0, STDOUT          # fd
        la      a1, message         # buf
        li      a2, MESSAGE_LEN     # count
        li      a7, SYS_write
        ecall                       # a0 = bytes written

        li      a0, 0               # status
        li      a7, SYS_exit
        ecall                       # never returns
