/**
 * Exact rounding for the F and D extensions: takes an exact value (-1)^sign * m * 2^e with a
 * BigInt significand and rounds it once to single or double precision under a RISC-V rounding
 * mode, accruing fflags exactly as the Unprivileged spec ("F" extension, "Floating-Point
 * Control and Status Register") and IEEE 754-2008 say: OF and NX on overflow, UF when the
 * result is tiny *after rounding* and inexact, NX when the result differs from the exact value.
 *
 * Values cross this module as JS numbers (every single and double value is exactly a JS
 * number); NaNs never reach it (callers handle them by bit pattern).
 */

/** rm field values (Unprivileged spec, table "Rounding mode encoding"). */
export const enum RoundingMode {
  /** Round to nearest, ties to even. */
  RNE = 0,
  /** Round towards zero. */
  RTZ = 1,
  /** Round down (towards -infinity). */
  RDN = 2,
  /** Round up (towards +infinity). */
  RUP = 3,
  /** Round to nearest, ties to max magnitude. */
  RMM = 4,
  /** In an instruction's rm field: use frm. */
  DYN = 7,
}

/** fflags bits (Unprivileged spec, "Accrued exception flag encoding"). */
export const FFLAG_NX = 0x01;
export const FFLAG_UF = 0x02;
export const FFLAG_OF = 0x04;
export const FFLAG_DZ = 0x08;
export const FFLAG_NV = 0x10;

/** An IEEE 754 binary format: precision p (significand bits including the hidden one), exponent range. */
export interface FpFormat {
  readonly precision: number;
  /** Exponent of the smallest normal number (1 - bias). */
  readonly emin: number;
  /** Exponent of the largest finite number (bias). */
  readonly emax: number;
  /** Largest finite value. */
  readonly maxFinite: number;
  /** Smallest positive normal value, 2^emin. */
  readonly minNormal: number;
}

/** binary32 (single precision, F). */
export const F32: FpFormat = { precision: 24, emin: -126, emax: 127, maxFinite: 3.4028234663852886e38, minNormal: 2 ** -126 };
/** binary64 (double precision, D). */
export const F64: FpFormat = { precision: 53, emin: -1022, emax: 1023, maxFinite: Number.MAX_VALUE, minNormal: 2 ** -1022 };

/** Exception flags raised by the current operation; the executor clears it before and ORs it into fflags after. */
export const fenv = { flags: 0 };

const scratch = new Float64Array(1);
const scratchWords = new Int32Array(scratch.buffer);

/** 2^q as an exact double, for q in [-1074, 1023] (built from bits, not Math.pow). */
export function pow2(q: number): number {
  if (q >= -1022) {
    scratchWords[0] = 0;
    scratchWords[1] = (q + 1023) << 20;
  } else if (q >= -1042) {
    scratchWords[0] = 0;
    scratchWords[1] = 1 << (q + 1042);
  } else {
    scratchWords[0] = 1 << (q + 1074);
    scratchWords[1] = 0;
  }
  return scratch[0];
}

/** Number of bits of a positive BigInt. */
export function bitLength(m: bigint): number {
  return m.toString(2).length;
}

/** Unpacks a finite nonzero JS number |v| into m * 2^e (m < 2^53). Returns m; the exponent is in `unpackedExp`. */
export function unpack(v: number): bigint {
  scratch[0] = v;
  const hi = scratchWords[1], lo = scratchWords[0] >>> 0;
  const biased = (hi >>> 20) & 0x7ff;
  const frac = (hi & 0xfffff) * 4294967296 + lo;
  if (biased === 0) { unpackedExp = -1074; return BigInt(frac); }
  unpackedExp = biased - 1075;
  return BigInt(frac + 4503599627370496);
}
/** Exponent of the last `unpack`. */
export let unpackedExp = 0;

let roundedInexact = false;

