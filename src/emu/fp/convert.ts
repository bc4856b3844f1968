import {
  F32, FFLAG_NV, FFLAG_NX, type FpFormat, fenv, integerInexact, roundExact, roundToInteger,
} from './round';

/**
 * Integer <-> floating-point conversions (fcvt.{w,wu,l,lu}.{s,d} and fcvt.{s,d}.{w,wu,l,lu}),
 * Unprivileged spec, "Single-Precision Floating-Point Conversion and Move Instructions" and
 * table "Domains of float-to-integer conversions and behavior for invalid inputs": out-of-range
 * inputs saturate and raise NV (not NX), NaN converts to the largest positive integer, an
 * in-range inexact conversion raises NX. 32-bit results are sign-extended to 64 bits (also
 * for fcvt.wu, whose result bit 31 is copied into bits 63:32).
 */

/** Integer widths and signedness, as selected by the rs2 field of the conversion rows. */
export const enum IntKind {
  W = 0,
  WU = 1,
  L = 2,
  LU = 3,
}

const TWO32 = 4294967296;
const TWO31 = 2147483648;
const TWO63 = 9223372036854775808;
const TWO64 = 18446744073709551616;

/** Result of floatToInt: low and high 32-bit words of the 64-bit integer register value. */
export const intResult = { lo: 0, hi: 0 };

function setWords(v: number): void {
  // v is an integer in [-2^63, 2^64): split exactly
  const hi = Math.floor(v / TWO32);
  intResult.lo = (v - hi * TWO32) | 0;
  intResult.hi = hi | 0;
}

function setSext32(v: number): void {
  intResult.lo = v | 0;
  intResult.hi = intResult.lo >> 31;
}

/** Saturated result for an out-of-range or NaN input (`high`: the input was above the range or NaN). */
function saturate(kind: IntKind, high: boolean): void {
  fenv.flags |= FFLAG_NV;
  switch (kind) {
    case IntKind.W: setSext32(high ? 0x7fffffff : -TWO31); break;
    case IntKind.WU: setSext32(high ? -1 : 0); break;
    case IntKind.L: intResult.lo = high ? -1 : 0; intResult.hi = high ? 0x7fffffff : -TWO31 | 0; break;
    default: intResult.lo = high ? -1 : 0; intResult.hi = high ? -1 : 0; break;
  }
}

/** Converts v (a single or double value; NaN = any NaN) to the integer kind under rm (0..4) into intResult. */
export function floatToInt(v: number, kind: IntKind, rm: number): void {
  if (v !== v) { saturate(kind, true); return; }
  if (v === Infinity || v === -Infinity) { saturate(kind, v > 0); return; }
  const r = roundToInteger(v, rm);
  const inexact = integerInexact;
  let min: number, maxExclusive: number;
  switch (kind) {
    case IntKind.W: min = -TWO31; maxExclusive = TWO31; break;
    case IntKind.WU: min = 0; maxExclusive = TWO32; break;
    case IntKind.L: min = -TWO63; maxExclusive = TWO63; break;
    default: min = 0; maxExclusive = TWO64; break;
  }
  if (r < min || r >= maxExclusive) { saturate(kind, r > 0); return; }
  if (inexact) fenv.flags |= FFLAG_NX;
  if (kind === IntKind.W || kind === IntKind.WU) setSext32(r);
  else setWords(r);
}

/**
 * Converts the integer register value (lo, hi words) of the given kind to fmt under rm: the
 * low 32 bits for W/WU, all 64 for L/LU. Returns the rounded value (NX when inexact).
 */
export function intToFloat(fmt: FpFormat, lo: number, hi: number, kind: IntKind, rm: number): number {
  let v: number;
  switch (kind) {
    case IntKind.W: v = lo | 0; break;
    case IntKind.WU: v = lo >>> 0; break;
    case IntKind.L: v = hi * TWO32 + (lo >>> 0); break;
    default: v = (hi >>> 0) * TWO32 + (lo >>> 0); break;
  }
  const limit = fmt === F32 ? 16777216 : 9007199254740992;
  if (v < limit && v > -limit) return fmt === F32 ? Math.fround(v) : v; // exact (or zero)
  // |v| >= 2^p (or beyond 2^53, where v itself may be rounded): round the exact integer
  const big = kind === IntKind.L ? BigInt.asIntN(64, (BigInt(hi) << 32n) | BigInt(lo >>> 0))
    : (BigInt(hi >>> 0) << 32n) | BigInt(lo >>> 0);
  const exact = kind === IntKind.W || kind === IntKind.WU ? BigInt(v) : big;
  const negative = exact < 0n;
  return roundExact(fmt, negative, negative ? -exact : exact, 0, rm);
}

