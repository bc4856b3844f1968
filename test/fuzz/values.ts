import type { Prng } from './prng';

/**
 * Operand values the fuzzer seeds registers and memory with: a mix of uniformly random bits and
 * the edge cases where implementations go wrong (sign boundaries, division overflow, 32-bit
 * sign extension, NaN payloads, subnormals, infinities, NaN-boxing). All values are raw 64-bit
 * patterns as unsigned bigints.
 */

const MASK64 = (1n << 64n) - 1n;

/** Sign-extends the low 32 bits of v to a 64-bit pattern. */
export function sext32(v: bigint): bigint {
  const lo = v & 0xffffffffn;
  return lo & 0x80000000n ? lo | 0xffffffff00000000n : lo;
}

const INT_EDGES: bigint[] = [
  0n, 1n, 2n, MASK64, MASK64 - 1n, 0x7fffffffffffffffn, 0x8000000000000000n,
  0x7fffffffn, 0x80000000n, 0xffffffff80000000n, 0xffffffffn, 0x100000000n,
  0xffffn, 0x8000n, 0xffn, 0x80n, 31n, 32n, 63n, 64n,
];

/** An integer register value: edges, small numbers, sign-extended 32-bit or full 64-bit randoms. */
export function intValue(r: Prng): bigint {
  switch (r.weighted<number>([[3, 0], [3, 1], [3, 2], [5, 3]])) {
    case 0: return r.pick(INT_EDGES);
    case 1: return BigInt(r.range(-64, 64)) & MASK64;
    case 2: return sext32(BigInt(r.u32()));
    default: return r.u64();
  }
}

/** Boxes a 32-bit float pattern the way the F extension stores singles in 64-bit registers. */
export function nanBox(bits32: bigint): bigint {
  return 0xffffffff00000000n | (bits32 & 0xffffffffn);
}

const F32_EDGES: bigint[] = [
  0x00000000n, 0x80000000n, 0x3f800000n, 0xbf800000n, 0x7f800000n, 0xff800000n,
  0x7fc00000n, 0xffc00000n, 0x7f800001n, 0x7fa00000n, 0x00000001n, 0x807fffffn, 0x00800000n,
  0x7f7fffffn, 0xff7fffffn, 0x4f000000n, 0xcf000000n, 0x5f000000n, 0xdf000000n, 0x4f800000n,
  0x3effffffn, 0x3f000000n, 0x3fc00000n, 0x40200000n, 0xbfc00000n, 0x40490fdbn,
];

const F64_EDGES: bigint[] = [
  0n, 0x8000000000000000n, 0x3ff0000000000000n, 0xbff0000000000000n, 0x7ff0000000000000n,
  0xfff0000000000000n, 0x7ff8000000000000n, 0xfff8000000000000n, 0x7ff0000000000001n,
  0x7ff4000000000000n, 1n, 0x800fffffffffffffn, 0x0010000000000000n, 0x7fefffffffffffffn,
  0x41e0000000000000n, 0xc1e0000000000000n, 0x43e0000000000000n, 0xc3e0000000000000n,
  0x41dfffffffc00000n, 0x41f0000000000000n, 0x3fe0000000000000n, 0x3ff8000000000000n,
  0x4004000000000000n, 0xbff8000000000000n, 0x400921fb54442d18n, 0x36a0000000000000n,
  0x47efffffe0000000n, 0x3810000000000000n,
];

/** A 32-bit float pattern: an edge case or random exponent/fraction near "ordinary" numbers. */
export function f32Bits(r: Prng): bigint {
  if (r.chance(0.4)) return r.pick(F32_EDGES);
  if (r.chance(0.3)) return BigInt(r.u32());
  // Ordinary magnitudes: exponent near the bias so arithmetic rounds rather than overflows.
  const sign = BigInt(r.below(2)) << 31n;
  const exp = BigInt(r.range(127 - 30, 127 + 30)) << 23n;
  return sign | exp | BigInt(r.u32() & 0x7fffff);
}

/** A 64-bit float pattern, likewise. */
export function f64Bits(r: Prng): bigint {
  if (r.chance(0.4)) return r.pick(F64_EDGES);
  if (r.chance(0.3)) return r.u64();
  const sign = BigInt(r.below(2)) << 63n;
  const exp = BigInt(r.range(1023 - 60, 1023 + 60)) << 52n;
  return sign | exp | (r.u64() & 0xfffffffffffffn);
}

/** An FP register value: a double, a NaN-boxed single, or (rarely) an improperly boxed single. */
export function fpRegValue(r: Prng): bigint {
  switch (r.weighted<number>([[4, 0], [5, 1], [1, 2]])) {
    case 0: return f64Bits(r);
    case 1: return nanBox(f32Bits(r));
    default: return (BigInt(r.u32()) << 32n) | f32Bits(r); // upper half not all ones: reads as the canonical NaN
  }
}

/** Formats a 64-bit pattern as 0x + 16 hex digits. */
export function hex64(v: bigint): string {
  return '0x' + (v & MASK64).toString(16).padStart(16, '0');
}
