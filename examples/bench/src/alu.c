/*
 * alu - integer ALU loop: adds, shifts, xors, 32- and 64-bit multiplies and a
 * data-dependent branch, all in registers. Measures raw instruction throughput.
 */
#include "bench.h"

#define ITERATIONS 40000000u

int main(void)
{
    u64 a = 0x123456789abcdefull, b = 0x0fedcba987654321ull, c = 1;
    u32 w = 7;
    for (u32 i = 0; i < ITERATIONS; i++) {
        a += b ^ (a >> 3);
        b = (b << 5) - a + i;
        w = w * 1664525u + 1013904223u;
        if (w & 0x100) c += a; else c ^= b;
        c = (c << 1) | (c >> 63);
    }
    report("alu", a ^ b ^ c ^ w);
    return 0;
}
