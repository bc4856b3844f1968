# forkwait.s - fork a child with clone(SIGCHLD), let it print and exit with 3,
# wait4 for it in the parent, and exit with the child's exit code.
# Stepping into the clone ecall shows the kernel copying the address space
# VMA by VMA (dupMmap) and the child appearing in the Processes view.

        .equ SYS_write, 64
        .equ SYS_exit, 93
        .equ SYS_clone, 220
        .equ SYS_wait4, 260
        .equ SIGCHLD, 17
        .equ STDOUT, 1
        .equ CHILD_STATUS, 3

        .section .rodata
parent_msg:
        .ascii "parent: child exited\n"
        .equ PARENT_LEN, . - parent_msg
child_msg:
        .ascii "child: hello\n"
        .equ CHILD_LEN, . - child_msg

        .bss
        .balign 4
wstatus:
        .zero 4

        .text
        .globl _start
_start:
        li      a0, SIGCHLD         # flags: a plain fork, SIGCHLD to the parent at exit
        li      a1, 0               # newsp: share nothing, copy-on-write stack
        li      a2, 0
        li      a3, 0
        li      a4, 0
        li      a7, SYS_clone
        ecall
        beqz    a0, child           # 0 in the child, the child's pid in the parent

        mv      s0, a0              # parent: wait4(pid, &wstatus, 0, NULL)
        mv      a0, s0
        la      a1, wstatus
        li      a2, 0
        li      a3, 0
        li      a7, SYS_wait4
        ecall

        li      a0, STDOUT
        la      a1, parent_msg
        li      a2, PARENT_LEN
        li      a7, SYS_write
        ecall

        la      t0, wstatus         # WEXITSTATUS(wstatus) = (wstatus >> 8) & 0xff
        lw      a0, 0(t0)
        srli    a0, a0, 8
        andi    a0, a0, 0xff
        li      a7, SYS_exit
        ecall

child:
        li      a0, STDOUT
        la      a1, child_msg
        li      a2, CHILD_LEN
        li      a7, SYS_write
        ecall
        li      a0, CHILD_STATUS
        li      a7, SYS_exit
        ecall
