/**
 * Floating-point text as gdb prints it: `%g` with 9 significant digits for float and 17 for
 * double (gdb's floatformat printing, enough digits to round-trip), `inf`/`-inf`, and NaNs as
 * `nan(0xMANTISSA)` / `-nan(0xMANTISSA)` with the raw mantissa bits in hex.
 */
import { SIZEOF_DOUBLE, SIZEOF_FLOAT } from './constants';
import { type Scalar, doubleBits } from './scalar';

/** Significant digits gdb prints per format (FLT_DECIMAL_DIG, DBL_DECIMAL_DIG). */
export const FLOAT_DIGITS = 9;
export const DOUBLE_DIGITS = 17;
/** C's %g switches to exponent form below 10^-4 (C11 7.21.6.1, conversion g). */
export const G_MIN_FIXED_EXPONENT = -4;
const F32_MANTISSA_BITS = 23n;
const F64_MANTISSA_BITS = 52n;
const F64_TO_F32_NAN_SHIFT = F64_MANTISSA_BITS - F32_MANTISSA_BITS;

/** C's `%.{precision}g` of `x` (finite), e.g. 0.1 at 17 digits is `0.10000000000000001`, 1e10 at 9 is `1e+10`. */
export function formatG(x: number, precision: number): string {
  if (x === 0) return Object.is(x, -0) ? '-0' : '0';
  const [mantissa, expText] = x.toExponential(precision - 1).split('e');
  const exp = Number(expText);
  if (exp < G_MIN_FIXED_EXPONENT || exp >= precision) {
    const m = stripZeros(mantissa!);
    const sign = exp < 0 ? '-' : '+';
    return `${m}e${sign}${String(Math.abs(exp)).padStart(2, '0')}`;
  }
  return stripZeros(x.toFixed(Math.max(0, precision - 1 - exp)));
}

/** Drops trailing fractional zeros and a bare point: `1.500` -> `1.5`, `2.000` -> `2`. */
export function stripZeros(s: string): string {
  return s.includes('.') ? s.replace(/0+$/, '').replace(/\.$/, '') : s;
}

/**
 * gdb's text for a float scalar of `size` bytes (4: float, 8: double). A 16-byte long double
 * given here prints at double precision; the formatter prints those exactly with format-quad.
 */
export function formatFloat(s: Extract<Scalar, { kind: 'float' }>, size: number): string {
  if (Number.isNaN(s.x)) {
    const bits = s.nanBits ?? doubleBits(s.x);
    const negative = bits >> 63n === 1n;
    let mantissa = bits & ((1n << F64_MANTISSA_BITS) - 1n);
    if (size === SIZEOF_FLOAT) mantissa >>= F64_TO_F32_NAN_SHIFT;
    return `${negative ? '-' : ''}nan(0x${mantissa.toString(16)})`;
  }
  if (!Number.isFinite(s.x)) return s.x > 0 ? 'inf' : '-inf';
  return formatG(s.x, size === SIZEOF_FLOAT ? FLOAT_DIGITS : size === SIZEOF_DOUBLE ? DOUBLE_DIGITS : DOUBLE_DIGITS);
}
