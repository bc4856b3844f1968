/*
 * jit-tlb.c - no stale address translation survives a PTE change.
 *
 * Each step first fills the software TLB (a load and a store to the page),
 * then changes the page table behind it (fork's copy-on-write sharing, a
 * copy-on-write break, munmap, munmap + a new mapping at the same address)
 * and touches the page again. Prints one line per check; the test compares
 * the output with what Linux (qemu-riscv64) prints.
 *
 * Built by examples/bench/build.sh (no C library, raw Linux riscv64 syscalls).
 */
#define SYS_write 64
#define SYS_exit_group 94
#define SYS_munmap 215
#define SYS_clone 220
#define SYS_mmap 222
#define SYS_wait4 260
#define SIGCHLD 17
#define PROT_READ 1
#define PROT_WRITE 2
#define MAP_PRIVATE 0x02
#define MAP_FIXED 0x10
#define MAP_ANONYMOUS 0x20
#define PAGE 4096

static long sys6(long n, long a, long b, long c, long d, long e, long f)
{
    register long a0 __asm__("a0") = a, a1 __asm__("a1") = b, a2 __asm__("a2") = c;
    register long a3 __asm__("a3") = d, a4 __asm__("a4") = e, a5 __asm__("a5") = f;
    register long a7 __asm__("a7") = n;
    __asm__ volatile("ecall" : "+r"(a0) : "r"(a1), "r"(a2), "r"(a3), "r"(a4), "r"(a5), "r"(a7) : "memory");
    return a0;
}

static void say(const char *what, long value)
{
    char buf[64];
    int n = 0;
    while (what[n]) { buf[n] = what[n]; n++; }
    buf[n++] = ' ';
    char digits[24];
    int k = 0;
    unsigned long v = value < 0 ? -(unsigned long)value : (unsigned long)value;
    do { digits[k++] = (char)('0' + v % 10); v /= 10; } while (v);
    if (value < 0) buf[n++] = '-';
    while (k) buf[n++] = digits[--k];
    buf[n++] = '\n';
    sys6(SYS_write, 1, (long)buf, n, 0, 0, 0);
}

static long child_status(void)
{
    int status = 0;
    sys6(SYS_wait4, -1, (long)&status, 0, 0, 0, 0);
    return status;
}

static volatile unsigned char *map_page(long fixed)
{
    return (volatile unsigned char *)sys6(SYS_mmap, fixed, PAGE, PROT_READ | PROT_WRITE,
                                          MAP_PRIVATE | MAP_ANONYMOUS | (fixed ? MAP_FIXED : 0), -1, 0);
}

int main(void)
{
    volatile unsigned char *p = map_page(0);
    p[0] = 11;                              /* store + load TLB entries for p */
    say("before-fork", p[0]);

    /* 1. fork shares the page read-only: the parent's old store entry must not survive */
    long pid = sys6(SYS_clone, SIGCHLD, 0, 0, 0, 0, 0);
    if (pid == 0) {
        say("child-sees", p[0]);            /* runs after the parent's write below */
        p[0] = 22;                          /* copy-on-write break in the child */
        say("child-after-write", p[0]);
        sys6(SYS_exit_group, 0, 0, 0, 0, 0, 0);
    }
    p[0] = 44;                              /* copy-on-write break in the parent */
    say("parent-after-write", p[0]);
    child_status();
    say("parent-after-child", p[0]);

    /* 2. munmap: the translation must be gone (the child dies with SIGSEGV) */
    pid = sys6(SYS_clone, SIGCHLD, 0, 0, 0, 0, 0);
    if (pid == 0) {
        p[0] = 55;
        sys6(SYS_munmap, (long)p, PAGE, 0, 0, 0, 0);
        say("unmapped-read", p[0]);         /* must not be reached */
        sys6(SYS_exit_group, 0, 0, 0, 0, 0, 0);
    }
    say("munmap-child-status", child_status());

    /* 3. munmap + a fresh mapping at the same address: reads see the new zero page */
    p[0] = 66;
    sys6(SYS_munmap, (long)p, PAGE, 0, 0, 0, 0);
    volatile unsigned char *q = map_page((long)p);
    say("same-address", q == p);
    say("remapped-reads", p[0]);
    p[0] = 77;
    say("remapped-after-write", p[0]);
    return 0;
}
