/*
 * memseq - sequential load/store sweep over a 256 KiB array of 64-bit words:
 * every pass reads each word, updates it and keeps a running sum.
 */
#include "bench.h"

#define WORDS (256 * 1024 / 8)
#define PASSES 2400

static u64 data[WORDS];

int main(void)
{
    for (u32 i = 0; i < WORDS; i++) data[i] = i * 0x9e3779b97f4a7c15ull;
    u64 sum = 0;
    for (u32 pass = 0; pass < PASSES; pass++) {
        for (u32 i = 0; i < WORDS; i++) {
            u64 v = data[i];
            sum += v;
            data[i] = v + pass;
        }
    }
    report("memseq", sum);
    return 0;
}
