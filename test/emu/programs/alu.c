/* Differential test program: prints results of many integer operations. Built with
   riscv64-linux-gnu-gcc -O2 -march=rv64imac -mabi=lp64 -static -nostdlib; the emulator's output
   must equal qemu-riscv64's. */
typedef unsigned long u64;
typedef long i64;
typedef unsigned int u32;
typedef int i32;

static long sys3(long n, long a, long b, long c) {
  register long a0 asm("a0") = a; register long a1 asm("a1") = b; register long a2 asm("a2") = c;
  register long a7 asm("a7") = n;
  asm volatile("ecall" : "+r"(a0) : "r"(a1), "r"(a2), "r"(a7) : "memory");
  return a0;
}
static char buf[64];
static void puts_(const char *s) { volatile long n = 0; while (s[n]) n++; sys3(64, 1, (long)s, n); }
static void hex(u64 v) {
  char *p = buf + 20; *p = 0; *--p = '\n';
  for (int i = 0; i < 16; i++) { *--p = "0123456789abcdef"[v & 15]; v >>= 4; }
  puts_(p);
}
static void dec(i64 v) {
  char *p = buf + 40; *p = 0; *--p = '\n';
  u64 u = v < 0 ? -(u64)v : (u64)v;
  do { *--p = '0' + u % 10; u /= 10; } while (u);
  if (v < 0) *--p = '-';
  puts_(p);
}

static volatile u64 vals[] = {0, 1, 2, 3, 7, 0x7f, 0x80, 0xff, 0x7fffffff, 0x80000000, 0xffffffff,
  0x100000000, 0x123456789abcdef0, 0x7fffffffffffffff, 0x8000000000000000, 0xffffffffffffffff,
  (u64)-2, (u64)-7, (u64)-0x80000000L, 0xdeadbeefcafebabe, 1000000007, 63, 64, 31, 32};
#define N (sizeof(vals) / sizeof(vals[0]))

static u64 lcg = 12345;
static u64 rnd(void) { lcg = lcg * 6364136223846793005UL + 1442695040888963407UL; return lcg; }

__attribute__((noinline)) static u64 mix(u64 a, u64 b) {
  u64 h = 0;
  h ^= a + b; h = h * 31 + (a - b); h ^= a * b;
  h += (u64)(((__int128)(i64)a * (i64)b) >> 64);
  h += (u64)(((unsigned __int128)a * b) >> 64);
  h ^= b ? a / b : 0; h += b ? a % b : 0;
  h ^= (i64)b ? (u64)((i64)a / ((i64)b == -1 && (i64)a == (i64)0x8000000000000000 ? 1 : (i64)b)) : 0;
  h += (u64)((i32)a * (i32)b);
  h ^= (u32)b ? (u64)(i64)(i32)((u32)a / (u32)b) : 0;
  h ^= (i32)b && !((i32)a == (i32)0x80000000 && (i32)b == -1) ? (u64)(i64)((i32)a % (i32)b) : 0;
  h += a << (b & 63); h ^= a >> (b & 63); h += (u64)((i64)a >> (b & 63));
  h ^= (u64)(i64)((i32)a << (b & 31)); h += (u64)(i64)(i32)((u32)a >> (b & 31)); h ^= (u64)(i64)((i32)a >> (b & 31));
  h += (i64)a < (i64)b; h += a < b; h += (i32)a < (i32)b;
  return h;
}

int main(void) {
  u64 acc = 0;
  for (unsigned i = 0; i < N; i++)
    for (unsigned j = 0; j < N; j++) {
      u64 r = mix(vals[i], vals[j]);
      acc = acc * 1099511628211UL ^ r;
      if (j == i) hex(r);
    }
  hex(acc);
  for (int k = 0; k < 2000; k++) acc ^= mix(rnd(), rnd() >> (k & 63));
  hex(acc);
  /* division by zero and overflow rules, straight from the hardware */
  volatile i64 z = 0, m1 = -1, mn = (i64)0x8000000000000000;
  volatile i32 z32 = 0, m132 = -1, mn32 = (i32)0x80000000;
  i64 q, r; i32 q32, r32;
  asm("div %0,%1,%2" : "=r"(q) : "r"(mn), "r"(z)); dec(q);
  asm("rem %0,%1,%2" : "=r"(r) : "r"(mn), "r"(z)); dec(r);
  asm("div %0,%1,%2" : "=r"(q) : "r"(mn), "r"(m1)); dec(q);
  asm("rem %0,%1,%2" : "=r"(r) : "r"(mn), "r"(m1)); dec(r);
  asm("divu %0,%1,%2" : "=r"(q) : "r"(mn), "r"(z)); hex(q);
  asm("remu %0,%1,%2" : "=r"(r) : "r"(mn), "r"(z)); hex(r);
  asm("divw %0,%1,%2" : "=r"(q32) : "r"(mn32), "r"(m132)); dec(q32);
  asm("remw %0,%1,%2" : "=r"(r32) : "r"(mn32), "r"(m132)); dec(r32);
  asm("divuw %0,%1,%2" : "=r"(q32) : "r"(mn32), "r"(z32)); dec(q32);
  asm("remuw %0,%1,%2" : "=r"(r32) : "r"(mn32), "r"(z32)); dec(r32);
  /* a busy loop for the benchmark */
  u64 s = 0;
  for (u64 i = 0; i < 3000000; i++) s += (i * i) ^ (s >> 3);
  hex(s);
  dec(-1234567890123L);
  return 0;
}

void _start(void) __attribute__((naked));
void _start(void) {
  asm volatile(".option push\n .option norelax\n la gp, __global_pointer$\n .option pop\n call main\n li a7, 93\n ecall");
}
