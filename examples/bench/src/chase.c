/*
 * chase - dependent pointer chase over 16 MiB: 64-byte nodes linked in one
 * random cycle (Sattolo's shuffle), so almost every hop lands on another
 * page and each load needs the previous one's result. Stresses address
 * translation (the TLB and the page-table walk).
 */
#include "bench.h"

#define REGION_BYTES (16u * 1024 * 1024)
#define NODE_BYTES 64u
#define NODES (REGION_BYTES / NODE_BYTES)
#define HOPS 12000000u

struct node {
    struct node *next;
    u64 pad[NODE_BYTES / 8 - 1];
};

static struct node nodes[NODES];
static u32 order[NODES];

int main(void)
{
    u64 seed = 0x2545f4914f6cdd1dull;
    for (u32 i = 0; i < NODES; i++) order[i] = i;
    /* Sattolo: a random permutation with a single cycle through every node */
    for (u32 i = NODES - 1; i > 0; i--) {
        u32 j = (u32)(xorshift64(&seed) % i);
        u32 t = order[i]; order[i] = order[j]; order[j] = t;
    }
    for (u32 i = 0; i < NODES; i++) nodes[order[i]].next = &nodes[order[(i + 1) % NODES]];
    struct node *p = &nodes[order[0]];
    u64 hops = 0;
    for (u32 i = 0; i < HOPS; i++) {
        p = p->next;
        hops += (u64)p & 0xfff;
    }
    report("chase", hops ^ (u64)(p - nodes));
    return 0;
}
