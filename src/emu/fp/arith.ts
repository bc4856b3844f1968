import {
  F32, FFLAG_DZ, FFLAG_NV, FFLAG_NX, type FpFormat, RoundingMode, bitLength, fenv, roundExact, unpack, unpackedExp,
} from './round';

/**
 * IEEE 754 arithmetic for the F and D extensions, correctly rounded once in all five rounding
 * modes, with exception flags accrued in fenv.flags (Unprivileged spec, chapters "F" and "D").
 *
 * Inputs and results are JS numbers holding single or double values; a NaN result means "the
 * canonical NaN" (RISC-V never propagates payloads). Callers raise NV for signalling-NaN
 * inputs themselves (they see the bit patterns); these functions raise NV for the invalid
 * operations proper (inf - inf, 0 * inf, 0/0, inf/inf, sqrt of a negative number), DZ for
 * finite / 0, and NX/UF/OF by rounding.
 *
 * Two paths: a fast path when rm is RNE and the host's double arithmetic provably gives the
 * correctly rounded result, with inexactness found by error-free transformations (TwoSum,
 * Dekker's product) inside exponent ranges where they are exact; otherwise an exact path that
 * forms the exact result with BigInt significands and rounds it once (round.ts).
 */

/** Results strictly above this magnitude and below FAST_MAX keep Dekker's product exact. */
export const FAST_MIN = 2 ** -900;
export const FAST_MAX = 2 ** 995;
/** Veltkamp splitter for doubles: 2^27 + 1. */
const SPLITTER = 134217729;

/** Error of the double product a * b ≈ r (Dekker: a*b = r + err exactly, inside the FAST range). */
export function productError(a: number, b: number, r: number): number {
  let t = SPLITTER * a;
  const ah = t - (t - a), al = a - ah;
  t = SPLITTER * b;
  const bh = t - (t - b), bl = b - bh;
  return ((ah * bh - r) + ah * bl + al * bh) + al * bl;
}

const isSingle = (fmt: FpFormat) => fmt === F32;

/** Sum of two zeros x + y: -0 only when both are -0, or when the signs differ under RDN. */
function zeroSum(x: number, y: number, rm: number): number {
  const nx = Object.is(x, -0), ny = Object.is(y, -0);
  if (nx === ny) return nx ? -0 : 0;
  return rm === RoundingMode.RDN ? -0 : 0;
}

/** a + b rounded to fmt. */
export function fpAdd(fmt: FpFormat, a: number, b: number, rm: number): number {
  if (a !== a || b !== b) return NaN;
  if (a === Infinity || a === -Infinity || b === Infinity || b === -Infinity) {
    const r = a + b;
    if (r !== r) fenv.flags |= FFLAG_NV;
    return r;
  }
  if (a === 0 && b === 0) return zeroSum(a, b, rm);
  if (rm === RoundingMode.RNE) {
    const d = a + b;
    const bb = d - a;
    const err = (a - (d - bb)) + (b - bb);
    const r = isSingle(fmt) ? Math.fround(d) : d;
    if (r === 0 && d === 0) return 0; // exact cancellation: +0 in RNE
    if (Math.abs(r) > fmt.minNormal && Math.abs(r) <= fmt.maxFinite) {
      if (err !== 0 || r !== d) fenv.flags |= FFLAG_NX;
      return r;
    }
  }
  if (a === 0) return b;
  if (b === 0) return a;
  const ma = unpack(a), ea = unpackedExp, mb = unpack(b), eb = unpackedExp;
  const e = Math.min(ea, eb);
  const sa = (a < 0 ? -ma : ma) << BigInt(ea - e);
  const sb = (b < 0 ? -mb : mb) << BigInt(eb - e);
  const sum = sa + sb;
  if (sum === 0n) return rm === RoundingMode.RDN ? -0 : 0;
  return roundExact(fmt, sum < 0n, sum < 0n ? -sum : sum, e, rm);
}

/** a * b rounded to fmt. */
export function fpMul(fmt: FpFormat, a: number, b: number, rm: number): number {
  if (a !== a || b !== b) return NaN;
  const r = a * b;
  if (r !== r) { fenv.flags |= FFLAG_NV; return NaN; } // 0 * inf
  if (a === 0 || b === 0 || !Number.isFinite(a) || !Number.isFinite(b)) return r; // exact zero or infinity
  if (rm === RoundingMode.RNE) {
    if (isSingle(fmt)) {
      // the double product of two singles is exact (48 significant bits, no under/overflow)
      const s = Math.fround(r);
      if (Math.abs(s) > fmt.minNormal && Math.abs(s) <= fmt.maxFinite) {
        if (s !== r) fenv.flags |= FFLAG_NX;
        return s;
      }
    } else if (Math.abs(r) > FAST_MIN && Math.abs(r) < FAST_MAX && Math.abs(a) < FAST_MAX && Math.abs(b) < FAST_MAX) {
      if (productError(a, b, r) !== 0) fenv.flags |= FFLAG_NX;
      return r;
    }
  }
  const ma = unpack(a), ea = unpackedExp, mb = unpack(b), eb = unpackedExp;
  return roundExact(fmt, (a < 0) !== (b < 0), ma * mb, ea + eb, rm);
}