/** Rounds m * 2^e to an integer multiple of 2^q under rm; returns the multiplier, sets roundedInexact. */
function roundAt(m: bigint, e: number, q: number, negative: boolean, rm: number): bigint {
  const shift = q - e;
  if (shift <= 0) { roundedInexact = false; return m << BigInt(-shift); }
  const s = BigInt(shift);
  const keep = m >> s;
  const rem = m - (keep << s);
  roundedInexact = rem !== 0n;
  if (!roundedInexact) return keep;
  const half = 1n << (s - 1n);
  let up: boolean;
  switch (rm) {
    case RoundingMode.RNE: up = rem > half || (rem === half && (keep & 1n) === 1n); break;
    case RoundingMode.RTZ: up = false; break;
    case RoundingMode.RDN: up = negative; break;
    case RoundingMode.RUP: up = !negative; break;
    default: up = rem >= half; break; // RMM
  }
  return up ? keep + 1n : keep;
}

/** The value an overflowing result takes under rm (infinity or the largest finite number). */
function overflowResult(fmt: FpFormat, negative: boolean, rm: number): number {
  let toInfinity: boolean;
  switch (rm) {
    case RoundingMode.RTZ: toInfinity = false; break;
    case RoundingMode.RDN: toInfinity = negative; break;
    case RoundingMode.RUP: toInfinity = !negative; break;
    default: toInfinity = true; break;
  }
  const mag = toInfinity ? Infinity : fmt.maxFinite;
  return negative ? -mag : mag;
}

/**
 * Rounds the exact value (-1)^negative * m * 2^e (m >= 0) to `fmt` under rounding mode rm
 * (0..4), accruing NX/UF/OF in fenv.flags. m = 0 gives a zero with the given sign.
 */
export function roundExact(fmt: FpFormat, negative: boolean, m: bigint, e: number, rm: number): number {
  if (m === 0n) return negative ? -0 : 0;
  const p = fmt.precision;
  const top = e + bitLength(m) - 1; // exponent of the exact value: 2^top <= |v| < 2^(top+1)
  let q = Math.max(top, fmt.emin) - (p - 1);
  let keep = roundAt(m, e, q, negative, rm);
  const inexact = roundedInexact;
  if (keep >= 1n << BigInt(p)) { keep >>= 1n; q += 1; }
  if (keep !== 0n && q + bitLength(keep) - 1 > fmt.emax) {
    fenv.flags |= FFLAG_OF | FFLAG_NX;
    return overflowResult(fmt, negative, rm);
  }
  if (inexact) {
    fenv.flags |= FFLAG_NX;
    // tininess after rounding: round to p bits as if the exponent range were unbounded
    if (top < fmt.emin) {
      const unboundedQ = top - (p - 1);
      const k = roundAt(m, e, unboundedQ, negative, rm);
      if (unboundedQ + bitLength(k) - 1 < fmt.emin) fenv.flags |= FFLAG_UF;
    }
  }
  const v = Number(keep) * pow2(q);
  return negative ? -v : v;
}

/**
 * Rounds finite `v` to an integer under rm (0..4). Sets roundedInexact-style result in
 * `integerInexact`. Exact for every double (|v| >= 2^52 is already an integer).
 */
export function roundToInteger(v: number, rm: number): number {
  const f = Math.floor(v);
  const diff = v - f; // exact: v and f are within 1 of each other and |v| < 2^53 when diff != 0
  integerInexact = diff !== 0;
  if (diff === 0) return v;
  switch (rm) {
    case RoundingMode.RNE: return diff > 0.5 || (diff === 0.5 && f % 2 !== 0) ? f + 1 : f;
    case RoundingMode.RTZ: return v < 0 ? f + 1 : f;
    case RoundingMode.RDN: return f;
    case RoundingMode.RUP: return f + 1;
    default: return diff > 0.5 || (diff === 0.5 && v > 0) ? f + 1 : f; // RMM
  }
}
/** Whether the last `roundToInteger` discarded a fraction. */
export let integerInexact = false;
