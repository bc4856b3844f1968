/*
 * fpmat - double-precision floating point: repeated 48x48 matrix multiply-accumulate
 * C = C/2 + A*B (compiled to fld/fmadd.d/fsd), then a single-precision dot-product pass
 * (flw/fmadd.s/fcvt). Prints the raw bits of a checksum and the accrued fflags, so
 * any difference in rounding or flags shows.
 */
#include "bench.h"

#define N 48
#define ROUNDS 360

static double A[N][N], B[N][N], C[N][N];
static float V[N * N];

/* A pseudo-random double in [-1, 1) with 53 significant bits. */
static double rnd(u64 *s)
{
    return (double)(long)(xorshift64(s) >> 10) * (1.0 / (1l << 53)) - 1.0;
}

static unsigned long fflags(void)
{
    unsigned long f;
    __asm__ volatile("frflags %0" : "=r"(f));
    return f;
}

int main(void)
{
    u64 s = 0x9e3779b97f4a7c15ull;
    for (int i = 0; i < N; i++)
        for (int j = 0; j < N; j++) { A[i][j] = rnd(&s); B[i][j] = rnd(&s) * 0.125; C[i][j] = 0; }
    for (int r = 0; r < ROUNDS; r++) {
        for (int i = 0; i < N; i++)
            for (int j = 0; j < N; j++) {
                double acc = C[i][j] * 0.5;
                for (int k = 0; k < N; k++) acc += A[i][k] * B[k][j];
                C[i][j] = acc;
            }
    }
    double sum = 0;
    for (int i = 0; i < N; i++)
        for (int j = 0; j < N; j++) sum += C[i][j] * (double)(i - j);
    for (int i = 0; i < N * N; i++) V[i] = (float)C[i / N][i % N];
    float dot = 0;
    for (int r = 0; r < 40; r++)
        for (int i = 0; i < N * N; i++) dot += V[i] * V[(i * 7 + r) % (N * N)];
    union { double d; u64 u; } sb = { sum };
    union { float f; u32 u; } db = { dot };
    report("fpmat", sb.u);
    report("fpmat-single", db.u);
    report("fpmat-fflags", fflags());
    return 0;
}