/** a / b rounded to fmt (DZ for finite nonzero / 0; NV for 0/0 and inf/inf). */
export function fpDiv(fmt: FpFormat, a: number, b: number, rm: number): number {
  if (a !== a || b !== b) return NaN;
  const negative = (a < 0 || Object.is(a, -0)) !== (b < 0 || Object.is(b, -0));
  if (b === 0) {
    if (a === 0) { fenv.flags |= FFLAG_NV; return NaN; }
    if (Number.isFinite(a)) fenv.flags |= FFLAG_DZ;
    return negative ? -Infinity : Infinity;
  }
  if (!Number.isFinite(a) || !Number.isFinite(b)) {
    const r = a / b;
    if (r !== r) fenv.flags |= FFLAG_NV;
    return r;
  }
  if (a === 0) return negative ? -0 : 0;
  if (rm === RoundingMode.RNE) {
    const q = a / b;
    if (isSingle(fmt)) {
      // double rounding of a quotient is innocuous when 53 >= 2 * 24 + 2; s * b is exact in double
      const s = Math.fround(q);
      if (Math.abs(s) > fmt.minNormal && Math.abs(s) <= fmt.maxFinite) {
        if (s * b !== a) fenv.flags |= FFLAG_NX;
        return s;
      }
    } else if (Math.abs(q) > fmt.minNormal && Math.abs(q) < FAST_MAX && Math.abs(b) < FAST_MAX &&
      Math.abs(a) > FAST_MIN && Math.abs(a) < FAST_MAX) {
      // q * b = p + e exactly; a - p is exact (Sterbenz); q is exact iff a - p == e
      const p = q * b;
      if (a - p !== productError(q, b, p)) fenv.flags |= FFLAG_NX;
      return q;
    }
  }
  const ma = unpack(a), ea = unpackedExp, mb = unpack(b), eb = unpackedExp;
  const k = fmt.precision + 3 + bitLength(mb);
  const num = ma << BigInt(k);
  const quot = num / mb;
  const sticky = num - quot * mb === 0n ? 0n : 1n;
  return roundExact(fmt, negative, (quot << 1n) | sticky, ea - eb - k - 1, rm);
}

/** Integer square root of a BigInt n >= 0 (floor). */
function isqrt(n: bigint): bigint {
  if (n < 2n) return n;
  let x = 1n << BigInt(Math.ceil(bitLength(n) / 2));
  for (;;) {
    const y = (x + n / x) >> 1n;
    if (y >= x) return x;
    x = y;
  }
}

/** sqrt(a) rounded to fmt (NV for a < 0; sqrt(-0) = -0). */
export function fpSqrt(fmt: FpFormat, a: number, rm: number): number {
  if (a !== a) return NaN;
  if (a === 0 || a === Infinity) return a;
  if (a < 0) { fenv.flags |= FFLAG_NV; return NaN; }
  if (rm === RoundingMode.RNE) {
    const d = Math.sqrt(a);
    if (isSingle(fmt)) {
      const s = Math.fround(d);
      if (s * s !== a) fenv.flags |= FFLAG_NX;
      return s;
    }
    if (a > FAST_MIN) {
      const p = d * d;
      if (p !== a || productError(d, d, p) !== 0) fenv.flags |= FFLAG_NX;
      return d;
    }
  }
  let m = unpack(a), e = unpackedExp;
  if ((e & 1) !== 0) { m <<= 1n; e -= 1; }
  const extra = 2 * (fmt.precision + 3) + 2;
  const n = m << BigInt(extra);
  const root = isqrt(n);
  const sticky = root * root === n ? 0n : 1n;
  return roundExact(fmt, false, (root << 1n) | sticky, (e - extra) / 2 - 1, rm);
}

/**
 * a * b + c rounded once to fmt (the fused multiply-add family passes negated operands:
 * fmsub = fma(a, b, -c), fnmsub = fma(-a, b, c), fnmadd = fma(-a, b, -c)). NV for 0 * inf
 * even when c is a quiet NaN (Unprivileged spec, "Single-Precision Fused Multiply-Add").
 */
