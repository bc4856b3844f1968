/*
 * bench.h - the little the benchmark programs need without a C library:
 * write(2) of a result line and a deterministic pseudo-random generator.
 */
#ifndef GLASSKERNEL_BENCH_H
#define GLASSKERNEL_BENCH_H

typedef unsigned long u64;
typedef unsigned int u32;
typedef unsigned char u8;

#define SYS_write 64

static inline long sys_write(int fd, const void *buf, unsigned long len)
{
    register long a0 __asm__("a0") = fd;
    register long a1 __asm__("a1") = (long)buf;
    register long a2 __asm__("a2") = (long)len;
    register long a7 __asm__("a7") = SYS_write;
    __asm__ volatile("ecall" : "+r"(a0) : "r"(a1), "r"(a2), "r"(a7) : "memory");
    return a0;
}

/* Prints "<name>: <hex value>\n" on stdout. */
static inline void report(const char *name, u64 value)
{
    char buf[64];
    int n = 0;
    while (name[n] && n < 40) { buf[n] = name[n]; n++; }
    buf[n++] = ':'; buf[n++] = ' '; buf[n++] = '0'; buf[n++] = 'x';
    for (int shift = 60; shift >= 0; shift -= 4) buf[n++] = "0123456789abcdef"[(value >> shift) & 15];
    buf[n++] = '\n';
    sys_write(1, buf, (unsigned long)n);
}

/* xorshift64: a fixed-seed generator, so every run does the same work. */
static inline u64 xorshift64(u64 *state)
{
    u64 x = *state;
    x ^= x << 13;
    x ^= x >> 7;
    x ^= x << 17;
    *state = x;
    return x;
}

#endif
