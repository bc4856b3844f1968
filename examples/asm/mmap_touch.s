# mmap_touch.s - map one fresh anonymous page with mmap(2) and store to it.
# The page has no frame until the store: the store faults, and the kernel
# maps a zeroed frame (a demand-zero fault). Put a breakpoint on the `sd` and
# press F11 to step into the page-fault path.

        .equ SYS_write, 64
        .equ SYS_exit, 93
        .equ SYS_mmap, 222
        .equ PROT_READ, 0x1
        .equ PROT_WRITE, 0x2
        .equ MAP_PRIVATE, 0x02
        .equ MAP_ANONYMOUS, 0x20
        .equ PAGE_SIZE, 4096
        .equ STDOUT, 1

        .section .rodata
ok_msg:
        .ascii "mmap_touch: the new page holds what was stored\n"
        .equ OK_LEN, . - ok_msg

        .text
        .globl _start
_start:
        li      a0, 0                           # addr: the kernel chooses
        li      a1, PAGE_SIZE                   # length
        li      a2, PROT_READ | PROT_WRITE      # prot
        li      a3, MAP_PRIVATE | MAP_ANONYMOUS # flags
        li      a4, -1                          # fd: none
        li      a5, 0                           # offset
        li      a7, SYS_mmap
        ecall                                   # a0 = the page's address
        mv      s0, a0

        li      t0, 0x1122334455667788
        sd      t0, 0(s0)                       # first touch: a page fault
        ld      t1, 0(s0)
        li      a0, 1                           # exit status 1 if it did not stick
        bne     t0, t1, done

        li      a0, STDOUT
        la      a1, ok_msg
        li      a2, OK_LEN
        li      a7, SYS_write
        ecall
        li      a0, 0
done:
        li      a7, SYS_exit
        ecall