export function fpFma(fmt: FpFormat, a: number, b: number, c: number, rm: number): number {
  const zeroTimesInf = (a === 0 && (b === Infinity || b === -Infinity)) || (b === 0 && (a === Infinity || a === -Infinity));
  if (zeroTimesInf) { fenv.flags |= FFLAG_NV; return NaN; }
  if (a !== a || b !== b || c !== c) return NaN;
  const productNegative = (a < 0 || Object.is(a, -0)) !== (b < 0 || Object.is(b, -0));
  if (!Number.isFinite(a) || !Number.isFinite(b)) {
    const inf = productNegative ? -Infinity : Infinity;
    if (c === -inf) { fenv.flags |= FFLAG_NV; return NaN; }
    return inf;
  }
  if (!Number.isFinite(c)) return c;
  if (a === 0 || b === 0) {
    const p = productNegative ? -0 : 0;
    if (c === 0) return zeroSum(p, c, rm);
    return c;
  }
  if (rm === RoundingMode.RNE && isSingle(fmt)) {
    const p = a * b; // exact
    const d = p + c;
    const bb = d - p;
    const err = (p - (d - bb)) + (c - bb);
    if (err === 0) {
      const s = Math.fround(d);
      if (d === 0) return 0;
      if (Math.abs(s) > fmt.minNormal && Math.abs(s) <= fmt.maxFinite) {
        if (s !== d) fenv.flags |= FFLAG_NX;
        return s;
      }
    }
  }
  if (rm === RoundingMode.RNE && !isSingle(fmt)) {
    const r = fmaDoubleRne(a, b, c);
    if (r === r) return r;
  }
  const ma = unpack(a), ea = unpackedExp, mb = unpack(b), eb = unpackedExp;
  const ep = ea + eb;
  const mp = productNegative ? -(ma * mb) : ma * mb;
  if (c === 0) return roundExact(fmt, productNegative, ma * mb, ep, rm);
  const mc = unpack(c), ec = unpackedExp;
  const e = Math.min(ep, ec);
  const sum = (mp << BigInt(ep - e)) + ((c < 0 ? -mc : mc) << BigInt(ec - e));
  if (sum === 0n) return rm === RoundingMode.RDN ? -0 : 0;
  return roundExact(fmt, sum < 0n, sum < 0n ? -sum : sum, e, rm);
}

const roBits = new Float64Array(1);
const roWords = new Int32Array(roBits.buffer);

/**
 * Double fma under RNE by Boldo and Melquiond's algorithm ("Emulation of FMA and correctly
 * rounded sums: proved algorithms using rounding to odd", IEEE TC 2008): with
 * a*b = uh + ul and c + uh = th + tl exactly, RN(a*b + c) = RN(th + RO(tl + ul)), where RO
 * (round to odd) is emulated from RN and TwoSum. Valid without underflow or overflow, so the
 * operands and result must lie in the FAST range; returns NaN (meaning "use the exact path")
 * otherwise. The result is exact iff both the odd rounding and the final addition are.
 */
export function fmaDoubleRne(a: number, b: number, c: number): number {
  const uh = a * b;
  const abs = Math.abs;
  if (!(abs(a) < FAST_MAX && abs(b) < FAST_MAX && abs(uh) > FAST_MIN && abs(uh) < FAST_MAX &&
    abs(c) > FAST_MIN && abs(c) < FAST_MAX)) return NaN;
  const ul = productError(a, b, uh);
  const th = c + uh;
  let t = th - c;
  const tl = (c - (th - t)) + (uh - t);
  // v = RO(tl + ul)
  let v = tl + ul;
  t = v - tl;
  const roErr = (tl - (v - t)) + (ul - t);
  if (roErr !== 0) {
    roBits[0] = v;
    if ((roWords[0] & 1) === 0) {
      // step one ulp towards the exact sum: away from zero if the error has v's sign
      const away = (roErr > 0) === (v > 0);
      const lo = roWords[0];
      if (away) { roWords[0] = lo + 1; if (lo === -1) roWords[1]++; } else { roWords[0] = lo - 1; if (lo === 0) roWords[1]--; }
      v = roBits[0];
    }
  }
  const r = th + v;
  if (!(abs(r) > FAST_MIN && abs(r) < FAST_MAX)) return NaN;
  t = r - th;
  const err = (th - (r - t)) + (v - t);
  if (roErr !== 0 || err !== 0) fenv.flags |= FFLAG_NX;
  return r;
}

/** Rounds a double value to single precision (fcvt.s.d). */
export function fpNarrow(v: number, rm: number): number {
  if (v !== v) return NaN;
  if (v === 0 || !Number.isFinite(v)) return v;
  if (rm === RoundingMode.RNE) {
    const s = Math.fround(v);
    if (Math.abs(s) > F32.minNormal && Math.abs(s) <= F32.maxFinite) {
      if (s !== v) fenv.flags |= FFLAG_NX;
      return s;
    }
  }
  const m = unpack(v);
  return roundExact(F32, v < 0, m, unpackedExp, rm);
}
